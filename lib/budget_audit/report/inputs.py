"""What the report notebook (04) shows, from the outputs of the stages before it: the report's
HTML sections, its charts drawn once to PNG, and the Excel export. Each section is isolated
(budget_audit.isolate): one that fails is a notice, not a lost report."""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from .. import __version__, isolate, paths
from ..catalogue import chart_rules, report_section
from ..store import DocumentFolder, year_chain


@dataclass
class ReportInputs:
    pdf: Path
    extraction: object
    findings_doc: dict
    checks: list[dict]
    report_dir: Path
    params: dict
    workbook: object = None  # the export of tables.xlsx running beside the report (start_workbook)

    @property
    def title_html(self) -> str:
        from ..identity import KIND_LABELS, body_label
        from ..sinks import html as escape

        meta = self.extraction.meta
        kind = KIND_LABELS.get(meta.get("kind"), "预算")
        return (f"<h1>{escape(body_label(meta))} {meta.get('year')} 年{kind}公开审计报告</h1>"
                f"<p>文件：{escape(meta.get('file') or '')}，共 {meta.get('pages')} 页</p>")

    @property
    @isolate.section("报告“主要比例”一节")
    def ratios_html(self) -> str:
        from ..rules import catalogue_rules
        from .sections import table

        ratios = saved_ratios(self.report_dir)  # read here: when 03 failed, this section says so, alone
        if ratios.empty:
            return "<p>说明文字中没有可复算的占比或变动。</p>"
        titles = {rid: spec["title_zh"] for rid, spec in catalogue_rules().items()}
        return table(ratios.assign(规则=ratios["规则"].map(lambda r: titles.get(r, r))))

    @property
    @isolate.section("报告“问题清单”一节")
    def findings_html(self) -> str:
        from ..messages import table_names
        from ..rules import catalogue_rules
        from .sections import findings

        titles = {rid: spec["title_zh"] for rid, spec in catalogue_rules().items()}
        return findings(self.findings_doc, self.extraction.cells, self.pdf, titles, self.report_dir,
                        table_names(self.extraction.tables), self.extraction.meta.get("ocr"))

    @property
    def figures(self) -> list[tuple[str, object]]:
        """(title, PNG of the chart; None when the document lacks the table the chart needs; a
        notice (isolate.Failure) when drawing failed)."""
        from . import charts

        cells = self.extraction.cells
        drawn = [("支出按功能分类", lambda: charts.by_function(cells)),
                 ("基本支出与项目支出", lambda: charts.basic_vs_project(cells)),
                 ("多年趋势（本文件所述上年数）",
                  lambda: charts.trend(trend_points(self.extraction, self.checks), "多年趋势（本文件所述上年数）")),
                 ("各年度公开文件对比",
                  lambda: charts.trend(charts.year_series(year_chain(self.extraction)), "各年度公开文件对比")),
                 ("基本支出按经济分类", lambda: charts.by_economic_class(cells))]
        # Drawn to PNG here, inside the guard: a chart that fails to draw is a notice, not a lost report.
        return [(title, isolate.attempt(self.report_dir, f"图表“{title}”", _picture, draw)) for title, draw in drawn]

    @property
    @isolate.section("报告“完整性检查”一节")
    def completeness_html(self) -> str:
        from .sections import table

        rows = [{"检查": c["subject"], "结果": "通过" if c["passed"] else "缺失或不符",
                 "说明": c["message"]} for c in self.checks
                if report_section(c["rule"]) == "completeness"]
        return table(pd.DataFrame(rows, columns=["检查", "结果", "说明"]))

    @property
    @isolate.section("报告“未能解析的单元格”一节")
    def unparsed_html(self) -> str:
        from .sections import table

        meta = self.extraction.meta
        frame = self.extraction.unparsed
        head = (f"<p>表格中共 {meta.get('value_cells', 0)} 个数值单元格：解析 {meta.get('parsed_cells', 0)} 个，"
                f"未能解析 {len(frame)} 个（逐一列出如下）。</p>")
        if frame.empty:
            return head
        from ..messages import table_names, unparsed_reason

        names = table_names(self.extraction.tables)
        shown = pd.DataFrame({"表格": frame["table_id"].map(lambda t: names.get(t, t)), "行": frame["row"],
                              "列": frame["column"], "页码": frame["page"], "原文": frame["raw"],
                              "原因": frame["reason"].map(unparsed_reason)})
        return head + table(shown)

    @property
    @isolate.section("报告“提取的表格”一节")
    def tables_html(self) -> str:
        from .sections import collapsible, table

        return "".join(
            collapsible(f"{t.title}（第 {','.join(map(str, t.pages))} 页，单位：{t.unit or '未注明'}）",
                        table(_reader_columns(printed_columns(t.frame))) if not t.frame.empty else "<p>空表</p>")
            for t in self.extraction.tables.values())

    @property
    @isolate.section("报告“方法与可复现性”一节")
    def method_html(self) -> str:
        from ..rules import load_catalogue
        from .sections import table

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
    from . import charts

    figure = draw()
    return None if figure is None else charts.png(figure)


