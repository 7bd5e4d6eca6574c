"""Result objects of an extraction."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Table", "Extraction"]


@dataclass
class Table:
    id: str                       # canonical id, '#n' suffix for repeated forms / unknown tables
    title: str                    # the title line as printed
    unit: str                     # '万元' | '元' | '' (unknown)
    pages: list[int]
    frame: pd.DataFrame           # data rows × column paths, raw texts ('' for blank)
    header_rows: int = 0
    kind: str = "table"           # 'table' | 'form' | 'empty' (title printed, no ruled grid)
    note: str = ""                # e.g. the '注：…本表为空表' line under an empty table
    repairs: list[dict] = field(default_factory=list)   # cells where camelot's text was wrong
    columns_ok: bool = True       # some expected column keyword found in the header
    structure: str = ""           # 'verified' | 'uncertain' | 'unreadable' (extract.prove)
    structure_reason: str = ""    # why it is not verified, in Chinese

    def to_meta(self) -> dict:
        return {"id": self.id, "title": self.title, "unit": self.unit, "pages": self.pages,
                "kind": self.kind, "rows": int(len(self.frame)), "columns": list(self.frame.columns),
                "header_rows": self.header_rows, "note": self.note, "columns_ok": self.columns_ok,
                "repaired_cells": len(self.repairs), "blank_rows": getattr(self, "blank_rows", 0),
                "roles": getattr(self, "roles", []),
                "structure": self.structure, "structure_reason": self.structure_reason}


@dataclass
class Extraction:
    cells: pd.DataFrame                       # TIDY_COLUMNS
    tables: dict[str, Table]
    narrative: list[dict]                     # sections: {heading, level, page, sentences:[{text,page}]}
    meta: dict
    unparsed: pd.DataFrame                    # table_id,row,column,page,raw,reason,x0,y0,x1,y1
    missing: list[str]

    def inventory(self) -> list[dict]:
        """One entry per table, as published in findings.json → document.tables."""
        out = []
        for tid, t in self.tables.items():
            mine = self.cells[self.cells["table_id"] == tid] if not self.cells.empty else self.cells
            bad = self.unparsed[self.unparsed["table_id"] == tid] if not self.unparsed.empty else self.unparsed
            out.append({"id": tid, "kind": tid.split("#")[0], "title": t.title, "pages": list(t.pages),
                        "unit": t.unit, "rows": int(len(t.frame)),
                        "numeric_cells": int(mine["value"].notna().sum()) if len(mine) else 0,
                        "unparsed_cells": int(len(bad)), "structure": t.structure,
                        "reason": t.structure_reason})
        return out

    @property
    def narrative_only(self) -> bool:
        return bool(self.meta.get("narrative_only"))
