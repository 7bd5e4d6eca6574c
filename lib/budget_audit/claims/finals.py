"""决算 (final accounts) phrases: a budget and its 决算 stated together ("年初预算为 X 万元，决算为
Y 万元"), with the direction ("决算数大于年初预算数"), completion rate ("完成年初预算的 Z%") and
difference ("比年初预算增加 D 万元") statements that belong to them; the 三公 items named."""
from __future__ import annotations

import re
from decimal import Decimal

from ..interval import Interval, printed
from ..text import normalize_text, split_sentences
from . import _depth_at, section_title

NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def stated_number(num: str) -> tuple[Interval, Decimal]:
    v = Decimal(num.replace(",", ""))
    d = len(num.split(".")[1]) if "." in num else 0
    return printed(v, d), v


def narrative_sentences(narrative):
    """(section path, sentence text without spaces, page, index) in reading order."""
    i = 0
    path: list[str] = []
    for sec in narrative or []:
        title = section_title(sec)
        lvl = sec.get("level") if isinstance(sec, dict) else None
        if isinstance(lvl, int) and lvl > 0:
            path = path[:lvl - 1] + [title]
        else:
            path = [title]
        sents = sec.get("sentences", []) if isinstance(sec, dict) else []
        for item in sents:
            text = item.get("text", "") if isinstance(item, dict) else str(item)
            for piece in split_sentences(text):
                s = re.sub(r"[\s\u3000]+", "", normalize_text(piece))
                yield " / ".join(p for p in path if p), s, (item.get("page") if isinstance(
                    item, dict) else None), i
                i += 1


_INIT = re.compile(r"年初预算(?:数)?(?:为|是)?" + NUM + r"万元")
_FULL = re.compile(r"(?:全年预算|调整预算|调整后预算|预算调整数)(?:数)?(?:为|是)?" + NUM + r"万元")
_FINAL = re.compile(r"决算(?:数)?(?:为|是)?" + NUM + r"万元")
_PCT = re.compile(r"完成(?P<lab>年初|全年|调整后?)?预算(?:数)?的" + NUM + r"%")
DIRECTION = re.compile(r"(?P<subj>[^，,；;：:。]*?)决算数?(?P<rel>大于|小于|高于|低于|多于|少于|超过|等于|同|与|和)"
                  r"(?P<lab>年初|全年|调整后?)?预算数?(?P<tail>持平|一致|相等|相同)?")
_DIFF = re.compile(r"比(?P<lab>年初|全年|调整后?)?预算(?:数)?(?P<verb>增加|减少|节约|超支|多|少)" + NUM
                   + r"万元(?:[，,]?(?P<pverb>增长|下降|降低|上升)" + NUM + r"%)?")
_GT, _LT = ("大于", "高于", "多于", "超过"), ("小于", "低于", "少于")


def direction(m: re.Match) -> str | None:
    """'gt', 'lt' or 'eq': what a DIRECTION match says of 决算 against 预算; None when it says
    nothing ("与预算" without 持平/一致)."""
    word = m.group("rel")
    return "gt" if word in _GT else "lt" if word in _LT else (
        "eq" if (m.group("tail") or word == "等于") else None)


def subject_norm(s: str) -> str:
    s = re.sub(r"\d{4}年度?|“|”|\"|财政拨款|支出|年初预算|预算|决算数?|的|为", "", s or "")
    s = re.sub(r"^\d+[、.．]|^[（(][一二三四五六七八九十\d]+[)）]", "", s)
    return s


