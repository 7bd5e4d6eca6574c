"""reports/<YEAR>/index.html (one year), reports/index.html (every year) and
reports/<YEAR>/findings-all.csv (every finding of the year's documents, for a pivot table).

The index groups by issuing body: one row per body, level (部门/单位) and kind (预算/决算), its
years side by side, each document with its verdict, coverage, errors and warnings by cause and
its downloads.  A small inline script (allowed by its hash in the page's Content-Security-Policy,
nothing else runs or loads) filters by verdict, region or body, level and kind and sorts by
errors, coverage or year, offline.  Everything a reader sees is Chinese; a failed document shows
``messages.reader_message``, its English message stays in status.json.

``write_indexes(year, reports=site, site=True)`` writes the same pages into a published copy
(budget_audit.publish): with links between the indexes and download links for the findings."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections import Counter
from functools import cache
from pathlib import Path

from .. import __version__, atomic, paths
from ..catalogue import rule_titles
from ..identity import KIND_LABELS, LEVEL_LABELS, body_key, body_label, region_of
from ..messages import reader_message
from ..run.pipeline import AUDITED
from ..sinks import mark
from ..store import DocumentFolder
from .html import TEMPLATES

__all__ = ["write_indexes", "index_entries", "render_index", "findings_all_csv", "DOWNLOADS"]

DOWNLOADS = (DocumentFolder.FINDINGS_CSV, DocumentFolder.TABLES_XLSX)
SITE_DOWNLOADS = (DocumentFolder.FINDINGS_CSV, DocumentFolder.FINDINGS_JSON, DocumentFolder.TABLES_XLSX)
DOWNLOAD_LABELS = {DocumentFolder.FINDINGS_CSV: "问题清单 CSV", DocumentFolder.FINDINGS_JSON: "问题清单 JSON",
                   DocumentFolder.TABLES_XLSX: "表格 Excel"}
VERDICT_LABELS = {"clean": "未发现问题", "findings": "发现问题", "incomplete": "审计不完整",
                  "failed": "无法审计", "unrated": "未评定"}
ALL_COLUMNS = ["year", "unit", "body_qualifier", "level", "kind", "stem", "report"]
SCRIPT = TEMPLATES / "index.js"
PAGE = 200  # rows shown at once (index.js: PAGE); the rest on request


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _file_name(status: dict, folder: Path) -> str:
    """The audited file's name (status.json: ``pdf``; a published copy: ``file``)."""
    return Path(status.get("pdf") or status.get("file") or folder.name + ".pdf").name


def _causes(findings: list[dict], titles: dict[str, str]) -> list[dict]:
    """Errors and warnings counted by cause: the finding's group where it carries one, else its
    rule's Chinese title."""
    counts: Counter = Counter()
    for f in findings:
        if f.get("severity") in ("error", "warning"):
            cause = f.get("group") or titles.get(f.get("rule"), "") or "其他"
            counts[(f["severity"], cause)] += 1
    return [{"severity": sev, "label": "错误" if sev == "error" else "警告", "cause": cause, "n": n}
            for (sev, cause), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))]


def _coverage(summary: dict) -> dict | None:
    """Tables verified of those present, and cells parsed (issue 14's summary.coverage)."""
    cov = summary.get("coverage")
    if not isinstance(cov, dict) or not cov.get("tables_present"):
        return None
    present, verified = cov["tables_present"], cov.get("tables_verified", 0)
    return {"present": present, "found": cov.get("tables_found", 0), "verified": verified,
            "share": round(verified / present, 4), "parsed": cov.get("cells_parsed"),
            "unparsed": cov.get("cells_unparsed")}


def _verdict(ok: bool, summary: dict) -> str:
    if not ok:
        return "failed"
    if summary.get("verdict") in VERDICT_LABELS:
        return summary["verdict"]
    # without a coverage-based verdict nothing is called clean
    return "findings" if summary.get("error") or summary.get("warning") else "unrated"


def index_entries(year_dir: Path, link_prefix: str = "", titles: dict | None = None) -> list[dict]:
    """One entry per document of reports/<YEAR>/ (a status.json), with its identity and results."""
    if titles is None:
        titles = rule_titles()
    docs = []
    for document in DocumentFolder.audited(year_dir.parent, year=int(year_dir.name)):
        folder = document.report_dir
        status = document.status() or {"status": "internal_error", "message": "status.json unreadable"}
        findings = _read(folder / document.FINDINGS_JSON) if status.get("status") in AUDITED else None
        ok = findings is not None
        meta = (findings or {}).get("document") or {}
        summary = (findings or {}).get("summary") or status.get("summary") or {}
        body = meta.get("body") or meta.get("unit") or ""
        docs.append({
            "year": int(status.get("year") or year_dir.name), "stem": folder.name,
            "body": body, "key": body_key(body) or folder.name,
            "label": mark(body_label(meta)) or f"（未识别单位：{mark(_file_name(status, folder))}）",
            "region": region_of(body), "level": meta.get("level") or "", "kind": meta.get("kind") or "",
            "superior": meta.get("superior") or "", "qualifier": meta.get("body_qualifier") or "",
            "ok": ok, "verdict": _verdict(ok, summary),
            "errors": summary.get("error") or 0, "warnings": summary.get("warning") or 0,
            "info": summary.get("info") or 0, "coverage": _coverage(summary) if ok else None,
            "causes": _causes((findings or {}).get("findings") or [], titles),
            "partial": "、".join(mark(f["part"]) for f in status.get("partial", [])),
            "message": "" if ok else ("审计结果文件缺失或损坏，请重新审计" if status.get("status") in AUDITED
                                      else reader_message(status.get("status", ""), status.get("message", ""))),
            "link": (f"{link_prefix}{folder.name}/{DocumentFolder.REPORT_HTML}"
                     if ok and (folder / DocumentFolder.REPORT_HTML).exists() else None),
            "downloads": [{"name": DOWNLOAD_LABELS[n], "file": n, "link": f"{link_prefix}{folder.name}/{n}"}
                          for n in SITE_DOWNLOADS if ok and (folder / n).exists()],
            "_findings": (findings or {}).get("findings") or [], "_meta": meta,
        })
    return docs


