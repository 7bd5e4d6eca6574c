"""HTML pieces of report.html. Every string that comes from a PDF is escaped here."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path

import pandas as pd

from . import crop

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return escape(str(value))


def verdict(doc: dict, ocr: dict | None = None) -> str:
    """The one-line verdict; for a document read partly or wholly by OCR, what OCR could verify."""
    s = doc["summary"]
    # findings weakened because OCR could not verify their digits are no clean bill
    bad = s["error"] > 0 or bool(ocr and any("经 OCR 识别" in f["message"] for f in doc["findings"]))
    text = (f"发现 {s['error']} 处错误、{s['warning']} 处警告、{s['info']} 条提示"
            if bad or s["warning"] or s["info"] else "未发现不一致")
    return (f'<div class="ba-verdict {"bad" if bad else "good"}">'
            f"<b>{escape(doc['document'].get('unit') or '')} {escape(str(doc['document'].get('year') or ''))}"
            f"</b>：{text}。共运行 {s['checks_run']} 项检查，通过 {s['checks_passed']} 项。{ocr_note(doc, ocr)}</div>")


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
    if not ocr or finding.get("page") not in ocr.get("pages", []) or finding.get("stated") is None:
        return None
    target = abs(Decimal(str(finding["stated"])))
    for n in ocr.get("numbers", []):
        try:
            value = abs(Decimal(n["text"].replace(",", "")))
        except InvalidOperation:
            continue
        if n["page"] == finding["page"] and value == target:
            return n["page"], tuple(n["bbox"]), n["conf"]
    return None


def findings(doc: dict, cells: pd.DataFrame, pdf: Path, titles: dict[str, str], ocr: dict | None = None) -> str:
    """The findings table, sorted by severity, each with its evidence and a picture of the cell
    (and, on an OCR'd page, of the narrative number as read, with its confidence)."""
    rows = sorted(doc["findings"], key=lambda f: (SEVERITY_ORDER[f["severity"]], f["rule"], f["id"]))
    if not rows:
        return "<p>没有发现任何问题。</p>"
    out = ['<table class="ba-findings"><thead><tr><th>级别</th><th>规则</th><th>说明</th>'
           "<th>文件所述</th><th>复算值</th><th>差额</th><th>位置与证据</th></tr></thead><tbody>"]
    for f in rows:
        where = " / ".join(_fmt(f.get(k)) for k in ("table", "row", "column") if f.get(k) not in (None, ""))
        page = f" 第 {f['page']} 页" if f.get("page") else ""
        picture = ""
        box = cell_box(cells, f)
        if box:
            picture = (f'<br><img alt="证据截图" src="{crop.data_uri(crop.cell_png(pdf, *box))}">'
                       f"<br><small>报表所在：第 {box[0]} 页（红框为所指单元格）</small>")
        read = ocr_number_box(ocr, f)
        if read:
            picture += (f'<br><img alt="OCR 识别截图" src="{crop.data_uri(crop.cell_png(pdf, read[0], read[1]))}">'
                        f"<br><small>第 {read[0]} 页 OCR 所读数字（红框），识别置信度 {read[2]:g}</small>")
        evidence = f"<blockquote>{_fmt(f.get('evidence'))}</blockquote>" if f.get("evidence") else ""
        out.append(
            f'<tr><td class="ba-{f["severity"]}">{SEVERITY_ZH[f["severity"]]}</td>'
            f"<td><code>{_fmt(f['rule'])}</code><br>{_fmt(titles.get(f['rule'], ''))}</td>"
            f"<td>{_fmt(f['message'])}</td><td>{_fmt(f.get('stated'))}</td>"
            f"<td>{_fmt(f.get('expected'))}</td><td>{_fmt(f.get('difference'))}</td>"
            f"<td>{where}{page}{evidence}{picture}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def collapsible(title: str, body_html: str, open_: bool = False) -> str:
    return (f'<details class="ba-table"{" open" if open_ else ""}><summary>{escape(title)}</summary>'
            f"{body_html}</details>")
