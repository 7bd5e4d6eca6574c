"""What a disclosure is: the issuing body (with 本级 / 汇总), the level (部门 / 单位), the year,
the kind (预算 / 决算 / 绩效自评) and the superior department where printed.

Read from the whole text layer, not one line, and cross-checked: every place that names the
body votes (the cover and title, running headers, the 单位名称 / 预算单位 / 部门 fields of the
tables, the narrative's own sentences), the cover weighing most.  A name must look like an
institution's (it ends as one: …局, …委员会, …中心, …大学); notice numbers, quoted regulation
titles, column labels (公务接待费) and leading punctuation never become one.  Every name found is
kept per source (``names``) so that a rule can say when the document names itself differently.

Table-only parts (Jiangsu's and Beijing's *_tables PDFs) may print no year; the file name is
then the last witness of the year.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadParameters
from .text import normalize_text as _normalize_text

__all__ = ["Identity", "identify", "page_texts", "document_identity", "document_year",
           "year_from_text", "body_key", "body_label", "region_of", "KIND_LABELS", "LEVEL_LABELS"]

KIND_LABELS = {"budget": "预算", "final": "决算", "selfeval": "绩效自评"}
LEVEL_LABELS = {"dept": "部门", "unit": "单位"}

_YEAR = r"((?:19|20)\d\d)"
_Y = _YEAR + r"年度?"
# how an institution's name ends (the head noun of 局 / 委员会 / 中心 / 大学 …)
_ORG_END = re.compile(
    r"(局|委员会|委|厅|办公室|办|院|部|会|中心|室|处|所|站|队|大学|学院|学校|校|学|馆|社|团|政府|库|"
    r"办事处|街道|镇|乡|基地|公司|集团|署|司|台|场|园|监狱|联|协|宫|组)$")
# words that never occur inside a body's name but do in the sentences around one
_NOT_A_NAME = re.compile(
    r"[号《》“”\"'、，,。；;：:！？?!…]|关于|纳入|根据|按照|包括|其中|以及|目录|部分|说明|情况|预算|决算|"
    r"公开|年度|合计|总计|经费|支出|收入|表$|^[本该各全我第或及与对在向将把从以等并而即]|^市级|^区级|^省级|^县级")
_UNDER = re.compile(r"(?:所属|下属)的?")  # not 直属: 市直属机关工委 is a name
_QUALIFIER = re.compile(r"[（(](本级|汇总|机关|本部|部门汇总|单位汇总)[）)]$")
_LEAD = re.compile(r"^(?:[-—–_.．·•、,，。:：;；\s]|\d{1,3}(?![\d\s]*年)|附件\s*\d*\s*[:：]?"
                   r"|第[一二三四五六七八九十]+部分[:：]?|"
                   r"[（(]?[一二三四五六七八九十]+[)）、.]|关于)+")
_NAME = r"([^\s\d、，。：:“”《》;；!！?？]{2,40}?(?:[（(](?:本级|汇总|机关|本部|部门汇总|单位汇总)[）)])?)"
_LEVEL = r"(?:区级|市级|省级|县级|州级|旗级)?"

# "<name> 2026 年度（市级）部门预算", "<name>2024年度部门决算表", "关于<name>2026年收支预算…"
_NAME_YEAR = re.compile(r"^" + _NAME + r"(?:关于)?" + _Y + _LEVEL
                        + r"(部门|单位)?(?:综合)?(?:预算|决算|收支|收入|支出)")
# "2026 年度 <name> 部门预算", "2026年<name>政府采购预算总额"
_YEAR_NAME = re.compile(_Y + r"(?:[（(]?" + _LEVEL + r"[）)]?)?" + _NAME +
                        r"(?=(?:部门|单位)(?:综合)?(?:预算|决算)|收支|收入预算|支出预算|政府采购|机关运行|“三公”)")
# "预算单位：<name>", "部门名称 <name>" (a table's label cell), "部门： <name> 单位：万元"
_LABELS = ("预算主管部门", "主管部门", "预算单位", "编制部门", "编制单位", "部门（单位）名称", "部门名称",
           "单位名称", "部门", "单位")
_LABELLED = re.compile(r"(?<![\u4e00-\u9fff])(" + "|".join(_LABELS) + r")\s*[:：]?\s*" + _NAME +
                       r"(?=\s|$|(?:金额)?单位\s*[:：])")
# the narrative about itself: "<name>主要职责…", "<name>是…", "<name>共有…内设机构"
_NAME_SAYS = re.compile(r"^" + _NAME + r"(?=(?:的)?主要职[责能]|是|为|系|隶属|共有|有\d+个内设|内设)")
# the superior department: "<body>是<superior>直属/下属/所属…", "<body>隶属于<superior>"
_SUPERIOR = re.compile(r"(?:隶属于|归属于|是|系)" + _NAME + r"(?=\s*(?:直属|下属|所属|管理的|主管的))|隶属于" + _NAME +
                       r"(?=[\s，,。])")

_TITLE_YEAR = re.compile(_YEAR + r"\s*年\s*度?[^。\n]{0,30}?[预决]算")
_ANY_YEAR = re.compile(_YEAR + r"\s*年(?!\s*\d{1,2}\s*月)")
_HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[、.．）)]|第[一二三四五六七八九十]+部分)")
FILE_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

# votes: the cover says what the document is; a field or header repeats it
_W_COVER, _W_FIELD, _W_TITLE, _W_TEXT = 6, 2, 1, 1


@dataclass
class Identity:
    body: str = ""                 # the issuing body's name, without its qualifier
    body_qualifier: str = ""       # 本级 / 汇总 / … where printed after the name
    level: str = ""                # 'dept' (部门) | 'unit' (单位) | '' (not said)
    year: int | None = None
    kind: str = "budget"           # 'budget' | 'final' | 'selfeval'
    superior: str = ""             # the department above the body, where printed
    names: dict = field(default_factory=dict)   # source → {name as printed: votes}
    year_source: str = ""          # 'cover' | 'title' | 'text' | 'file name'

    def as_meta(self) -> dict:
        return {"body": self.body, "body_qualifier": self.body_qualifier, "level": self.level,
                "year": self.year, "kind": self.kind, "superior": self.superior,
                "body_names": self.names, "year_source": self.year_source}


def page_texts(data: bytes) -> list[str]:
    """The text layer of every page (pdfium: fast, no layout analysis)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for page in pdf:
            tp = page.get_textpage()
            out.append(tp.get_text_range() if tp.count_chars() else "")
            tp.close()
            page.close()
        return out
    finally:
        pdf.close()


