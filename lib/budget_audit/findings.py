"""The findings file: schema ``budget-audit/findings@1``, JSON and CSV writers.

``build_findings(result, meta)`` turns a ``rules.Result`` into the findings document::

    {"schema": "budget-audit/findings@1",
     "document": {"file", "sha256", "unit", "year", "kind", "pages"},
     "summary": {"error", "warning", "info", "checks_run", "checks_passed"},
     "findings": [{"id", "rule", "severity", "table", "row", "column", "page", "bbox",
                   "stated", "expected", "difference", "message", "evidence"}, ...]}

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

SCHEMA_ID = "budget-audit/findings@1"
FINDING_FIELDS = ["id", "rule", "severity", "table", "row", "column", "page", "bbox",
                  "stated", "expected", "difference", "message", "evidence"]
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
        "evidence": check.evidence,
    }


def build_findings(result, meta: dict | None = None) -> dict:
    meta = meta or {}
    out, seen = [], {}
    for c in result.findings:
        fid = c.finding_id
        n = seen.get(fid, 0)
        seen[fid] = n + 1
        if n:
            fid = f"{fid}-{n + 1}"
        out.append(_finding(c, fid))
    return {
        "schema": SCHEMA_ID,
        "document": {k: meta.get(k) for k in ("file", "sha256", "unit", "year", "kind", "pages")},
        "summary": result.summary(),
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
        row = dict(f)
        row["bbox"] = "" if f.get("bbox") is None else " ".join(str(x) for x in f["bbox"])
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
    doc = build_findings(result, meta or ai.meta)
    out_dir = Path(out_dir)
    write_findings_json(out_dir / "findings.json", doc)
    write_findings_csv(out_dir / "findings.csv", doc)
    return doc, result
