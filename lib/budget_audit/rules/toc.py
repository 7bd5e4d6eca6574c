"""The document's own promises in its 目录 (meta["toc"], budget_audit.toc): every table it
lists is in the document, in the same order and under the same title; its numbering has no
gaps; a 报表目录 that marks a table 空表 (or not) matches the table."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..toc import squash
from ._core import rule

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
# words that name a particular table; an entry without any ("部门预算表", "预算公开表",
# "公开报表") is the heading of the tables' part
_SPECIFIC = re.compile(r"收|支|拨款|三公|采购|基金|资本|项目|绩效|经费|服务|结转|资产")
_IS_TABLE = re.compile(r"表(?:[（(][^）)]*[）)])?$")
_MATCH = 0.6


def _cn_int(s: str) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGITS.get(a, 1) if a else 1
        return tens * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s) if len(s) == 1 else None


def _style_value(number: str) -> tuple[str, int | None]:
    """('part'|'cn'|'paren'|'arabic'|'table', value) of a TOC entry's number."""
    n = number.rstrip(":：.．、")
    if n.startswith("第"):
        return "part", _cn_int(n[1:-2])
    if n.startswith(("表", "附表")):
        m = re.search(r"\d+", n)
        return "table", int(m.group()) if m else None
    if n[:1] in "（(":
        return "paren", _cn_int(n.strip("（()）"))
    if n[:1].isdigit():
        return "arabic", int(re.match(r"\d+", n).group())
    return "cn", _cn_int(n)


def _key(ctx, title: str) -> str:
    """A title without spaces, years, quotes, and the body's own name."""
    t = squash(title)
    t = re.sub(r"(?:19|20)\d\d年度?", "", t)
    t = re.sub(r"[“”\"'‘’]", "", t)
    meta = ctx.input.meta or {}
    for name in sorted({meta.get("body") or "", meta.get("unit") or ""}, key=len, reverse=True):
        if len(name) >= 3:
            t = t.replace(squash(name), "")
    return t


def _table_entries(toc: list[dict]) -> list[dict]:
    return [e for e in toc if e.get("title") and not e["number"].startswith("第")
            and _IS_TABLE.search(squash(e["title"])) and _SPECIFIC.search(e["title"])
            and not e["title"].endswith("说明")]


def _first_page(info) -> int:
    return min(getattr(info, "pages", None) or [10 ** 6])


def _match(ctx, entries: list[dict]) -> list[tuple[dict, str | None, float]]:
    """Each table entry with the table it names (or None) and how alike the titles are."""
    tables = {tid: _key(ctx, getattr(t, "title", "") or "")
              for tid, t in (ctx.input.tables or {}).items()}
    used: set = set()
    out = []
    for e in entries:
        k = _key(ctx, e["title"])
        best, score = None, 0.0
        for tid, kt in tables.items():
            if not kt:
                continue
            s = 1.0 if (k in kt or kt in k) else SequenceMatcher(None, k, kt).ratio()
            s -= 0.01 * (tid in used)  # an unused table first: titles repeat ("…支出表")
            if s > score:
                best, score = tid, s
        if score >= _MATCH:
            used.add(best)
            out.append((e, best, score))
        else:
            out.append((e, None, score))
    return out


