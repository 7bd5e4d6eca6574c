"""Claims that group other claims: an amount and the items a list after it names, a count and
the names it counts, a change and its own rate."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..text import normalize_text
from . import Claim

# -- lists that introduce their items ("包括：A x万元、B y万元") ------------------------------------

_LIST_MARK = re.compile(r"(?P<w>主要(?:是)?用于|主要包括|包括|具体为|具体包括|分别为|分别是|主要为)\s*[:：]?")


@dataclass(eq=False)
class ListedItems:
    """An amount and the amounts a list after it names (``包括：A x万元、B y万元``).
    ``complete`` is False when the wording says the list may be partial (主要…, …等)."""

    total: Claim
    items: list
    word: str
    complete: bool


def listed_items(claims: list[Claim]) -> list[ListedItems]:
    """Per sentence: the amount right before a list word, and the money amounts of the list.
    Skipped when the list holds a list of its own (a second list word after an item) or an
    item is a 其中 part or in brackets."""
    out: list[ListedItems] = []
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence_index, []).append(c)
    for cl in by_sentence.values():
        s = normalize_text(cl[0].sentence)
        marks = list(_LIST_MARK.finditer(s))
        if not marks:
            continue
        m = marks[0]
        before = [c for c in cl if c.end <= m.start() and c.depth == 0
                  and c.kind in ("amount", "count")]
        if not before or before[-1].kind != "amount" or not before[-1].is_money:
            continue
        total = before[-1]
        items = [c for c in cl if c.start >= m.end()]
        money = [c for c in items if c.kind == "amount" and c.is_money]
        # a later list word with amounts of its own before the next "；" opens a sub-list
        later = []
        for x in marks[1:]:
            semi = re.search(r"[；;]", s[x.end():])
            stop = x.end() + semi.start() if semi else len(s)
            if any(x.end() <= c.start < stop for c in money):
                later.append(x)
        # the first item follows the list word within its own clause
        gap_text = s[m.end():money[0].start] if money else ""
        if re.search(r"[；;，,。]", gap_text) or len(gap_text) > 30:
            continue
        if (len(money) < 2 or later or any(c.depth or c.parent is not None for c in money)
                or any(c.kind in ("amount", "count") and not c.is_money for c in items)):
            continue
        tail = s[money[-1].end:]
        partial = m.group("w").startswith("主要") or re.match(r"^\s*等", tail) is not None
        out.append(ListedItems(total, money, m.group("w"), not partial))
    return out


# -- a count and the names it introduces ("下属单位3家，包括：甲局、乙局、丙中心") ---------------------

_NAME_LIST = re.compile(r"^[，,]?\s*(?:分别)?(?:包括|包含|分别为|分别是|即|为)?\s*[:：]\s*(?P<x>[^。；;]+)")
ORG_SUFFIX = re.compile(r"(局|中心|所|站|院|处|室|委员会|委|办|队|馆|会|校|学|部|厅|园|场|社|公司|科|庭"
                        r"|支部|小组|单位|本级)$")


@dataclass(eq=False)
class CountedNames:
    """A count (``c.value`` 个/家) and the names listed right after it."""

    count: Claim
    names: list


def counted_names(claims: list[Claim]) -> list[CountedNames]:
    """A 个/家 count followed, in its sentence, by "包括：" (or a colon) and a 、-separated list
    of names with no number in it and no 等 (which would make the list open)."""
    out = []
    for c in claims:
        if c.kind != "count" or c.unit not in ("个", "家") or c.value is None or c.depth:
            continue
        s = normalize_text(c.sentence)
        m = _NAME_LIST.match(s[c.end:])
        if not m:
            continue
        x = m.group("x").strip(" 。")
        if re.search(r"\d|等|其中|[，,]", x):
            continue
        names = [n.strip() for n in x.split("、") if n.strip()]
        if names:  # "甲局和乙中心" ends the list only when both sides name a body
            last = re.split(r"和|及", names[-1])
            if len(last) == 2 and all(ORG_SUFFIX.search(p.strip()) for p in last):
                names[-1:] = [p.strip() for p in last]
        if len(names) >= 2:
            out.append(CountedNames(c, names))
    return out


# -- a change's rate written without its own verb ("减少38.17万元（56.57%）", "，降幅为5.2%") ----------

_OWN_RATE = re.compile(r"^\s*(?:[（(]\s*(?:(?:增长|下降|降低|减少|增加|增幅|降幅|幅度)\s*(?:为|了)?\s*)?"
                       r"(?P<a>\d+(?:\.\d+)?)\s*%\s*[)）]|[，,]\s*(?:增幅|降幅|增减幅度|变动幅度)"
                       r"\s*(?:为|达)?\s*(?P<b>\d+(?:\.\d+)?)\s*%)")


@dataclass(eq=False)
class OwnRate:
    """A money change and the rate printed right after it with no verb of its own."""

    change: Claim
    value: Decimal      # unsigned, as printed
    decimals: int
    text: str


def own_rates(claims: list[Claim]) -> list[OwnRate]:
    out = []
    for c in claims:
        if c.kind != "change" or c.flat or c.value is None or c.ref is None:
            continue
        m = _OWN_RATE.match(normalize_text(c.sentence)[c.end:])
        if not m:
            continue
        num = m.group("a") or m.group("b")
        out.append(OwnRate(c, Decimal(num), len(num.split(".")[1]) if "." in num else 0,
                           m.group(0).strip()))
    return out
