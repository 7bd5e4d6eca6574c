"""Across years: this year's stated prior-year figures against last year's own document.

Public API (besides the rule)::

    find_prior(unit, year, candidates, kind="budget", scope=None) -> candidate | None
    prior_checks(current, prior) -> list[Check]      # YEAR-PRIOR-TIE without run_rules

``AuditInput.prior`` (an Extraction or AuditInput of the same unit's previous year, or None)
feeds the rule YEAR-PRIOR-TIE.  A stated change "比 2023 年预算减少 876.75 万元" (or 持平, or
增长 Y%) is recomputed as this year's amount − last year's figure of the same subject; the
figure is read by ``budget_audit.keyfigures``, the change statement by ``claims.changes``, and
units are matched by ``identity.same_unit``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .. import keyfigures as kf  # a module: keyfigures itself imports the rules' table view
from ..claims import Claim
from ..claims.changes import change_groups, change_subject, stated_base
from ..identity import same_unit
from ..interval import Interval, exact, printed, ratio_percent, ulps_outside
from ..tableview import Cell
from ..text import normalize_text
from ._core import AuditInput, Check, Context, rule, run_rules

__all__ = ["find_prior", "prior_interim", "prior_checks"]


def _meta_of(c) -> dict:
    if isinstance(c, dict):
        return c
    if isinstance(c, (tuple, list)) and len(c) == 2 and isinstance(c[1], dict):
        return {**c[1], "path": c[1].get("path") or str(c[0])}
    return dict(getattr(c, "meta", {}) or {})


def _scope_of(meta: dict) -> str | None:
    """部门 (department, with its units) or 单位 (one unit): the document's own level (identity),
    else the file name."""
    if meta.get("level") or meta.get("scope"):
        return meta.get("level") or meta["scope"]
    f = (meta.get("file") or meta.get("path") or "")
    f = Path(f).name.lower()
    if "单位预算" in f or "单位决算" in f or "danwei" in f or "unit_budget" in f:
        return "unit"
    if "部门预算" in f or "部门决算" in f or "bumen" in f or "dept" in f:
        return "dept"
    return None


def find_prior(unit: str, year: int, candidates, kind: str = "budget", scope: str | None = None):
    """The previous year's document of the same unit among ``candidates`` (Extractions, meta
    dicts, or ``(path, meta)`` pairs), or None.

    Same unit by :func:`same_unit`, year − 1 exactly, the same ``kind`` (budget/final) and,
    when both are known, the same scope (部门 vs 单位).  An exact name match wins over a
    prefix-tolerant one; several equally good candidates (other than copies of one file, same
    sha256) give None: ambiguous, nothing is guessed."""
    try:
        want = int(year) - 1
    except (TypeError, ValueError):
        return None
    exact_hits, loose_hits = [], []
    for c in candidates or []:
        m = _meta_of(c)
        try:
            y = int(m.get("year"))
        except (TypeError, ValueError):
            continue
        if y != want or (m.get("kind") or "budget") != (kind or "budget"):
            continue
        sc = _scope_of(m)
        if scope and sc and sc != scope:
            continue
        name = m.get("unit") or ""
        if not same_unit(unit, name):
            continue
        same = re.sub(r"\s+", "", name) == re.sub(r"\s+", "", unit or "")
        (exact_hits if same else loose_hits).append((c, m))
    for hits in (exact_hits, loose_hits):
        if not hits:
            continue
        shas = {m.get("sha256") or id(c) for c, m in hits}
        if len(shas) == 1:
            return hits[0][0]
        return None
    return None


def prior_interim(meta: dict, interim_root) -> Path | None:
    """The interim folder of the previous-year document of the unit ``meta`` describes (the
    document store finds it, :func:`find_prior` chooses); None when none or ambiguous.  Load it
    with ``budget_audit.extract.load`` and pass it as ``AuditInput.prior``."""
    from ..store import prior_interim as find_in_store

    return find_in_store(meta, interim_root)


# -- the rule ------------------------------------------------------------------------------------

def _ivs(xs) -> list[Interval]:
    return [x.interval() if isinstance(x, Cell) else x for x in xs]


def _agree(ivs: list[Interval]) -> bool:
    return all(a.overlaps(b) for i, a in enumerate(ivs) for b in ivs[i + 1:])


def _claim_iv(c: Claim) -> Interval:
    from ._candidates import claim_interval_wan
    return claim_interval_wan(c)


def _desc(x) -> str:
    if isinstance(x, Cell):
        return f"{x.table} {x.label}「{x.column}」= {x.raw or x.value or 0}"
    return f"{x.mid:.2f}"


def _doc_desc(meta: dict) -> str:
    kind = "决算" if meta.get("kind") == "final" else "预算"
    return f"{meta.get('year')}年{kind}（{meta.get('file') or Path(str(meta.get('path', ''))).name}）"


@dataclass
class _Tie:
    """One stated change placed against last year's document: what the checks compare."""
    claim: Claim            # the change or, alone, its rate
    change: Claim | None
    pct: Claim | None
    amount: Claim | None
    base: dict              # claims.changes.comparison_base
    inherited: bool         # the base is the previous sentence's (其中 …)
    subject: str
    key: object             # keyfigures key
    p_cells: list           # last year's figures
    from_narrative: bool    # last year's figure is stated in its narrative, in no table
    cur_cells: list         # this year's figures in this year's tables
    a_ivs: list             # this year's amounts (the stated one first)
    used: str               # the previous-year document, as the reader names it
    pkind: str

    @property
    def p_ivs(self) -> list[Interval]:
        return _ivs(self.p_cells)

    @property
    def doubt(self) -> str:
        return "；".join(why for bad, why in (
            (self.base["kind"] != self.pkind, "句中未写明所比的是上年预算还是决算，或与所用上年文件不同"),
            (self.inherited, "比较基数沿用前句"),
            (not _agree(self.p_ivs), "上年文件各表所列该数不一致"),
            (self.amount is None and not _agree(_ivs(self.cur_cells)), "本年各表所列该数不一致")) if bad)

    @property
    def name(self) -> str:
        if not isinstance(self.key, tuple):
            return kf.KEY_NAMES.get(self.key)
        return self.p_cells[0].label if isinstance(self.p_cells[0], Cell) else self.key[1]

    @property
    def p_desc(self) -> str:
        return (f"说明所述 {self.p_ivs[0].mid:.2f} 万元" if self.from_narrative
                else _desc(self.p_cells[0]))

    @property
    def evidence(self) -> str:
        return f"{self.claim.sentence} ‖ 上年文件：{self.used}，{self.p_desc}"


