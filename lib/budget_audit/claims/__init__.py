"""Amounts, shares, changes and counts stated in the narrative, each with its subject.

``extract_claims(narrative)`` takes the narrative contract (a list of sections, each
``{"title": str, "sentences": [{"text": str, "page": int|None}, ...]}``; ``"heading"`` and
``"level"`` as written by ``budget_audit.extract.prose`` are accepted too) and returns a list of
:class:`Claim` in reading order.  ``claims_from_text(text)`` does the same for a bare string.

Kinds:

* ``amount``     – ``支出预算 2652.67 万元`` (unit 万元/元/亿元; ``value_wan`` in 万元)
* ``change``     – ``比 2023 年预算减少 187.34 万元``: ``value`` is signed (−187.34),
                   ``ref`` is the amount it modifies, ``ref_year`` 2023.  ``与上年持平`` gives a
                   change of 0 with ``flat=True``.
* ``pct_change`` – ``下降 6.6%``: ``value`` signed (−6.6), ``ref`` the amount, ``change`` the
                   money change just before it when there is one.
* ``share``      – ``占 15.4%``: ``ref`` the amount it is a share of the whole of.
* ``count``      – ``编制数 21 人`` (人/辆/家/个 …).
* ``main_use``   – ``主要是用于事业运行``: ``targets`` the item(s) named, ``ref`` the amount.

Grouping: ``其中`` makes the claims after it ``parts`` of the claim before it (its ``parent``).
A ``其中`` that opens a sentence refers to the last claim of the previous sentence of the
same section; one inside a sentence runs to the next ``；`` (or the sentence end).
Claims inside brackets get ``depth`` > 0 and are never parts (``（其中参公事业人员 0 人）``).

Numbers are parsed inline and robustly: spaces between numbers and words, full-width digits
and punctuation, thousands separators, 万元/元/亿元.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..text import normalize_text, split_sentences
from ..units import WAN_PER

__all__ = ["Claim", "extract_claims", "claims_from_text", "clean_subject", "COUNT_UNITS",
           "listed_items", "ListedItems", "counted_names", "CountedNames", "own_rates", "OwnRate",
           "ORG_SUFFIX"]

COUNT_UNITS = ("人", "辆", "家", "个", "项", "次", "平方米", "台", "套")


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_UNIT = r"万元|亿元|元|%|" + "|".join(COUNT_UNITS)
_TOKEN = re.compile(rf"(?<![\d.,])(?P<num>{_NUM})\s*(?P<unit>{_UNIT})")
_YEARLIKE = re.compile(r"^\s*(年|月|日|号)")
_CHANGE_VERB = re.compile(
    r"(增加|减少|增长|下降|降低|上升|减|增|压减|节约|缩减|提高)(了|为|幅为|幅度为)?\s*$")
_COMPARATOR = re.compile(r"比|较|与|同比|相比")
_LEAD_CHANGE = re.compile(
    r"^[，,；;、]?(?:(?:与|比|较|同比|相比)(?:\d{4}年度?|上年度?|上一年度?|去年|上年同期)?(?:年初)?"
    r"(?:预算数?|决算数?|执行数|实际数)?(?:相比|比较)?[，,]?)?"
    r"(?:增加|减少|增长|下降|降低|上升|减|增|压减|节约|缩减|提高)(?:了|为|幅为|幅度为)?$")
_SHARE_LEAD = re.compile(r"(占|占比|占比为|所占比例为|比重为|比例为)\s*$")
# "占一般公共预算支出的比重为": the whole a share is of, named in the sentence
_SHARE_WHOLE = re.compile(r"占(?P<whole>[^，,。；;：:占]{2,}?)的?(?:比重|比例|比)(?:为|是)?\s*$")
# "，比年初预算数 30385.62 万元": an amount that is the base the amount before it is compared with
_BASE_LEAD = re.compile(
    r"^[，,；;]?\s*(?:与|比|较|相比|同比)\s*(?:\d{4}\s*年度?|上年度?|上一年度?|去年|上年同期)?\s*"
    r"(?:的)?(?P<kind>年初预算|调整预算|全年预算|预算|决算|执行|实际|预计执行)?数?\s*(?:为|是)?\s*$")
_NEG_VERBS = ("减少", "下降", "降低", "减", "压减", "节约", "缩减")
_MAIN_USE = re.compile(r"主要(?:是)?用于\s*[:：]?\s*(?P<x>[^，,。；;]+)")
_FLAT = re.compile(r"(与|较|比)?(上年|\d{4}\s*年)?(预算)?\s*持平")
_OPEN, _CLOSE = "（(", "）)"
_ENUM = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．](?!\d))\s*")
_LEADING_WORDS = re.compile(
    r"^(?:其中|共有|共计|合计|共|为|是|包括|安排|我单位|本单位|本部门|按照|另外|此外|以及|和|及)+")
_TRAILING_WORDS = re.compile(r"(?:合计|共计|总计|共|为|是|达到|达|约|预算数|预算为)+$")


def clean_subject(lead: str) -> str:
    s = normalize_text(lead)
    # the subject is what follows the last separator
    s = re.split(r"[，,；;：:。、！？!?]", s)[-1]
    s = re.sub(r"\d{4}\s*年度?", "", s)
    s = re.sub(r"\d{1,2}\s*月份?", "", s)
    s = re.sub(r"\d{1,2}\s*日", "", s)
    s = _ENUM.sub("", s)
    s = re.sub(r"[（(]\s*[类款项]\s*[)）]", "", s)
    s = s.lstrip("（(）) ")
    s = re.sub(r"\s+", "", s)
    s = _LEADING_WORDS.sub("", s)
    s = _TRAILING_WORDS.sub("", s)
    return s.strip("“”\"'（()）")


@dataclass(eq=False)
class Claim:
    kind: str
    subject: str
    value: Decimal | None
    decimals: int | None
    unit: str
    sentence: str
    page: int | None = None
    section: str = ""
    section_path: str = ""
    sentence_index: int = 0
    start: int = 0
    end: int = 0
    depth: int = 0
    text: str = ""
    ref: Claim | None = None
    change: Claim | None = None
    ref_year: int | None = None
    flat: bool = False
    parent: Claim | None = None
    parts: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    base: Claim | None = None      # the base the sentence names for this amount's change
    base_for: Claim | None = None  # this amount is the named base of that amount
    whole: str = ""                  # a share's whole as the sentence names it (占X的比重)

    @property
    def value_wan(self) -> Decimal | None:
        if self.value is None or self.unit not in WAN_PER:
            return None
        return self.value * WAN_PER[self.unit]

    @property
    def is_money(self) -> bool:
        return self.unit in WAN_PER

    def to_dict(self) -> dict:
        return {
            "kind": self.kind, "subject": self.subject,
            "value": None if self.value is None else str(self.value),
            "decimals": self.decimals, "unit": self.unit, "page": self.page,
            "section": self.section, "sentence": self.sentence, "text": self.text,
            "ref": self.ref.subject if self.ref else None,
            "parent": self.parent.subject if self.parent else None,
            "ref_year": self.ref_year, "targets": list(self.targets),
        }

    def __repr__(self) -> str:
        return (f"Claim({self.kind}, {self.subject!r}, {self.value} {self.unit}"
                + (f", ref={self.ref.subject!r}" if self.ref else "")
                + (f", parent={self.parent.subject!r}" if self.parent else "") + ")")


def _depth_at(s: str, pos: int) -> int:
    d = 0
    for ch in s[:pos]:
        if ch in _OPEN:
            d += 1
        elif ch in _CLOSE and d > 0:
            d -= 1
    return d


def _sentence_claims(sent: str, page, section: str, index: int) -> list[Claim]:
    s = normalize_text(sent)
    claims: list[Claim] = []
    prev_end = 0
    last_amount: Claim | None = None
    last_change: Claim | None = None
    for m in _TOKEN.finditer(s):
        after = s[m.end():m.end() + 2]
        num, unit = m.group("num"), m.group("unit")
        lead = s[prev_end:m.start()]
        if unit == "元" and s[m.start() - 1:m.start()] in ("万", "亿"):
            continue
        if _YEARLIKE.match(after) and unit not in WAN_PER and unit != "%":
            continue
        value = Decimal(num.replace(",", ""))
        decimals = len(num.split(".")[1]) if "." in num else 0
        depth = _depth_at(s, m.start())
        base = dict(sentence=sent, page=page, section=section, sentence_index=index,
                    start=m.start(), end=m.end(), depth=depth, text=m.group(0))
        verb = _CHANGE_VERB.search(lead)
        # a change belongs to the amount before it only when nothing but a comparison phrase
        # stands between them ("，比 2023 年预算减少"); otherwise it is another subject's change
        clean = bool(verb) and bool(_LEAD_CHANGE.match(re.sub(r"\s+", "", lead)))
        if unit == "%":
            if verb:
                sign = -1 if verb.group(1) in _NEG_VERBS else 1
                ref = last_amount if clean else None
                c = Claim("pct_change", ref.subject if ref else re.sub(
                    r"(与|比|较|同比|相比).*$", "", clean_subject(lead[:verb.start()])), sign * value,
                          decimals, "%", ref=ref, change=last_change if ref else None, **base)
                claims.append(c)
            elif _SHARE_LEAD.search(lead) and last_amount is not None:
                w = _SHARE_WHOLE.search(re.sub(r"\s+", "", lead))
                claims.append(Claim("share", last_amount.subject, value, decimals, "%",
                                    ref=last_amount, whole=clean_subject(w.group("whole")) if w
                                    else "", **base))
            prev_end = m.end()
            continue
        if unit in WAN_PER:
            if verb:
                sign = -1 if verb.group(1) in _NEG_VERBS else 1
                yr = re.search(r"(\d{4})\s*年", lead)
                ref = last_amount if (clean and last_amount is not None) else None
                subject = ref.subject if ref else re.sub(
                    r"(与|比|较|同比|相比).*$", "", clean_subject(lead[:verb.start()]))
                c = Claim("change", subject, sign * value, decimals, unit, ref=ref,
                          ref_year=int(yr.group(1)) if yr else None, **base)
                claims.append(c)
                if ref is not None:
                    last_change = c
                prev_end = m.end()
                continue
            bm = _BASE_LEAD.match(lead)
            if bm and last_amount is not None and last_amount.is_money and last_amount.base is None:
                # the named base of the amount before: its change still refers to that amount
                c = Claim("amount", f"{last_amount.subject}（比较基数）", value, decimals, unit,
                          base_for=last_amount, **base)
                last_amount.base = c
                claims.append(c)
                prev_end = m.end()
                continue
            subject = clean_subject(lead)
            c = Claim("amount", subject, value, decimals, unit, **base)
            claims.append(c)
            last_amount, last_change = c, None
        else:
            subject = clean_subject(lead)
            c = Claim("count", subject, value, decimals, unit, **base)
            claims.append(c)
            last_amount, last_change = c, None
        # 主要用于 X / 持平 right after this amount, before the next number
        nxt = _TOKEN.search(s, m.end())
        tail = s[m.end(): nxt.start() if nxt else len(s)]
        mu = _MAIN_USE.search(tail)
        if mu and claims[-1].kind in ("amount",):
            x = mu.group("x").strip()
            targets = [t.strip() for t in re.split(r"[、，,和及与]", re.sub(r"等$", "", x))
                       if t.strip()]
            claims.append(Claim("main_use", claims[-1].subject, None, None, "", ref=claims[-1],
                                targets=targets, **{**base, "text": mu.group(0)}))
        fl = _FLAT.search(tail.split("，")[0].split(",")[0]) or _FLAT.search(tail)
        if fl and claims[-1].kind in ("amount", "count", "main_use"):
            ref = claims[-1] if claims[-1].kind != "main_use" else claims[-1].ref
            claims.append(Claim("change", ref.subject, Decimal(0), None, ref.unit, ref=ref,
                                flat=True, **{**base, "text": fl.group(0)}))
        prev_end = m.end()
    return claims


def _group_qizhong(sentences_claims: list[tuple[str, list[Claim]]]) -> None:
    """Attach parts to heads for every 其中 (see module docstring)."""
    prev_claims: list[Claim] = []
    for sent, claims in sentences_claims:
        s = normalize_text(sent)
        for mk in re.finditer(r"其中", s):
            if _depth_at(s, mk.start()) > 0:
                continue
            before = [c for c in claims if c.end <= mk.start() and c.depth == 0
                      and c.kind in ("amount", "count")]
            opening = s[:mk.start()].strip(" 。.，,;；:：\n") == ""
            if before:
                head = before[-1]
            elif opening:
                cands = [c for c in prev_claims if c.depth == 0 and c.kind in ("amount", "count")]
                head = cands[-1] if cands else None
            else:
                head = None
            if head is None:
                continue
            stop = len(s)
            if not opening:
                semi = re.search(r"[；;]", s[mk.end():])
                if semi:
                    stop = mk.end() + semi.start()
            nxt = re.search(r"其中", s[mk.end():stop])
            if nxt:
                stop = mk.end() + nxt.start()
            for c in claims:
                if (mk.end() <= c.start < stop and c.depth == 0 and c.kind == head.kind
                        and c.unit in (WAN_PER if head.is_money else (head.unit,))
                        and c.parent is None):
                    c.parent = head
                    head.parts.append(c)
        if claims:
            prev_claims = claims


def section_title(sec) -> str:
    """A narrative section's title: ``title`` (contract) or ``heading`` (budget_audit.extract.prose)."""
    if isinstance(sec, dict):
        return sec.get("title") or sec.get("heading") or ""
    return getattr(sec, "title", None) or getattr(sec, "heading", None) or ""


