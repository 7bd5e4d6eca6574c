"""What each notebook calls: one function per pipeline stage, and the views an auditor reads in
it (nbval compares them: plain text and DataFrames, deterministic, every PDF string shown with
its hidden characters marked by sinks)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import atomic, paths, sinks
from .errors import BadParameters
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
    """The document, and what was not read: tables not found, unreadable pages, unparsed cells."""
    from .identity import KIND_LABELS, body_label

    kind = KIND_LABELS.get(extraction.meta.get("kind"), "预算")
    lines = [f"{body_label(extraction.meta) or '（未识别单位）'} {extraction.meta.get('year')} 年{kind}，"
             f"共 {extraction.meta.get('pages')} 页，读出 {len(extraction.tables)} 张表、"
             f"{len(extraction.narrative)} 节说明文字"]
    if extraction.missing:
        lines.append("本文件未见的表（是否应有，由完整性检查判断）：" + "、".join(extraction.missing))
    lines += [f"第 {p['page']} 页无法读取：{p['reason']}" for p in extraction.meta.get("unreadable_pages", [])]
    lines.append(f"未能解析的单元格：{len(extraction.unparsed)}")
    return sinks.plain("\n".join(lines))


STRUCTURE_ZH = {"verified": "已核实", "uncertain": "存疑", "unreadable": "无法读取"}


def table_inventory(extraction) -> pd.DataFrame:
    """One row per table (Extraction.inventory(), as findings.json publishes it): what it is,
    where, how much was read, and whether its structure was verified against the text layer."""
    rows = [{"表": t["id"], "类别": t["kind"], "标题": sinks.plain(t["title"]),
             "页码": ",".join(map(str, t["pages"])), "单位": t["unit"], "行数": t["rows"],
             "数值单元格": t["numeric_cells"], "未解析": t["unparsed_cells"],
             "结构": STRUCTURE_ZH.get(t["structure"], t["structure"]), "原因": sinks.plain(t["reason"])}
            for t in extraction.inventory()]
    return pd.DataFrame(rows, columns=["表", "类别", "标题", "页码", "单位", "行数", "数值单元格", "未解析",
                                       "结构", "原因"]).set_index("表")


def chosen_table(extraction, table: str = ""):
    """(caption, the table as printed) of the table ``table`` names (an id of the inventory);
    by default the first whose structure was verified (else the first)."""
    if not extraction.tables:
        return "本文件没有读出表格。", pd.DataFrame()
    if table and table not in extraction.tables:
        raise BadParameters(f"table {table!r} is not in this document; its tables: "
                            + ", ".join(extraction.tables))
    from .report.inputs import printed_columns

    verified = [tid for tid, t in extraction.tables.items() if t.structure == "verified"]
    t = extraction.tables[table or (verified or list(extraction.tables))[0]]
    why = f"：{t.structure_reason}" if t.structure_reason else ""
    caption = (f"{t.id}：{t.title}（第 {','.join(map(str, t.pages))} 页，单位：{t.unit or '未注明'}，"
               f"结构{STRUCTURE_ZH.get(t.structure, t.structure)}{why}）")
    return sinks.plain(caption), printed_columns(t.frame).map(sinks.plain).rename(columns=sinks.plain)


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
    return (f"{s['checks_run']} 项检查，通过 {s['checks_passed']} 项；"
            f"问题按原因计：错误 {s['error']}、警告 {s['warning']}、提示 {s['info']}。")


# Light shades of the report's severity colours (red, orange, blue), behind a whole row.
SEVERITY_COLOUR = {"错误": "#f8d7da", "警告": "#fff3cd", "提示": "#e7f1fb"}


def findings_table(report_dir: str):
    """The findings as published (findings.json), one row per cause (its id), grouped by severity
    and rule; each row coloured by its severity. An HTML object (a Styler's own text form would
    show its memory address, which changes every run)."""
    from IPython.display import HTML

    from .catalogue import rule_titles
    from .report.sections import SEVERITY_ZH

    doc = json.loads((_abs(report_dir) / FINDINGS_JSON).read_text(encoding="utf-8"))
    titles = rule_titles()
    rows = [{"严重程度": SEVERITY_ZH[f["severity"]], "规则": f["rule"], "编号": f["id"],
             "规则名称": titles.get(f["rule"], ""),
             "位置": sinks.plain(" / ".join(str(f[k]) for k in ("table", "row", "column") if f.get(k))),
             "页码": f["page"] or "", "文件所述": _num(f["stated"]), "复算": _num(f["expected"]),
             "差额": _num(f["difference"]), "出现处数": len(f["places"]) or 1, "说明": sinks.plain(f["message"])}
            for f in doc["findings"]]
    if not rows:
        return HTML("<p>没有发现问题。</p>")
    frame = pd.DataFrame(rows).set_index(["严重程度", "规则", "编号"])
    styled = (frame.style.format(escape="html").format_index(escape="html", axis=0)
              .apply(lambda row: [f"background-color: {SEVERITY_COLOUR[row.name[0]]}"] * len(row), axis=1)
              .set_properties(subset=["规则名称", "位置", "说明"], **{"text-align": "left"})
              .set_table_attributes('class="ba-findings"').set_uuid("findings"))
    return HTML(styled.to_html())


def checks_by_rule(report_dir: str) -> pd.DataFrame:
    """How many checks each rule ran, passed and failed (checks.json): what was verified, not only
    what was wrong."""
    from .catalogue import rule_titles

    checks = pd.DataFrame(json.loads((_abs(report_dir) / CHECKS_JSON).read_text(encoding="utf-8")),
                          columns=["rule", "passed"])
    titles = rule_titles()
    counts = checks.groupby("rule", sort=True)["passed"].agg(检查="size", 通过="sum")
    counts["未通过"] = counts["检查"] - counts["通过"]
    counts.insert(0, "规则名称", counts.index.map(lambda r: titles.get(r, "")))
    return counts.rename_axis("规则").astype({"检查": int, "通过": int, "未通过": int})


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


# --- 04 report (budget_audit.report.inputs) ---------------------------------------------

def report_inputs(pdf: str, interim_dir: str, report_dir: str):
    from .report.inputs import report_inputs, start_workbook

    r = report_inputs(pdf, interim_dir, report_dir)
    start_workbook(r)  # tables.xlsx is written beside the rest of the report; export_workbook waits
    return r


def export_workbook(r) -> None:
    from .report.inputs import export_workbook

    export_workbook(r)