def _rows(docs: list[dict], years: list[int]) -> list[dict]:
    """One row per body, level, kind and qualifier; its documents by year."""
    rows: dict[tuple, dict] = {}
    for d in docs:
        key = (d["key"], d["qualifier"], d["level"], d["kind"])
        row = rows.setdefault(key, {"label": d["label"], "region": d["region"], "level": d["level"],
                                    "kind": d["kind"], "superior": d["superior"],
                                    "by_year": {y: [] for y in years}})
        row["by_year"][d["year"]].append(d)
        row["superior"] = row["superior"] or d["superior"]
    return sorted(rows.values(),
                  key=lambda r: (r["label"].startswith("（未识别单位"), r["label"], r["level"], r["kind"]))


def _script() -> tuple[str, str]:
    text = SCRIPT.read_text(encoding="utf-8")
    return text, "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@cache
def _template():
    """The index template, compiled once per process (a year's index and the top index share it)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    return env.get_template("index.html.j2")


def render_index(target: Path, title: str, docs: list[dict], years: list[int], **extra) -> None:
    script, script_hash = _script()
    regions = sorted({d["region"] for d in docs if d["region"]})
    kinds = [k for k in KIND_LABELS if any(d["kind"] == k for d in docs)]
    levels = [k for k in LEVEL_LABELS if any(d["level"] == k for d in docs)]
    counts = Counter(d["verdict"] for d in docs)
    html = _template().render(
        title=title, rows=_rows(docs, years), years=years, version=__version__, regions=regions,
        kinds=kinds, levels=levels, kind_labels=KIND_LABELS, level_labels=LEVEL_LABELS,
        verdict_labels=VERDICT_LABELS, counts=counts, total=len(docs), page=PAGE, script=script,
        script_hash=script_hash, **extra)
    atomic.write_text(target, html)


def findings_all_csv(docs: list[dict]) -> str:
    """Every finding of ``docs`` with the document's columns in front (one header)."""
    from ..findings import FINDING_FIELDS

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(ALL_COLUMNS + FINDING_FIELDS)
    for d in docs:
        front = [d["year"], d["body"], d["qualifier"], d["level"], d["kind"], d["stem"], d["link"] or ""]
        for f in d["_findings"]:
            writer.writerow(front + [_csv_value(f.get(k)) for k in FINDING_FIELDS])
    return buf.getvalue()


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def _site_links(years: list[Path], prefix: str) -> dict:
    """Navigation between the indexes and the combined downloads (published site only)."""
    return {"site": True,
            "nav": [{"label": "全部年度与单位", "link": f"{prefix}index.html"}]
            + [{"label": f"{y.name} 年", "link": f"{prefix}{y.name}/index.html"} for y in years],
            "downloads": [{"name": DOWNLOAD_LABELS[n], "link": f"{prefix}{n}"}
                          for n in (DocumentFolder.FINDINGS_CSV, DocumentFolder.FINDINGS_JSON)]}


def write_indexes(year: int, reports: Path | None = None, site: bool = False) -> None:
    """reports: the folder holding <YEAR>/ (default reports/); site: add navigation and downloads."""
    reports = paths.REPORTS if reports is None else Path(reports)
    year_paths = sorted(p for p in reports.glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
    year_dir = reports / str(year)
    mine = index_entries(year_dir)
    atomic.write_text(year_dir / "findings-all.csv", findings_all_csv(mine))
    nav = _site_links(year_paths, "../") if site else {}
    render_index(year_dir / "index.html", f"{year} 年度预决算公开审计", mine, [year],
                 all_findings="findings-all.csv", **nav)
    every = [d for y in year_paths for d in (mine if y == year_dir else index_entries(y, f"{y.name}/"))]
    for d in mine:
        d["link"] = d["link"] and f"{year}/{d['link']}"
        for item in d["downloads"]:
            item["link"] = f"{year}/{item['link']}"
    render_index(reports / "index.html", "预决算公开审计：全部年度与单位", every,
                 sorted({d["year"] for d in every}), **(_site_links(year_paths, "") if site else {}))
