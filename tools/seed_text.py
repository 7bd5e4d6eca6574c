"""Parser of the default document's seed text (data/seed/000_*.txt).

The seed is the full text of 江汉区大数据中心 2024 年预算 as extracted from the published PDF:
narrative lines, and tables whose rows are TAB-separated lines.  This module turns it into an
ordered list of blocks, and is the single source of the ground truth of every table cell
(``python tools/seed_text.py truth SEED OUT.csv``).

Blocks, in document order:

* ``Heading(level, text)``: 0 document title, 1 part (第一部分 …), 2 section (一、…),
  3 sub-section (（一）…).  The table of contents gives ``TocHeading`` and ``TocItem``.
* ``Paragraph(text, lines)``: a narrative paragraph.  The extraction broke a few paragraphs at
  page ends ("…承担电子政" / "务和信息化工作…"); such pieces are joined, ``lines`` keeps them.
* ``Table``: a 预算NN表 (label, title, unit line, header rows, body rows, notes) or a 绩效 form
  (label 绩效-dept / 绩效-project-N, title, meta lines, several segments of rows, no header
  rows at the top).  Cell texts are exactly as in the seed, leftovers (``<p>``, ``<input …>``)
  included; rows are padded with "" to the width of their segment.

Header cells span: a header cell spans right over the following blank cells of its header
row, and down when the cells below it are blank in all remaining header rows
(``header_spans``).  ``header_paths`` joins the header texts of each column with "/".
"""
from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CN_NUM = "一二三四五六七八九十廿"
RE_PART = re.compile(rf"^第[{CN_NUM}]+部分")
RE_SECTION = re.compile(rf"^[{CN_NUM}]+、")
RE_SUBSECTION = re.compile(rf"^[（(][{CN_NUM}]+[)）]")
RE_TABLE_LABEL = re.compile(r"^预算(\d{2})表$")
RE_FORM_TITLE = re.compile(r"^\d{4}年江汉区.*申报表$")
RE_NUMBER_CELL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
RE_NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
SENTENCE_END = tuple("。；;！？!?：:")


@dataclass
class Heading:
    level: int
    text: str
    kind: str = "heading"


@dataclass
class TocHeading:
    text: str
    kind: str = "toc_heading"


@dataclass
class TocItem:
    level: int
    text: str
    kind: str = "toc_item"


@dataclass
class Paragraph:
    text: str
    lines: list[str]
    kind: str = "paragraph"


@dataclass
class Table:
    """A 预算NN表 or a 绩效 form.

    ``segments``: lists of rows (lists of cell texts); a 预算NN表 has one segment, a form has
    one per blank-line separated part.  ``n_header``: header rows at the top of the first
    segment (0 for forms).  ``meta``: lines between the title and the rows other than the unit
    line (填报日期…, 单位名称：（盖章）).  ``notes``: lines after the rows (备注：…, 注：…).
    """

    label: str  # 预算01表 … 预算13表, 绩效-dept, 绩效-project-1 …
    title: str
    unit: str = ""
    meta: list[str] = field(default_factory=list)
    segments: list[list[list[str]]] = field(default_factory=list)
    n_header: int = 0
    notes: list[str] = field(default_factory=list)
    is_form: bool = False
    line_no: int = 0  # 1-based line of the label (or form title) in the seed
    kind: str = "table"

    @property
    def rows(self) -> list[list[str]]:
        return [r for seg in self.segments for r in seg]

    @property
    def header_rows(self) -> list[list[str]]:
        return self.segments[0][: self.n_header] if self.segments else []

    @property
    def body_rows(self) -> list[list[str]]:
        return self.rows[self.n_header:]

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def is_number_cell(text: str) -> bool:
    return bool(RE_NUMBER_CELL.match(text.strip()))


def number_tokens(text: str) -> list[str]:
    """The digit runs of a cell text (``2,652.67``, ``100``, ``2019`` in ``[2019]21号``)."""
    return RE_NUMBER_TOKEN.findall(text)


def _heading_level(line: str) -> int | None:
    s = line.strip()
    if RE_PART.match(s):
        return 1
    short = len(s) <= 40 and "。" not in s and not s.endswith(("；", "，", ","))
    if RE_SECTION.match(s) and short:
        return 2
    if RE_SUBSECTION.match(s) and short:
        return 3
    return None


def _split_row(line: str) -> list[str]:
    return line.rstrip("\n").split("\t")


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def _count_header_rows(rows: list[list[str]]) -> int:
    """Header rows: the rows before the first one holding a number (all rows if none does).

    ("合计" is no marker: it is also a column header, e.g. 科目编码 | 科目名称 | 合计 | …)
    """
    for i, row in enumerate(rows):
        if any(is_number_cell(c) for c in row):
            return i
    return len(rows)


