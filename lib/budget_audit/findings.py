"""The findings file: schema ``budget-audit/findings@1``, JSON and CSV writers.

``build_findings(result, meta)`` turns a ``rules.Result`` into the findings document::

    {"schema": "budget-audit/findings@1",
     "document": {"file", "sha256", "unit", "body", "body_qualifier", "level", "year", "kind",
                  "superior", "body_names", "pages", "tables": [...]},
     "summary": {"verdict", "coverage", "error", "warning", "info", "checks_run",
                 "checks_passed"},
     "findings": [{"id", "rule", "severity", "table", "row", "column", "page", "bbox",
                   "stated", "expected", "difference", "message", "evidence",
                   "places": [{"rule", "severity", "table", "row", "column", "page", "stated",
                               "expected", "difference", "message"}, ...]}, ...]}

One finding per cause: checks that fail for one cause (one wrong cell in several sums, one
column wrong in every row, one sentence read twice) are one finding whose ``places`` lists
every place it shows (empty when it shows once); the counts in ``summary`` count causes.

The verdict rests on coverage (``verdict``): ``clean`` only when every table present was read
with verified structure and nothing is wrong; ``findings`` when the document was fully read
and something is; ``incomplete`` when no table or no amount was read, a table was not found,
not verified or unreadable (a title without rows or an empty-table note counts as not read),
many cells were unparsed, or a rule could not finish.  ``document.tables`` is the extractor's
per-table inventory (``Extraction.inventory()``).

``stated``/``expected``/``difference`` are JSON numbers in the claim's own unit (万元 stays
万元, percent as 15.4, counts as counts) or null.  Finding ids are ``<rule>-<10 hex>`` from a
hash of the location: stable across runs.  Findings are sorted by severity, rule, location.

``write_findings_json(path, doc)`` / ``write_findings_csv(path, doc)`` write atomically
(temporary file in the same folder, then ``os.replace``); text is made safe for each (``sinks``:
JSON escapes hidden characters exactly, CSV shows them as markers).  ``checks_table(result)`` lists every
check (passed or not) for the report's "stated vs recomputed" section.
"""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

from . import atomic, sinks
from .store import DocumentFolder

SCHEMA_ID = "budget-audit/findings@1"
FINDING_FIELDS = ["id", "rule", "severity", "table", "row", "column", "page", "bbox",
                  "stated", "expected", "difference", "message", "evidence", "places"]
PLACE_FIELDS = ["rule", "severity", "table", "row", "column", "page", "stated", "expected",
                "difference", "message"]
CHECK_FIELDS = ["rule", "subject", "passed", "severity", "stated", "expected", "difference",
                "unit", "table", "row", "column", "page", "message", "evidence"]

__all__ = ["SCHEMA_ID", "FINDING_FIELDS", "build_findings", "write_findings_json",
           "write_findings_csv", "load_schema", "validate", "checks_table", "audit_to_files"]


def _num(d):
    """Decimal → JSON number (int when integral, else float of a ≤6-place rounding)."""
    if d is None:
        return None
    if not isinstance(d, Decimal):
        d = Decimal(str(d))
    if not d.is_finite():
        return None
    q = d.quantize(Decimal("0.000001")).normalize()
    if q == q.to_integral_value():
        return int(q)
    return float(q)


def _finding(check, fid: str) -> dict:
    return {
        "id": fid, "rule": check.rule, "severity": check.severity, "table": check.table,
        "row": check.row, "column": check.column, "page": check.page, "bbox": check.bbox,
        "stated": _num(check.stated), "expected": _num(check.expected),
        "difference": _num(check.difference), "message": check.message,
        "evidence": check.evidence, "places": [_place(p) for p in check.places],
    }


# the document's identity (budget_audit.identity) travels with its findings
DOCUMENT_FIELDS = ("file", "sha256", "unit", "body", "body_qualifier", "level", "year", "kind", "superior",
                   "body_names", "pages", "volumes")


def _place(check) -> dict:
    """One place a cause shows (a member of a grouped finding)."""
    return {"rule": check.rule, "severity": check.severity, "table": check.table,
            "row": check.row, "column": check.column, "page": check.page,
            "stated": _num(check.stated), "expected": _num(check.expected),
            "difference": _num(check.difference), "message": check.message}


def place_text(place: dict) -> str:
    """A place as one line: rule, table / row / column, page."""
    where = " / ".join(str(place[k]) for k in ("table", "row", "column") if place.get(k))
    page = f" 第 {place['page']} 页" if place.get("page") else ""
    return f"{place['rule']} {where}{page}".strip()


def flat_finding(f: dict) -> dict:
    """A finding with its list fields as text (CSV, spreadsheet): bbox as four numbers, places
    as "n 处：…" joined by "；"."""
    row = dict(f)
    row["bbox"] = "" if f.get("bbox") is None else " ".join(str(x) for x in f["bbox"])
    places = f.get("places") or []
    row["places"] = f"{len(places)} 处：" + "；".join(place_text(p) for p in places) if places else ""
    return row


def inventory_of(source) -> list[dict]:
    """Per-table list of an Extraction (``inventory()``), or of an AuditInput's tables (built by
    hand: no structure status, so none counts as verified)."""
    if source is None:
        return []
    if hasattr(source, "inventory"):
        return source.inventory()
    out = []
    cells = getattr(source, "cells", None)
    for tid, t in (getattr(source, "tables", {}) or {}).items():
        mine = cells[cells["table_id"] == tid] if cells is not None and len(cells) else []
        out.append({"id": tid, "kind": tid.split("#")[0], "title": getattr(t, "title", ""),
                    "pages": list(getattr(t, "pages", []) or []), "unit": getattr(t, "unit", ""),
                    "rows": int(mine["row"].nunique()) if len(mine) else 0,
                    "numeric_cells": int(mine["value"].notna().sum()) if len(mine) else 0,
                    "unparsed_cells": 0, "structure": getattr(t, "structure", "") or "unknown",
                    "reason": getattr(t, "structure_reason", "")})
    return out


