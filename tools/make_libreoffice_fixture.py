"""Build tests/data/libreoffice_tables.pdf: three tables of the default document typeset by
LibreOffice, whose PDFs declare zero font descent (docs/field-notes.md: camelot then drops
Chinese text into the row below, silently). The PDF is committed, so tests need no LibreOffice.

    python tools/make_libreoffice_fixture.py SEED_TXT OUT_PDF     (needs soffice on PATH)
"""
from __future__ import annotations

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


def main(seed: str, out: str) -> int:
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-calc-nogui")
    blocks = st.parse_file(seed)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in st.tables(blocks):
        if table.label in LABELS:
            _sheet(workbook, table)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "tables.xlsx"
        workbook.save(xlsx)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(xlsx)],
                       check=True, capture_output=True)
        shutil.copy(Path(tmp) / "tables.pdf", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