def parse(text: str) -> list:
    lines = text.split("\n")
    n = len(lines)
    blocks: list = []
    i = 0
    # --- document title and table of contents -------------------------------------------------
    while i < n and not lines[i].strip():
        i += 1
    blocks.append(Heading(0, lines[i].strip()))
    i += 1
    while i < n and not lines[i].strip():
        i += 1
    if lines[i].strip().replace(" ", "") == "目录":
        blocks.append(TocHeading(lines[i].strip()))
        i += 1
        first_toc = None
        while i < n:
            s = lines[i]
            if not s.strip():
                i += 1
                continue
            if first_toc is None:
                first_toc = s.strip()
            elif s.strip() == first_toc:
                break  # the body starts with the TOC's first line again
            if s.startswith(" - ") or s.startswith("  - "):
                blocks.append(TocItem(3, s.strip()[2:].strip()))
            elif s.startswith("- "):
                blocks.append(TocItem(2, s[2:].strip()))
            elif RE_PART.match(s.strip()):
                blocks.append(TocItem(1, s.strip()))
            else:
                blocks.append(TocItem(2, s.strip()))
            i += 1
    # --- body ------------------------------------------------------------------------------------
    form_count = 0
    while i < n:
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        m = RE_TABLE_LABEL.match(s)
        if m or (RE_FORM_TITLE.match(s) and "\t" not in lines[i]):
            table_line = i + 1
            if m:
                label = s
                i += 1
                while not lines[i].strip():
                    i += 1
                title = lines[i].strip()
                is_form = False
            else:
                title = s
                is_form = True
                label = "绩效-dept" if form_count == 0 else f"绩效-project-{form_count}"
                form_count += 1
            i += 1
            t = Table(label=label, title=title, is_form=is_form, line_no=table_line)
            # meta lines up to the first row
            while i < n and "\t" not in lines[i]:
                s2 = lines[i].strip()
                if s2:
                    if s2.startswith("单位：") and not s2.startswith("单位名称") and not t.unit:
                        t.unit = s2
                    else:
                        t.meta.append(s2)
                i += 1
            # rows: TAB lines; blank lines split a form into segments
            seg: list[list[str]] = []
            while i < n:
                if "\t" in lines[i]:
                    seg.append(_split_row(lines[i]))
                    i += 1
                    continue
                if not lines[i].strip():
                    j = i
                    while j < n and not lines[j].strip():
                        j += 1
                    if is_form and j < n and "\t" in lines[j]:
                        if seg:
                            t.segments.append(_pad(seg))
                        seg = []
                        i = j
                        continue
                break
            if seg:
                t.segments.append(_pad(seg))
            # notes
            while i < n:
                s2 = lines[i].strip()
                if not s2:
                    i += 1
                    continue
                if s2.startswith(("备注", "注：", "注:")):
                    t.notes.append(s2)
                    i += 1
                    continue
                break
            t.n_header = 0 if is_form else _count_header_rows(t.segments[0])
            blocks.append(t)
            continue
        level = _heading_level(s)
        if level is not None:
            blocks.append(Heading(level, s))
            i += 1
            continue
        # paragraph, joined with the next line(s) when the extraction broke it mid-sentence
        parts = [s]
        i += 1
        while not parts[-1].endswith(SENTENCE_END):
            j = i
            while j < n and not lines[j].strip():
                j += 1
            if j >= n:
                break
            nxt = lines[j].strip()
            if ("\t" in lines[j] or _heading_level(nxt) is not None or RE_TABLE_LABEL.match(nxt)
                    or RE_FORM_TITLE.match(nxt)):
                break
            parts.append(nxt)
            i = j + 1
        blocks.append(Paragraph("".join(parts), parts))
    return blocks


def parse_file(path) -> list:
    return parse(Path(path).read_text(encoding="utf-8"))


def tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


