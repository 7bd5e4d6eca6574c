"""tables.xlsx: one sheet per extracted table plus a findings sheet, for auditors who work in Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .. import atomic
from ..numbers import try_amount

# Text Excel would run as a formula (=, +, -, @) or treat as a control character.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _put(cell, value, numeric: bool = False) -> None:
    """Amounts in value columns become numbers; every string stays inert text."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return
    if isinstance(value, str):
        amount = try_amount(value) if numeric else None
        if amount is not None and amount.value is not None:
            cell.value = amount.value
            cell.number_format = "#,##0" + ("." + "0" * amount.decimals if amount.decimals else "")
            return
        # A control character in a PDF's text (a stray \x02) cannot be stored in a worksheet.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"      # stored as a string, never as a formula
            cell.quotePrefix = True   # and Excel keeps it text when the cell is edited
        return
    if isinstance(value, (list, tuple, dict)):  # e.g. a finding's bbox
        cell.value = str(value)
        return
    cell.value = value


def _sheet(workbook, title: str, frame: pd.DataFrame, value_columns=frozenset()) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    numeric = [name in value_columns for name in frame.columns]
    for c, name in enumerate(frame.columns, 1):
        _put(sheet.cell(row=1, column=c), str(name))
    for r, row in enumerate(frame.itertuples(index=False), 2):
        for c, value in enumerate(row, 1):
            _put(sheet.cell(row=r, column=c), value, numeric[c - 1])


def write_workbook(target: Path, tables: dict[str, pd.DataFrame],
                   value_columns: dict[str, set[str]], findings: pd.DataFrame) -> None:
    """tables: table id → its cells as printed (text); value_columns: the columns holding amounts."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "findings", findings)
    for table_id, frame in tables.items():
        _sheet(workbook, table_id.replace("#", "_"), frame, value_columns.get(table_id, set()))
    with atomic.atomic_path(target) as tmp:
        workbook.save(tmp)
