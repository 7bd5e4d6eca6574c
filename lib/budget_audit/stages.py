"""What each notebook calls: one function per pipeline stage, and compact text views of the
results (nbval compares them, so they are plain, deterministic text)."""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from . import __version__, atomic, isolate, paths, sinks

FINDINGS_JSON, FINDINGS_CSV, CHECKS_JSON = "findings.json", "findings.csv", "checks.json"
RATIOS_CSV = "ratios.csv"  # the key ratios as 03 computed them; 04 shows this file


def _abs(path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_absolute() else paths.ROOT / path


# --- 01 extract -------------------------------------------------------------------------

def extract(pdf: str, interim_dir: str):
    """Extract the PDF, or load the previous extraction when the PDF and extractor are unchanged."""
    from . import cache
    from .extract import load, save
    from .extract.pairing import extract_volumes

    pdf_path, interim = _abs(pdf), _abs(interim_dir)
    if cache.is_current(pdf_path, interim):
        return load(interim)
    extraction = extract_volumes(pdf_path)   # a bound pair of volumes: each extracted on its own
    save(extraction, interim)
    cache.mark_current(pdf_path, interim)
    return extraction


def extraction_summary(extraction) -> str:
    cells = extraction.cells
    from .identity import body_label, KIND_LABELS

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
    audit_input.prior = prior_year(extraction)
    result = run_rules(audit_input)
    out = _abs(report_dir)
    doc = build_findings(result, extraction.meta, extraction)
    write_findings_json(out / FINDINGS_JSON, doc)
    write_findings_csv(out / FINDINGS_CSV, doc)
    atomic.write_json(out / CHECKS_JSON, checks_table(result))
    return result


def prior_year(extraction):
    """The same unit's previous-year extraction under data/interim, if there is exactly one."""
    from .extract import load
    from .rules.years import prior_interim

    folder = prior_interim(extraction.meta, paths.INTERIM)
    return load(folder) if folder is not None else None


def findings_summary(result) -> str:
    s = result.summary()
    head = (f"{s['checks_run']} 项检查，通过 {s['checks_passed']} 项；"
            f"错误 {s['error']}、警告 {s['warning']}、提示 {s['info']}。")
    return sinks.plain("\n".join([head] + [f"[{f.severity}] {f.rule}: {f.message}" for f in result.findings]))


# --- 03 ratios --------------------------------------------------------------------------

RATIO_RULES = ("NARR-SHARE", "NARR-CHANGE")
# Stated amounts that belong with the key ratios: the report's readers look for these first.
KEY_AMOUNTS = ("基本支出", "项目支出", "人员经费", "公用经费", "三公", "政府采购", "机关运行经费")


def _is_key_ratio(check: dict) -> bool:
    return check["rule"] in RATIO_RULES or (
        check["rule"] == "NARR-AMOUNT" and any(k in check["subject"] for k in KEY_AMOUNTS))


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


def saved_ratios(report_dir: str) -> pd.DataFrame:
    """The table 03 computed, as printed (text, so 15.4 stays 15.4)."""
    return pd.read_csv(_abs(report_dir) / RATIOS_CSV, dtype=str, keep_default_na=False)


def _num(value) -> str:
    """A JSON number as the document would print it (15.4 stays 15.4, not 15.40)."""
    return "" if value is None else str(value)


def ratios_text(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "说明文字中没有可复算的占比或变动。"
    return sinks.plain(frame.to_string(index=False))


# --- 04 report --------------------------------------------------------------------------

@dataclass
class ReportInputs:
    pdf: Path
    extraction: object
    findings_doc: dict
    checks: list[dict]
    ratios: pd.DataFrame
    report_dir: Path
    params: dict

    @property
    def title_html(self) -> str:
        from .sinks import html as escape

        from .identity import body_label, KIND_LABELS

        meta = self.extraction.meta
        kind = KIND_LABELS.get(meta.get("kind"), "预算")
        return (f"<h1>{escape(body_label(meta))} {meta.get('year')} 年{kind}公开审计报告</h1>"
                f"<p>文件：{escape(meta.get('file') or '')}，共 {meta.get('pages')} 页</p>")

    @property
    @isolate.section("报告“主要比例”一节")
    def ratios_html(self) -> str:
        from .report.sections import table

        from .rules import catalogue_rules

        if self.ratios.empty:
            return "<p>说明文字中没有可复算的占比或变动。</p>"
        titles = {rid: spec["title_zh"] for rid, spec in catalogue_rules().items()}
        return table(self.ratios.assign(规则=self.ratios["规则"].map(lambda r: titles.get(r, r))))

    @property
    @isolate.section("报告“问题清单”一节")
    def findings_html(self) -> str:
        from .report.sections import findings
        from .rules import catalogue_rules

        from .messages import table_names

        titles = {rid: spec["title_zh"] for rid, spec in catalogue_rules().items()}
        return findings(self.findings_doc, self.extraction.cells, self.pdf, titles, self.report_dir,
                        table_names(self.extraction.tables), self.extraction.meta.get("ocr"))

    @property
    def figures(self) -> list[tuple[str, object]]:
        """(title, PNG of the chart; None when the document lacks the table the chart needs; a
        notice (isolate.Failure) when drawing failed)."""
        from .report import charts
        from .rules.years import year_series

        cells = self.extraction.cells
        drawn = [("支出按功能分类", lambda: charts.by_function(cells)),
                 ("基本支出与项目支出", lambda: charts.basic_vs_project(cells)),
                 ("多年趋势（本文件所述上年数）",
                  lambda: charts.trend(trend_points(self.extraction, self.checks), "多年趋势（本文件所述上年数）")),
                 ("各年度公开文件对比",
                  lambda: charts.trend(year_series(unit_years(self.extraction)), "各年度公开文件对比")),
                 ("基本支出按经济分类", lambda: charts.by_economic_class(cells))]
        # Drawn to PNG here, inside the guard: a chart that fails to draw is a notice, not a lost report.
        return [(title, isolate.attempt(self.report_dir, f"图表“{title}”", _picture, draw)) for title, draw in drawn]

    @property
    @isolate.section("报告“完整性检查”一节")
    def completeness_html(self) -> str:
        from .report.sections import table

        rows = [{"检查": c["subject"], "结果": "通过" if c["passed"] else "缺失或不符",
                 "说明": c["message"]} for c in self.checks if c["rule"].startswith("COMP-")]
        return table(pd.DataFrame(rows, columns=["检查", "结果", "说明"]))

    @property
    @isolate.section("报告“未能解析的单元格”一节")
    def unparsed_html(self) -> str:
        from .report.sections import table

        meta = self.extraction.meta
        frame = self.extraction.unparsed
        head = (f"<p>表格中共 {meta.get('value_cells', 0)} 个数值单元格：解析 {meta.get('parsed_cells', 0)} 个，"
                f"未能解析 {len(frame)} 个（逐一列出如下）。</p>")
        if frame.empty:
            return head
        from .messages import table_names, unparsed_reason

        names = table_names(self.extraction.tables)
        shown = pd.DataFrame({"表格": frame["table_id"].map(lambda t: names.get(t, t)), "行": frame["row"],
                              "列": frame["column"], "页码": frame["page"], "原文": frame["raw"],
                              "原因": frame["reason"].map(unparsed_reason)})
        return head + table(shown)

    @property
    @isolate.section("报告“提取的表格”一节")
    def tables_html(self) -> str:
        from .report.sections import collapsible, table

        return "".join(
            collapsible(f"{t.title}（第 {','.join(map(str, t.pages))} 页，单位：{t.unit or '未注明'}）",
                        table(_reader_columns(printed_columns(t.frame))) if not t.frame.empty else "<p>空表</p>")
            for t in self.extraction.tables.values())

    @property
    @isolate.section("报告“方法与可复现性”一节")
    def method_html(self) -> str:
        from .report.sections import table
        from .rules import load_catalogue

        meta = self.extraction.meta
        facts = [("PDF 文件", meta.get("file")), ("SHA-256 校验值", meta.get("sha256"))]
        if meta.get("volumes"):   # one disclosure in two files: each file, its pages, its SHA-256
            facts = [(f"{'说明' if v['role'] == 'narrative' else '报表'}分册（第 {v['first_page']}–"
                      f"{v['first_page'] + v['pages'] - 1} 页）", f"{v['file']}，SHA-256 {v['sha256']}")
                     for v in meta["volumes"]]
        facts += [("所审文件路径", self.params["pdf"]), ("中间数据目录", self.params["interim_dir"]),
                  ("报告目录", self.params["report_dir"]),
                  ("规则目录版本", load_catalogue().get("version")),
                  ("budget-audit", __version__), ("Python", platform.python_version())]
        facts += [(name, version(name)) for name in
                  ("camelot-py", "pdfplumber", "pandas", "papermill", "nbconvert", "matplotlib")]
        return ("<p>表格用 camelot（lattice）提取并逐格与 PDF 文字层核对；金额一律以十进制精确计算；"
                "容差按印刷精度采用区间算术（XBRL Calculations 1.1）。</p>"
                + table(pd.DataFrame(facts, columns=["项目", "值"])))


def _reader_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A form's columns have no printed header: the extractor numbers them col1, col2 …"""
    return frame.rename(columns=lambda c: re.sub(r"^col(\d+)$", r"第\1列", str(c)))


def _picture(draw) -> bytes | None:
    """The chart draw() returns, drawn once to PNG (None: no chart for this document)."""
    from .report import charts

    figure = draw()
    return None if figure is None else charts.png(figure)


def printed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as printed: without the extractor's bookkeeping columns (_page …)."""
    return frame[[c for c in frame.columns if not str(c).startswith("_")]]


def unit_years(extraction) -> list:
    """This document and the same unit's earlier years under data/interim, newest first."""
    chain = [extraction]
    while (prior := prior_year(chain[-1])) is not None and len(chain) < 20:
        chain.append(prior)
    return chain


def trend_points(extraction, checks: list[dict]) -> list[tuple[str, int, object]]:
    """(subject, year, 万元) from stated year-on-year changes whose checks all passed."""
    from .claims import extract_claims

    # Check subjects read "<subject> 增减额/增减率"; a subject with any failed change check is left out.
    failed = {c["subject"].split(" ")[0] for c in checks if c["rule"] == "NARR-CHANGE" and not c["passed"]}
    year = extraction.meta.get("year")
    points = []
    for claim in extract_claims(extraction.narrative):
        ref = claim.ref
        if (claim.kind != "change" or ref is None or claim.ref_year is None or not year
                or claim.subject in failed or claim.value_wan is None or ref.value_wan is None):
            continue
        points += [(claim.subject, int(year), ref.value_wan),
                   (claim.subject, int(claim.ref_year), ref.value_wan - claim.value_wan)]
    return points


def report_inputs(pdf: str, interim_dir: str, report_dir: str) -> ReportInputs:
    from .extract import load

    out = _abs(report_dir)
    return ReportInputs(
        pdf=_abs(pdf), extraction=load(_abs(interim_dir)),
        findings_doc=json.loads((out / FINDINGS_JSON).read_text(encoding="utf-8")),
        checks=json.loads((out / CHECKS_JSON).read_text(encoding="utf-8")),
        ratios=saved_ratios(report_dir), report_dir=out,
        params={"pdf": pdf, "interim_dir": interim_dir, "report_dir": report_dir},
    )


def export_workbook(r: ReportInputs) -> None:
    from .findings import flat_finding
    from .report.excel import write_workbook

    cells = r.extraction.cells
    value_columns = {tid: set(cells.loc[cells["table_id"] == tid, "column"]) for tid in r.extraction.tables}
    findings = pd.DataFrame([flat_finding(f) for f in r.findings_doc["findings"]])
    isolate.attempt(r.report_dir, "tables.xlsx", write_workbook, r.report_dir / "tables.xlsx",
                    {tid: printed_columns(t.frame) for tid, t in r.extraction.tables.items()},
                    value_columns, findings)
