"""Subject codes (科目编码): each code under its printed parent, a valid class, no code twice in
one table, one name per code across the document's tables.

Only tables whose codes are 功能分类 (2xx, 3/5/7 digits) or 经济分类 (3xx/5xx, 3/5 digits, and
7-digit 目 codes where a province prints them: 3010201 规范性津补贴) codes are judged; unit and
project codes (129001, 42010323129T…) have no such structure.  A finding is an error only when
the table's structure is verified (extract.prove); otherwise a warning.
"""
from __future__ import annotations

import re

from ..tableview import TableView, norm, subject_class
from ._core import rule

_LENGTHS = {"function": (3, 5, 7), "economic": (3, 5, 7)}


def _family(t: TableView) -> str | None:
    """'function' / 'economic' when most of the table's class-level (3-digit) codes say so (a
    mistyped class such as 710 must not hide the table from the checks)."""
    coded = [r.code for r in t.rows if r.code.isdigit()]
    if sum(len(c) == 6 or len(c) > 7 for c in coded) * 2 >= len(coded) > 0:
        return None  # mostly unit codes (201 中共西安市委宣传部 → 201001, 201002 …)
    classes = [subject_class(c) for c in coded if len(c) == 3]
    fun, eco = classes.count("function"), classes.count("economic")
    if fun and fun * 2 > len(classes) and not eco:
        return "function"
    if eco and eco * 2 > len(classes) and not fun:
        return "economic"
    return None


def _page(row):
    return next((c.page for c in row.cells.values()), None)


def _row_finding(ctx, tid: str, r, what: str, message: str, evidence: str):
    """A failed check on one coded row of a table."""
    return ctx.check(False, f"{tid} {r.code} {what}", table=tid, row=r.label, page=_page(r),
                     message=message, evidence=evidence)


def _coded_tables(ctx):
    for tid in ctx.table_ids():
        if tid.startswith("perf_"):
            continue
        t = ctx.table(tid)
        if t is None:
            continue
        fam = _family(t)
        if fam:
            yield tid, t, fam


def _segments(t: TableView, fam: str) -> list[list]:
    """The table's coded rows split at unit rows (a code outside the family, e.g. 129001, or
    an uncoded row with amounts that is not the total): a multi-unit table repeats its subject
    codes once per unit."""
    segs: list[list] = []
    for half in _halves(t):
        segs.append([])
        for r in half:
            if not r.code:
                if segs[-1] and not r.is_total and any(c.value is not None
                                                       for c in r.cells.values()):
                    segs.append([])
                continue
            if r.code.isdigit() and len(r.code) in _LENGTHS[fam] and r.code[0] in "235":
                segs[-1].append(r)
            elif segs[-1]:
                segs.append([])
    return [s for s in segs if s]


def _halves(t: TableView) -> list[list]:
    """Rows grouped by the columns they fill, in order: a table printed as side-by-side
    halves (决算 基本支出表: 人员经费 | 公用经费) is several code sequences.  Rows whose name
    starts with a digit are left out: the code and name columns were not told apart."""
    groups: dict[tuple, list] = {}
    rank: dict[int, int] = {}
    for r in t.rows:
        # the k-th labelled row of one printed row belongs to the k-th half
        k = rank.get(r.index, 0)
        rank[r.index] = k + 1
        if r.code and (not r.name.strip() or re.match(r"^\d", r.name)):
            continue  # a code with no label of its own (类|款 columns read apart)
        groups.setdefault((k, tuple(sorted(r.cells))), []).append(r)
    return list(groups.values())


@rule("CODE-PARENT")
def parent(ctx):
    """A 款 code follows its own 类, a 项 code its own 款 (2010302 after 20103 after 201)."""
    for tid, t, fam in _coded_tables(ctx):
        for seg in _segments(t, fam):
            lengths = {len(r.code) for r in seg}
            last: dict[int, str] = {}
            bad = 0
            for r in seg:
                n = len(r.code)
                up = max((m for m in lengths if m < n), default=None)
                # a parent that is no valid code at all is CODE-VALID's finding, not its children's
                if (up is not None and up in last and not r.code.startswith(last[up])
                        and not _invalid(last[up], fam)):
                    bad += 1
                    yield _row_finding(
                        ctx, tid, r, "上级科目",
                        f"科目编码 {r.code}（{r.name}）列在上级科目 {last[up]} 之下，编码前缀不符",
                        f"{tid}: … {last[up]} … {r.code} {r.name}")
                last[n] = r.code
                for m in [m for m in last if m > n]:
                    del last[m]
            if not bad and len(lengths) > 1:
                yield ctx.check(True, f"{tid} 科目层级编码", table=tid)


_FUNCTION_CLASSES = {f"2{n:02d}" for n in range(1, 35)} | {"299"}
_ECON_CLASSES = {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399",
                 *(f"5{n:02d}" for n in range(1, 15)), "599"}


