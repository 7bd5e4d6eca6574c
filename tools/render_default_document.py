"""Render the project's default document, 江汉区大数据中心 2024 年预算, as a PDF.

    python tools/render_default_document.py [--unmerged-headers] SEED_TXT OUT_PDF

``--unmerged-headers`` draws every header cell on its own (no spans), the way the published
seed text lays them out; the audit must give the same findings on it.

The published PDF is not redistributable here, so the project re-typesets its published text
(data/seed/000_8a71d80099de2dea.txt, parsed by tools/seed_text.py) the way such
disclosures are printed: narrative on A4 portrait pages, one ruled table per page with the
merged multi-row headers, wide tables and the 绩效 forms on A4 landscape pages, long tables
continued with their header rows repeated.  Every cell text is printed as the seed gives it
(numbers verbatim, inconsistencies included); `<p>` paragraphs become line breaks and
checkboxes become [√] / [ ] (WenQuanYi Micro Hei has □ but no ☑).

The output is deterministic: same seed, same bytes (reportlab invariant mode, fixed dates).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools import seed_text as st  # noqa: E402

FONT = "WQYMicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
TITLE = "江汉区大数据中心2024年预算"
PRODUCER = ("budget-audit tools/render_default_document.py: re-typeset rendering of the "
            "published text (ReportLab)")
LANDSCAPE_LABELS = {"预算02表", "预算11表", "预算12表", "预算13表"}
CHECKED, UNCHECKED = "[√]", "[ ]"

MARGIN = 54  # points (19 mm)
PORTRAIT, LANDSCAPE = A4, landscape(A4)
RE_INPUT = re.compile(r"<input\b[^>]*>", re.I)
RE_P = re.compile(r"</?p\s*>", re.I)


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))


def is_landscape(t: st.Table) -> bool:
    return t.is_form or t.label in LANDSCAPE_LABELS


# --- styles ----------------------------------------------------------------------------------------
def pstyle(name, size, align=TA_LEFT, leading=None, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.3,
                          alignment=align, wordWrap="CJK", splitLongWords=0, **kw)


S_COVER = pstyle("cover", 28, TA_CENTER, leading=40)
S_TOC_HEAD = pstyle("tochead", 18, TA_CENTER, leading=28, spaceAfter=14)
S_TOC = {1: pstyle("toc1", 11.5, leading=17, spaceBefore=3),
         2: pstyle("toc2", 10.5, leading=14.2, leftIndent=24),
         3: pstyle("toc3", 10.5, leading=14.2, leftIndent=48)}
S_H = {1: pstyle("h1", 16, TA_CENTER, leading=24, spaceBefore=6, spaceAfter=14, keepWithNext=1),
       2: pstyle("h2", 12.5, leading=20, spaceBefore=8, spaceAfter=4, keepWithNext=1),
       3: pstyle("h3", 11.5, leading=19, spaceBefore=4, spaceAfter=2, leftIndent=11,
                 keepWithNext=1)}
S_BODY = pstyle("body", 10.5, leading=19, firstLineIndent=21, spaceAfter=3)
S_LABEL = pstyle("label", 10, leading=14)
S_TTITLE = pstyle("ttitle", 15, TA_CENTER, leading=22, spaceBefore=2, spaceAfter=6)
S_UNIT = pstyle("unit", 9, TA_RIGHT, leading=13, spaceAfter=2)
S_META = pstyle("meta", 9.5, leading=14, spaceAfter=2)
S_NOTE = pstyle("note", 9, leading=13, spaceBefore=5)


def cell_styles(size: float) -> dict[str, ParagraphStyle]:
    lead = round(size * 1.25, 2)
    return {"head": pstyle(f"ch{size}", size, TA_CENTER, leading=lead),
            "text": pstyle(f"ct{size}", size, TA_LEFT, leading=lead),
            "center": pstyle(f"cc{size}", size, TA_CENTER, leading=lead)}


# --- cell texts ------------------------------------------------------------------------------------
def cell_lines(text: str) -> list[str]:
    """The printed lines of a seed cell: checkboxes → [√]/[ ], <p> paragraphs → lines."""
    t = RE_INPUT.sub(lambda m: CHECKED if "checked" in m.group(0).lower() else UNCHECKED, text)
    if RE_P.search(t):
        parts = [p.strip() for p in RE_P.split(t)]
        return [p for p in parts if p]
    return [t.strip()]


def cell_markup(text: str) -> str:
    return "<br/>".join(escape(line) for line in cell_lines(text))


# --- spans -----------------------------------------------------------------------------------------
def form_spans(seg: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Spans of a 绩效 form segment {(row, col): (last_row, last_col)}.

    * sub-header groups (seed_text.sub_header_groups) span like table headers;
    * other rows: a cell spans right over the following blank cells whose column is blank in
      every other row of its block (a block starts at a row with a label in the first column),
      or over any following blank cells when it holds a long text;
    * row labels span down over the rows below whose cells up to the label's last column are
      all blank (a label column of a hierarchy: 年度绩效目标1 › 产出指标 › 数量指标).
    """
    nrows, ncols = len(seg), len(seg[0])

    def blank(r, c):
        return not seg[r][c].strip()

    groups = st.sub_header_groups(seg)
    in_group = {r for g0, g1 in groups for r in range(g0, g1 + 1)}
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}

    def cover(r, c, r1, c1):
        spans[(r, c)] = (r1, c1)
        for rr in range(r, r1 + 1):
            for cc in range(c, c1 + 1):
                covered.add((rr, cc))

    for g0, g1 in groups:
        for (r, c), (r1, c1) in st.header_spans(seg[g0:g1 + 1]).items():
            cover(r + g0, c, r1 + g0, c1)
    # blocks
    block_of: dict[int, int] = {}
    b = 0
    after_group = {g1 + 1 for _, g1 in groups}
    for r in range(nrows):
        if r > 0 and (not blank(r, 0) or r in in_group) and r not in after_group:
            b += 1
        block_of[r] = b
    rows_of: dict[int, list[int]] = {}
    for r, bb in block_of.items():
        rows_of.setdefault(bb, []).append(r)
    # horizontal
    for r in range(nrows):
        if r in in_group:
            continue
        for c in range(ncols):
            if blank(r, c) or (r, c) in covered:
                continue
            long_text = len(seg[r][c].strip()) >= 24 or bool(RE_P.search(seg[r][c]))
            others = [rr for rr in rows_of[block_of[r]] if rr != r]
            c1 = c
            while (c1 + 1 < ncols and blank(r, c1 + 1) and (r, c1 + 1) not in covered
                   and (long_text or all(blank(rr, c1 + 1) for rr in others))):
                c1 += 1
            cover(r, c, r, c1)
    # vertical: labels over the blank rows below
    for (r, c), (r1, c1) in sorted(spans.items()):
        if r in in_group and r1 != max(g1 for g0, g1 in groups if g0 <= r <= g1):
            continue  # a header cell that does not reach the group's last row
        rr = r1
        while (rr + 1 < nrows and rr + 1 not in in_group
               and all(blank(rr + 1, k) for k in range(0, c1 + 1))
               and any(not blank(rr + 1, k) for k in range(ncols))
               and all((rr + 1, k) not in covered for k in range(c, c1 + 1))):
            rr += 1
        if rr != r1:
            for q in range(r1 + 1, rr + 1):
                for k in range(c, c1 + 1):
                    covered.add((q, k))
            spans[(r, c)] = (rr, c1)
    return spans


