"""Renderings of the default document by LibreOffice, whose PDFs declare zero font descent
(docs/field-notes.md: camelot then drops Chinese text into the row below, silently).

    python tools/make_libreoffice_fixture.py SEED_TXT OUT_PDF             (needs soffice on PATH)
    python tools/make_libreoffice_fixture.py --document SEED_TXT OUT_PDF

The first builds tests/data/libreoffice_tables.pdf (committed): three tables typeset by Calc
with merged header cells.  ``--document`` typesets the whole document (narrative, every table,
the 绩效 forms) with LibreOffice Writer from HTML, every cell drawn on its own as the published
seed text lays it out (no merged header cells); tests/extract/test_renderings.py builds it.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools import seed_text as st  # noqa: E402
from tools.render_default_document import cell_lines  # noqa: E402

LABELS = ["预算03表", "预算05表", "预算07表"]
FONT = Font(name="WenQuanYi Micro Hei", size=10)
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _sheet(workbook, table) -> None:
    sheet = workbook.create_sheet(table.label)
    rows = [r for seg in table.segments for r in seg]
    width = max(len(r) for r in rows)
    sheet.append([table.label])
    sheet.append([table.title])
    sheet.append([table.unit])
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(row + [""] * (width - len(row)))
    for (r, c), (r2, c2) in st.header_spans(rows[: table.n_header]).items():
        if (r2, c2) != (r, c):
            sheet.merge_cells(start_row=first + r, start_column=c + 1, end_row=first + r2, end_column=c2 + 1)
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row):
        for cell in row:
            cell.font = FONT
            if cell.row >= first:
                cell.border = GRID
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    for col, size in zip("ABCDEFGH", (12, 34, 12, 12, 12, 12, 12, 12)):
        sheet.column_dimensions[col].width = size
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # one page wide, as published
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def _convert(src: Path, outdir: str, *filters: str) -> Path:
    """soffice SRC → PDF in OUTDIR, with a profile of its own (no lock shared with another run)."""
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui")
    profile = Path(outdir) / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    *filters, "--convert-to", "pdf", "--outdir", outdir, str(src)],
                   check=True, capture_output=True)
    return Path(outdir) / (src.stem + ".pdf")


def _html_table(rows: list[list[str]]) -> str:
    """One seed table segment, every cell on its own; column widths from the longest number
    and the first characters of each column's texts, so that no amount wraps."""
    need = [1] * max(len(r) for r in rows)
    for row in rows:
        for j, text in enumerate(row):
            t = text.strip()
            need[j] = max(need[j], len(t) + 1 if st.is_number_cell(t) else 2 * min(len(t), 7))
    cols = "".join(f"<col width='{round(640 * n / sum(need))}'>" for n in need)
    body = "".join("<tr>" + "".join(
        "<td>" + "<br>".join(html.escape(x) for x in cell_lines(c)) + "</td>" for c in row) + "</tr>"
        for row in rows)
    return f"<table border='1' cellspacing='0' width='100%'><colgroup>{cols}</colgroup>{body}</table>"


def document_html(blocks) -> str:
    """The whole document as HTML for Writer: a page per part and per table."""
    brk = " style='page-break-before:always'"
    out = ["<html><head><meta charset='utf-8'><style>body{font-family:'WenQuanYi Micro Hei';"
           "font-size:10pt} table{border-collapse:collapse;font-size:8pt}</style></head><body>"]
    for i, b in enumerate(blocks):
        if isinstance(b, (st.Heading, st.TocHeading)):
            new_page = i and (isinstance(b, st.TocHeading) or b.level == 1)
            out.append(f"<p{brk if new_page else ''}><b>{html.escape(b.text)}</b></p>")
        elif isinstance(b, (st.TocItem, st.Paragraph)):
            out.append(f"<p>{html.escape(b.text)}</p>")
        elif isinstance(b, st.Table):
            lines = ([] if b.is_form else [b.label]) + [b.title, *b.meta] + ([b.unit] if b.unit else [])
            out.append("".join(f"<p{brk if k == 0 else ''}>{html.escape(t)}</p>"
                               for k, t in enumerate(lines)))
            out.extend(_html_table(seg) + "<p></p>" for seg in b.segments)
            out.extend(f"<p>{html.escape(n)}</p>" for n in b.notes)
    return "\n".join(out + ["</body></html>"])


def render_document(seed: str, out: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "document.html"
        src.write_text(document_html(st.parse_file(seed)), encoding="utf-8")
        shutil.copy(_convert(src, tmp, "--infilter=HTML (StarWriter)"), out)
    return 0


def main(seed: str, out: str) -> int:
    blocks = st.parse_file(seed)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in st.tables(blocks):
        if table.label in LABELS:
            _sheet(workbook, table)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "tables.xlsx"
        workbook.save(xlsx)
        shutil.copy(_convert(xlsx, tmp), out)
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(render_document(*args[1:]) if args[:1] == ["--document"] else main(*args))
