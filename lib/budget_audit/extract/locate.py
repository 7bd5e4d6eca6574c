"""Find every table by its caption: caption lines and ruled grids, in reading order.

A *caption* (``title_text``) is a short line (≤ 60 characters, no TOC leader dots, no
sentence punctuation) that carries a table number (表N, 表一, 附表, 预算NN表, 公开NN表 …) or
ends in 表 and names a year or a budget subject.  Its id comes from an alias of
``table_map.yaml`` when one matches, else it is ``other`` (a table of unknown kind, kept).
Walking the document in order:

* a grid below a pending caption starts that table, unless the caption repeats the title of
  the table before (same ``title_core``) on the next page: then it continues it;
* a grid with no caption above it continues the previous table when it is the first grid
  on the next page (or directly below on the same page) and only page furniture stands above
  it (unit line, 预算单位：…, page number, 续表), otherwise it becomes ``other#n`` (e.g. a unit
  list inside the narrative) – nothing is dropped;
* a caption never followed by a grid is an *empty* table published without rulings
  (e.g. "本表为空表"); it is recorded only when a ``单位`` line or a ``注`` line follows,
  so narrative mentions of a table name are not mistaken for tables; a caption repeating
  the previous table's title over a page without a grid adds that page to it (a sideways
  overflow).

Pages that hold ≥ 3 caption lines and no grid are tables of contents and are skipped.
``caption_rows`` finds the leading grid rows that only hold a caption or unit line (framed
into the grid by white rulings); the caller cuts them off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..tablemap import match_title, normalize_title, table_specs
from .grid import Piece
from .lines import Line

__all__ = ["TitleHit", "TableLoc", "locate_tables", "find_unit", "title_text", "title_core", "caption_rows"]

_TOC = re.compile(r"(…|\.{4,}|·{4,})")
_UNIT = re.compile(r"单位[：:]?(万元|千元|元)")
_UNIT_SPLIT = re.compile(r"单位[：:]?万")


@dataclass
class TitleHit:
    id: str
    line: Line
    text: str


@dataclass
class TableLoc:
    id: str                      # base id (no #n yet)
    title: str
    title_line: Line | None
    pieces: list[Piece] = field(default_factory=list)
    context: list[Line] = field(default_factory=list)   # lines between title and first grid
    note: str = ""
    side_pages: list[int] = field(default_factory=list)  # overflow pages without a readable grid


# a numbered table caption: 表一 / 表1 / 附表2 / 预算01表 / 公开03表 / 部门公开表5 / （预算表5）
_NUMBERED = re.compile(r"(^(附表\d*|表([一二三四五六七八九十]+|\d{1,2}(?!\d))(-\d+)?|(预算|公开|决算)\d+表"
                       r"|(部门)?(公开|预算|决算)表\d+)"
                       r"|[（(](预算|公开|决算)?表\d+[）)]|(预算|公开|决算)\d+表$)")
_ENDS_TABLE = re.compile(r"表(（[^（）]*）)*$")
_YEAR = re.compile(r"(19|20)\d\d年?")
_SUBJECT = re.compile(r"(预算|决算|收支|收入|支出|经费|资金|采购|资产|绩效)")
_CONT = re.compile(r"[（(]?续表?[）)]?$|^续表")


def title_text(text: str) -> str | None:
    """Canonical id of a title-like text, ``'other'`` for a table caption no alias knows, else None.

    A caption is short, has no sentence punctuation, and either carries a table number
    (表N, 预算NN表, 公开NN表, 附表 …) or ends in 表 and names a year or a budget subject."""
    s = normalize_title(text)
    if not s or len(s) > 60 or _TOC.search(text or "") or re.search(r"[《》；;，,。]", s):
        return None
    s = _CONT.sub("", s)
    tail = re.sub(r"(（[^（）]*）)+$", "", s)
    ends = tail.endswith("表") or s.endswith("表") or "表（" in s
    tid = match_title(s)
    if tid is not None and (ends or "经费、会议费、培训费" in s):
        return tid
    numbered = _NUMBERED.search(s)
    rest = s[:numbered.start()] + s[numbered.end():] if numbered else s
    if not re.search(r"[\u4e00-\u9fff]{3}", rest) or re.match(r"^第[一二三四五六七八九十]+部分", rest):
        return None
    if numbered and "表" in s:
        return "other"
    if _ENDS_TABLE.search(rest) and (_YEAR.search(rest) or _SUBJECT.search(rest)):
        return "other"
    return None


def is_title_line(line: Line) -> str | None:
    return title_text(line.text)


def title_core(text: str) -> str:
    """A title without numbering, year and 续表: two pieces with the same core continue one table."""
    s = _CONT.sub("", normalize_title(text))
    s = _NUMBERED.sub("", s)
    s = re.sub(r"^[：:.．、]", "", s)
    return re.sub(r"(19|20)\d\d年度?", "", s)


def is_caption_text(text: str) -> bool:
    """A grid row that only holds a title, a unit line or a 续表 mark (framed by white rulings)."""
    s = normalize_title(text)
    if not s:
        return True
    if _CONT.fullmatch(s) or title_text(s):
        return True
    return bool(_UNIT_LINE.fullmatch(s))


_UNIT_LINE = re.compile(r"((预算|编制|填报)?(单位|部门)(名称)?[：:][^：:]{0,40}?)?(金额)?单位[：:]?(万元|千元|元|亿元)"
                        r"|((预算|编制|填报)?(单位|部门)(名称)?[：:][^：:]{0,40})")


def find_unit(lines: list[Line]) -> str:
    joined = "".join(normalize_title(line.text) for line in lines)
    m = _UNIT.search(joined)
    if m:
        return m.group(1)
    if _UNIT_SPLIT.search(joined):
        return "万元"
    m = re.search(r"[（(](万元|元)[）)]", joined)
    return m.group(1) if m else ""


def locate_tables(lines_by_page: dict[int, list[Line]], pieces: list[Piece]) -> list[TableLoc]:
    events = []  # (page, top, order, kind, obj)
    pieces_by_page: dict[int, list[Piece]] = {}
    for p in pieces:
        pieces_by_page.setdefault(p.page, []).append(p)
    for pno, lines in lines_by_page.items():
        page_pieces = pieces_by_page.get(pno, [])
        hits = []
        prev, prev_hit = None, False
        for ln in lines:
            host = next((p for p in page_pieces if p.bbox[1] - 1 <= ln.mid <= p.bbox[3] + 1
                         and p.bbox[0] - 1 <= (ln.x0 + ln.x1) / 2 <= p.bbox[2] + 1), None)
            if host is not None and not _in_title_row(host, ln):
                prev = None
                continue
            tid = is_title_line(ln)
            hit_line = ln
            if tid in (None, "other") and prev is not None and not prev_hit \
                    and ln.top - prev.bottom < 1.5 * max(ln.bottom - ln.top, 1):
                # a title wrapped over two lines
                joined = Line(ln.page, min(prev.x0, ln.x0), prev.top, max(prev.x1, ln.x1), ln.bottom,
                              prev.text + ln.text, prev.chars + ln.chars, ln.size)
                jid = is_title_line(joined)
                if jid and (tid is None or jid != "other"):
                    tid, hit_line = jid, joined
            if tid:
                if host is not None:  # title printed inside the table's outer frame
                    hit_line = Line(ln.page, hit_line.x0, host.bbox[1] - 0.5, hit_line.x1, host.bbox[1] - 0.2,
                                    hit_line.text, hit_line.chars, hit_line.size)
                    hit_line.inner = ln
                hits.append(TitleHit(tid, hit_line, hit_line.text))
            prev, prev_hit = ln, bool(tid)
        if len(hits) >= 3 and not page_pieces:
            continue  # table of contents
        for h in hits:
            events.append((pno, h.line.top, 0, "title", h))
    for p in pieces:
        events.append((p.page, p.bbox[1], 1, "piece", p))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    tables: list[TableLoc] = []
    pending: TitleHit | None = None
    current: TableLoc | None = None
    other_n = 0

    def flush_pending():
        nonlocal pending
        if pending is None:
            return
        spec = table_specs().get(pending.id)
        last = tables[-1] if tables else None
        if last is not None and last.pieces and last.title_line is not None \
                and pending.line.page - last.pieces[-1].page in (1, 2) \
                and title_core(pending.text) == title_core(last.title):
            # the title repeated over a page with no readable grid: the table's overflow
            # (columns split sideways onto their own page), not a new table
            last.side_pages.append(pending.line.page)
            pending = None
            return
        below = []
        for line in _lines_below(lines_by_page, pending.line, 15):
            if line is not pending.line and is_title_line(line):
                break
            below.append(line)
            if normalize_title(line.text).startswith("注"):
                break
        joined = "".join(normalize_title(line.text) for line in below[:6]) + (
            normalize_title(below[-1].text) if below else "")
        known = spec is not None and not spec.form and ("单位" in joined or "注" in joined)
        if known or "空表" in joined:
            t = TableLoc(pending.id, pending.text, pending.line, [], below)
            m = re.search(r"注[:：].*", "\n".join(line.text for line in below))
            t.note = m.group(0) if m else ""
            tables.append(t)
        pending = None

    for pno, _top, _, kind, obj in events:
        if kind == "title":
            if pending is not None:
                # two titles in a row: a section heading above the real title, or an empty table
                if _close(pending.line, obj.line) and pending.id == obj.id:
                    pending = obj
                    continue
                if _close(pending.line, obj.line):
                    # the nearer line wins (e.g. "五、项目绩效目标表" over the form title), but a
                    # caption no alias knows does not displace a known one just above it
                    if not (obj.id == "other" and pending.id != "other"):
                        pending = obj
                    continue
                flush_pending()
            pending = obj
            continue
        piece: Piece = obj
        if pending is not None and current is not None and _same_table(current, pending, piece):
            current.pieces.append(piece)  # the title is repeated on each page of a long table
            pending = None
            continue
        if pending is not None:
            ctx = [line for line in lines_by_page.get(pno, []) if pending.line.top <= line.top < piece.bbox[1]] \
                if pending.line.page == pno else \
                [line for line in lines_by_page.get(pending.line.page, []) if line.top >= pending.line.top] + \
                [line for line in lines_by_page.get(pno, []) if line.top < piece.bbox[1]]
            if pending.line.page == pno:
                # the lines just above the title on the same page often hold '公开01表' / unit
                ctx = [line for line in lines_by_page.get(pno, [])
                       if pending.line.top - 40 <= line.top < pending.line.top] + ctx
            current = TableLoc(pending.id, pending.text, pending.line, [piece], ctx)
            tables.append(current)
            pending = None
            continue
        if current is not None and current.pieces and _continues(current.pieces[-1], piece, lines_by_page):
            current.pieces.append(piece)
            continue
        other_n += 1
        above = [line for line in lines_by_page.get(pno, []) if line.bottom <= piece.bbox[1] + 1]
        title = above[-1].text if above else ""
        current = TableLoc("other", title, above[-1] if above else None, [piece], above[-3:])
        tables.append(current)
    flush_pending()
    return tables


def _same_table(current: TableLoc, pending: TitleHit, piece: Piece) -> bool:
    """A title repeated above a grid on the page after (or below) the table it continues."""
    if not current.pieces or current.title_line is None:
        return False
    spec = table_specs().get(current.id)
    if spec is not None and spec.form:
        return False  # one form per project: the same title starts the next form
    last = current.pieces[-1]
    if piece.page not in (last.page, last.page + 1):
        return False
    return bool(title_core(pending.text)) and title_core(pending.text) == title_core(current.title)


def caption_rows(p: Piece) -> int:
    """Leading rows of a grid that only hold the title, a unit line or 续表 (white rulings
    frame them into the grid); they are not part of the table."""
    k = 0
    while k < p.nrows - 2:
        cells = [p.grid[k][c] for c in range(p.ncols)]
        if any(g.r1 > k for g in cells):
            break
        text = "".join(g.text for g in p.row_cells(k))
        if not is_caption_text(text):
            break
        k += 1
    return k


def _in_title_row(p: Piece, ln: Line) -> bool:
    """The line sits in the grid's first row and that row is one cell spanning the width."""
    g = p.grid[0][0]
    return g.c1 == p.ncols - 1 and g.r0 == 0 and p.row_edges[0] - 1 <= ln.mid <= p.row_edges[g.r1 + 1] + 1


def _close(a: Line, b: Line) -> bool:
    return a.page == b.page and 0 <= b.top - a.bottom < 60


def _lines_below(lines_by_page, line: Line, n: int) -> list[Line]:
    out = [other for other in lines_by_page.get(line.page, []) if other.top > line.top]
    if len(out) < n:
        out += lines_by_page.get(line.page + 1, [])[: n - len(out)]
    return out[:n]


def _continues(prev: Piece, piece: Piece, lines_by_page) -> bool:
    if piece.page == prev.page:
        return 0 <= piece.bbox[1] - prev.bbox[3] < 30
    if piece.page != prev.page + 1:
        return False
    above = [line for line in lines_by_page.get(piece.page, []) if line.bottom <= piece.bbox[1] + 1]
    text = "".join(normalize_title(line.text) for line in above)
    # a page header / page number / repeated unit line is fine; narrative text is not
    text = _UNIT_LINE.sub("", text)
    text = re.sub(r"(单位[：:]?(万元|元))|(第?-?\d+-?页?)|(续表?)", "", text)
    return len(text) <= 40