@rule("COMP-TOC-TABLES")
def toc_tables(ctx):
    meta = ctx.input.meta or {}
    entries = _table_entries(meta.get("toc") or [])
    if not entries:
        return
    matched = _match(ctx, entries)
    found = [(e, tid) for e, tid, _ in matched if tid]
    absent = [e for e, tid, _ in matched if tid is None]
    # certain only when the document holds its other tables, prints this title nowhere, and
    # every page was read from text
    unread = (meta.get("scanned_pages") or meta.get("unreadable_pages")
              or meta.get("image_engine_pages"))
    if absent:
        names = "、".join(f"{e['number']}{e['title']}" for e in absent[:6])
        doubt = ("文件中有未能按文字读取的页面" if unread else
                 "文件中多张所列报表均未找到，可能另册公开" if len(absent) > 2 else
                 "文件正文仍出现该标题" if any(e.get("elsewhere") for e in absent) else
                 "文件中识别出的报表不足三张" if len(found) < 3 else "")
        yield ctx.check(False, "目录所列报表", doubt=doubt,
                        page=absent[0].get("page"), stated=len(entries),
                        expected=len(found),
                        message=f"目录列出 {len(entries)} 张报表，其中 {len(absent)} 张未在文件中找到："
                                f"{names}{'等' if len(absent) > 6 else ''}",
                        evidence=names)
    else:
        yield ctx.check(True, "目录所列报表", evidence=f"{len(entries)} 张")
    # order: the tables follow the 目录's order
    pages = [(e, tid, _first_page(ctx.input.tables[tid])) for e, tid in found]
    for (e1, t1, p1), (e2, t2, p2) in zip(pages, pages[1:]):
        if p2 < p1:
            yield ctx.check(False, "目录顺序", sub="order", table=t2, page=p2,
                            message=f"目录中“{e1['number']}{e1['title']}”在"
                                    f"“{e2['number']}{e2['title']}”之前，"
                                    f"但报表分别印在第 {p1} 页和第 {p2} 页",
                            evidence=f"{t1} p{p1}; {t2} p{p2}")
            break
    else:
        if len(pages) > 1:
            yield ctx.check(True, "目录顺序")
    # titles: the 目录 and the table say the same (years, spaces and the body's name aside)
    differ = [(e, tid) for e, tid, s in matched if tid and s < 1.0]
    if differ:
        pairs = "；".join(f"目录“{e['title']}”/报表“{ctx.input.tables[tid].title}”"
                         for e, tid in differ[:4])
        yield ctx.check(False, "目录标题与报表标题", sub="titles", table=differ[0][1],
                        page=_first_page(ctx.input.tables[differ[0][1]]),
                        message=f"{len(differ)} 张报表的标题与目录所列不同：{pairs}"
                                f"{'等' if len(differ) > 4 else ''}",
                        evidence=pairs)
    elif found:
        yield ctx.check(True, "目录标题与报表标题")


@rule("COMP-TOC-NUMBERING")
def toc_numbering(ctx):
    """Numbers run 1, 2, 3… within each level; a higher level restarts (or continues) them."""
    toc = (ctx.input.meta or {}).get("toc") or []
    depth: dict[str, int] = {}
    last: dict[str, int] = {}
    before_reset: dict[str, int] = {}
    bad = None
    for e in toc:
        style, v = _style_value(e["number"])
        if v is None:
            continue
        depth.setdefault(style, len(depth))
        for s in [s for s in last if depth[s] > depth[style]]:
            before_reset[s] = last.pop(s)
        prev = last.get(style)
        ok = v == prev + 1 if prev is not None else v in (1, before_reset.get(style, 0) + 1)
        if not ok and bad is None:
            bad = (e, prev, v)
        last[style] = v
    if not toc:
        return
    if bad:
        e, prev, v = bad
        after = f"编号 {prev} 之后" if prev is not None else "该级编号开头"
        yield ctx.check(False, "目录编号", page=e.get("page"),
                        message=f"目录{after}是“{e['number']}{e['title']}”（第 {v} 项），"
                                "编号不连续",
                        evidence=f"{e['number']}{e['title']}")
    else:
        yield ctx.check(True, "目录编号", evidence=f"{len(toc)} 项")


@rule("COMP-TOC-EMPTY")
def toc_empty_marks(ctx):
    """A 报表目录 that says 是否空表 for each 表N: the table printed on 表N's page agrees."""
    marks = [e for e in (ctx.input.meta or {}).get("toc") or [] if "empty" in e]
    for e in marks:
        pages = e.get("elsewhere") or []
        tids = [tid for tid, t in (ctx.input.tables or {}).items()
                if pages and _first_page(t) == pages[0]]
        if len(pages) != 1 or len(tids) != 1:
            continue  # 表N is not printed once on a page of its own table: no reading is sure
        tid = tids[0]
        t = ctx.table(tid)
        amounts = [c for r in (t.rows if t is not None else []) for c in r.cells.values()
                   if c.value is not None and c.value != 0]
        ok = not amounts if e["empty"] else bool(amounts)
        said = "空表" if e["empty"] else "非空表"
        first = amounts[0] if amounts else None
        yield ctx.check(
            ok, f"报表目录 {e['number']} {said}", table=tid, page=pages[0],
            row=first.label if first else None, column=first.column if first else None,
            message="" if ok else (
                f"报表目录标{e['number']}为{said}" + (f"（{e['reason']}）" if e.get("reason") else "")
                + (f"，但第 {pages[0]} 页的{e['number']}“{getattr(ctx.input.tables[tid], 'title', '')}”"
                   f"有 {len(amounts)} 个非零金额（如 {first.label}「{first.column}」= {first.raw}）"
                   if e["empty"] else f"，但第 {pages[0]} 页的该表没有任何金额")),
            evidence=f"{e['number']} {'是' if e['empty'] else '否'} {e.get('reason', '')}".strip())
