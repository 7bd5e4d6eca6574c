"""save(extraction, outdir) / load(outdir): cells.csv, tables/<id>.csv, narrative.json,
document.json, unparsed.csv.  Money is written as plain decimal strings and read back as
``Decimal``; blanks stay blank (None), never 0."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..sinks import json_dumps
from ..store import DocumentFolder
from ..tidy import TIDY_COLUMNS
from .model import Extraction, Table

__all__ = ["save", "load", "UNPARSED_COLUMNS"]

UNPARSED_COLUMNS = ["table_id", "row", "column", "page", "raw", "reason", "x0", "y0", "x1", "y1"]


def _fname(tid: str) -> str:
    return tid


def save(ex: Extraction, outdir) -> Path:
    out = Path(outdir)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    cells = ex.cells.copy()
    for col in ("value", "value_wan"):
        cells[col] = cells[col].map(lambda v: "" if v is None else format(v, "f"))
    # The text as read, hidden characters included; only a lone surrogate (no UTF-8 form) is escaped.
    cells.to_csv(out / DocumentFolder.CELLS_CSV, index=False, encoding="utf-8", errors="backslashreplace")
    ex.unparsed.to_csv(out / "unparsed.csv", index=False, encoding="utf-8", errors="backslashreplace")
    for old in (out / "tables").glob("*.csv"):
        old.unlink()
    for tid, t in ex.tables.items():
        t.frame.to_csv(out / "tables" / f"{_fname(tid)}.csv", index=False, encoding="utf-8",
                       errors="backslashreplace")
    (out / "narrative.json").write_text(json_dumps(ex.narrative, indent=1), encoding="utf-8")
    doc = dict(ex.meta)
    doc["tables"] = [t.to_meta() | {"repairs": t.repairs} for t in ex.tables.values()]
    doc["missing"] = ex.missing
    (out / DocumentFolder.DOCUMENT_JSON).write_text(json_dumps(doc, indent=1, default=str), encoding="utf-8")
    return out


def _dec(s):
    return None if s == "" or s is None or (isinstance(s, float) and s != s) else Decimal(str(s))


def load(outdir) -> Extraction:
    out = Path(outdir)
    cells = pd.read_csv(out / DocumentFolder.CELLS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    cells = cells.reindex(columns=TIDY_COLUMNS)
    cells["value"] = cells["value"].map(_dec).astype(object)
    cells["value_wan"] = cells["value_wan"].map(_dec).astype(object)
    for col in ("row", "page"):
        cells[col] = cells[col].astype(int)
    cells["decimals"] = cells["decimals"].map(lambda s: int(s) if s != "" else "")
    for col in ("x0", "y0", "x1", "y1"):
        cells[col] = cells[col].astype(float)
    cells["ocr_conf"] = cells["ocr_conf"].map(lambda s: float(s) if isinstance(s, str) and s else "")
    unparsed = pd.read_csv(out / "unparsed.csv", dtype=str, keep_default_na=False, encoding="utf-8") \
        .reindex(columns=UNPARSED_COLUMNS)
    doc = json.loads((out / DocumentFolder.DOCUMENT_JSON).read_text(encoding="utf-8"))
    tables = {}
    for tm in doc.pop("tables"):
        f = out / "tables" / f"{_fname(tm['id'])}.csv"
        frame = pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8") \
            if f.exists() and f.stat().st_size > 1 else pd.DataFrame(columns=tm["columns"])
        frame.columns = tm["columns"] if len(tm["columns"]) == len(frame.columns) else frame.columns
        tables[tm["id"]] = Table(id=tm["id"], title=tm["title"], unit=tm["unit"], pages=tm["pages"], frame=frame,
                                 header_rows=tm["header_rows"], kind=tm["kind"], note=tm["note"],
                                 repairs=tm.get("repairs", []), columns_ok=tm.get("columns_ok", True),
                                 structure=tm.get("structure", ""), structure_reason=tm.get("structure_reason", ""))
        tables[tm["id"]].blank_rows = tm.get("blank_rows", 0)
        tables[tm["id"]].roles = tm.get("roles", [])
    missing = doc.pop("missing", [])
    narrative = json.loads((out / "narrative.json").read_text(encoding="utf-8"))
    return Extraction(cells=cells, tables=tables, narrative=narrative, meta=doc, unparsed=unparsed, missing=missing)