def prior_context(ctx) -> Context | None:
    """The rule context of last year's document attached to this audit, or None."""
    prior = getattr(ctx.input, "prior", None)
    return None if prior is None else Context(AuditInput.of(prior))


@rule("YEAR-PRIOR-TIE")
def prior_tie(ctx):
    pctx = prior_context(ctx)
    if pctx is None:
        return
    yield from _opening_balance(ctx, pctx)
    prev_base: dict = {}
    for change, pct, amount in change_groups(ctx.claims):
        if amount is not None and amount.base is not None:
            continue  # the sentence names its base: NARR-CHANGE and YEAR-NAMED-BASE judge it
        tie = _place(ctx, pctx, change, pct, amount, prev_base)
        if tie is None:
            continue
        if change is not None:
            yield _change_check(ctx, tie)
        if pct is not None and pct.value is not None and all(p.lo > 0 for p in tie.p_ivs):
            yield _rate_check(ctx, tie)


def _opening_balance(ctx, pctx):
    """Sub-check opening-balance: a 决算 after last year's 决算, 年初结转和结余 = last year's
    年末结转和结余 (its severity in rules.yaml: 决算 may restate the opening balance)."""
    cur_meta, pmeta = ctx.input.meta or {}, pctx.input.meta or {}
    cur_year, pyear = cur_meta.get("year"), pmeta.get("year")
    if not (cur_meta.get("kind") == "final" and (pmeta.get("kind") or "budget") == "final"
            and pyear is not None and cur_year is not None and int(pyear) == int(cur_year) - 1):
        return
    used = _doc_desc(pmeta)
    begin = kf.side_cell(ctx.table("income_expense_summary"), "收入",
                         ["年初结转和结余", "上年结转和结余", "年初结转结余", "上年结转结余"])
    end = kf.side_cell(pctx.table("income_expense_summary"), "支出", ["年末结转和结余", "年末结转结余"])
    if begin is None or end is None or (begin.value is None and end.value is None):
        return
    bi = begin.interval() if begin.value is not None else exact(0)
    ei = end.interval() if end.value is not None else exact(0)
    ok = bi.overlaps(ei)
    yield ctx.check(
        ok, "年初结转和结余 = 上年年末结转和结余", sub="opening-balance",
        stated=begin.amount() or Decimal(0), expected=end.amount() or Decimal(0), unit="万元",
        table="income_expense_summary", row=used, column=begin.column, page=begin.page,
        message="" if ok else (f"本年年初结转和结余 {begin.raw or 0} 万元，{used}年末结转和结余 "
                               f"{end.raw or 0} 万元（差额可能来自以前年度调整，请核对说明）"),
        evidence=f"income_expense_summary 年初 {begin.raw or 0}; {used} 年末 {end.raw or 0}")