# --- spans -----------------------------------------------------------------------------------------
def header_spans(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Spans of the header cells: {(row, col): (last_row, last_col)} for each non-blank cell.

    A header cell spans right over the following blank cells of its row (not over cells
    already covered by a span from above), then down while the cells below its whole width
    are blank in all remaining header rows.
    """
    if not rows:
        return {}
    nrows, ncols = len(rows), max(len(r) for r in rows)

    def cell(r, c):
        return rows[r][c].strip() if c < len(rows[r]) else ""

    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(nrows):
        for c in range(ncols):
            if (r, c) in covered or not cell(r, c):
                continue
            c1 = c
            while c1 + 1 < ncols and not cell(r, c1 + 1) and (r, c1 + 1) not in covered:
                c1 += 1
            r1 = r
            if all(not cell(rr, cc) for rr in range(r + 1, nrows) for cc in range(c, c1 + 1)):
                r1 = nrows - 1
            spans[(r, c)] = (r1, c1)
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    covered.add((rr, cc))
    return spans


def header_paths(rows: list[list[str]], ncols: int | None = None) -> list[str]:
    """For each column, the texts of the header cells above it joined with '/', spaces removed."""
    if ncols is None:
        ncols = max((len(r) for r in rows), default=0)
    spans = header_spans(rows)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), (r1, c1) in spans.items():
        for rr in range(r, r1 + 1):
            for cc in range(c, c1 + 1):
                owner[(rr, cc)] = (r, c)
    paths = []
    for c in range(ncols):
        parts: list[str] = []
        seen: list[tuple[int, int]] = []
        for r in range(len(rows)):
            o = owner.get((r, c))
            if o is None or o in seen:
                continue
            seen.append(o)
            parts.append(re.sub(r"\s+", "", rows[o[0]][o[1]]))
        paths.append("/".join(parts))
    return paths


def sub_header_groups(seg: list[list[str]]) -> list[tuple[int, int]]:
    """Header groups inside a form segment: [(first_row, last_row)], both inclusive.

    Row r+1 is a sub-header of row r when all its non-blank cells (at least two) lie under one
    cell of row r and the blank cells that follow it (e.g. 指标值 | 前年 上年 预计当年实现),
    row r has at least two non-blank cells, and neither row holds an amount.
    """
    groups = []
    r = 0
    while r < len(seg) - 1:
        end = r
        while end + 1 < len(seg) and _is_sub_header(seg[end], seg[end + 1]):
            end += 1
        if end > r:
            groups.append((r, end))
            r = end + 1
        else:
            r += 1
    return groups


def _is_sub_header(above: list[str], below: list[str]) -> bool:
    filled = [c for c, t in enumerate(below) if t.strip()]
    if len(filled) < 2 or sum(1 for t in above if t.strip()) < 2:
        return False
    if any(is_number_cell(t) for t in above + below):
        return False  # header rows hold words, not amounts
    for c, t in enumerate(above):
        if not t.strip():
            continue
        e = c
        while e + 1 < len(above) and not above[e + 1].strip():
            e += 1
        if e > c and all(c <= f <= e for f in filled):
            return True
    return False


def form_header_paths(seg: list[list[str]]) -> list[list[str]]:
    """header_path of every cell of a form segment.

    The rows after a sub-header group get the group's column paths: the first row after the
    group, and the following rows while their first cell is blank (a new row label in the
    first column ends the group's block).  Other cells get "".
    """
    width = max(len(r) for r in seg)
    out = [[""] * width for _ in seg]
    for g0, g1 in sub_header_groups(seg):
        paths = header_paths(seg[g0:g1 + 1], width)
        r = g1 + 1
        while r < len(seg) and (r == g1 + 1 or not seg[r][0].strip()):
            out[r] = list(paths)
            r += 1
    return out


# --- ground truth ----------------------------------------------------------------------------------
TRUTH_COLUMNS = ["table_label", "table_title", "row", "col", "header_path", "text"]


def truth_rows(blocks) -> list[dict]:
    """One row per body cell of every table (blank cells included).

    预算NN表: rows after the header rows, header_path from the header rows.  Forms: every row of
    every segment (numbered across segments); header_path from the sub-header group that
    precedes the row in its segment (see ``sub_header_groups``), else "".
    """
    out = []
    for t in tables(blocks):
        if not t.is_form:
            paths = header_paths(t.header_rows, t.ncols)
            for r, row in enumerate(t.body_rows):
                for c, text in enumerate(row):
                    out.append(dict(table_label=t.label, table_title=t.title, row=r, col=c,
                                    header_path=paths[c] if c < len(paths) else "", text=text))
            continue
        r_all = 0
        for seg in t.segments:
            paths = form_header_paths(seg)
            for r, row in enumerate(seg):
                for c, text in enumerate(row):
                    out.append(dict(table_label=t.label, table_title=t.title, row=r_all, col=c,
                                    header_path=paths[r][c], text=text))
                r_all += 1
    return out


def write_truth(seed_path, out_path) -> int:
    rows = truth_rows(parse_file(seed_path))
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return len(rows)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 3 and argv[0] == "truth":
        n = write_truth(argv[1], argv[2])
        print(f"wrote {n} cells to {argv[2]}")
        return 0
    if len(argv) == 2 and argv[0] == "dump":
        for b in parse_file(argv[1]):
            if isinstance(b, Table):
                print(f"[table] {b.label} {b.title} unit={b.unit!r} meta={b.meta} "
                      f"segments={[len(s) for s in b.segments]} n_header={b.n_header} "
                      f"ncols={[len(s[0]) for s in b.segments]} notes={b.notes}")
            else:
                print(f"[{b.kind}] {getattr(b, 'level', '')} {b.text[:60]}")
        return 0
    print("usage: seed_text.py truth SEED_TXT OUT_CSV | seed_text.py dump SEED_TXT",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
