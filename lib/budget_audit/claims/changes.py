"""Change statements: a stated change's comparison base ("比 2023 年预算", "较上年") and the
groups of a change amount, its rate and the amount it describes."""
from __future__ import annotations

import re

from ..text import normalize_text
from . import Claim

_CMP = re.compile(r"(?:比|较|与|同比|相比|对比)(?P<what>(?:\d{4}年度?|上一?年度?|去年|上年同期)"
                  r"[^，,；;。：:]{0,12}?)(?=相比|比较|增|减|下降|降低|上升|提高|持平|一致|相同|节约|压减|缩减|[，,]|$)")
_VERB = re.compile(r"(增加|减少|增长|下降|降低|上升|减|增|压减|节约|缩减|提高|持平)")


def comparison_base(sentence: str, upto: int, cur_year) -> dict | None:
    """{'year', 'kind' (budget/final/None), 'explicit'} of the last comparison phrase before
    ``upto`` in the sentence; kind 'other' for 执行数/调整预算/年初 …, None when none."""
    s = normalize_text(sentence)[:upto]
    s = re.sub(r"\s+", "", s)
    ms = list(_CMP.finditer(s))
    if not ms:
        return None
    what = ms[-1].group("what")
    y = re.search(r"(\d{4})年", what)
    year = int(y.group(1)) if y else (int(cur_year) - 1 if cur_year else None)
    kind = None
    rest = re.sub(r"^\d{4}年度?|^上一?年度?|^去年", "", what)
    if re.search(r"执行|调整|全年|年初|实际|完成|同期|变动", rest):
        kind = "other"
    elif "决算" in rest:
        kind = "final"
    elif "预算" in rest:
        kind = "budget"
    return {"year": year, "kind": kind, "explicit": bool(y)}


def clause_before(sentence: str, pos: int) -> str:
    s = normalize_text(sentence)[:pos]
    parts = re.split(r"[，,；;：:。]", s)
    return parts[-1] if parts else ""


def change_groups(claims: list[Claim]):
    """(change claim, pct claim or None, amount claim or None, subject text) groups."""
    out = []
    used_pct = set()
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence_index, []).append(c)
    for group in by_sentence.values():
        for i, c in enumerate(group):
            if c.kind != "change" or not c.is_money and not c.flat:
                continue
            pct = None
            if not c.flat:
                nxt = group[i + 1] if i + 1 < len(group) else None
                if nxt is not None and nxt.kind == "pct_change" and (
                        nxt.change is c or nxt.ref is None or nxt.ref is c.ref):
                    between = normalize_text(c.sentence)[c.end:nxt.start]
                    if len(re.sub(r"[，,\s、]|增长|下降|降低|上升|增加|减少|幅度?为?|了", "", between)) == 0:
                        pct = nxt
                        used_pct.add(id(nxt))
            out.append((c, pct, c.ref))
        for c in group:
            if c.kind == "pct_change" and id(c) not in used_pct and c.ref is not None:
                out.append((None, c, c.ref))
    return out


def change_subject(change: Claim | None, pct: Claim | None, amount: Claim | None) -> str:
    if amount is not None:
        return amount.subject
    c = change or pct
    clause = clause_before(c.sentence, c.start)
    clause = re.sub(r"(比|较|与|同比|相比).*$", "", clause)
    clause = _VERB.split(clause)[0]
    return clause


def stated_base(change: Claim | None, pct: Claim | None, amount: Claim | None, cur_year,
                prev_base: dict) -> tuple[dict | None, bool]:
    """(comparison base, inherited) of a change group (``change_groups``): the base stated
    before the change (after the amount for 持平), else, in a "其中" sentence, the previous
    sentence's base of the same section.  ``prev_base`` (section → base) carries it along."""
    c = change or pct
    s_norm = normalize_text(c.sentence)
    base_pos = (amount.end if amount is not None and change is not None and change.flat
                else c.start)
    if change is not None and change.flat:
        m = re.search(r"持平", s_norm[amount.end if amount is not None else 0:])
        base_pos = (amount.end if amount is not None else 0) + (m.end() if m else 0)
    base = comparison_base(c.sentence, base_pos, cur_year)
    inherited = False
    if base is None and re.match(r"^\s*其中", s_norm) and c.section in prev_base:
        base, inherited = prev_base[c.section], True
    if base is not None and not inherited:
        prev_base[c.section] = base
    return base, inherited
