"""Name a table no title alias knows from everything it shows: caption words, header words, row codes.

Each kind of ``table_map.yaml`` may carry an ``identify`` entry: ``words`` that must all occur
in the caption, ``not`` words that veto it (besides the kind's own ``not``), ``codes``
(``function``: 2xx 功能 codes; ``economic``: 3xx/5xx 经济 codes) that most coded rows must
show, and ``header`` words of which one must occur in the header rows.  A caption is named
only when exactly one kind has the most caption words and every signal agrees, and the kind
is not already taken by another table of the document (unless it is ``multi``); otherwise it
stays ``other``: a wrong name makes the rules read a table as what it is not.
"""
from __future__ import annotations

import re

from ..tablemap import normalize_title, table_specs
from ..tableview import subject_class
from .grid import Piece

__all__ = ["row_code_class", "identify_kind", "name_tables"]

_CODE = re.compile(r"^(\d{3})(\d{2}){0,2}(?!\d)")
_MIN_CODES = 3
_HEADER_ROWS = 4


def row_code_class(first_cells: list[str]) -> str | None:
    """'function' or 'economic' when most rows that open with a subject code agree, else None."""
    classes = []
    for text in first_cells:
        m = _CODE.match(re.sub(r"\s+", "", text or ""))
        if m:
            classes.append(subject_class(m.group(1)))
    if len(classes) < _MIN_CODES:
        return None
    for c in ("function", "economic"):
        if classes.count(c) * 10 >= len(classes) * 9:
            return c
    return None


def _first_cells(pieces: list[Piece]) -> list[str]:
    out = []
    for p in pieces:
        for r in range(p.nrows):
            cells = [g for g in p.row_cells(r) if g.text.strip()]
            if cells:
                out.append(cells[0].text)
    return out


def _header_text(pieces: list[Piece]) -> str:
    p = pieces[0]
    return "".join(normalize_title(g.text) for r in range(min(_HEADER_ROWS, p.nrows)) for g in p.row_cells(r))


def identify_kind(caption: str, header: str, codes: str | None, taken: set[str]) -> str | None:
    """The one kind whose identify signals all agree with the table, else None."""
    s = normalize_title(caption)
    best, best_n, tie = None, 0, False
    for spec in table_specs().values():
        rule = spec.identify
        if not rule or not all(w in s for w in rule["words"]):
            continue
        if any(p.search(s) for p in spec.not_) or any(w in s for w in rule.get("not", ())):
            continue
        if rule.get("codes") and rule["codes"] != codes:
            continue
        if rule.get("header") and not any(w in header for w in rule["header"]):
            continue
        n = len(rule["words"])
        if n > best_n:
            best, best_n, tie = spec.id, n, False
        elif n == best_n:
            tie = True
    if best is None or tie:
        return None
    if best in taken and not table_specs()[best].multi:
        return None
    return best


def name_tables(locs) -> None:
    """Give each ``other`` table with a grid the kind its caption, header and codes agree on."""
    taken = {loc.id for loc in locs}
    for loc in locs:
        if loc.id != "other" or not loc.pieces:
            continue
        kind = identify_kind(loc.title, _header_text(loc.pieces), row_code_class(_first_cells(loc.pieces)), taken)
        if kind is not None:
            loc.id = kind
            taken.add(kind)
