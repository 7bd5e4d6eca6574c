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
from decimal import Decimal
from pathlib import Path

from .. import keyfigures as kf  # a module: keyfigures itself imports the rules' table view
from ..claims import Claim, normalize_text
from ..claims.changes import change_groups, change_subject, comparison_base
from ..identity import same_unit
from ..interval import Interval, exact, printed, ratio_percent
from ._core import AuditInput, Check, Context, rule, run_rules
from ._tables import Cell, norm

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
    """The interim folder (``<interim_root>/<year-1>/<stem>/``, as written by
    ``budget_audit.extract.save``) of the previous-year document of the unit ``meta`` describes,
    chosen by :func:`find_prior` among the ``document.json`` files found there; None when none
    or ambiguous.  Load it with ``budget_audit.extract.load`` and pass it as
    ``AuditInput.prior``."""
    import json
    try:
        year = int(meta.get("year"))
    except (TypeError, ValueError):
        return None
    folder = Path(interim_root) / str(year - 1)
    cands = []
    for f in sorted(folder.glob("*/document.json")) if folder.is_dir() else []:
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        cands.append((f.parent, {k: m.get(k) for k in ("unit", "year", "kind", "sha256", "file")}))
    hit = find_prior(meta.get("unit") or "", year, cands, kind=meta.get("kind") or "budget",
                     scope=_scope_of(meta))
    return Path(hit[0]) if hit is not None else None


_NARRATIVE_KEYS = ("admin_running", "procurement")


def narrative_figures(ctx: Context, key) -> list[Interval]:
    """The amounts a document's own narrative states for ``key`` (机关运行经费, 政府采购: often
    in no table), this year's only: claims at bracket depth 0 whose sentence before them names
    no other year and no change."""
    if key not in _NARRATIVE_KEYS:
        return []
    from .narrative import _NOT_CURRENT
    year = str((ctx.input.meta or {}).get("year") or "")
    out = []
    for c in ctx.claims:
        if c.kind != "amount" or not c.is_money or c.value is None or c.depth > 0:
            continue
        if _NOT_CURRENT.search(norm(c.subject)) or kf.subject_key(c.subject, c.section) != key:
            continue
        lead = normalize_text(c.sentence)[:c.start]
        if any(y != year for y in re.findall(r"(\d{4})\s*年", lead)):
            continue
        out.append(_claim_iv(c))
    return out


# -- the rule ------------------------------------------------------------------------------------

def _ivs(xs) -> list[Interval]:
    return [x.interval() if isinstance(x, Cell) else x for x in xs]


def _agree(ivs: list[Interval]) -> bool:
    return all(a.overlaps(b) for i, a in enumerate(ivs) for b in ivs[i + 1:])


def _claim_iv(c: Claim) -> Interval:
    from .narrative import claim_interval_wan
    return claim_interval_wan(c)


def _desc(x) -> str:
    if isinstance(x, Cell):
        return f"{x.table} {x.label}「{x.column}」= {x.raw or x.value or 0}"
    return f"{x.mid:.2f}"


def _doc_desc(meta: dict) -> str:
    kind = "决算" if meta.get("kind") == "final" else "预算"
    return f"{meta.get('year')}年{kind}（{meta.get('file') or Path(str(meta.get('path', ''))).name}）"