def budget_final_groups(narrative):
    """Budget/决算 pairs stated in the narrative, each with the direction, percent and
    difference statements that belong to it."""
    groups = []
    last = None
    heading, heading_path = "", None
    for path, s, page, idx in narrative_sentences(narrative):
        mh = re.match(r"^\d+[、.．](?P<h>[^。；;：:]{2,60}?)(?:[。；;：:]|主要用于|$)", s)
        if mh:
            heading, heading_path = mh.group("h"), path
        segs = re.split(r"[；;]|其中[:：]?", s)
        consumed_dir = set()
        for seg in segs:
            mi, mf, mfin = _INIT.search(seg), _FULL.search(seg), _FINAL.search(seg)
            if (mi or mf) and mfin:
                first = min(m.start() for m in (mi, mf) if m)
                subj = seg[:first]
                subj = re.split(r"[，,：:]", subj)[-1] if subj else ""
                if not subject_norm(subj) and heading and heading_path == path:
                    subj = heading
                g = {"path": path, "page": page, "idx": idx, "sentence": s, "subject": subj,
                     "init": stated_number(mi.group(1)) if mi else None,
                     "full": stated_number(mf.group(1)) if mf else None, "final": stated_number(mfin.group(1)),
                     "pcts": [], "dirs": [], "diffs": []}
                groups.append(g)
                last = g
                for m in _PCT.finditer(seg):
                    g["pcts"].append((m.group("lab") or "", m.group(2)))
                for m in _DIFF.finditer(seg):
                    g["diffs"].append(m)
                for m in DIRECTION.finditer(seg):
                    g["dirs"].append(m)
                    consumed_dir.add(m.group(0))
                continue
            if mi or mf or mfin:
                # a lone budget or 决算 amount (a sub-item without its pair): ends the group
                if last is not None and last["idx"] == idx:
                    last = None
                continue
        if last is None or last["idx"] == idx:
            continue
        if idx - last["idx"] > 2 or last["path"] != path or re.match(r"^\d+[、.．]", s):
            last = None
            continue
        if _INIT.search(s) or _FULL.search(s) or _FINAL.search(s):
            continue
        for m in _PCT.finditer(s):
            last["pcts"].append((m.group("lab") or "", m.group(2)))
        for m in DIRECTION.finditer(s):
            if m.group(0) not in consumed_dir:
                last["dirs"].append(m)
    return groups


def stated_bases(g, lab: str):
    """[(name, (interval, value))] of the budget(s) a label names; '' = either stated one."""
    init, full = g["init"], g["full"]
    if lab == "年初":
        return [("年初预算", init)] if init else []
    if lab in ("全年", "调整", "调整后"):
        return [("全年预算", full)] if full else []
    return [(n, b) for n, b in (("年初预算", init), ("全年预算", full)) if b]



THREE_PUBLIC_ITEM = re.compile(r"三公|因公出国|公务用车购置及运行(?:维护)?|公务用车购置|公务用车运行(?:维护)?|"
                   r"购置费|运行(?:维护)?费|公务接待|接待费")


def three_public_item(word: str) -> str:
    if "三公" in word:
        return "total"
    if "出国" in word:
        return "abroad"
    if "接待" in word:
        return "reception"
    if "购置及运行" in word:
        return "vehicle"
    if "购置" in word:
        return "purchase"
    return "running"


def three_public_items(s: str) -> list[tuple[int, str]]:
    """(position, item key) of every 三公 item a sentence names."""
    return [(m.start(), three_public_item(m.group(0))) for m in THREE_PUBLIC_ITEM.finditer(s)]


def three_public_statements(s: str, year):
    """(number match, item key, clause before it) of each amount (万元) or rate (%) a 三公
    sentence states of an item of the year ``year``: outside brackets, after an item word, in
    a clause that names no comparison, other year or other thing."""
    items = three_public_items(s)
    for m in re.finditer(NUM + r"(万元|%)", s):
        pos = m.start()
        here = [k for p, k in items if p < pos]
        item = here[-1] if here else None
        clause = re.split(r"[，,；;：:。]", s[:pos])[-1]
        if _depth_at(s, pos) > 0 or item is None:
            continue
        if re.search(r"比|较|增加|减少|增长|下降|降低|占|上年|上一年|同期|平均|人次|批次|外宾|国内|辆|"
                     r"会议|培训|其他|合计|累计", clause):
            continue
        yr = re.search(r"(\d{4})年", clause)
        if yr and str(year) != yr.group(1):
            continue  # another year's figure
        if not THREE_PUBLIC_ITEM.search(clause) and not re.fullmatch(
                r"(财政拨款)?(支出)?(年初)?(预算|决算)?(数)?(为|是)?|完成(年初)?预算(数)?的", clause):
            continue  # the amount is said of something the clause names, not of the item
        yield m, item, clause
