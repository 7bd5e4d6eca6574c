"""reports/<YEAR>/index.html (one year) and reports/index.html (every year and unit).

``write_indexes(year, reports=site, site=True)`` writes the same pages into a published copy
(budget_audit.publish): with links between the indexes and download links for the findings."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__, atomic, paths
from ..isolate import reason
from ..pipeline import AUDITED
from ..sinks import mark
from .html import TEMPLATES


DOWNLOADS = ("findings.csv", "findings.json", "tables.xlsx")


def _documents(year_dir: Path, link_prefix: str, downloads: bool = False) -> list[dict]:
    docs = []
    for status_file in sorted(year_dir.glob("*/status.json")):
        try:
            docs.append(_entry(status_file, link_prefix, downloads))
        except Exception as exc:  # noqa: BLE001 - one unreadable entry must not lose the index
            docs.append({"year": year_dir.name, "stem": status_file.parent.name, "unit": "", "ok": False,
                         "summary": {}, "link": None, "message": f"索引条目未能生成（{reason(exc)}）"})
    return docs


def _entry(status_file: Path, link_prefix: str, downloads: bool) -> dict:
    status = json.loads(status_file.read_text(encoding="utf-8"))
    ok = status["status"] in AUDITED
    unit = ""
    findings = status_file.parent / "findings.json"
    if ok and findings.exists():
        unit = mark(json.loads(findings.read_text(encoding="utf-8"))["document"].get("unit") or "")
    doc = {
        "year": status["year"], "stem": status["stem"], "unit": unit, "ok": ok,
        "summary": status.get("summary", {}), "message": mark(status.get("message", "")),
        "partial": "、".join(mark(f["part"]) for f in status.get("partial", [])),
        "link": f"{link_prefix}{status_file.parent.name}/report.html" if ok else None,
    }
    if downloads and ok:
        doc["downloads"] = [{"name": name, "link": f"{link_prefix}{status_file.parent.name}/{name}"}
                            for name in DOWNLOADS if (status_file.parent / name).exists()]
    return doc


def _render(target: Path, title: str, groups: list[dict], **extra) -> None:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    html = env.get_template("index.html.j2").render(title=title, groups=groups, version=__version__, **extra)
    atomic.write_text(target, html)


def _site_links(years: list[Path], prefix: str) -> dict:
    """Navigation between the indexes and the combined downloads (published site only)."""
    return {"site": True,
            "nav": [{"label": "全部年度与单位", "link": f"{prefix}index.html"}]
            + [{"label": f"{y.name} 年", "link": f"{prefix}{y.name}/index.html"} for y in years],
            "downloads": [{"name": name, "link": f"{prefix}{name}"} for name in ("findings.csv", "findings.json")]}


def write_indexes(year: int, reports: Path | None = None, site: bool = False) -> None:
    """reports: the folder holding <YEAR>/ (default reports/); site: add navigation and downloads."""
    reports = paths.REPORTS if reports is None else Path(reports)
    years = sorted(p for p in reports.glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
    year_dir = reports / str(year)
    _render(year_dir / "index.html", f"{year} 年度预决算公开审计",
            [{"heading": f"{year} 年", "docs": _documents(year_dir, "", site)}],
            **(_site_links(years, "../") if site else {}))
    every = [d for y in years for d in _documents(y, f"{y.name}/", site)]
    by_unit: dict[str, list[dict]] = {}
    for doc in every:
        by_unit.setdefault(doc["unit"] or "（未识别单位）", []).append(doc)
    _render(reports / "index.html", "预决算公开审计：全部年度与单位",
            [{"heading": unit, "docs": docs} for unit, docs in sorted(by_unit.items())],
            **(_site_links(years, "") if site else {}))