def body_label(meta: dict) -> str:
    """The body as a reader names it: 福州市科学技术局（本级）."""
    body = meta.get("body") or meta.get("unit") or ""
    return f"{body}（{meta['body_qualifier']}）" if body and meta.get("body_qualifier") else body


_REGION = re.compile(r"^(?:中共|中国共产党)?"
                     r"((?:[^省市区县]{2,7}?(?:省|自治区|市))?(?:[^省市区县局委厅办]{1,3}(?:区|县))?)")


def region_of(body: str) -> str:
    """The place a body's name begins with (上海市普陀区, 福州市, 江苏省), or ''."""
    m = _REGION.match(body_key(body))
    return m.group(1) if m and m.group(1) != body_key(body) else ""


def body_key(name: str) -> str:
    """The key under which names of one body meet: no spaces, no 中共 / qualifier."""
    name = re.sub(r"\s+", "", name or "")
    name = _QUALIFIER.sub("", name)
    return re.sub(r"^(中共|中国共产党)", "", name)


_UNIT_REGION = re.compile(
    r"^(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,6}?市)?"
    r"(?:[\u4e00-\u9fff]{1,6}?(?:区|县|旗))?(?:人民政府)?")


def unit_key(name: str) -> tuple[str, str]:
    """(region prefix, core name) of a unit name: spaces, brackets ((部门)、(本级)) and the
    province/city/district prefix ("上海市普陀区", "人民政府") split off."""
    s = re.sub(r"[\s\u3000]+", "", _normalize_text(name or ""))
    s = re.sub(r"[（(][^（()）]{0,8}[)）]$", "", s)
    party = s.startswith("中共") or s.startswith("中国共产党")
    m = _UNIT_REGION.match(s)
    prefix = m.group(0) if m else ""
    core = s[len(prefix):]
    if len(core) < 3:  # the prefix ate the name ("上海市普陀区" alone): keep it whole
        prefix, core = "", s
    if party:
        core = "中共" + core
    prefix = re.sub(r"^(中共|中国共产党)", "", prefix)
    return prefix, core


def same_unit(a: str, b: str) -> bool:
    """Conservative: equal cores, and region prefixes that do not contradict (one is empty or
    one ends the other: "上海市普陀区" ~ "普陀区" ~ "")."""
    if not a or not b:
        return False
    pa, ca = unit_key(a)
    pb, cb = unit_key(b)
    if ca != cb:
        return False
    pa, pb = pa.replace("人民政府", ""), pb.replace("人民政府", "")
    return not pa or not pb or pa.endswith(pb) or pb.endswith(pa)


def _clean(raw: str) -> tuple[str, str] | None:
    """(name, qualifier) when raw is a body's name, else None."""
    name = _LEAD.sub("", re.sub(r"\s+", "", raw)).replace("(", "（").replace(")", "）")
    name = _UNDER.split(name)[-1]  # "XX市教育局所属XX中学": the body is the school
    qual = ""
    if m := _QUALIFIER.search(name):
        qual, name = m.group(1), name[:m.start()]
    if not 3 <= len(name) <= 40 or _NOT_A_NAME.search(name) or not _ORG_END.search(name):
        return None
    if name.count("（") != name.count("）"):
        return None
    return name, qual


