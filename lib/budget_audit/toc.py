"""The document's own table of contents (目录 / 报表目录), read from the text layer.

A TOC page starts with a line "目录" (or "目 录", "…预算目录"); its entries are the lines after
it that begin with a number (第一部分, 一、, （一）, 1., 1、, 表1, 表 1：), with leader dots and
page numbers removed and a wrapped line joined to its entry.  The TOC continues onto the next
page when that page holds entries only.  Each entry is
``{"number", "title", "page", "elsewhere"}``: ``elsewhere`` lists the later pages whose text
contains the title (spaces ignored), the evidence a rule needs before saying an entry is absent
(for an entry that is a bare number, 表9, the pages that print that label).

A 报表目录 that marks tables 是否空表 ("表9 是 本单位无政府性基金预算") gives entries with
``"empty": True/False`` and ``"reason"``.
"""
from __future__ import annotations

import re

__all__ = ["read_toc", "split_number", "squash"]

_CN = "一二三四五六七八九十"
_TOC_HEAD = re.compile(r"^(?:.{0,40}?)目\s*录$|^报表目录$|^报表\s*是否空表")
_NUMBER = re.compile(
    rf"^(?P<n>第[{_CN}]+部分[:：]?|[{_CN}]+\s*、|[（(]\s*[{_CN}]+\s*[）)]|表\s*\d{{1,2}}\s*[:：.．、]?|"
    rf"\d{{1,2}}\s*[.．、](?!\d{{1,3}}(?!\d))|附表\s*\d{{1,2}}(?:-\d{{1,2}})?\s*[:：]?)\s*")
_LEADER = re.compile(r"\s*(?:[.．…·•‥─—-]{2,}|\s{3,})\s*[-—]*\s*\d{0,3}\s*[-—]*\s*$")
_PAGE_ONLY = re.compile(r"^[-－—–\s]*\d{1,3}[-－—–\s]*$")
_EMPTY_MARK = re.compile(r"^(?P<n>表\s*\d{1,2})\s+(?P<e>是|否)(?:\s+(?P<r>.+))?$")


def squash(text: str) -> str:
    """Spaces removed and brackets unified: the form in which titles are compared."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def split_number(line: str) -> tuple[str, str] | None:
    m = _NUMBER.match(line)
    if not m:
        return None
    return re.sub(r"\s+", "", m.group("n")), line[m.end():].strip()


def _clean(line: str) -> str:
    return _LEADER.sub("", line.strip()).strip()


# two entries the text layer put on one line ("3. 2026年…支出预算总表4．2026年…")
_JOINED = re.compile(r"(?<=表)(?=\d{1,2}\s*[.．、]\s*(?:19|20)\d\d年)")


def _entries(lines: list[str], page: int) -> tuple[list[dict], int]:
    """Entries of one page's lines; and how many lines were neither entries nor continuations."""
    out: list[dict] = []
    other = 0
    for raw in (part for ln in lines for part in _JOINED.split(ln)):
        line = _clean(raw)
        if not line or _PAGE_ONLY.match(raw.strip()):
            continue
        m = _EMPTY_MARK.match(line)
        if m:
            out.append({"number": re.sub(r"\s+", "", m.group("n")), "title": "", "page": page,
                        "empty": m.group("e") == "是", "reason": (m.group("r") or "").strip()})
            continue
        got = split_number(line)
        if got is not None:
            out.append({"number": got[0], "title": got[1], "page": page})
        elif out and len(line) <= 20 and "。" not in line and "empty" not in out[-1]:
            out[-1]["title"] += line  # a wrapped entry ("…收支预算情况的总体" / "说明")
        else:
            other += 1
    return out, other


def read_toc(pages: list[str], look: int = 8) -> list[dict]:
    """The TOC entries of a document from its pages' text (``identity.page_texts``)."""
    for i, text in enumerate(pages[:look]):
        lines = text.splitlines()
        head = next((k for k, ln in enumerate(lines) if _TOC_HEAD.match(ln.strip())), None)
        if head is None:
            continue
        entries, _ = _entries(lines[head + 1:], i + 1)
        if len(entries) < 3:
            continue
        last = i
        for j in range(i + 1, min(len(pages), i + 3)):
            more, other = _entries(pages[j].splitlines(), j + 1)
            if len(more) < 3 or other > len(more) // 4:
                break
            entries += more
            last = j
        flat = [squash(p) for p in pages]
        for e in entries:
            if e["title"]:
                key = squash(e["title"])
                e["elsewhere"] = [k + 1 for k in range(last + 1, len(pages))
                                  if len(key) >= 4 and key in flat[k]]
            else:  # "表9" alone: the pages that print the label 表9 / 附表9 on a line of its own
                label = re.compile(rf"^\s*附?{e['number']}(?!\d)", re.M)
                e["elsewhere"] = [k + 1 for k in range(last + 1, len(pages))
                                  if label.search(pages[k])]
        return entries
    return []