def _unread_empty(t: dict, source, explained: set) -> bool:
    """A table printed as a title with no rows and no note (under it, or in the narrative:
    COMP-EMPTY-NOTE) saying it is empty: an empty table cannot be told from one whose grid
    was not read."""
    obj = (getattr(source, "tables", None) or {}).get(t["id"])
    note = getattr(obj, "note", "") or "".join(getattr(obj, "notes", None) or [])
    return (t["rows"] == 0 and t["numeric_cells"] == 0 and not note.strip()
            and t["id"] not in explained)


def coverage(result, tables: list[dict], source=None) -> dict:
    """How much of the document was read: tables present (found + required but not found),
    found, verified; cells parsed and unparsed; what could not be checked."""
    not_found = sorted({c.table for c in result.checks
                        if c.rule == "COMP-TABLES" and not c.passed and c.table})
    explained = {c.table for c in result.checks if c.rule == "COMP-EMPTY-NOTE" and c.passed}
    unverified = [{"id": t["id"], "title": t["title"], "structure": t["structure"],
                   "reason": t["reason"]} for t in tables if t["structure"] != "verified"]
    unverified += [{"id": t["id"], "title": t["title"], "structure": "uncertain",
                    "reason": "只读到标题，未读出数据行，也无空表说明"}
                   for t in tables if t["structure"] == "verified" and _unread_empty(t, source, explained)]
    parsed = sum(t["numeric_cells"] for t in tables)
    unparsed = sum(t["unparsed_cells"] for t in tables)
    return {"tables_present": len(tables) + len(not_found), "tables_found": len(tables),
            "tables_verified": len(tables) - len(unverified), "cells_parsed": parsed,
            "cells_unparsed": unparsed, "tables_not_found": not_found,
            "tables_unverified": unverified, "rules_unfinished": len(result.failures)}


def verdict(counts: dict, cov: dict) -> str:
    """``incomplete`` / ``findings`` / ``clean`` (see the module docstring)."""
    from .rules import load_catalogue
    limit = Decimal(str(load_catalogue()["data"]["coverage"]["max_unparsed_share"]))
    cells = cov["cells_parsed"] + cov["cells_unparsed"]
    if (cov["tables_found"] == 0 or cov["cells_parsed"] == 0 or cov["tables_not_found"] or cov["tables_unverified"]
            or cov["rules_unfinished"] or (cells and Decimal(cov["cells_unparsed"]) / cells > limit)):
        return "incomplete"
    return "findings" if counts["error"] or counts["warning"] else "clean"


def build_findings(result, meta: dict | None = None, source=None) -> dict:
    """The findings document; ``source`` (the Extraction or AuditInput audited) gives the
    per-table inventory the verdict rests on."""
    meta = meta or {}
    out, seen = [], {}
    for c in result.findings:
        fid = c.finding_id
        n = seen.get(fid, 0)
        seen[fid] = n + 1
        if n:
            fid = f"{fid}-{n + 1}"
        out.append(_finding(c, fid))
    tables = inventory_of(source)
    counts = result.summary()
    cov = coverage(result, tables, source)
    document = {k: meta.get(k) for k in DOCUMENT_FIELDS}
    document["tables"] = tables
    return {
        "schema": SCHEMA_ID,
        "document": document,
        "summary": {"verdict": verdict(counts, cov), "coverage": cov, **counts},
        "findings": out,
    }


def checks_table(result) -> list[dict]:
    """Every check as a plain dict (numbers as JSON numbers), in run order."""
    rows = []
    for c in result.checks:
        d = c.as_dict()
        for k in ("stated", "expected", "difference"):
            d[k] = _num(d[k])
        rows.append({k: d.get(k) for k in CHECK_FIELDS})
    return rows


def write_findings_json(path, doc: dict) -> None:
    atomic.write_text(path, sinks.json_dumps(doc, indent=2) + "\n")


def write_findings_csv(path, doc: dict) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FINDING_FIELDS, lineterminator="\n")
    w.writeheader()
    for f in doc["findings"]:
        row = flat_finding(f)
        w.writerow({k: ("" if row.get(k) is None else sinks.csv_field(row.get(k))) for k in FINDING_FIELDS})
    atomic.write_text(path, buf.getvalue())


def load_schema() -> dict:
    text = resources.files("budget_audit").joinpath("data/findings.schema.json").read_text("utf-8")
    return json.loads(text)


def validate(doc: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when the document does not follow the schema."""
    import jsonschema
    jsonschema.validate(doc, load_schema())


def audit_to_files(audit_input, out_dir, meta: dict | None = None):
    """Run every rule and write findings.json + findings.csv into ``out_dir``; returns the doc."""
    from .rules import AuditInput, run_rules
    ai = AuditInput.of(audit_input)
    result = run_rules(ai)
    doc = build_findings(result, meta or ai.meta, audit_input)
    out_dir = Path(out_dir)
    write_findings_json(out_dir / DocumentFolder.FINDINGS_JSON, doc)
    write_findings_csv(out_dir / DocumentFolder.FINDINGS_CSV, doc)
    return doc, result