# --- column widths ---------------------------------------------------------------------------------
def col_widths(rows, spans, avail: float, size: float, header_rows: int = 0,
               cap: float = 170.0) -> list[float]:
    ncols = len(rows[0])
    pad = 10.0  # cell padding 2 × 4 pt, and 2 pt of slack so that a fitting text never wraps
    nat = [3 * size + pad] * ncols
    mins = [2 * size + pad] * ncols
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text.strip():
                continue
            r1, c1 = spans.get((r, c), (r, c))
            if c1 != c:
                continue
            w = max(stringWidth(line, FONT, size) for line in cell_lines(text)) + pad
            if st.is_number_cell(text) or re.fullmatch(r"[!-~]+", text.strip()):
                mins[c] = max(mins[c], w)  # amounts and codes (42010323129T000000100) never wrap
                nat[c] = max(nat[c], w)
            elif r < header_rows:
                nat[c] = max(nat[c], min(w, 6 * size + pad))
                mins[c] = max(mins[c], min(w, 4 * size + pad))  # 科目编码 on one line
            else:
                nat[c] = max(nat[c], min(w, cap))
                if len(text.strip()) <= 8:  # short values (≥1000次, ≤30分钟) stay on one line
                    mins[c] = max(mins[c], min(w, 8 * size + pad))
    nat = [max(n, m) for n, m in zip(nat, mins)]
    total = sum(nat)
    if total <= avail:  # share the spare width equally: even amount columns
        return [round(n + (avail - total) / ncols, 2) for n in nat]
    flex = [n - m for n, m in zip(nat, mins)]
    need = total - avail
    if sum(flex) >= need:
        k = need / sum(flex)
        widths = [n - f * k for n, f in zip(nat, flex)]
    else:
        widths = [m * avail / sum(mins) for m in mins]
    return [round(w, 2) for w in widths]


