"""How far an error on OCR'd pages can be trusted: at most a warning unless its digits are.

An error finding stands on OCR'd material when its page was read by OCR or it names a table
whose cells were.  It stays an error only when everything it rests on is verified:

* every OCR'd table it names foots: no arithmetic check (``ARITH-*``) failed on it and at
  least one passed – a table that adds up after OCR is strong evidence its digits are right;
* a failed arithmetic check on an OCR'd table is itself never an error (a misread digit and
  a real mistake look the same);
* a number it quotes from an OCR'd narrative page was found among the recognised numbers of
  that page with a confidence of at least ``extract.ocr.LOW_CONF``;
* it quotes a number at all: a finding on OCR'd words alone (a 科目 name read differently in
  two tables) has nothing the arithmetic can confirm – tables that foot prove their digits,
  not their labels.

Otherwise the finding becomes a warning whose message says why.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["stated_number", "temper"]


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
        if c.stated is None:   # names or words compared: no arithmetic confirms a letter
            why.append("所比对的文字经 OCR 识别，文字无法以勾稽核验")
        elif c.page in pages and not (c.table and c.table in ocr_tables and _cell_page(cells, c) == c.page):
            why += _narrative_doubt(c, ocr, low)
        if why:
            c.severity = "warning"
            c.message += f"（第 {c.page} 页经 OCR 识别：{'；'.join(why)}；仅列为警告，请对照原件核实）"


def _cell_page(cells, c):
    hit = cells[cells["table_id"] == c.table]
    return int(hit["page"].iloc[0]) if len(hit) else None


def _narrative_doubt(c, ocr: dict, low: float) -> list[str]:
    """The stated number must be among the page's recognised numbers, with a high confidence."""
    if c.stated is None:
        return []
    target = abs(c.stated)
    read = stated_number(ocr, c.page, c.stated, c.evidence)
    if read is None:
        return [f"说明中的数字 {target} 未能在识别结果中定位"]
    if read["conf"] < low:
        return [f"说明中的数字 {target} 识别置信度 {read['conf']:g} 低于 {low:g}"]
    return []


def stated_number(ocr: dict, page, stated, evidence: str = "") -> dict | None:
    """The OCR-read number a finding states: the occurrence inside the finding's sentence,
    found as the run of the page's recognised numbers that reads like the sentence's numbers
    (a value printed several times on a page is read several times, each with its own
    confidence).  Without such a run, the occurrence read with the lowest confidence."""
    if not ocr or stated is None:
        return None
    target = abs(Decimal(str(stated)))
    numbers = [n for n in ocr.get("numbers", []) if n["page"] == page]
    values = [_value(n["text"]) for n in numbers]
    said = [_value(m.group(0)) for m in _NUMBER.finditer(evidence or "")]
    if target in said:
        for i in range(len(values) - len(said) + 1):
            if values[i:i + len(said)] == said:
                return numbers[i + said.index(target)]
    hits = [n for n, v in zip(numbers, values) if v == target]
    return min(hits, key=lambda n: n["conf"]) if hits else None


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")   # as extract.ocr reads the narrative's numbers


def _value(text: str):
    try:
        return abs(Decimal(re.sub(r"[,，]", "", text)))
    except InvalidOperation:
        return None
