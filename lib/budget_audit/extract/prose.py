"""Narrative sections and sentences in reading order.

Input: the page lines (``extract.lines.page_lines``) with table grids, table titles and
their unit lines already removed.  Lines are built from glyph positions, so numbers stay
inside their sentence ("2024 年收支总预算 2652.67 万元").  Headings start a section:

* level 1: ``第一部分`` … ``第X部分``
* level 2: ``一、`` … (Chinese numeral + 、)
* level 3: ``（一）`` …

Text under a heading is joined across lines and pages and split into sentences after
。！？ (semicolons stay inside the sentence; a sentence's page is the page where it starts).  Page numbers and TOC lines
(leader dots) are dropped.
"""
from __future__ import annotations

import re

from ..text import SENTENCE_END, split_sentences

__all__ = ["build_narrative", "HEADING"]
# Each section: {"heading", "title" (= heading), "level", "page", "text", "sentences": [{"text", "page"}]}

_CN = "一二三四五六七八九十廿"
HEADING = [
    (1, re.compile(rf"^第[{_CN}]+部分")),
    (2, re.compile(rf"^[{_CN}]+、")),
    (3, re.compile(rf"^[（(][{_CN}]+[）)]")),
]
_PAGE_NO = re.compile(r"^[-－—\s]*(第\s*)?\d{1,3}(\s*页)?(\s*/\s*\d+)?[-－—\s]*$")
_TOC = re.compile(r"(…{2,}|\.{4,}|·{4,})")


# what a heading ends with: a heading cut before it continues on the next line
_HEADING_END = re.compile(r"(说明|情况|概况|介绍|解释|表)$")


def _continues_heading(heading: str, line: str) -> bool:
    """A short line ending a heading's words, under a heading that stopped short of them
    ("（四）关于…2026年财政拨款收支预" / "算情况的总体说明")."""
    return (len(line) <= 20 and not _HEADING_END.search(heading) and bool(_HEADING_END.search(line))
            and not re.search(r"[。，,；;：:！？\d%％]", heading[-1:] + line))


def _heading(text: str):
    s = text.strip()
    if len(s) > 40 or s.endswith("。"):
        return None
    for level, pat in HEADING:
        if pat.match(s):
            return level
    return None


def build_narrative(lines) -> list[dict]:
    """lines: Line objects in reading order (page, then top). Returns sections."""
    sections: list[dict] = []
    cur = {"heading": "", "level": 0, "page": lines[0].page if lines else 1, "_buf": [], "_pages": []}

    def close():
        text = "".join(cur["_buf"])
        sents, pos = [], 0
        for s in split_sentences(text):
            i = text.find(s, pos)
            page = cur["_pages"][i] if 0 <= i < len(cur["_pages"]) else cur["page"]
            pos = i + len(s) if i >= 0 else pos
            sents.append({"text": s, "page": page})
        if cur["heading"] or sents:
            sections.append({"heading": cur["heading"], "level": cur["level"], "page": cur["page"],
                             "sentences": sents})

    prev = None
    for ln in lines:
        t = ln.text.strip()
        if not t or _PAGE_NO.match(t) or _TOC.search(t):
            continue
        if cur["heading"] and not cur["_buf"] and _heading(t) is None and _continues_heading(cur["heading"], t):
            cur["heading"] += t
            prev = ln
            continue
        level = _heading(t)
        if level is not None:
            close()
            cur = {"heading": t, "level": level, "page": ln.page, "_buf": [], "_pages": []}
            if re.search(r"(。|万元|%|％)", t):
                # a heading that states facts ('（一）收入预算总计37188.34万元。包括：') is also text
                body = re.sub(rf"^(第[{_CN}]+部分|[{_CN}]+、|[（(][{_CN}]+[）)])\s*", "", t)
                cur["_buf"].append(body)
                cur["_pages"].extend([ln.page] * len(body))
            prev = ln
            continue
        sep = ""
        if cur["_buf"]:
            last = cur["_buf"][-1]
            if last and last[-1].isascii() and last[-1].isalnum() and t[0].isascii() and t[0].isalnum():
                sep = " "
            # a new paragraph (indented line after a short line) ends an unterminated sentence
            if prev is not None and last and last[-1] not in SENTENCE_END and prev.page == ln.page \
                    and ln.x0 - prev.x0 > 15 and prev.x1 < ln.x1 - 30:
                sep = "\n"
        piece = sep + t
        cur["_buf"].append(piece)
        cur["_pages"].extend([ln.page] * len(piece))
        prev = ln
    close()
    # split_sentences on '\n' paragraph breaks too
    for s in sections:
        out = []
        for snt in s["sentences"]:
            for part in snt["text"].split("\n"):
                if part.strip():
                    out.append({"text": part.strip(), "page": snt["page"]})
        s["sentences"] = [x for x in out if re.search(r"\w", x["text"])]
    # table-of-contents pages: many headings, no sentences → dropped
    by_page: dict[int, list[dict]] = {}
    for s in sections:
        by_page.setdefault(s["page"], []).append(s)
    toc = {p for p, ss in by_page.items()
           if sum(1 for s in ss if s["heading"]) >= 6 and sum(len(s["sentences"]) for s in ss) <= 1}
    out = [s for s in sections if not (s["page"] in toc and len(s["sentences"]) <= 1 and
                                       all(x["page"] in toc for x in s["sentences"]))]
    for s in out:  # 'title' is the claims contract's name for the heading; 'text' the whole section
        s["title"] = s["heading"]
        s["text"] = "".join(x["text"] for x in s["sentences"])
    return out
