"""Like with like: the body a sentence speaks of against the body the tables add up.

A department's tables (部门预算, 部门汇总) add up the department's own budget (本级) and those of
its units.  A sentence about the 本级 alone ("深圳市水务局（本级）预算178,214.28万元"), or under a
heading naming one of its units, speaks of a part; a sentence saying 部门汇总 in a 本级
document speaks of more than the tables hold.  Such a sentence is never an error against the
tables: a failed check on it is at most a warning that says which scopes differ, or that the
scope is unclear when the document does not say how many units its tables add up.
"""
from __future__ import annotations

import re

from ..claims import ORG_SUFFIX
from ..text import normalize_text
from ._core import catalogue_rules
from ._policy import lower

# 本级 as the body's own budget: （本级）, 机关本级, 局本级 …; not 市本级 / 本级财政 / 本级预算 (the
# government level) nor 本级财政拨款 (a funding source)
_OWN = re.compile(r"[（(]本级[）)]|(?:机关|单位|[局委办院厅室站所处队馆校]|中心)本级(?!财政|预算|部门|政府)")
_WHOLE = re.compile(r"部门汇总|汇总预算|汇总决算|(?:含|包括|包含)(?:所属|下属|二级)单位")
# "纳入…编制范围的预算单位共计4家", "所属二级单位5个", "系统包括…共1家基层单位"
_UNITS = re.compile(r"预算单位|基层单位|所属|下属|二级单位|单位构成|编制范围|单位范围")
_BESIDES = re.compile(r"(?:机关|本级|本部)及(?:其)?(?:下属|所属)")
_HEADING_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*")


def unit_count(claims) -> int | None:
    """How many units the document says its tables add up (the largest such count), or None.
    "机关及下属 N 家基层单位" counts the 机关 besides its N units."""
    ns = [int(c.value) + bool(_BESIDES.search(normalize_text(c.sentence))) for c in claims
          if c.kind == "count" and c.unit in ("家", "个") and c.value is not None
          and _UNITS.search(normalize_text(c.sentence))]
    return max(ns) if ns else None


def _unit_heading(section_path: str, body: str) -> str:
    """A heading of the path that names a unit other than the document's body, or ''."""
    key = re.sub(r"\s+", "", body or "")
    for title in (section_path or "").split(" / "):
        t = re.sub(r"\s+", "", _HEADING_ENUM.sub("", normalize_text(title)))
        if (4 <= len(t) <= 30 and ORG_SUFFIX.search(t) and not re.search(r"\d|情况|说明|本级", t)
                and (not key or key not in t)):
            return t
    return ""


def sentence_scopes(claims, body: str) -> dict[str, str]:
    """sentence text → 'own' (本级), 'unit:<name>' (a unit of the department) or 'whole' (汇总)."""
    out = {}
    for c in claims:
        if c.kind not in ("amount", "change", "pct_change", "share") or not c.sentence:
            continue
        s = normalize_text(c.sentence)
        where = f"{c.section_path} {c.sentence}"
        if _WHOLE.search(s):
            out.setdefault(c.sentence, "whole")
        elif _OWN.search(normalize_text(where)):
            out.setdefault(c.sentence, "own")
        elif (u := _unit_heading(c.section_path, body)):
            out.setdefault(c.sentence, f"unit:{u}")
    return out


def _why(scope: str, meta: dict, units: int | None) -> str:
    own_doc = meta.get("body_qualifier") == "本级" or meta.get("level") == "unit"
    if scope == "whole":
        return "句中所称为部门汇总口径，本文件报表为本级口径" if own_doc else ""
    if own_doc or units == 1:
        return ""  # the tables are the body's own budget: one scope
    part = "本级" if scope == "own" else f"所属单位“{scope[5:]}”"
    if units:
        return f"句中所称为{part}口径，报表为部门汇总口径（含 {units} 家单位），口径不同，不宜直接比较"
    return f"句中所称为{part}口径，报表可能为部门汇总口径（文件未说明所含单位数），口径不明"


def temper(checks: list, ai, claims=None) -> None:
    """A failed error check on a sentence of another scope than the tables becomes a warning
    (rules whose ``error_needs`` include ``clear_claim``)."""
    spec = catalogue_rules()
    todo = [c for c in checks if not c.passed and c.severity == "error" and c.evidence
            and "clear_claim" in spec.get(c.rule, {}).get("error_needs", [])]
    if not todo:
        return
    if claims is None:
        from ..claims import extract_claims
        claims = extract_claims(ai.narrative)
    meta = ai.meta or {}
    scopes = sentence_scopes(claims, meta.get("body") or meta.get("unit") or "")
    if not scopes:
        return
    units = unit_count(claims)
    for c in todo:
        scope = scopes.get(c.evidence.split(" ‖ ")[0])
        why = _why(scope, meta, units) if scope else ""
        lower(c, "warning", [why] if why else [])
