"""Each table's reading proved by its own arithmetic: `verified`, `uncertain` or `unreadable`.

The verdict of an audit rests on this (a document is only "clean" when every table it holds was
read with verified structure), so a table is `verified` only when it was identified, has amounts,
and every footing its codes allow holds.
"""
from __future__ import annotations

import pandas as pd

from .footing import check_footings
from .model import Table

__all__ = ["assess"]


def assess(table: Table, cells: pd.DataFrame, unparsed: pd.DataFrame) -> tuple[str, str]:
    """(structure, reason) of one extracted table; `cells`/`unparsed` are that table's rows."""
    if table.kind == "empty":
        return "verified", "空表（印有标题，无数据行）"
    amounts = int(cells["value"].notna().sum()) if not cells.empty else 0
    if table.kind == "form":
        return ("verified", "") if len(cells) else ("unreadable", "未读出表单内容")
    if amounts == 0 and len(unparsed) == 0:
        return "verified", "表内无金额" if len(table.frame) else "表内无数据行"
    if amounts == 0:
        return "unreadable", f"{len(unparsed)} 个单元格无法解析为金额"
    if table.id.startswith("other"):
        return "uncertain", "未能识别表格种类"
    failed = [f for f in check_footings(cells) if not f.ok]
    if failed:
        return "uncertain", f"{len(failed)} 处合计与明细不符，读取结构未经证实"
    if len(unparsed) > amounts:
        return "uncertain", f"{len(unparsed)} 个单元格无法解析"
    return "verified", ""
