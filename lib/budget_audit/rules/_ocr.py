"""How far an error on OCR'd pages can be trusted: at most a warning unless its digits are.

An error finding stands on OCR'd material when its page was read by OCR or it names a table
whose cells were.  It stays an error only when everything it rests on is verified:

* every OCR'd table it names foots: no arithmetic check (``ARITH-*``) failed on it and at
  least one passed – a table that adds up after OCR is strong evidence its digits are right;
* a failed arithmetic check on an OCR'd table is itself never an error (a misread digit and
  a real mistake look the same);
* a number it quotes from an OCR'd narrative page was found among the recognised numbers of
  that page with a confidence of at least ``extract.ocr.LOW_CONF``.

Otherwise the finding becomes a warning whose message says why.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["temper"]


def temper(checks: list, ai) -> None:
    ocr = (ai.meta or {}).get("ocr") or {}
    pages = set(ocr.get("pages") or [])
    if not pages:
        return
    low = float(ocr.get("low_conf") or 0)
    cells = ai.cells
    ocr_tables = set()
    if len(cells) and "ocr_conf" in cells:
        has = cells["ocr_conf"].map(lambda v: v not in ("", None) and v == v)
        ocr_tables = set(cells.loc[has, "table_id"])
    arith = {}
    for c in checks:
        if c.rule.startswith("ARITH-") and c.table:
            ok, bad = arith.get(c.table, (0, 0))
            arith[c.table] = (ok + c.passed, bad + (not c.passed))
    verified = {t for t in ocr_tables if arith.get(t, (0, 0))[0] and not arith.get(t, (0, 0))[1]}
    ids = sorted(set(ai.tables) | ocr_tables, key=len, reverse=True)
    for c in checks:
        if c.passed or c.severity != "error":
            continue
        named = {c.table} if c.table else set()
        named |= {t for t in ids if t in f"{c.message} {c.evidence}"}
        on_ocr = named & ocr_tables
        if c.page not in pages and not on_ocr:
            continue
        why = []
        if c.rule.startswith("ARITH-") and c.table in ocr_tables:
            why.append("表内数字经 OCR 识别，勾稽不平也可能是识别错误")
        elif on_ocr - verified:
            why.append("所依据的 OCR 识别表格（" + "、".join(sorted(on_ocr - verified)) + "）未能以表内勾稽核验")
        if c.page in pages and not (c.table and c.table in ocr_tables and _cell_page(cells, c) == c.page):
            why += _narrative_doubt(c, ocr, low)
        if why:
            c.severity = "warning"
            c.message += "（第 %s 页经 OCR 识别：%s；仅列为警告，请对照原件核实）" % (c.page, "；".join(why))


def _cell_page(cells, c):
    hit = cells[cells["table_id"] == c.table]
    return int(hit["page"].iloc[0]) if len(hit) else None


def _narrative_doubt(c, ocr: dict, low: float) -> list[str]:
    """The stated number must be among the page's recognised numbers, with a high confidence."""
    if c.stated is None:
        return []
    target = abs(c.stated)
    confs = [n["conf"] for n in ocr.get("numbers", []) if n["page"] == c.page and _value(n["text"]) == target]
    if not confs:
        return [f"说明中的数字 {target} 未能在识别结果中定位"]
    if min(confs) < low:
        return [f"说明中的数字 {target} 识别置信度 {min(confs):g} 低于 {low:g}"]
    return []


def _value(text: str):
    try:
        return Decimal(re.sub(r"[,，]", "", text))
    except InvalidOperation:
        return None
