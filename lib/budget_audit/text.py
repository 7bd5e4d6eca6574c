"""Disclosure text: width folding, sentences, total-row labels and template placeholders.

One place for the text conventions that the narrative builder, the claim parser, the
extractor and the rules all rely on.
"""
from __future__ import annotations

import re

__all__ = ["normalize_text", "split_sentences", "SENTENCE_END", "TOTAL_WORDS", "TOTAL_LABEL",
           "PLACEHOLDER", "DASH_ONLY"]

_FW = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}
_FW.update({ord("．"): ord("."), ord("％"): ord("%"), ord("\u3000"): ord(" "),
            ord("\xa0"): ord(" "), ord("－"): ord("-")})

SENTENCE_END = "。！？!?"

# The words a total row or column ends in (合计, 本年支出合计, 小计 …).
TOTAL_WORDS = ("合计", "总计", "小计")
TOTAL_LABEL = re.compile(r"(合计|总计|小计)$")

# Template text left unfilled: XX, ××, 待填写, （单位名称）, 【项目名称】 …
PLACEHOLDER = re.compile(r"XX|xx|××|待填写|此处填写|请填写|＊＊|[（(](?:单位|部门|项目)名称[)）]|"
                         r"【\s*(?:[^】\d]{0,12}(?:名称|填写|填列|某|…|\.\.\.)[^】\d]{0,12})?】")
# A cell that holds only dashes or a slash: printed for "none", not a misread number.
DASH_ONLY = re.compile(r"[-－—–/─―]+")


def normalize_text(text: str) -> str:
    """Full-width digits, point, percent, minus and spaces → ASCII; keep Chinese punctuation."""
    return (text or "").translate(_FW)


def split_sentences(text: str) -> list[str]:
    """Split after each 。！？!? (semicolons stay inside the sentence).  Pieces are stripped;
    empty ones and ones that are only sentence ends (the second 。 of ``。。``) are dropped;
    a last piece without an end mark is kept."""
    out, buf = [], []
    for ch in text:
        buf.append(ch)
        if ch in SENTENCE_END:
            s = "".join(buf).strip()
            if s.strip(SENTENCE_END).strip():
                out.append(s)
            buf = []
    s = "".join(buf).strip()
    if s.strip(SENTENCE_END).strip():
        out.append(s)
    return out
