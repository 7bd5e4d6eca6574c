"""extract_document(path) → Extraction.  See docs/extraction.md."""
from __future__ import annotations

import re
import time

import pandas as pd

from ..errors import BadInput
from ..narrative import build_narrative
from ..pdfdoc import open_pdf, ruled_pages
from ..tablemap import normalize_title, table_specs
from ..tidy import TIDY_COLUMNS
from .cells import form_cells, table_cells
from .docmeta import doc_meta
from .grid import UnreadablePages, build_pieces, camelot_grids, suspicious
from .lines import inside, page_lines
from .locate import find_unit, locate_tables
from .model import Extraction, Table
from .ocr import add_ocr, ocr_grids, ocr_summary, start_ocr
from .prove import assess
from .storage import UNPARSED_COLUMNS
from .structure import build_layout

__all__ = ["extract_document"]

_NARRATIVE_MARKERS = ("情况说明", "名词解释", "收支预算", "收入预算", "支出预算", "三公", "部门概况", "基本概况",
                      "主要职能", "机关运行经费", "决算")


def job_result(job):
    """Wait for a started job and ignore its outcome (used on error paths)."""
    try:
        job()
    except Exception:  # noqa: BLE001
        pass


def _start(fn, *args):
    """Run fn(*args) in a forked worker process; returns a function that waits for the result.
    Falls back to running inline where fork is unavailable or BUDGET_AUDIT_INLINE=1."""
    import multiprocessing as mp
    import os
    if os.environ.get("BUDGET_AUDIT_INLINE") == "1" or "fork" not in mp.get_all_start_methods() or not args[-1] \
            or mp.current_process().daemon:  # daemonic workers (dask, pools) may not have children
        return lambda: fn(*args)
    try:
        pool = mp.get_context("fork").Pool(1)
    except Exception:  # noqa: BLE001 - no fork possible here: run inline
        return lambda: fn(*args)
    res = pool.apply_async(fn, args)

    def wait():
        try:
            return res.get()
        finally:
            pool.close()
            pool.join()
    return wait


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
    # camelot (playa parser) runs in a forked worker while pdfminer parses the pages here:
    # the two parsers are pure Python, so on 2 cores this overlaps them.
    job = _start(camelot_grids, doc.data, table_pages)
    # pages without a body text layer: OCR threads and camelot's image engine, side by side
    ocr_job = start_ocr(doc.data, doc.ocr_pages, doc.sha256)
    try:
        layer = text_layer(doc.data)
    except Exception as e:  # noqa: BLE001 - pdfium on a damaged file
        job_result(job)
        raise BadInput(f"{doc.path.name}: damaged PDF, text layer unreadable ({type(e).__name__})") from None
    ocr_glyphs = ocr_job()
    ocr_grid_job = _start(ocr_grids, doc.data, ocr_glyphs)
    add_ocr(layer, ocr_glyphs)
    lines_by_page = {}
    for i, page in enumerate(layer):
        lines_by_page[i + 1] = page_lines(page, i + 1)
    try:
        grids = job()
    except UnreadablePages as e:
        job_result(ocr_grid_job)
        pages = ", ".join(str(p) for p, _ in e.failed)
        raise BadInput(f"{doc.path.name}: damaged PDF, table page(s) {pages} unreadable ({e.failed[0][1]})") from None
    grids += ocr_grid_job()
    pieces = build_pieces(grids, layer)
    for p in pieces:
        if p.page in ocr_glyphs:
            p.repairs = []   # camelot read no text there: nothing to compare
    # where the vector grid merged cells that the page draws apart, ask the image engine
    image_pages = sorted({p.page for p in pieces if suspicious(p)})
    used_image = []
    if image_pages:
        try:
            alt = build_pieces(camelot_grids(doc.data, image_pages, engine="image"), layer)
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
    boxes_by_page: dict[int, list] = {}
    for p in pieces:
        boxes_by_page.setdefault(p.page, []).append(p.bbox)
    locs = locate_tables(lines_by_page, pieces)

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
        for l in loc.context:
            used_lines.add(id(l))
        is_form = bool(spec and spec.form)
        if not loc.pieces:
            tables[tid] = Table(tid, loc.title, unit or default_unit, [loc.title_line.page], pd.DataFrame(),
                                kind="empty", note=loc.note)
            continue
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
                             "x0": round(g.x0, 2), "y0": round(g.top, 2), "x1": round(g.x1, 2), "y1": round(g.bottom, 2)})
        all_cells += rows
        all_unparsed += unparsed
        frame = pd.DataFrame([[g.text if g is not None else "" for g in r.cells] for r in layout.rows],
                             columns=_unique(layout.columns))
        frame.insert(0, "_page", [r.page for r in layout.rows])
        repairs = [rp for p in loc.pieces for rp in p.repairs]
        cols_ok = True
        if spec and spec.expect_columns and not is_form:
            joined = "".join(layout.columns)
            cols_ok = any(k in joined for k in spec.expect_columns)
        tables[tid] = Table(tid, loc.title, unit, sorted({p.page for p in loc.pieces}), frame,
                            header_rows=layout.header_rows, kind="form" if is_form else "table",
                            repairs=repairs, columns_ok=cols_ok)
        tables[tid].blank_rows = len(blank_rows)
        tables[tid].roles = layout.roles

    # narrative: every line outside grids, titles and their unit lines
    narr_lines = [l for p in sorted(lines_by_page) for l in lines_by_page[p]
                  if id(l) not in used_lines
                  and not any(inside((l.x0 + l.x1) / 2, l.mid, b) for b in boxes_by_page.get(p, ()))]
    narrative = build_narrative(narr_lines)

    cells = pd.DataFrame(all_cells, columns=TIDY_COLUMNS)
    for col in ("value", "value_wan"):
        cells[col] = cells[col].astype(object)
    unparsed = pd.DataFrame(all_unparsed, columns=UNPARSED_COLUMNS)
    for tid, t in tables.items():
        t.structure, t.structure_reason = assess(t, cells[cells["table_id"] == tid],
                                                 unparsed[unparsed["table_id"] == tid])
    found_base = {t.split("#")[0] for t in tables}
    titles = [t.title for t in tables.values() if not t.id.startswith("other")]
    ctx_text = " ".join(l.text for loc in locs for l in loc.context)
    meta = doc_meta(lines_by_page, titles, ctx_text)
    kind = meta["kind"]
    looked_for = [i for i, s in specs.items() if not s.form and (s.kind == "both" or s.kind == kind)]
    missing = [i for i in looked_for if i not in found_base]
    recognised = [t for t in tables if not t.startswith("other")]
    narrative_only = False
    if not recognised:
        text = "".join(normalize_title(l.text) for l in narr_lines)
        hits = sum(m in text for m in _NARRATIVE_MARKERS)
        if hits >= 3 and len(text) > 1000:
            narrative_only = True
            missing = []
        else:
            raise BadInput(f"{doc.path.name}: no budget table found (looked for: {', '.join(looked_for)})")
    value_cells = len(cells) + len(unparsed)
    meta = {
        "file": doc.path.name, "path": str(doc.path), "sha256": doc.sha256, "pages": doc.n_pages,
        "unit": meta["unit"], "year": meta["year"], "kind": kind,
        "narrative_only": narrative_only, "encrypted": doc.encrypted,
        "scanned_pages": doc.scanned_pages, "warnings": list(doc.warnings),
        "table_pages": sorted({p.page for p in pieces}),
        "image_engine_pages": used_image,
        "ocr": ocr_summary(ocr_glyphs, narr_lines),
        "value_cells": value_cells, "parsed_cells": len(cells), "unparsed_cells": len(unparsed),
        "repaired_cells": sum(len(t.repairs) for t in tables.values()),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    return Extraction(cells=cells, tables=tables, narrative=narrative, meta=meta, unparsed=unparsed,
                      missing=missing)


def _unit_from_header(columns) -> str:
    j = "".join(columns)
    m = re.search(r"[（(](万元|元)[）)]", j)
    return m.group(1) if m else ""