def _title_level(title: str) -> int:
    t = re.sub(r"\s+", "", normalize_text(title or ""))
    if re.match(r"^第[一二三四五六七八九十]+部分", t):
        return 1
    if re.match(r"^[一二三四五六七八九十]+、", t):
        return 2
    if re.match(r"^[（(][一二三四五六七八九十]+[)）]", t):
        return 3
    if re.match(r"^\d+[、.．]", t):
        return 4
    return 5


def extract_claims(narrative) -> list[Claim]:
    """All claims of a narrative (list of sections, see module docstring), in reading order."""
    out: list[Claim] = []
    index = 0
    path: list[tuple[int, str]] = []
    for sec in narrative or []:
        title = section_title(sec)
        lvl = _title_level(title)
        if isinstance(sec, dict) and isinstance(sec.get("level"), int) and sec.get("level") > 0:
            lvl = sec["level"]
        path = [(level, t) for level, t in path if level < lvl] + [(lvl, title)]
        section_path = " / ".join(t for _, t in path if t)
        sents = sec.get("sentences", []) if isinstance(sec, dict) else getattr(sec, "sentences", [])
        per_sentence: list[tuple[str, list[Claim]]] = []
        for item in sents:
            text = item.get("text", "") if isinstance(item, dict) else str(item)
            page = item.get("page") if isinstance(item, dict) else None
            for piece in split_sentences(text):
                cl = _sentence_claims(piece, page, title, index)
                index += 1
                per_sentence.append((piece, cl))
        _group_qizhong(per_sentence)
        for _, cl in per_sentence:
            for c in cl:
                c.section_path = section_path
            out.extend(cl)
    return out


def claims_from_text(text: str, page=None, section: str = "") -> list[Claim]:
    return extract_claims([{"title": section, "sentences": [{"text": text, "page": page}]}])


# Claims that group other claims: lists, counted names, a change's own rate (claims.lists).
from .lists import ORG_SUFFIX, CountedNames, ListedItems, OwnRate, counted_names, listed_items, own_rates  # noqa: E402  after Claim, which claims.lists imports