def printed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as printed: without the extractor's bookkeeping columns (_page …)."""
    return frame[[c for c in frame.columns if not str(c).startswith("_")]]


def trend_points(extraction, checks: list[dict]) -> list[tuple[str, int, object]]:
    """(subject, year, 万元) from stated year-on-year changes whose checks all passed."""
    from ..claims import extract_claims

    # Check subjects read "<subject> 增减额/增减率"; a subject with any failed change check is left out.
    deciding = chart_rules("trend")
    failed = {c["subject"].split(" ")[0] for c in checks if c["rule"] in deciding and not c["passed"]}
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
    from ..extract import load

    out = _abs(report_dir)
    return ReportInputs(
        pdf=_abs(pdf), extraction=load(_abs(interim_dir)),
        findings_doc=json.loads((out / DocumentFolder.FINDINGS_JSON).read_text(encoding="utf-8")),
        checks=json.loads((out / DocumentFolder.CHECKS_JSON).read_text(encoding="utf-8")),
        report_dir=out,
        params={"pdf": pdf, "interim_dir": interim_dir, "report_dir": report_dir},
    )


def start_workbook(r: ReportInputs) -> None:
    """Start writing tables.xlsx in a forked process, so it runs beside the charts and sections
    (openpyxl is pure Python: as long as the rest of the report); export_workbook waits for it.
    Where no child process can be made (a daemonic process) export_workbook writes it itself."""
    import multiprocessing as mp

    if mp.current_process().daemon or "fork" not in mp.get_all_start_methods():
        return
    r.workbook = mp.get_context("fork").Process(target=_write_workbook, args=(r,), daemon=True)
    r.workbook.start()


def export_workbook(r: ReportInputs) -> None:
    """tables.xlsx written (by the process start_workbook started, if any); a failure is recorded."""
    from ..errors import AuditError

    if r.workbook is None:
        _write_workbook(r)
        return
    r.workbook.join()
    if r.workbook.exitcode != 0:  # killed, or crashed outside Python: no failure recorded yet
        isolate.record(r.report_dir, "tables.xlsx",
                       AuditError(f"the process writing it ended abnormally (exit code {r.workbook.exitcode})"))


def _write_workbook(r: ReportInputs) -> None:
    from ..findings import flat_finding
    from .excel import write_workbook

    cells = r.extraction.cells
    value_columns = {tid: set(cells.loc[cells["table_id"] == tid, "column"]) for tid in r.extraction.tables}
    findings = pd.DataFrame([flat_finding(f) for f in r.findings_doc["findings"]])
    isolate.attempt(r.report_dir, DocumentFolder.TABLES_XLSX, write_workbook, r.report_dir / DocumentFolder.TABLES_XLSX,
                    {tid: printed_columns(t.frame) for tid, t in r.extraction.tables.items()},
                    value_columns, findings)


def _abs(path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_absolute() else paths.ROOT / path


def saved_ratios(report_dir: Path) -> pd.DataFrame:
    """The table 03 computed, as printed (text, so 15.4 stays 15.4)."""
    return pd.read_csv(report_dir / DocumentFolder.RATIOS_CSV, dtype=str, keep_default_na=False)
