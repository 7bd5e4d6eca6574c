"""extract_document(path) → Extraction.  See docs/extraction.md."""
from __future__ import annotations

import re
import time
from functools import partial

import pandas as pd

from ..errors import BadInput
from ..identity import identify, page_texts
from ..pdfdoc import open_pdf, ruled_pages
from ..tablemap import normalize_title, table_specs
from ..text import TOTAL_LABEL
from ..tidy import TIDY_COLUMNS
from ..toc import read_toc
from .bounds import PageRunner
from .cells import form_cells, table_cells
from .finer import refine_image_pieces
from .grid import build_pieces, camelot_grids, drop_top_rows, holds_amount, suspicious
from .kind import name_tables
from .lines import inside, page_lines
from .locate import caption_rows, find_unit, locate_tables, title_text
from .model import Extraction, Table
from .ocr import add_ocr, ocr_grids, ocr_summary, start_ocr
from .prose import build_narrative
from .prove import assess
from .storage import UNPARSED_COLUMNS
from .structure import build_layout

__all__ = ["extract_document"]

_NARRATIVE_MARKERS = ("情况说明", "名词解释", "收支预算", "收入预算", "支出预算", "三公", "部门概况", "基本概况",
                      "主要职能", "机关运行经费", "决算")


def _unique(cols):
    seen, out = {}, []
    for c in cols:
        n = seen.get(c, 0) + 1
        seen[c] = n
        out.append(c if n == 1 else f"{c}~{n}")
    return out


def extract_document(path) -> Extraction:
    t0 = time.perf_counter()
    doc = open_pdf(path)
    try:
        return _extract(doc, t0)
    finally:
        doc.close()