@rule("YEAR-PRIOR-TIE")
def prior_tie(ctx):
    prior = getattr(ctx.input, "prior", None)
    if prior is None:
        return
    pin = AuditInput.of(prior)
    pctx = Context(pin)
    cur_meta, pmeta = ctx.input.meta or {}, pin.meta or {}
    cur_year = cur_meta.get("year")
    pyear = pmeta.get("year")
    pkind = pmeta.get("kind") or "budget"
    used = _doc_desc(pmeta)
    from .narrative import pct_grade
    if cur_meta.get("kind") == "final" and pkind == "final" and pyear is not None \
            and cur_year is not None and int(pyear) == int(cur_year) - 1:
        # 年初结转和结余 = last year's 年末结转和结余: info only, 决算 may restate the opening
        # balance (以前年度调整), so a difference is a question, not an inconsistency
        begin = kf.side_cell(ctx.table("income_expense_summary"), "收入",
                          ["年初结转和结余", "上年结转和结余", "年初结转结余", "上年结转结余"])
        end = kf.side_cell(pctx.table("income_expense_summary"), "支出", ["年末结转和结余", "年末结转结余"])
        if begin is not None and end is not None and (begin.value is not None or end.value is not None):
            bi = begin.interval() if begin.value is not None else exact(0)
            ei = end.interval() if end.value is not None else exact(0)
            ok = bi.overlaps(ei)
            yield ctx.check(
                ok, "年初结转和结余 = 上年年末结转和结余", stated=begin.amount() or Decimal(0),
                expected=end.amount() or Decimal(0), unit="万元", severity="info",
                table="income_expense_summary", row=used, column=begin.column, page=begin.page,
                message="" if ok else (f"本年年初结转和结余 {begin.raw or 0} 万元，{used}年末结转和结余 "
                                       f"{end.raw or 0} 万元（差额可能来自以前年度调整，请核对说明）"),
                evidence=f"income_expense_summary 年初 {begin.raw or 0}; {used} 年末 {end.raw or 0}")
    prev_base = {}
    for change, pct, amount in change_groups(ctx.claims):
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
        if base is None:
            continue  # no stated comparison: not a prior-year figure we can place
        if base["kind"] == "other" or (base["kind"] is not None and base["kind"] != pkind):
            continue  # 执行数 / 年初 / another kind of document: not last year's own figure
        if base["kind"] is None and pkind != (cur_meta.get("kind") or "budget"):
            continue  # "比上年" compares like with like: a 决算 with last year's 决算
        if pyear is None or base["year"] != int(pyear):
            continue
        subject = change_subject(change, pct, amount)
        key = None
        m = kf.CODE.search(s_norm[:c.start])
        if m and amount is not None:
            scope = "fiscal" if re.search(r"财政拨款|一般公共预算", c.section_path or c.section) \
                else "all"
            key = ("code", m.group(1), scope)
        if key is None:
            key = kf.subject_key(subject, c.section_path or c.section, ctx)
        if key is None:
            continue
        p_cells = kf.figures(pctx, key)
        from_narrative = False
        if not p_cells:
            p_cells = narrative_figures(pctx, key)
            from_narrative = True
        if not p_cells:
            continue
        p_ivs = _ivs(p_cells)
        cur_cells = kf.figures(ctx, key) or ([] if amount is not None else narrative_figures(ctx, key))
        a_ivs = ([_claim_iv(amount)] if amount is not None and amount.is_money else []) \
            + _ivs(cur_cells)
        if not a_ivs:
            continue
        doubts = [why for bad, why in (
            (base["kind"] != pkind, "句中未写明所比的是上年预算还是决算，或与所用上年文件不同"),
            (inherited, "比较基数沿用前句"),
            (not _agree(p_ivs), "上年文件各表所列该数不一致"),
            (amount is None and not _agree(_ivs(cur_cells)), "本年各表所列该数不一致")) if bad]
        sev, doubt = ctx.severity, "；".join(doubts)
        p_desc = (f"说明所述 {p_ivs[0].mid:.2f} 万元" if from_narrative else _desc(p_cells[0]))
        name = kf.KEY_NAMES.get(key) if not isinstance(key, tuple) else (
            p_cells[0].label if isinstance(p_cells[0], Cell) else key[1])
        p0 = p_ivs[0]
        a0 = a_ivs[0]
        where = f"上年文件：{used}"
        if change is not None:
            d = exact(0) if change.flat else _claim_iv(change)
            ok = any(d.overlaps(a - p) for a in a_ivs for p in p_ivs)
            exp_d = (a0 - p0).mid
            said = "持平" if change.flat else (
                f"{'减少' if change.value < 0 else '增加'} {abs(change.value)} {change.unit}")
            yield ctx.check(
                ok, f"{name} 比{base['year']}年{'决算' if pkind == 'final' else '预算'}增减",
                stated=Decimal(0) if change.flat else change.value_wan,
                expected=exp_d.quantize(Decimal("0.01")), unit="万元", severity=sev, doubt=doubt,
                table=p_cells[0].table if isinstance(p_cells[0], Cell) else None,
                row=used, column=p_cells[0].column if isinstance(p_cells[0], Cell) else None,
                page=change.page,
                message="" if ok else (
                    f"说明称{subject or name}比{base['year']}年{said}；{used}中该项为 "
                    f"{p_desc}，本年 {a0.mid:.2f} 万元，应为"
                    f"{'减少' if exp_d < 0 else '增加'} {abs(exp_d):.2f} 万元"),
                evidence=f"{c.sentence} ‖ {where}，{p_desc}")
        if pct is not None and pct.value is not None and all(p.lo > 0 for p in p_ivs):
            sp = printed(pct.value, pct.decimals)
            cands = [ratio_percent(a - p, p) for a in a_ivs for p in p_ivs]
            ok = any(sp.overlaps(x) for x in cands)
            grade_sev = sev
            if not ok:
                best = min(cands, key=lambda x: abs(x.mid - pct.value))
                _, grade_sev = pct_grade(sp, best, pct.decimals, sev)
            exp_p = cands[0]
            yield ctx.check(
                ok, f"{name} 比{base['year']}年增减率", stated=pct.value,
                expected=exp_p.mid.quantize(Decimal("0.01")), unit="%", severity=grade_sev,
                doubt=doubt,
                row=used, page=pct.page,
                message="" if ok else (
                    f"说明称{subject or name}比{base['year']}年变动 {pct.value}%；按{used}的 "
                    f"{p_desc} 与本年 {a0.mid:.2f} 万元复算为 {exp_p.mid:.2f}%"),
                evidence=f"{c.sentence} ‖ {where}，{p_desc}")


def prior_checks(current, prior) -> list[Check]:
    """YEAR-PRIOR-TIE on ``current`` against ``prior`` (Extractions or AuditInputs)."""
    ai = AuditInput.of(current)
    ai = AuditInput(cells=ai.cells, narrative=ai.narrative, meta=ai.meta, missing=ai.missing,
                    tables=ai.tables, prior=prior)
    return run_rules(ai, ["YEAR-PRIOR-TIE"]).checks
