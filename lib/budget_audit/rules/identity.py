"""The document's identity as it prints it: every year in its headings, table titles and
"截至…" dates fits the year and kind (预算 / 决算) the document is about.

The document's year and kind come from ``meta`` (budget_audit.identity); this rule only
reads them.  An error needs the year to be confirmed by the document itself (at least two
headings or table titles print it); otherwise the finding is a warning.
"""
from __future__ import annotations

import re

from ..claims import section_title
from ..text import normalize_text
from ._core import rule

# "2024年（度）…部门预算" – a year that names the budget or final accounts a title is about;
# "2023年预算执行情况" and "上年/比…" comparisons are about another year by design
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*度?(?P<mid>[^，。；,;：:0-9]{0,24}?)(?P<k>预算|决算)")
_OTHER_BASE = re.compile(r"执行|调整|上年|比|较|与|对比|同比|以前|结转")
_AS_OF = re.compile(r"截[至止]\s*((?:19|20)\d\d)\s*年\s*(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|年?底|年?末)")
_KIND_WORD = {"budget": "预算", "final": "决算"}


def titles(ctx):
    """(where, text, page) of every heading and table title."""
    for sec in ctx.input.narrative or []:
        t = section_title(sec)
        if t:
            yield "标题", t, sec.get("page") if isinstance(sec, dict) else None
    for tid, info in (ctx.input.tables or {}).items():
        t = getattr(info, "title", "") or ""
        if t:
            pages = getattr(info, "pages", None) or [None]
            yield f"报表 {tid} 标题", t, pages[0]


def _sentences(ctx):
    for sec in ctx.input.narrative or []:
        for s in sec.get("sentences", []) or []:
            text = s.get("text", "") if isinstance(s, dict) else str(s)
            yield section_title(sec), text, s.get("page") if isinstance(s, dict) else None


def _confirmed(ctx, year: int) -> bool:
    """The document's year is printed in two or more titles: headings, table titles or the
    entries of its own 目录 (a 目录 page is not narrative, but it names the parts)."""
    toc = [e.get("title", "") for e in (ctx.input.meta or {}).get("toc") or []]
    n = 0
    for text in [t for _, t, _ in titles(ctx)] + toc:
        n += any(int(m.group(1)) == year for m in _TITLE_YEAR.finditer(normalize_text(text)))
    return n >= 2


@rule("DOC-YEARS")
def years(ctx):
    meta = ctx.input.meta or {}
    year, kind = meta.get("year"), meta.get("kind")
    if not isinstance(year, int) or kind not in _KIND_WORD:
        return
    word = _KIND_WORD[kind]
    doubt = "" if _confirmed(ctx, year) else f"文件年度 {year} 未得到两处以上标题印证"
    found = False
    for where, text, page in titles(ctx):
        t = normalize_text(text)
        for m in _TITLE_YEAR.finditer(t):
            y = int(m.group(1))
            if y == year or m.group("k") != word or _OTHER_BASE.search(m.group("mid")):
                continue
            if _OTHER_BASE.search(t[m.end():m.end() + 6]):
                continue
            found = True
            yield ctx.check(False, f"{where}年度", stated=y, expected=year, doubt=doubt,
                            page=page, row=where,
                            message=f"{where}“{text.strip()[:40]}”写作 {y} 年{word}，"
                                    f"本文件为 {year} 年{word}",
                            evidence=text.strip()[:120])
    # 截至 dates: a 决算 reports the year's end; a 预算 is prepared in the year before
    lo, hi = (year, year + 1) if kind == "final" else (year - 1, year)
    for title, text, page in _sentences(ctx):
        for m in _AS_OF.finditer(normalize_text(text)):
            y = int(m.group(1))
            if lo <= y <= hi:
                continue
            found = True
            yield ctx.check(False, "截至日期年度", stated=y, expected=year, doubt=doubt,
                            page=page, row=title,
                            message=f"“{m.group(0)}”与 {year} 年{word}不符"
                                    f"（应为 {lo}{'' if lo == hi else f'–{hi}'} 年）",
                            evidence=text[max(0, m.start() - 10):m.end() + 20])
    if not found:
        yield ctx.check(True, "标题与日期的年度")


# "部门名称：深圳市水务局  单位：万元" printed above each table
_NAME_LINE = re.compile(r"(?P<w>部门|单位)名称\s*[:：]\s*(?P<n>[\u4e00-\u9fff（）()]{2,40}?)"
                        r"(?=\s*(?:金额)?单位\s*[:：]|\s|$|保密|编制|[,，。；;])")


@rule("DOC-NAME")
def body_name(ctx):
    """The body named above the tables ("部门名称：…") is the same body every time."""
    from ..claims import ORG_SUFFIX
    seen: dict[tuple, list] = {}
    for _title, text, page in list(_sentences(ctx)) + [(w, t, p) for w, t, p in titles(ctx)]:
        for m in _NAME_LINE.finditer(normalize_text(text)):
            name = m.group("n")
            if ORG_SUFFIX.search(name) or name.endswith(("）", ")")):
                seen.setdefault((m.group("w"), name), []).append(page)
    for word in ("部门", "单位"):
        names = {n: pages for (w, n), pages in seen.items() if w == word}
        if len(names) < 1:
            continue
        main = max(names, key=lambda n: (len(names[n]), n))
        odd = {n: p for n, p in names.items() if not (n in main or main in n)}
        for n, pages in sorted(odd.items()):
            # one odd body named once against three or more: a slip, not a unit's own table
            sure = len(names[main]) >= 3 and len(pages) == 1 and len(odd) == 1
            yield ctx.check(
                False, f"{word}名称 {n}", doubt="" if sure else "可能是下属单位的报表",
                page=pages[0], stated=None,
                message=(f"第 {pages[0]} 页表头“{word}名称：{n}”与其余 {len(names[main])} 处"
                         f"“{main}”不同"),
                evidence=f"{word}名称：{n}")
        yield ctx.check(True, f"{word}名称一致", evidence=main)