def _extract(doc, t0) -> Extraction:
    from .chars import text_layer
    specs = table_specs()
    table_pages = ruled_pages(doc)
    # camelot reads the ruled pages in a bounded worker (extract.bounds: a page over its time or
    # memory bound is unreadable) while pdfium reads the text layer here.
    job = PageRunner(camelot_grids, doc.data, table_pages)
    # pages without a body text layer: OCR threads and camelot's image engine, side by side
    ocr_job = start_ocr(doc.data, doc.ocr_pages, doc.sha256)
    try:
        layer = text_layer(doc.data)
    except Exception as e:  # noqa: BLE001 - pdfium on a damaged file
        job.wait()
        raise BadInput(f"{doc.path.name}: damaged PDF, text layer unreadable ({type(e).__name__})") from None
    ocr_glyphs = ocr_job()
    add_ocr(layer, ocr_glyphs)
    lines_by_page = {}
    for i, page in enumerate(layer):
        lines_by_page[i + 1] = page_lines(page, i + 1)
    grids, unreadable = job.wait()
    if unreadable and len(unreadable) == len(table_pages):
        pages = ", ".join(str(p) for p, _ in unreadable)
        raise BadInput(f"{doc.path.name}: damaged PDF, table page(s) {pages} unreadable ({unreadable[0][1]})")
    grids += ocr_grids(doc.data, ocr_glyphs)
    pieces = build_pieces(grids, layer)
    for p in pieces:
        if p.page in ocr_glyphs:
            p.repairs = []   # camelot read no text there: nothing to compare
    # rulings the vector pass cannot see (filled polygons, clipped strokes): where a ruled page
    # gave no grid at all, the image engine reads the rendered page
    blind = [p for p in table_pages if not any(g.page == p for g in grids)]
    used_image = []
    if blind:
        try:
            seen = [g for g in PageRunner(partial(camelot_grids, engine="image"), doc.data, blind).wait()[0]
                    if len(g.cells) >= 2 and len(g.cells[0]) >= 2]
        except Exception:  # noqa: BLE001 - the vector result stands
            seen = []
        found = [p for p in build_pieces(seen, layer) if _holds_rows(p)]  # not a chart's gridlines
        found = refine_image_pieces(found, doc.data, layer, _holds_rows)
        pieces = sorted(pieces + found, key=lambda p: (p.page, p.bbox[1]))
        used_image = sorted({p.page for p in found})
    # a ruled page still without a grid: camelot drops grids that are >= 90 % blank, such as a
    # table's last page holding one row under its header; read once more with that gate off
    # (a near-blank grid without any amount stays an empty table read from its caption and note)
    bare = [p for p in table_pages if not any(pc.page == p for pc in pieces)]
    if bare:
        try:
            kept = PageRunner(partial(camelot_grids, keep_blank=True), doc.data, bare).wait()[0]
        except Exception:  # noqa: BLE001 - nothing more to read
            kept = []
        pieces = sorted(pieces + [p for p in build_pieces(kept, layer) if _holds_rows(p) and holds_amount(p)],
                        key=lambda p: (p.page, p.bbox[1]))
    # tables without rulings: a captioned page with rows of amounts and no grid is read by the
    # text alignment of its columns
    unruled = [p for p in sorted(lines_by_page) if p not in {pc.page for pc in pieces}
               and _text_table_page(lines_by_page[p])]
    if unruled:
        try:
            stream = PageRunner(partial(camelot_grids, engine="stream"), doc.data, unruled).wait()[0]
            aligned = [p for p in build_pieces(stream, layer) if _holds_rows(p)]
        except Exception:  # noqa: BLE001 - nothing more to read
            aligned = []
        pieces = sorted(pieces + aligned, key=lambda p: (p.page, p.bbox[1]))
    # where the vector grid merged cells that the page draws apart, ask the image engine
    image_pages = sorted({p.page for p in pieces if suspicious(p)} - set(used_image))
    if image_pages:
        try:
            alt = build_pieces(PageRunner(partial(camelot_grids, engine="image"), doc.data, image_pages).wait()[0],
                               layer)
        except Exception:  # noqa: BLE001 - keep the vector grids
            alt = []
        for pno in image_pages:
            old = [p for p in pieces if p.page == pno]
            new = [p for p in alt if p.page == pno]
            if len(new) == len(old) and all(len(n.cells) > len(o.cells) or n.ncols > o.ncols or
                                            n.nrows != o.nrows for n, o in zip(new, old)) \
                    and not any(suspicious(n) for n in new):
                pieces = [p for p in pieces if p.page != pno] + new
                used_image.append(pno)
        pieces.sort(key=lambda p: (p.page, p.bbox[1]))
    pieces = [drop_top_rows(p, caption_rows(p)) for p in pieces]
    boxes_by_page: dict[int, list] = {}
    for p in pieces:
        boxes_by_page.setdefault(p.page, []).append(p.bbox)
    locs = locate_tables(lines_by_page, pieces)
    name_tables(locs)

    # ids: '#n' for multi (forms) and repeated ids
    counts: dict[str, int] = {}
    for loc in locs:
        counts[loc.id] = counts.get(loc.id, 0) + 1
    seen: dict[str, int] = {}
    tables: dict[str, Table] = {}
    all_cells, all_unparsed = [], []
    used_lines = set()
    units_found = [find_unit(loc.context) for loc in locs]
    default_unit = max(set(u for u in units_found if u) or {""}, key=units_found.count)
    for loc, unit in zip(locs, units_found):
        spec = specs.get(loc.id)
        seen[loc.id] = seen.get(loc.id, 0) + 1
        multi = (spec is not None and spec.multi) or loc.id == "other" or counts[loc.id] > 1
        tid = f"{loc.id}#{seen[loc.id]}" if multi else loc.id
        if loc.title_line is not None:
            used_lines.add(id(loc.title_line))
        for line in loc.context:
            used_lines.add(id(line))
        is_form = bool(spec and spec.form)
        if not loc.pieces:
            tables[tid] = Table(tid, loc.title, unit or default_unit, [loc.title_line.page], pd.DataFrame(),
                                kind="empty", note=loc.note)
            continue
        # One table that cannot be read is listed as unreadable with the reason; the others go on.
        try:
            layout = build_layout(loc.pieces, form=is_form)
            blank_rows = [r for r in layout.rows if not any(g is not None and g.text for g in r.cells)]
            layout.rows = [r for r in layout.rows if any(g is not None and g.text for g in r.cells)]
            if not unit:
                unit = find_unit([]) or _unit_from_header(layout.columns) or default_unit
            if is_form:
                rows, unparsed = form_cells(tid, layout, unit)
            else:
                rows, unparsed = table_cells(tid, layout, unit)
            for page, g in getattr(layout, "conflicts", []):
                unparsed.append({"table_id": tid, "row": "", "column": "", "page": page, "raw": g.text,
                                 "reason": "cell of a continuation page matches no header column",
                                 "x0": round(g.x0, 2), "y0": round(g.top, 2),
                                 "x1": round(g.x1, 2), "y1": round(g.bottom, 2)})
            frame = pd.DataFrame([[g.text if g is not None else "" for g in r.cells] for r in layout.rows],
                                 columns=_unique(layout.columns))
            frame.insert(0, "_page", [r.page for r in layout.rows])
            repairs = [rp for p in loc.pieces for rp in p.repairs]
            cols_ok = True
            if spec and spec.expect_columns and not is_form:
                joined = "".join(layout.columns)
                cols_ok = any(k in joined for k in spec.expect_columns)
            tables[tid] = Table(tid, loc.title, unit, sorted({p.page for p in loc.pieces} | set(loc.side_pages)),
                                frame,
                                header_rows=layout.header_rows, kind="form" if is_form else "table",
                                repairs=repairs, columns_ok=cols_ok)
            tables[tid].blank_rows = len(blank_rows)
            tables[tid].roles = layout.roles
            all_cells += rows
            all_unparsed += unparsed
        except Exception as exc:  # noqa: BLE001 - one table that cannot be read is listed as unreadable; the rest goes on
            tables[tid] = Table(tid, loc.title, unit or default_unit, sorted({p.page for p in loc.pieces}),
                                pd.DataFrame(), structure="unreadable",
                                structure_reason=f"读取表格时出错（{type(exc).__name__}: {str(exc)[:120]}）")

    # narrative: every line outside grids, titles and their unit lines
    narr_lines = [line for p in sorted(lines_by_page) for line in lines_by_page[p]
                  if id(line) not in used_lines
                  and not any(inside((line.x0 + line.x1) / 2, line.mid, b) for b in boxes_by_page.get(p, ()))]
    narrative = build_narrative(narr_lines)

    cells = pd.DataFrame(all_cells, columns=TIDY_COLUMNS)
    for col in ("value", "value_wan"):
        cells[col] = cells[col].astype(object)
    unparsed = pd.DataFrame(all_unparsed, columns=UNPARSED_COLUMNS)
    for tid, t in tables.items():
        if not t.structure:  # not already unreadable
            t.structure, t.structure_reason = assess(t, cells[cells["table_id"] == tid],
                                                     unparsed[unparsed["table_id"] == tid])
    _unreadable_pages(tables, dict(unreadable))
    found_base = {t.split("#")[0] for t in tables}
    texts = page_texts(doc.data)
    ident = identify(texts, doc.path.name)
    kind = ident.kind
    # a 绩效自评 reports on an executed budget: none of the tables a budget publishes is expected
    looked_for = [i for i, s in specs.items()
                  if kind != "selfeval" and not s.form and (s.kind == "both" or s.kind == kind)]
    missing = [i for i in looked_for if i not in found_base]
    recognised = [t for t in tables if not t.startswith("other")]
    narrative_only = False
    if not recognised:
        text = "".join(normalize_title(line.text) for line in narr_lines)
        hits = sum(m in text for m in _NARRATIVE_MARKERS)
        if hits >= 3 and len(text) > 1000:
            narrative_only = True
            missing = []
        else:
            if kind == "selfeval":
                raise BadInput(f"{doc.path.name}: a performance self-evaluation (绩效自评) only, no budget table")
            raise BadInput(f"{doc.path.name}: no budget table found (looked for: {', '.join(looked_for)})")
    value_cells = len(cells) + len(unparsed)
    meta = {
        "file": doc.path.name, "path": str(doc.path), "sha256": doc.sha256, "pages": doc.n_pages,
        "unit": ident.body, **ident.as_meta(),
        "narrative_only": narrative_only, "encrypted": doc.encrypted,
        "scanned_pages": doc.scanned_pages, "warnings": list(doc.warnings),
        "table_pages": sorted({p.page for p in pieces}),
        "image_engine_pages": sorted(used_image),
        "unreadable_pages": [{"page": p, "reason": r} for p, r in unreadable],
        "ocr": ocr_summary(ocr_glyphs, narr_lines),
        "value_cells": value_cells, "parsed_cells": len(cells), "unparsed_cells": len(unparsed),
        "repaired_cells": sum(len(t.repairs) for t in tables.values()),
        "toc": read_toc(texts),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    return Extraction(cells=cells, tables=tables, narrative=narrative, meta=meta, unparsed=unparsed,
                      missing=missing)


def _unreadable_pages(tables: dict[str, Table], unreadable: dict[int, str]) -> None:
    """A table on a page that could not be read (or just before it: a continuation) is not
    verified; its reason names the page and why."""
    for t in tables.values():
        hit = sorted(p for p in set(t.pages) | {max(t.pages, default=0) + 1} if p in unreadable)
        if hit:
            if t.kind == "empty" or t.frame.empty:  # its grid is on that page: nothing was read
                t.kind, t.structure = "table", "unreadable"
            else:
                t.structure = "uncertain"
            t.structure_reason = "；".join(f"第 {p} 页无法读取：{unreadable[p]}" for p in hit)


_AMOUNT = re.compile(r"(?<![\d.])-?\d{1,3}(,\d{3})*\.\d{2,6}(?![\d.])")


def _text_table_page(lines) -> bool:
    """A table caption and at least three lines holding two or more amounts."""
    return any(title_text(line.text) for line in lines) and \
        sum(len(_AMOUNT.findall(line.text)) >= 2 for line in lines) >= 3


def _holds_rows(p) -> bool:
    """At least two rows with two or more filled cells, or a header row and a 合计 row (an
    empty table printed with its total row only): a table, not a frame or a chart grid."""
    filled = [[g.text for g in p.row_cells(r) if g.text] for r in range(p.nrows)]
    if sum(len(f) >= 2 for f in filled) >= 2:
        return True
    return any(len(f) >= 2 for f in filled) and any(f and TOTAL_LABEL.search(f[0]) for f in filled)


def _unit_from_header(columns) -> str:
    j = "".join(columns)
    m = re.search(r"[（(](万元|元)[）)]", j)
    return m.group(1) if m else ""
