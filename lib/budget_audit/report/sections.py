"""HTML pieces of report.html. Every string that comes from a PDF is escaped here (sinks.html:
a hidden character shows as a visible marker)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import sinks
from ..sinks import html as escape
from . import crop

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return escape(str(value))


VERDICT_CLASS = {"clean": "good", "findings": "bad", "incomplete": "partial"}


def _counts(s: dict) -> str:
    """Findings counted by cause (one cause may show in several places)."""
    return f"{s['error']} 处错误、{s['warning']} 处警告、{s['info']} 条提示（按原因计）"


def _unchecked(cov: dict, tables: list[dict]) -> str:
    """What could not be checked, by name."""
    titles = {t["id"]: t["title"] for t in tables}
    parts = []
    if cov["tables_found"] == 0:
        parts.append("未读出任何报表")
    elif cov["cells_parsed"] == 0:
        parts.append("未从报表中读出任何金额")
    if cov["tables_not_found"]:
        parts.append("未找到应公开的报表：" + "、".join(cov["tables_not_found"]))
    for t in cov["tables_unverified"]:
        state = "无法读取" if t["structure"] == "unreadable" else "读取结构未经证实"
        parts.append(f"{t['title'] or titles.get(t['id']) or t['id']}（{t['id']}）{state}"
                     + (f"：{t['reason']}" if t["reason"] else ""))
    if cov["cells_unparsed"]:
        parts.append(f"{cov['cells_unparsed']} 个单元格未能解析")
    if cov["rules_unfinished"]:
        parts.append(f"{cov['rules_unfinished']} 项规则未能完成")
    return "；".join(parts)


def verdict(doc: dict, ocr: dict | None = None) -> str:
    """The conclusion: the verdict in words, what was read, and (when incomplete) what was not;
    for a document read partly or wholly by OCR, what OCR could verify."""
    s, cov = doc["summary"], doc["summary"]["coverage"]
    who = (f"<b>{escape(doc['document'].get('unit') or '')} "
           f"{escape(str(doc['document'].get('year') or ''))}</b>：")
    read = (f"共 {cov['tables_present']} 张报表，读出 {cov['tables_found']} 张，其中结构经核实 "
            f"{cov['tables_verified']} 张；解析数值单元格 {cov['cells_parsed']} 个。"
            f"共运行 {s['checks_run']} 项检查，通过 {s['checks_passed']} 项。")
    if s["verdict"] == "clean":
        text = f"全部报表均已完整读取并核实，未发现错误或警告（{s['info']} 条提示）。{read}"
    elif s["verdict"] == "findings":
        text = f"全部报表均已完整读取，发现 {_counts(s)}。{read}"
    else:
        unchecked = escape(_unchecked(cov, doc["document"].get("tables") or []))
        text = (f"审计不完整，结论仅覆盖已核实的部分。未能核查：{unchecked}。"
                f"在已读部分发现 {_counts(s)}。{read}")
    return f'<div class="ba-verdict {VERDICT_CLASS[s["verdict"]]}">{who}{text}{ocr_note(doc, ocr)}</div>'


def ocr_note(doc: dict, ocr: dict | None) -> str:
    """Which pages were read by OCR, and how many findings OCR could not verify."""
    if not ocr or not ocr.get("pages"):
        return ""
    pages = ocr["pages"]
    shown = "、".join(map(str, pages[:12])) + ("等" if len(pages) > 12 else "")
    doubted = sum(1 for f in doc["findings"] if "经 OCR 识别" in f["message"])
    return (f"<br><b>第 {escape(shown)} 页（共 {len(pages)} 页）没有文字层，系图像，经 OCR 识别</b>"
            f"（{escape(ocr.get('engine', ''))}，{ocr.get('dpi')} dpi；识别字符 {ocr.get('glyphs')} 个，"
            f"其中置信度低于 {ocr.get('low_conf'):g} 的 {ocr.get('low_conf_glyphs')} 个）。"
            f"错误只在识别数字经表内勾稽或高置信度核验时才认定；{doubted} 项因依据未经核验的识别数字降为警告。"
            "证据截图即原件图像，请对照核实所读数字。")


def table(frame: pd.DataFrame, css: str = "") -> str:
    """A DataFrame as an escaped HTML table."""
    frame = frame.map(lambda v: sinks.mark(v) if isinstance(v, str) else v)
    frame.columns = [sinks.mark(str(c)) for c in frame.columns]
    return frame.to_html(index=False, escape=True, na_rep="", classes=css or None, border=0)


def cell_box(cells: pd.DataFrame, finding: dict) -> tuple[int, tuple] | None:
    """Page and bbox of the cell a finding names, from the tidy cells."""
    if not finding.get("table") or cells.empty:
        return None
    hit = cells[(cells["table_id"] == finding["table"])]
    if finding.get("column"):
        hit = hit[hit["column"] == finding["column"]]
    row = str(finding.get("row") or "")
    if row:
        # Rules name a row by "code name", by its name alone, or by its index.
        code, _, name = row.partition(" ")
        by_label = hit[((hit["code"] == code) & (hit["name"] == name)) | (hit["name"] == row)
                       | ((hit["code"] == row) & (hit["code"] != ""))]
        hit = by_label if not by_label.empty else hit[hit["row"].astype(str) == row]
    hit = hit.dropna(subset=["page", "x0"])
    if hit.empty or len(hit) > 1 and finding.get("column") is None:
        return None
    first = hit.iloc[0]
    return int(first["page"]), (first["x0"], first["y0"], first["x1"], first["y1"])


def ocr_number_box(ocr: dict | None, finding: dict) -> tuple[int, tuple, float] | None:
    """Page, box and confidence of the OCR-read narrative number a finding states."""
    from ..rules._ocr import stated_number
    if not ocr or finding.get("page") not in ocr.get("pages", []):
        return None
    n = stated_number(ocr, finding["page"], finding.get("stated"), finding.get("evidence") or "")
    return (n["page"], tuple(n["bbox"]), n["conf"]) if n else None


def _page(doc: dict, page: int) -> str:
    """A page as the reader finds it: in a disclosure of two files, the file and its own page."""
    from ..extract.pairing import cite
    volumes = doc.get("document", {}).get("volumes")
    if not volumes:
        return f"第 {page} 页"
    name, own = cite({"volumes": volumes}, page)
    return f"{escape(name)} 第 {own} 页"


def findings(doc: dict, cells: pd.DataFrame, pdf: Path, titles: dict[str, str], report_dir: Path,
             names: dict[str, str] | None = None, ocr: dict | None = None) -> str:
    """The findings table, sorted by severity, each with its evidence and a picture of the cell
    (a notice instead when the picture fails: isolate; on an OCR'd page also the narrative number
    as read, with its confidence). The reader sees rule titles and table names (``names``: table
    id → name), never their ids."""
    from ..isolate import Failure, attempt
    from ..messages import reader_text

    names = names or {}
    rows = sorted(doc["findings"], key=lambda f: (SEVERITY_ORDER[f["severity"]], f["rule"], f["id"]))
    if not rows:
        return "<p>没有发现任何问题。</p>"
    boxes = [cell_box(cells, f) for f in rows]
    # each page rendered once for all its findings; a failure leaves a notice where they would be
    pictures = attempt(report_dir, "证据截图", crop.cell_pngs, pdf, boxes)
    failed = pictures if isinstance(pictures, Failure) else None
    if failed is not None:
        pictures = [None] * len(rows)
    out = ['<table class="ba-findings"><thead><tr><th>级别</th><th>规则</th><th>说明</th>'
           "<th>文件所述</th><th>复算值</th><th>差额</th><th>位置与证据</th></tr></thead><tbody>"]
    for f, box, png in zip(rows, boxes, pictures):
        where = " / ".join(_fmt(reader_text(f.get(k), names)) for k in ("table", "row", "column")
                           if f.get(k) not in (None, ""))
        page = f" {_page(doc, f['page'])}" if f.get("page") else ""
        picture = ""
        if box and failed is not None:
            picture = "<br>" + failed.html
        elif box:
            picture = (f'<br><img alt="证据截图" src="{crop.data_uri(png)}">'
                       f"<br><small>报表所在：{_page(doc, box[0])}（红框为所指单元格）</small>")
        read = ocr_number_box(ocr, f)
        if read:
            number = crop.cell_pngs(pdf, [(read[0], read[1])])[0]
            picture += (f'<br><img alt="OCR 识别截图" src="{crop.data_uri(number)}">'
                        f"<br><small>{_page(doc, read[0])} OCR 所读数字（红框），识别置信度 {read[2]:g}</small>")
        evidence = f"<blockquote>{_fmt(reader_text(f['evidence'], names))}</blockquote>" if f.get("evidence") else ""
        if f.get("places"):
            evidence += (f"<p>同一原因，共 {len(f['places'])} 处：</p><ul class=\"ba-places\">"
                         + "".join(f"<li>{_fmt(_place(p, titles, names))}："
                                   f"{_fmt(reader_text(p['message'], names))}</li>"
                                   for p in f["places"]) + "</ul>")
        out.append(
            f'<tr><td class="ba-{f["severity"]}">{SEVERITY_ZH[f["severity"]]}</td>'
            f"<td>{_fmt(titles.get(f['rule'], ''))}</td>"
            f"<td>{_fmt(reader_text(f['message'], names))}</td><td>{_fmt(f.get('stated'))}</td>"
            f"<td>{_fmt(f.get('expected'))}</td><td>{_fmt(f.get('difference'))}</td>"
            f"<td>{where}{page}{evidence}{picture}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _place(place: dict, titles: dict[str, str], names: dict[str, str]) -> str:
    """One place of a grouped finding as the reader sees it: rule title, where, page."""
    from ..messages import reader_text
    where = " / ".join(reader_text(place.get(k), names) for k in ("table", "row", "column") if place.get(k))
    page = f" 第 {place['page']} 页" if place.get("page") else ""
    return f"{titles.get(place['rule'], '')} {where}{page}".strip()


def collapsible(title: str, body_html: str, open_: bool = False) -> str:
    return (f'<details class="ba-table"{" open" if open_ else ""}><summary>{escape(title)}</summary>'
            f"{body_html}</details>")
