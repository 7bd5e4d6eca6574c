"""Bounded work: a pathological page cannot hang a batch (extract/bounds.py).

Generated PDFs: the default document with one page appended that holds 300 000 drawing
objects, or a 150 × 60 grid of tiny cells, and a 2 000-page file. A page over the per-page
time or memory bound is listed as unreadable with the reason; every other table is read as in
the default document. The bounds are lowered here (environment) so the test does not wait for
the defaults; nothing is timed.
"""

import io
from functools import cache
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from budget_audit.extract import extract_document
from budget_audit.extract.bounds import PageRunner
from budget_audit.extract.grid import camelot_grids
from budget_audit.pdfdoc import open_pdf, ruled_pages

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"
WIDTH, HEIGHT = 595, 842


def _page(ops: str) -> PageObject:
    """A page drawing `ops`, with a line of text (a page without text is never read as a table)."""
    page = PageObject.create_blank_page(width=WIDTH, height=HEIGHT)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    stream = DecodedStreamObject()
    stream.set_data((ops + "BT /F1 9 Tf 40 820 Td (generated page) Tj ET\n").encode())
    page.replace_contents(stream)
    return page


def _lines(n: int) -> str:
    """n short strokes scattered over the page: hundreds of thousands of drawing objects."""
    return "0.1 w\n" + "".join(
        f"{20 + (i * 7.3) % 555:.1f} {20 + (i * 3.1) % 780:.1f} m "
        f"{22 + (i * 7.3) % 555 + i % 5:.1f} {21 + (i * 3.1) % 780 + i % 3:.1f} l S\n" for i in range(n))


def _tiny_cells(rows: int, cols: int) -> str:
    """A ruled grid of rows × cols cells, a number in each."""
    x0, y0, w, h = 20.0, 20.0, (WIDTH - 40) / cols, (HEIGHT - 80) / rows
    ops = ["0.2 w"]
    ops += [f"{x0} {y0 + r * h:.2f} m {x0 + cols * w:.2f} {y0 + r * h:.2f} l S" for r in range(rows + 1)]
    ops += [f"{x0 + c * w:.2f} {y0} m {x0 + c * w:.2f} {y0 + rows * h:.2f} l S" for c in range(cols + 1)]
    ops += [f"BT /F1 3 Tf {x0 + c * w + 0.5:.2f} {y0 + r * h + 0.5:.2f} Td ({(r * cols + c) % 97}) Tj ET"
            for r in range(rows) for c in range(cols)]
    return "\n".join(ops) + "\n"


def _default_plus(tmp_path: Path, name: str, extra: list[PageObject]) -> Path:
    writer = PdfWriter()
    writer.append(PdfReader(DEFAULT))
    for page in extra:
        writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    out = tmp_path / f"{name}_2024_budget.pdf"
    out.write_bytes(buf.getvalue())
    return out


@cache
def _default():
    return extract_document(DEFAULT)


def _same_tables_as_default(x) -> None:
    """Every table of the default document read exactly as without the appended pages."""
    base = _default()
    assert set(base.tables) <= set(x.tables)
    cols = ["table_id", "row", "column", "raw", "value"]
    mine = x.cells[x.cells["table_id"].isin(list(base.tables))][cols].reset_index(drop=True)
    assert mine.equals(base.cells[cols].reset_index(drop=True))


def test_a_page_of_300000_drawing_objects_is_unreadable_past_the_time_bound(tmp_path, monkeypatch):
    # 2 s: far more than one ordinary page needs, far less than this page costs, whatever the load
    monkeypatch.setenv("BUDGET_AUDIT_PAGE_SECONDS", "2")
    pdf = _default_plus(tmp_path, "drawings", [_page(_lines(300_000))])
    x = extract_document(pdf)
    assert [p["page"] for p in x.meta["unreadable_pages"]] == [34]
    assert "2 秒的时间上限" in x.meta["unreadable_pages"][0]["reason"]
    _same_tables_as_default(x)


def test_a_page_of_9000_tiny_cells_is_unreadable_past_a_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_AUDIT_PAGE_SECONDS", "60")
    monkeypatch.setenv("BUDGET_AUDIT_PAGE_MEMORY_MB", "400")
    pdf = _default_plus(tmp_path, "tiny_cells", [_page(_tiny_cells(150, 60))])
    x = extract_document(pdf)
    assert [p["page"] for p in x.meta["unreadable_pages"]] == [34]
    assert "上限" in x.meta["unreadable_pages"][0]["reason"]  # the time or the memory bound, named
    _same_tables_as_default(x)
    # the table printed just before may continue on the unreadable page: it is not verified
    last = max(x.tables.values(), key=lambda t: max(t.pages))
    assert max(last.pages) == 33 and last.structure != "verified" and "第 34 页无法读取" in last.structure_reason


def test_a_2000_page_file_is_read_page_by_page(tmp_path):
    narrative = PdfReader(DEFAULT).pages[1]
    pdf = _default_plus(tmp_path, "long", [narrative] * (2000 - 33))
    x = extract_document(pdf)
    assert x.meta["pages"] == 2000 and x.meta["unreadable_pages"] == []
    _same_tables_as_default(x)


def test_a_page_camelot_cannot_parse_is_listed_and_the_others_are_read():
    data = DEFAULT.read_bytes()
    with open_pdf(DEFAULT) as doc:
        pages = ruled_pages(doc)[:3]
    grids, failed = PageRunner(camelot_grids, data, pages + [99]).wait()
    assert sorted({g.page for g in grids}) == pages
    assert [p for p, _ in failed] == [99] and failed[0][1].startswith("读取出错")


def test_several_workers_read_what_one_worker_reads(monkeypatch):
    """The pages are shared among the workers; the grids come back the same, in page order."""
    from budget_audit import cores

    data = DEFAULT.read_bytes()
    with open_pdf(DEFAULT) as doc:
        pages = ruled_pages(doc)
    monkeypatch.setenv(cores.READERS_ENV, "1")
    one = PageRunner(camelot_grids, data, pages)
    assert len(one.lanes) == 1
    monkeypatch.setenv(cores.READERS_ENV, "3")
    three = PageRunner(camelot_grids, data, pages)
    assert len(three.lanes) == 3
    (alone, none), (shared, none_either) = one.wait(), three.wait()
    assert none == none_either == []
    assert [(g.page, g.cells) for g in shared] == [(g.page, g.cells) for g in alone]