def _invalid(code: str, fam: str) -> str:
    """Why ``code`` cannot be a code of the family, '' when it can."""
    if not code.isdigit() or len(code) not in _LENGTHS[fam]:
        return f"长度 {len(code)} 位，不是3/5/7位"
    classes = _FUNCTION_CLASSES if fam == "function" else _ECON_CLASSES
    if code[:3] not in classes:
        return f"类级编码 {code[:3]} 不是{'支出功能' if fam == 'function' else '经济'}分类的类"
    return ""


@rule("CODE-VALID")
def valid(ctx):
    """Every coded row of a 功能/经济 table carries a code of that family."""
    for tid, t, fam in _coded_tables(ctx):
        # unit codes (129, 129001) and project codes in a multi-unit table are not subject codes
        units = [r.code for r in t.rows if len(r.code) == 6 or len(r.code) > 7]
        bad = 0
        for r in t.rows:
            if (not r.code or any(u.startswith(r.code) for u in units)
                    or not r.name.strip() or re.match(r"^\d", r.name)):
                continue
            if len(r.code) == 2 and r.code.isdigit():
                continue  # 款/项 printed relative to their 类 in 类|款|项 columns (201 / 05 / 01)
            reason = _invalid(r.code, fam)
            if reason:
                bad += 1
                yield _row_finding(
                    ctx, tid, r, "编码",
                    f"“{r.name}”的编码 {r.code} 不是有效的"
                    f"{'支出功能' if fam == 'function' else '经济'}分类科目编码（{reason}）",
                    f"{tid}: {r.code} {r.name}")
        if not bad:
            yield ctx.check(True, f"{tid} 科目编码有效", table=tid)


def _paired_classifications(ctx, tid: str) -> bool:
    """The table prints two classifications side by side (部门预算经济分类 | 政府预算经济分类,
    each with its codes and names): every row of the first maps onto a code of the second, so
    the second's codes repeat by design."""
    frame = getattr((ctx.input.tables or {}).get(tid), "frame", None)
    if frame is None:
        return False
    cols = [str(c) for c in frame.columns]
    labels = sum("名称" in c or c.endswith("科目") for c in cols)
    # a second code group reads as a repeated header: 科目编码/类 … 科目编码/类~2
    return labels >= 2 or any(("编码" in c or "代码" in c) and "~" in c for c in cols)


@rule("CODE-REPEAT")
def repeat(ctx):
    """No subject code twice within one unit's part of a table."""
    for tid, t, fam in _coded_tables(ctx):
        if _paired_classifications(ctx, tid):
            continue
        bad = 0
        for seg in _segments(t, fam):
            seen: dict[str, object] = {}
            for r in seg:
                if r.code in seen:
                    bad += 1
                    first = seen[r.code]
                    yield _row_finding(
                        ctx, tid, r, "重复",
                        f"科目编码 {r.code} 在同一表中出现两次（“{first.name}”与“{r.name}”）",
                        f"{tid}: rows {first.index} and {r.index}")
                else:
                    seen[r.code] = r
        if not bad:
            yield ctx.check(True, f"{tid} 科目编码不重复", table=tid)


def _name_keys(name: str) -> set[str]:
    """The name's comparable forms: each label of a "/"-joined multi-column label."""
    out = set()
    for part in str(name).split("/"):
        s = re.sub(r"\((类|款|项)\)", "", norm(part))
        s = re.sub(r"[()（）、,，.．·:：\"“”'‘’]", "", s)
        if s:
            out.add(s)
    return out


def _same_name(a: set[str], b: set[str]) -> bool:
    return any(x == y or x.startswith(y) or y.startswith(x) for x in a for y in b)


@rule("CODE-NAME")
def one_name(ctx):
    """One code, one name across the document's tables (a wrapped or shortened name that is
    a prefix of the other is the same name)."""
    names: dict[str, list] = {}
    for tid, t, fam in _coded_tables(ctx):
        for seg in _segments(t, fam):
            for r in seg:
                key = _name_keys(r.name)
                if key:
                    names.setdefault(r.code, []).append((tid, r, key))
    for code, uses in sorted(names.items()):
        base_tid, base, bkey = uses[0]
        for tid, r, key in uses[1:]:
            if _same_name(key, bkey):
                continue
            # a table of unknown kind may carry unit or project codes, not subject codes
            unknown = [t for t in (base_tid, tid) if t.startswith("other")]
            yield ctx.check(
                False, f"{code} 科目名称", table=tid, tables=(base_tid,), row=r.label,
                doubt=f"{'、'.join(unknown)} 的表格种类未识别" if unknown else "",
                page=_page(r),
                message=f"科目编码 {code} 在 {base_tid} 中名为“{base.name}”，在 {tid} 中名为"
                        f"“{r.name}”",
                evidence=f"{base_tid}: {code} {base.name}; {tid}: {code} {r.name}")
            break
        else:
            if len({u[0] for u in uses}) > 1:
                yield ctx.check(True, f"{code} 科目名称一致")
