"""What each notebook calls: one function per pipeline stage, and compact text views of the
results (nbval compares them, so they are plain, deterministic text)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import atomic, paths, sinks
from .store import DocumentFolder, prior_extraction

FINDINGS_JSON, FINDINGS_CSV = DocumentFolder.FINDINGS_JSON, DocumentFolder.FINDINGS_CSV
CHECKS_JSON, RATIOS_CSV = DocumentFolder.CHECKS_JSON, DocumentFolder.RATIOS_CSV


def _abs(path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_absolute() else paths.ROOT / path


# --- 01 extract -------------------------------------------------------------------------

def extract(pdf: str, interim_dir: str):
    """Extract the PDF, or load the previous extraction when the PDF and extractor are unchanged."""
    from .extract import load, save
    from .extract.pairing import extract_volumes
    from .run import cache

    pdf_path, interim = _abs(pdf), _abs(interim_dir)
    if cache.is_current(pdf_path, interim):
        return load(interim)
    extraction = extract_volumes(pdf_path)   # a bound pair of volumes: each extracted on its own
    save(extraction, interim)
    cache.mark_current(pdf_path, interim)
    return extraction


def extraction_summary(extraction) -> str:
    cells = extraction.cells
    from .identity import KIND_LABELS, body_label

    kind = KIND_LABELS.get(extraction.meta.get("kind"), "预算")
    lines = [f"{body_label(extraction.meta) or '（未识别单位）'} {extraction.meta.get('year')} 年{kind}，"
             f"共 {extraction.meta.get('pages')} 页"]
    for table_id, info in extraction.tables.items():
        part = cells[cells["table_id"] == table_id]
        pages = ",".join(map(str, info.pages))
        lines.append(f"{table_id:<24} p.{pages:<8} {info.unit:<3} {part['row'].nunique():>4} 行 "
                     f"{int(part['value'].notna().sum()):>5} 个数值  {info.title}")
    if extraction.missing:
        lines.append("本文件未见的表（是否应有，由完整性检查判断）：" + "、".join(extraction.missing))
    lines += [f"第 {p['page']} 页无法读取：{p['reason']}" for p in extraction.meta.get("unreadable_pages", [])]
    lines.append(f"未能解析的单元格：{len(extraction.unparsed)}")
    return sinks.plain("\n".join(lines))


# --- 02 reconcile -----------------------------------------------------------------------

def reconcile(interim_dir: str, report_dir: str):
    from .extract import load
    from .findings import build_findings, checks_table, write_findings_csv, write_findings_json
    from .rules import AuditInput, run_rules

    extraction = load(_abs(interim_dir))
    audit_input = AuditInput.of(extraction)
    audit_input.prior = prior_extraction(extraction)
    result = run_rules(audit_input)
    out = _abs(report_dir)
    doc = build_findings(result, extraction.meta, extraction)
    write_findings_json(out / FINDINGS_JSON, doc)
    write_findings_csv(out / FINDINGS_CSV, doc)
    atomic.write_json(out / CHECKS_JSON, checks_table(result))
    return result


def findings_summary(result) -> str:
    s = result.summary()
    head = (f"{s['checks_run']} 项检查，通过 {s['checks_passed']} 项；"
            f"错误 {s['error']}、警告 {s['warning']}、提示 {s['info']}。")
    return sinks.plain("\n".join([head] + [f"[{f.severity}] {f.rule}: {f.message}" for f in result.findings]))


# --- 03 ratios --------------------------------------------------------------------------

def _is_key_ratio(check: dict) -> bool:
    from .catalogue import report_section
    return report_section(check["rule"], check["subject"]) == "ratios"


def ratios(report_dir: str) -> pd.DataFrame:
    """Every share and change the narrative states, and its key amounts, next to the recomputed
    value; saved as ratios.csv for the report."""
    checks = json.loads((_abs(report_dir) / CHECKS_JSON).read_text(encoding="utf-8"))
    rows = [{"规则": c["rule"], "项目": c["subject"], "文件所述": _num(c["stated"]), "复算": _num(c["expected"]),
             "单位": c["unit"], "结论": "一致" if c["passed"] else "不一致", "页码": c["page"]}
            for c in checks if _is_key_ratio(c)]
    frame = pd.DataFrame(rows, columns=["规则", "项目", "文件所述", "复算", "单位", "结论", "页码"])
    atomic.write_text(_abs(report_dir) / RATIOS_CSV, frame.to_csv(index=False))
    return frame


def _num(value) -> str:
    """A JSON number as the document would print it (15.4 stays 15.4, not 15.40)."""
    return "" if value is None else str(value)


def ratios_text(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "说明文字中没有可复算的占比或变动。"
    return sinks.plain(frame.to_string(index=False))


# --- 04 report (budget_audit.report.inputs) ---------------------------------------------

def report_inputs(pdf: str, interim_dir: str, report_dir: str):
    from .report.inputs import report_inputs, start_workbook

    r = report_inputs(pdf, interim_dir, report_dir)
    start_workbook(r)  # tables.xlsx is written beside the rest of the report; export_workbook waits
    return r


def export_workbook(r) -> None:
    from .report.inputs import export_workbook

    export_workbook(r)