def _cover_pages(pages: list[str]) -> int:
    """Pages up to the cover: the first page that holds more than a page number."""
    for n, text in enumerate(pages[:3], 1):
        if len(re.sub(r"[\s\d\-—–]+", "", text)) >= 4:
            return n
    return min(len(pages), 3)


def _cover(pages: list[str]) -> str:
    """The cover's text, unwrapped (a title may break inside the body's name)."""
    return "".join(re.sub(r"\s+", "", t) for t in pages[:_cover_pages(pages)])


def _flat(line: str) -> str:
    return re.sub(r"\s+", "", _LEAD.sub("", line))


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
_CN_YEAR = re.compile(r"[二][〇零○一二三四五六七八九]{3}(?=\s*年)")


def _arabic_years(text: str) -> str:
    """二〇二四年 → 2024年 (some covers print the year in Chinese numerals)."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), text)


def identify(pages: list[str], file_name: str = "") -> Identity:
    """The identity of a document from its pages' text (``page_texts``) and its file name."""
    pages = [_arabic_years(p) for p in pages]
    votes: dict[str, Counter] = defaultdict(Counter)   # source → name → votes
    quals: Counter = Counter()
    labels: Counter = Counter()    # 'dept' / 'unit': what the tables' name fields are called
    cover = _cover(pages)

    def vote(source: str, raw: str, weight: int) -> bool:
        got = _clean(raw)
        if got:
            votes[source][got[0]] += weight
            if got[1]:
                quals[got[1]] += weight
        return bool(got)

    if m := _NAME_YEAR.search(_LEAD.sub("", cover)):
        vote("cover", m.group(1), _W_COVER)
    n_cover = _cover_pages(pages)
    for m in _LABELLED.finditer("\n".join(pages[:n_cover])):
        vote("cover", m.group(2), _W_COVER)
    for m in _YEAR_NAME.finditer(cover[:80]):
        vote("cover", m.group(2), _W_COVER)
    for pno, text in enumerate(pages, 1):
        seen: set = set()
        previous = "。"
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            # a sentence about the body starts a paragraph (indented, or after a full stop or a
            # heading), never a wrapped line's middle
            starts = raw[:1].isspace() or previous[-1] in "。：:；;！？" or _HEADING.match(previous)
            previous = line
            for m in _LABELLED.finditer(line if pno > n_cover else ""):  # the cover's fields voted above
                key = ("field", m.group(2))
                if key not in seen:
                    seen.add(key)
                    if vote("tables", m.group(2), _W_FIELD):
                        labels["unit" if "单位" in m.group(1) else "dept"] += 1
            flat = _flat(line)
            for rx, grp, source in ((_NAME_YEAR, 1, "titles"), (_YEAR_NAME, 2, "titles"),
                                    (_NAME_SAYS, 1, "narrative")):
                if source == "narrative" and not starts:
                    continue
                for m in rx.finditer(flat):
                    key = (source, m.group(grp))
                    if key not in seen:
                        seen.add(key)
                        vote(source, m.group(grp), _W_TITLE if source == "titles" else _W_TEXT)
    ident = Identity()
    ident.body = _winner(votes)
    if ident.body and any(src != "narrative" for src in votes):
        # the narrative names other bodies too (its superior, its units): only names of this
        # body (a short or long form of it) are its witnesses
        key = body_key(ident.body)
        votes["narrative"] = Counter({n: v for n, v in votes["narrative"].items()
                                      if body_key(n) in key or key in body_key(n)})
    ident.names = {src: dict(sorted(c.items())) for src, c in sorted(votes.items()) if c}
    if ident.body and quals:
        ident.body_qualifier = _qualifier(ident.body, pages, cover)
    all_text = "\n".join(pages)
    ident.level = _level(cover[:150], all_text) or _most_common(labels)
    ident.kind = _kind(cover[:150], all_text)
    ident.year, ident.year_source = _year(cover, pages, file_name)
    ident.superior = _superior(ident.body, all_text)
    return ident


def _winner(votes: dict[str, Counter]) -> str:
    """The most consistent name: the body (by key) with most votes; of its spellings the most
    voted, then the longest (中共江苏省委办公厅 over 江苏省委办公厅)."""
    by_key: dict[str, Counter] = defaultdict(Counter)
    for counter in votes.values():
        for name, n in counter.items():
            by_key[body_key(name)][name] += n
    if not by_key:
        return ""
    best = max(by_key.values(), key=lambda c: (sum(c.values()), -min(map(len, c))))
    return max(best, key=lambda n: (best[n], len(n)))