def _place(ctx, pctx, change, pct, amount, prev_base: dict) -> _Tie | None:
    """The stated change against last year's document, or None when it compares with another
    base, names no figure we recognise, or either year lacks the figure."""
    cur_meta, pmeta = ctx.input.meta or {}, pctx.input.meta or {}
    pyear, pkind = pmeta.get("year"), pmeta.get("kind") or "budget"
    base, inherited = stated_base(change, pct, amount, cur_meta.get("year"), prev_base)
    if base is None:
        return None  # no stated comparison: not a prior-year figure we can place
    if base["kind"] == "other" or (base["kind"] is not None and base["kind"] != pkind):
        return None  # 执行数 / 年初 / another kind of document: not last year's own figure
    if base["kind"] is None and pkind != (cur_meta.get("kind") or "budget"):
        return None  # "比上年" compares like with like: a 决算 with last year's 决算
    if pyear is None or base["year"] != int(pyear):
        return None
    c = change or pct
    subject = change_subject(change, pct, amount)
    key = _key(ctx, c, amount, subject)
    if key is None:
        return None
    p_cells, from_narrative = kf.figures(pctx, key), False
    if not p_cells:
        p_cells, from_narrative = kf.narrative_figures(pctx, key), True
    if not p_cells:
        return None
    cur_cells = kf.figures(ctx, key) or ([] if amount is not None else kf.narrative_figures(ctx, key))
    a_ivs = ([_claim_iv(amount)] if amount is not None and amount.is_money else []) \
        + _ivs(cur_cells)
    if not a_ivs:
        return None
    return _Tie(c, change, pct, amount, base, inherited, subject, key, p_cells, from_narrative,
                cur_cells, a_ivs, _doc_desc(pmeta), pkind)


def _key(ctx, c: Claim, amount: Claim | None, subject: str):
    """The figure a change is about: a function code printed before it, else its subject."""
    m = kf.CODE.search(normalize_text(c.sentence)[:c.start])
    if m and amount is not None:
        scope = "fiscal" if re.search(r"财政拨款|一般公共预算", c.section_path or c.section) else "all"
        return ("code", m.group(1), scope)
    return kf.subject_key(subject, c.section_path or c.section, ctx)


def _change_check(ctx, t: _Tie):
    change, base, used = t.change, t.base, t.used
    p0, a0 = t.p_ivs[0], t.a_ivs[0]
    d = exact(0) if change.flat else _claim_iv(change)
    ok = any(d.overlaps(a - p) for a in t.a_ivs for p in t.p_ivs)
    exp_d = (a0 - p0).mid
    said = "持平" if change.flat else (
        f"{'减少' if change.value < 0 else '增加'} {abs(change.value)} {change.unit}")
    cell = t.p_cells[0] if isinstance(t.p_cells[0], Cell) else None
    return ctx.check(
        ok, f"{t.name} 比{base['year']}年{'决算' if t.pkind == 'final' else '预算'}增减",
        stated=Decimal(0) if change.flat else change.value_wan,
        expected=exp_d.quantize(Decimal("0.01")), unit="万元", doubt=t.doubt,
        table=cell.table if cell else None, row=used, column=cell.column if cell else None,
        page=change.page,
        message="" if ok else (
            f"说明称{t.subject or t.name}比{base['year']}年{said}；{used}中该项为 "
            f"{t.p_desc}，本年 {a0.mid:.2f} 万元，应为"
            f"{'减少' if exp_d < 0 else '增加'} {abs(exp_d):.2f} 万元"),
        evidence=t.evidence)


def _rate_check(ctx, t: _Tie):
    pct = t.pct
    sp = printed(pct.value, pct.decimals)
    cands = [ratio_percent(a - p, p) for a in t.a_ivs for p in t.p_ivs]
    ok = any(sp.overlaps(x) for x in cands)
    best = min(cands, key=lambda x: abs(x.mid - pct.value))
    exp_p = cands[0]
    return ctx.check(
        ok, f"{t.name} 比{t.base['year']}年增减率", stated=pct.value, doubt=t.doubt,
        expected=exp_p.mid.quantize(Decimal("0.01")), unit="%",
        miss=None if ok else ulps_outside(sp, best, pct.decimals),
        row=t.used, page=pct.page,
        message="" if ok else (
            f"说明称{t.subject or t.name}比{t.base['year']}年变动 {pct.value}%；按{t.used}的 "
            f"{t.p_desc} 与本年 {t.a_ivs[0].mid:.2f} 万元复算为 {exp_p.mid:.2f}%"),
        evidence=t.evidence)


def prior_checks(current, prior) -> list[Check]:
    """YEAR-PRIOR-TIE on ``current`` against ``prior`` (Extractions or AuditInputs)."""
    ai = AuditInput.of(current)
    ai = AuditInput(cells=ai.cells, narrative=ai.narrative, meta=ai.meta, missing=ai.missing,
                    tables=ai.tables, prior=prior)
    return run_rules(ai, ["YEAR-PRIOR-TIE"]).checks
