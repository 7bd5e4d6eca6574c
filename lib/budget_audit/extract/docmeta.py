"""Document facts: the body's name, the year and the kind (budget / final)."""
from __future__ import annotations

import re
from collections import Counter

from ..tablemap import normalize_title

__all__ = ["doc_meta"]

_NAME_KEYS = re.compile(r"(预算主管部门|预算单位|编制部门|编制单位|部门名称|单位名称|部门)[：:]\s*([^\s：:]{3,40}?)(?:\s|单位[：:]|$)")
_YEAR = re.compile(r"(20\d\d)\s*年")


def doc_meta(lines_by_page: dict, table_titles: list[str], table_ctx_text: str) -> dict:
    pages = sorted(lines_by_page)
    cover_lines = []
    for p in pages[:3]:
        cover_lines += [l.text for l in lines_by_page[p]]
        if len("".join(cover_lines)) > 40:
            break
    cover = "".join(cover_lines)
    all_text = " ".join(l.text for p in pages for l in lines_by_page[p])
    # kind
    fin = sum("决算" in t for t in table_titles)
    kind = "final" if (fin > len(table_titles) / 2 if table_titles else "决算" in cover[:200]) else "budget"
    if not table_titles and "决算" in cover[:200] and "预算" not in cover[:200]:
        kind = "final"
    # year: the first '20xx年' on the cover that is followed by 度/预算/决算/部门 …
    year = None
    m = re.search(r"(20\d\d)\s*年(度)?\s*(区级|省级|市级)?\s*(部门|单位|预算|决算)", cover)
    if m:
        year = int(m.group(1))
    else:
        ys = Counter(int(y) for y in _YEAR.findall(" ".join(table_titles) + " " + all_text[:5000]))
        year = ys.most_common(1)[0][0] if ys else None
    # unit (the body): labelled name on the cover, cover title before the year, labelled
    # name above the tables, then "<name>20xx年度部门预算" anywhere
    unit = ""
    head = "".join(cover_lines[:3])
    line_text = "\n".join(l.text.replace(" ", "") for p in pages for l in lines_by_page[p])
    sources = [
        (_NAME_KEYS.finditer("\n".join(cover_lines)), 2),
        (re.finditer(r"^\s*([^\d、，。：:]{2,40}?)\s*(20\d\d)\s*年", head), 1),
        (_NAME_KEYS.finditer(table_ctx_text), 2),
        (re.finditer(r"([^\s\d、，。：:（）()]{2,30}?)\s*20\d\d\s*年度?\s*(部门|单位)?(预算|决算)", all_text.replace(" ", "")), 1),
        (_NAME_KEYS.finditer(all_text[:20000]), 2),
        (re.finditer(r"^([^\s\d、，。：:（）()]{3,30}?)20\d\d年度?(收入|支出|部门|预算|决算)", line_text, re.M), 1),
    ]
    for it, grp in sources:
        for m in it:
            cand = normalize_title(m.group(grp)).strip("（）")
            if len(cand) >= 3 and not re.search(r"(目录|部分|^第|年度|^本|^[一二三四五六七八九十]+、)", cand):
                unit = cand
                break
        if unit:
            break
    unit = normalize_title(unit).strip("（）")
    return {"unit": unit, "year": year, "kind": kind}