def _qualifier(body: str, pages: list[str], cover: str) -> str:
    """本级 / 汇总 as printed right after the body's name (the cover first)."""
    rx = re.compile(re.escape(body_key(body)) + r"[（(](本级|汇总|机关|本部|部门汇总|单位汇总)[）)]")
    for text in [cover] + [re.sub(r"\s+", "", t) for t in pages]:
        if m := rx.search(text):
            return m.group(1)
    return ""


_LEVEL_PHRASE = re.compile(r"(部门|单位)(?:综合)?(?:预算|决算)(?!表)|(部门)整体|预算(主管部门)[:：]|(预算单位)[:：]")


def _level(cover: str, text: str) -> str:
    """部门 or 单位: the cover's title first (a 部门 budget's tables may say 单位), then what the
    text says most."""
    if m := _LEVEL_PHRASE.search(cover):
        return "unit" if "单位" in m.group(0).replace("预算单位", "单位") else "dept"
    said = Counter("unit" if "单位" in m.group(0) else "dept"
                   for m in _LEVEL_PHRASE.finditer(re.sub(r"\s+", "", text)))
    return _most_common(said)


def _kind(cover: str, text: str) -> str:
    """预算, 决算, or a 绩效自评 that is nothing else; the title decides, then the text."""
    flat = re.sub(r"\s+", "", text)
    for scope in (cover, flat[:3000], flat):
        fin = len(re.findall(r"决算", scope))
        bud = len(re.findall(r"预算(?!执行|安排金额|数[①-⑩]?)", scope))
        if "绩效自评" in scope[:30] and not re.search(r"[预决]算", scope[:30]):
            return "selfeval"
        if fin != bud and (fin or bud):
            return "final" if fin > bud else "budget"
    return "budget"


def year_from_text(text: str) -> int | None:
    """The year of the first '<year>年…预算/决算' phrase, else the most frequent '<year>年'
    that is not a date ('2024年8月')."""
    if m := _TITLE_YEAR.search(text):
        return int(m.group(1))
    counts = Counter(_ANY_YEAR.findall(text)) or Counter(re.findall(_YEAR + r"\s*年", text))
    return _most(Counter({int(y): n for y, n in counts.items()})) if counts else None


def _year(cover: str, pages: list[str], file_name: str) -> tuple[int | None, str]:
    if m := _TITLE_YEAR.search(cover):
        return int(m.group(1)), "cover"
    if m := re.search(r"[（(]" + _YEAR + r"年?度?[）)]", cover):   # 绩效自评表（2024年度）
        return int(m.group(1)), "cover"
    titles = Counter(int(y) for t in pages for y in _TITLE_YEAR.findall(re.sub(r"\s+", "", t)))
    if titles:
        return _most(titles), "title"
    if (y := year_from_text("\n".join(pages))) is not None:
        return y, "text"
    if m := FILE_NAME_YEAR.search(Path(file_name).stem):
        return int(m.group(1)), "file name"
    return None, ""


def _most_common(counts: Counter) -> str:
    ranked = counts.most_common(2)
    return ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else ""


def _most(counts: Counter) -> int:
    top = max(counts.values())
    return max(y for y, n in counts.items() if n == top)


def _superior(body: str, text: str) -> str:
    """The department above the body where a sentence about the body names one, or a title
    names the body as one of its units (XX市教育局所属XX中学)."""
    if not body:
        return ""
    under = re.compile(r"^([^\s\d、，。：:“”《》]{3,40}?)(?:所属|下属)的?" + re.escape(body_key(body)))
    for line in text.splitlines():
        if (m := under.search(_flat(line))) and (got := _clean(m.group(1))):
            return got[0]
    core = re.sub(r"^(中共)?.*?[省市区县]", "", body_key(body)) or body_key(body)
    for sentence in re.split(r"[。\n]", re.sub(r"[ \t\u3000]+", "", text)):
        if core in sentence:
            tail = sentence[sentence.index(core) + len(core):]
            if m := _SUPERIOR.search(tail):
                got = _clean(m.group(1) or m.group(2))
                if got and body_key(got[0]) != body_key(body):
                    return got[0]
    return ""


def document_identity(pdf: Path) -> Identity:
    from .pdfdoc import open_pdf

    with open_pdf(pdf, check_text=False) as doc:
        return identify(page_texts(doc.data), Path(pdf).name)


def document_year(pdf: Path) -> int:
    """The year a document is about (``make audit PDF=…`` without YEAR)."""
    year = document_identity(Path(pdf)).year
    if year is None:
        raise BadParameters(f"cannot tell the year of {Path(pdf).name} from its text or file name; give YEAR=")
    return year