# --- tables ----------------------------------------------------------------------------------------
def build_grid(rows, spans, header_rows: int, avail: float, size: float, paths=None,
               repeat: int = 0, form: bool = False, widths=None) -> Table:
    styles = cell_styles(size)
    data = []
    aligns = []
    for r, row in enumerate(rows):
        out = []
        for c, text in enumerate(row):
            if r < header_rows:
                out.append(Paragraph(cell_markup(text), styles["head"]) if text.strip() else "")
            elif st.is_number_cell(text):
                out.append(text.strip())  # a plain string: never wrapped, never spaced
                code = paths is not None and ("编码" in paths[c] or "代码" in paths[c])
                spanned = spans.get((r, c), (r, c))[1] != c
                amount = not form or ("." in text or "," in text)
                if amount and not code and not spanned:
                    aligns.append(("ALIGN", (c, r), (c, r), "RIGHT"))
            elif text.strip():
                out.append(Paragraph(cell_markup(text), styles["text"]))
            else:
                out.append("")
        data.append(out)
    if widths is None:
        widths = col_widths(rows, spans, avail, size, header_rows)
    cmds = [("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * 1.25),
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for (r, c), (r1, c1) in sorted(spans.items()):
        if (r1, c1) != (r, c):
            cmds.append(("SPAN", (c, r), (c1, r1)))
    cmds.extend(aligns)
    return Table(data, colWidths=widths, style=TableStyle(cmds), repeatRows=repeat,
                 hAlign="CENTER")


def form_segment_tables(seg, avail: float, size: float) -> list[Table]:
    """A form segment as stacked tables, cut before each sub-header group so that a group that
    continues on the next page repeats its header rows.  The pieces share the column widths,
    so that their grid lines meet."""
    spans = form_spans(seg)
    widths = col_widths(seg, spans, avail, size)
    groups = st.sub_header_groups(seg)
    cuts = sorted({0, *[g0 for g0, _ in groups], len(seg)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        chunk_spans = {(r - a, c): (r1 - a, c1) for (r, c), (r1, c1) in spans.items()
                       if a <= r < b}
        assert all(r1 < b - a for r1, _ in chunk_spans.values()), "span crosses a cut"
        repeat = next((g1 - g0 + 1 for g0, g1 in groups if g0 == a), 0)
        out.append(build_grid(seg[a:b], chunk_spans, repeat, avail, size, repeat=repeat,
                              form=True, widths=widths))
    return out


def table_flowables(t: st.Table, avail: float, merge_headers: bool = True) -> list:
    out = [Paragraph(escape(t.label), S_LABEL)] if not t.is_form else []
    out.append(Paragraph(escape(t.title), S_TTITLE))
    for m in t.meta:
        out.append(Paragraph(escape(m), S_META))
    if t.unit:
        out.append(Paragraph(escape(t.unit), S_UNIT))
    if not t.is_form:
        size = 8.0 if is_landscape(t) else 9.0
        # unmerged: every header cell drawn on its own, the text in the first cell of its span
        # (as the published seed text gives it)
        hspans = st.header_spans(t.header_rows) if merge_headers else {}
        paths = st.header_paths(t.header_rows, t.ncols)
        out.append(build_grid(t.rows, hspans, t.n_header, avail, size, paths=paths,
                              repeat=t.n_header))
    else:
        for i, seg in enumerate(t.segments):
            if i:
                out.append(Spacer(1, 4))
            out.extend(form_segment_tables(seg, avail, 8.5))
    for n in t.notes:
        out.append(Paragraph(escape(n), S_NOTE))
    return out


# --- document --------------------------------------------------------------------------------------
def _footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 9)
    w, _ = canvas._pagesize
    canvas.drawCentredString(w / 2, 28, f"- {doc.page} -")
    canvas.restoreState()


def make_doc(out_path) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(out_path), pagesize=PORTRAIT, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN, title=TITLE, author="江汉区大数据中心",
        subject="江汉区大数据中心2024年部门预算公开（据公开文本重排）", creator="budget-audit",
        producer=PRODUCER, keywords="部门预算,预算公开,江汉区,2024", invariant=1,
        lang="zh-CN")

    def frame(size, fid):
        return Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id=fid,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    doc.addPageTemplates([
        PageTemplate("cover", [frame(PORTRAIT, "fc")], pagesize=PORTRAIT),
        PageTemplate("portrait", [frame(PORTRAIT, "fp")], onPage=_footer, pagesize=PORTRAIT),
        PageTemplate("landscape", [frame(LANDSCAPE, "fl")], onPage=_footer,
                     pagesize=LANDSCAPE),
    ])
    return doc


def build_story(blocks, merge_headers: bool = True) -> list:
    story: list = []
    p_avail = PORTRAIT[0] - 2 * MARGIN
    l_avail = LANDSCAPE[0] - 2 * MARGIN
    title = blocks[0]
    story += [Spacer(1, 220), Paragraph(escape(title.text), S_COVER)]
    prev = None
    for b in blocks[1:]:
        if isinstance(b, st.TocHeading):
            story += [NextPageTemplate("portrait"), PageBreak(), Paragraph(escape(b.text), S_TOC_HEAD)]
        elif isinstance(b, st.TocItem):
            story.append(Paragraph(escape(b.text), S_TOC[b.level]))
        elif isinstance(b, st.Heading):
            if b.level == 1:
                story += [NextPageTemplate("portrait"), PageBreak()]
            story.append(Paragraph(escape(b.text), S_H[min(b.level, 3)]))
        elif isinstance(b, st.Paragraph):
            story.append(Paragraph(escape(b.text), S_BODY))
        elif isinstance(b, st.Table):
            land = is_landscape(b)
            if not (isinstance(prev, st.Heading) and prev.level == 1 and not land):
                story += [NextPageTemplate("landscape" if land else "portrait"), PageBreak()]
            story += table_flowables(b, l_avail if land else p_avail, merge_headers)
        prev = b
    return story


def render(seed_path, out_path, merge_headers: bool = True) -> Path:
    rl_config.invariant = 1
    register_font()
    blocks = st.parse_file(seed_path)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    doc = make_doc(out_path)
    doc.build(build_story(blocks, merge_headers))
    return out_path


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    unmerged = "--unmerged-headers" in argv
    argv = [a for a in argv if a != "--unmerged-headers"]
    if len(argv) != 2:
        print("usage: render_default_document.py [--unmerged-headers] SEED_TXT OUT_PDF",
              file=sys.stderr)
        return 2
    out = render(argv[0], argv[1], merge_headers=not unmerged)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
