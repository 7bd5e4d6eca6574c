"""A table whose note says it is empty ("本表为空表", "本表无数据", "本单位无…") while it prints
amounts: the note or the table is wrong."""
from __future__ import annotations

import re

from ._core import rule

EMPTY_NOTE = re.compile(r"空表|无数据|无发生额|本(?:部门|单位)[^，。；]{0,20}?无|^注[:：]?\s*无[。.]?$")


@rule("COMP-EMPTY-CONTRADICT")
def empty_note_on_data(ctx):
    for tid, info in (ctx.input.tables or {}).items():
        note = (getattr(info, "note", "") or "").strip()
        if not note or not EMPTY_NOTE.search(note):
            continue
        t = ctx.table(tid)
        amounts = [c for r in (t.rows if t is not None else []) for c in r.cells.values()
                   if c.value is not None and c.value != 0]
        ok = not amounts
        first = amounts[0] if amounts else None
        yield ctx.check(
            ok, f"{tid} 空表说明", table=tid,
            row=first.label if first else None, column=first.column if first else None,
            page=first.page if first else None, bbox=first.bbox if first else None,
            message="" if ok else (f"表注称“{note[:40]}”，但表中有 {len(amounts)} 个非零金额"
                                   f"（如 {first.label}「{first.column}」= {first.raw}）"),
            evidence=note[:120])
