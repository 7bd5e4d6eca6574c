"""reports/<YEAR>/index.html (one year) and reports/index.html (every year and unit)."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__, atomic, paths
from .html import TEMPLATES


def _documents(year_dir: Path, link_prefix: str) -> list[dict]:
    docs = []
    for status_file in sorted(year_dir.glob("*/status.json")):
        status = json.loads(status_file.read_text(encoding="utf-8"))
        ok = status["status"] == "ok"
        unit = ""
        findings = status_file.parent / "findings.json"
        if ok and findings.exists():
            unit = json.loads(findings.read_text(encoding="utf-8"))["document"].get("unit") or ""
        docs.append({
            "year": status["year"], "stem": status["stem"], "unit": unit, "ok": ok,
            "summary": status.get("summary", {}), "message": status.get("message", ""),
            "link": f"{link_prefix}{status_file.parent.name}/report.html" if ok else None,
        })
    return docs


def _render(target: Path, title: str, groups: list[dict]) -> None:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    html = env.get_template("index.html.j2").render(title=title, groups=groups, version=__version__)
    atomic.write_text(target, html)


def write_indexes(year: int) -> None:
    year_dir = paths.REPORTS / str(year)
    _render(year_dir / "index.html", f"{year} 年度预决算公开审计",
            [{"heading": f"{year} 年", "docs": _documents(year_dir, "")}])
    every = [d for y in sorted(p for p in paths.REPORTS.glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
             for d in _documents(y, f"{y.name}/")]
    by_unit: dict[str, list[dict]] = {}
    for doc in every:
        by_unit.setdefault(doc["unit"] or "（未识别单位）", []).append(doc)
    _render(paths.REPORTS / "index.html", "预决算公开审计：全部年度与单位",
            [{"heading": unit, "docs": docs} for unit, docs in sorted(by_unit.items())])
