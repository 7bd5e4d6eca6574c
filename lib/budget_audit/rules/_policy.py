"""The severity policy, in one place: a rule function reports what it observed, the catalogue
decides what that makes of a failed check.

A check carries its rule's severity (or its sub-check's) from ``data/rules.yaml``.  The rule's
``error_needs`` (each defined in the catalogue's ``needs``) say what that severity takes; a
failed check that lacks one becomes the rule's ``otherwise`` (a warning unless it says
``info``), and its message says why.  The facts the needs read are the check's own: the tables
it names (``verified_tables``), the doubt the rule observed in its reading (``clear_claim``,
``clear_reading``), how far a stated figure misses (``clear_miss``), and the other failed sums
of the document (``corroborated``).  Three judgements apply to every rule: a difference a
convention of the document explains (``explained``, set by CONV-ROUNDING), an error resting on
OCR'd digits (``_ocr``) and a sentence of another scope than the tables (``_scope``).
"""
from __future__ import annotations

from ..catalogue import catalogue_rules

_RANK = {"error": 0, "warning": 1, "info": 2}
_LABEL = {"warning": "警告", "info": "提示"}


def lower(check, severity: str, why: list[str]) -> None:
    """At most ``severity``, with the reasons appended to the message."""
    if why and _RANK.get(check.severity, 9) < _RANK[severity]:
        check.severity = severity
        check.message = f"{check.message}（仅列为{_LABEL[severity]}：{'；'.join(why)}）"


def unverified(ai, table_ids: list[str]) -> list[str]:
    """Why the tables a check reads are not proved (extract.prove), one phrase per table.
    Inputs built by hand carry no structure status and count as read as given."""
    out = []
    for tid in table_ids:
        t = ai.tables.get(tid)
        status = getattr(t, "structure", "") if t is not None else ""
        if status and status != "verified":
            reason = getattr(t, "structure_reason", "") or status
            out.append(f"{tid} 的读取结构未经证实（{reason}）")
    return out


def _near_miss(check) -> None:
    """``clear_miss``: a stated figure outside the recomputed interval by at most one unit of
    its last printed digit is a note (the document truncated instead of rounding), by at most
    two a warning."""
    if check.miss is None or check.miss > 2:
        return
    if check.miss <= 1:
        lower(check, "info", ["与复算值之差不超过末位一个单位，可能是截尾而非四舍五入"])
    else:
        lower(check, "warning", ["与复算值之差不超过末位两个单位"])


def apply_policy(check, ai, spec: dict):
    """One failed check of the rule ``spec`` against the rule's ``error_needs``."""
    if check.passed:
        return check
    needs = spec.get("error_needs") or []
    if "clear_miss" in needs:
        _near_miss(check)
    why = []
    if "verified_tables" in needs:
        why += unverified(ai, check.all_tables)
    if {"clear_claim", "clear_reading"} & set(needs) and check.doubt:
        why.append(check.doubt)
    lower(check, spec.get("otherwise", "warning"), why)
    return check


def settle(checks: list, ai, claims=None) -> None:
    """The judgements that read every check of the document, once all rules ran."""
    for c in checks:  # a difference the document's own convention explains is never certain
        if c.explained and not c.passed:
            lower(c, "warning", [c.explained])
    corroborate(checks, ai)
    from ._ocr import temper
    temper(checks, ai)   # an error resting on unverified OCR digits is at most a warning
    from ._scope import temper as like_with_like
    like_with_like(checks, ai, claims)  # a sentence of another scope than the tables


def corroborate(checks: list, ai) -> None:
    """``error_needs: corroborated``: a sum that fails inside a table is certain when the cell
    is found by two independent sums -- its row (``sums: across``) and its column (``sums:
    down``) miss by the same amount (one cause) -- and every other failed sum of that table is
    located the same way.  That located cell is also what made extract.prove call the table
    uncertain ("合计与明细不符"); a table uncertain for another reason is not lifted.  Otherwise
    a warning that says why."""
    from ._core import _order, group_by_cause
    spec = catalogue_rules()

    def needs(c):
        return "corroborated" in spec.get(c.rule, {}).get("error_needs", [])

    failed = sorted((c for c in checks if not c.passed), key=_order)
    groups = [g.places or [g] for g in group_by_cause(failed, checks)]
    located = {id(g[0]): {"across", "down"} <= {spec.get(c.rule, {}).get("sums") for c in g}
               for g in groups}
    unlocated = {c.table for g in groups if not located[id(g[0])] for c in g if needs(c)}
    for g in groups:
        why = _unlocated_why(g, spec, located[id(g[0])], g[0].table in unlocated, ai)
        for c in g:
            if why and needs(c):
                lower(c, "warning", [why])


def _unlocated_why(g: list, spec: dict, located: bool, table_unlocated: bool, ai) -> str:
    """Why a group of failed sums is not certain, or "" when it is."""
    if not located:
        ways = {spec.get(c.rule, {}).get("sums") for c in g}
        return ("只有" + ("本行各栏之和" if "across" in ways else "本栏各行之和")
                + "不符，未见同一单元格在另一方向上的合计印证，可能是读取错位")
    if table_unlocated:
        return "该表另有合计不符之处未能定位到单元格，读取结构未经证实"
    t = ai.tables.get(g[0].table)
    status = getattr(t, "structure", "") or "verified"
    reason = getattr(t, "structure_reason", "") or ""
    if status != "verified" and "合计与明细不符" not in reason:
        return f"{g[0].table} 的读取结构未经证实（{reason or status}）"
    return ""

