"""The body the document is about (meta["body"], voted by budget_audit.identity) is the body its
cover, headings, table titles and tables' unit-name columns name (meta["body_names"]).

A shorter form of the name (市交通运输局, 省政协, a name cut by a line break) or a contraction
(西安市科技局 for 西安市科学技术局) is the same body.  The same office of another place or level
("上海市规划和自然资源局" in a document of 上海市普陀区规划和自然资源局, or another district's) is a
template leftover or a slip.  Another body altogether is left alone in the tables and the
narrative (a department's units) and is a warning in a title."""
from __future__ import annotations

import re

from ..claims import section_title
from ._core import rule

_REGION = re.compile(r"^(?:中共)?(?:[\u4e00-\u9fff]{2,4}?(?:省|自治区|市|区|县|旗|州))+")
_SELF = ("cover", "titles")  # where the document names itself
_WHERE = {"cover": "封面", "titles": "标题", "tables": "报表的单位名称", "narrative": "说明文字"}


def _region_and_tail(name: str) -> tuple[str, str]:
    m = _REGION.match(name)
    return (m.group(0), name[m.end():]) if m else ("", name)


def _contraction(short: str, full: str) -> bool:
    """`short`'s characters appear in `full` in order (科技局 in 科学技术局)."""
    it = iter(full)
    return all(ch in it for ch in short)


def _same_body(name: str, main: str) -> bool:
    if name in main or main in name:
        return True
    region, tail = _region_and_tail(name)
    m_region, m_tail = _region_and_tail(main)
    if tail == m_tail and region != m_region:
        return False  # the same office of another place or level
    return _contraction(name, main) and not (region and m_region and region != m_region)


def _page(ctx, name: str):
    for info in (ctx.input.tables or {}).values():
        if name in (getattr(info, "title", "") or ""):
            return (getattr(info, "pages", None) or [None])[0]
    for sec in ctx.input.narrative or []:
        if name in (section_title(sec) or ""):
            return sec.get("page")
    return None


@rule("DOC-BODY-NAME")
def body_names(ctx):
    meta = ctx.input.meta or {}
    main = meta.get("body") or ""
    votes = meta.get("body_names") or {}
    if len(main) < 3 or not votes:
        return
    # the document's own name is confirmed by its cover and at least three headings or titles
    confirmed = bool((votes.get("cover") or {}).get(main)) and \
        (votes.get("titles") or {}).get(main, 0) >= 3
    found = False
    for src, names in votes.items():
        for name, n in sorted((names or {}).items()):
            if name == main or _same_body(name, main):
                continue
            tail_same = _region_and_tail(name)[1] == _region_and_tail(main)[1]
            if src not in _SELF and not tail_same:
                continue  # a unit of the department, in its tables or narrative
            found = True
            doubt = ("可能是另一机构的内容" if not tail_same else
                     "封面与三处以上标题未能印证本文件名称" if not confirmed else
                     "该名称出现不止一处" if n > 1 else
                     "见于报表或说明文字" if src not in _SELF else "")
            what = "同一职能的另一地区或层级的机构" if tail_same else "另一机构"
            yield ctx.check(
                False, f"机构名称 {name}", doubt=doubt,
                page=_page(ctx, name), row=_WHERE.get(src, src),
                message=f"{_WHERE.get(src, src)}中写作“{name}”（{what}），本文件为“{main}”",
                evidence=f"{src}: {name} ×{n}; {main}")
    if not found:
        yield ctx.check(True, "机构名称一致", evidence=main)
