"""Everything audited so far, as pandas DataFrames: ``budget_audit.load(year=None, unit=None)``.

    import budget_audit
    data = budget_audit.load()                   # every audited document
    data = budget_audit.load(2024, unit="万里")   # one year, units whose name contains 万里
    data.documents   # one row per document: year, unit, kind, stem, file, pages, summary counts
    data.cells       # the tidy tables (cells.csv) of every document
    data.claims      # the narrative's stated amounts, shares, changes (budget_audit.claims)
    data.findings    # the findings (findings.json)
    data.table("three_public")                    # the cells of one table

Every frame starts with the document's ``year``, ``unit`` (the budget unit's name), ``kind``
(budget / final) and ``stem``.  Money stays exact: ``value``/``value_wan`` (cells, claims) and
``stated``/``expected``/``difference`` (findings) hold ``decimal.Decimal``; ``value_wan_float``
is the float view for plotting, and ``floats(frame)`` turns every Decimal column into floats.
The cells' and claims' own unit of ``value`` (万元/元, %, 人…) is the ``value_unit`` column and
the claim's kind (amount/share/change…) is ``claim_kind``, so ``unit`` and ``kind`` always
mean the document's.

A document counts as audited when ``reports/<YEAR>/<stem>/status.json`` says ``ok``; its data
come from ``reports/<YEAR>/<stem>/findings.json`` and ``data/interim/<YEAR>/<stem>/``.  Those
folders are the ones ``budget_audit.paths`` names (this checkout's, unless BUDGET_AUDIT_REPORTS /
BUDGET_AUDIT_INTERIM point elsewhere), or ``<root>/reports`` and ``<root>/data/interim`` with
``root=``.
"""
from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from decimal import Decimal
from numbers import Integral
from pathlib import Path

import pandas as pd

from . import paths
from .errors import BadParameters
from .run.pipeline import AUDITED
from .store import DocumentFolder

__all__ = ["load", "AuditData", "NothingAudited", "floats", "audited_documents", "folders",
           "DOC_COLUMNS"]

DOC_COLUMNS = ["year", "unit", "kind", "stem"]
DOCUMENT_COLUMNS = DOC_COLUMNS + ["file", "pages", "status", "message", "error", "warning", "info",
                                  "checks_run", "checks_passed", "report_dir", "interim_dir"]
CLAIM_COLUMNS = ["claim_kind", "subject", "value", "decimals", "value_unit", "value_wan",
                 "value_wan_float", "page", "section", "sentence", "text", "ref", "parent",
                 "ref_year", "targets"]
FINDING_COLUMNS = ["id", "rule", "severity", "table", "row", "column", "page", "bbox",
                   "stated", "expected", "difference", "message", "evidence"]


class NothingAudited(BadParameters, FileNotFoundError):
    """No audited document (under the selected year) to load: run `make audit` first."""


def folders(root=None) -> tuple[Path, Path]:
    """(reports, interim): ``<root>/reports`` and ``<root>/data/interim`` of a project folder, or
    by default budget_audit.paths.REPORTS and INTERIM (where ``make audit`` writes)."""
    if root is None:
        return paths.REPORTS, paths.INTERIM
    return Path(root) / "reports", Path(root) / "data" / "interim"


@dataclass(eq=False)
class AuditData:
    """The result of :func:`load`: four DataFrames sharing the columns year, unit, kind, stem."""

    documents: pd.DataFrame
    cells: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame

    def table(self, table_id: str) -> pd.DataFrame:
        """The cells of one table (``three_public``; repeated forms ``perf_project#1``… included)."""
        ids = self.cells["table_id"]
        return self.cells[(ids == table_id) | ids.str.startswith(table_id + "#")].reset_index(drop=True)

    @property
    def years(self) -> list[int]:
        return sorted(set(int(y) for y in self.documents["year"]))

    @property
    def units(self) -> list[str]:
        return sorted(set(u for u in self.documents["unit"] if u))

    def __repr__(self) -> str:
        return (f"AuditData({len(self.documents)} document(s), {len(self.cells)} cells, "
                f"{len(self.claims)} claims, {len(self.findings)} findings; "
                f"years {self.years}, units {self.units})")


def floats(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose Decimal columns are float64 (None → NaN), for plotting."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object and values.map(lambda v: isinstance(v, Decimal)).any() \
                and values.map(lambda v: v is None or isinstance(v, (Decimal, int, float))).all():
            out[col] = values.map(lambda v: float("nan") if v is None else float(v)).astype("float64")
    return out


def _float(v) -> float:
    return float("nan") if v is None else float(v)


def _read_json(path: Path, **kw):
    return json.loads(path.read_text(encoding="utf-8"), **kw)


def audited_documents(root=None) -> list[dict]:
    """Every document with a status.json under reports/<YEAR>/ (see :func:`folders`), sorted by
    year, unit, stem.

    Each dict: the DOCUMENT_COLUMNS plus ``_report`` and ``_interim`` (absolute Paths).
    Documents whose audit failed are included with their status and message."""
    reports, interim = folders(root)
    docs = []
    for folder in DocumentFolder.audited(reports, interim):
        status = folder.status()
        if status is None:
            continue  # being written right now: not audited yet
        report, data = folder.report_dir, folder.interim_dir
        year, stem = int(status.get("year") or folder.year), folder.stem
        summary = status.get("summary") or {}
        doc = {"year": year, "unit": "", "kind": "", "stem": stem, "file": "", "pages": None,
               "status": status.get("status", ""), "message": status.get("message", ""),
               "error": summary.get("error"), "warning": summary.get("warning"),
               "info": summary.get("info"), "checks_run": summary.get("checks_run"),
               "checks_passed": summary.get("checks_passed"),
               "report_dir": paths.relative(report), "interim_dir": paths.relative(data),
               "_report": report, "_interim": data}
        findings = report / folder.FINDINGS_JSON
        if doc["status"] in AUDITED and findings.exists():
            meta = _read_json(findings)["document"]
            doc.update(unit=meta.get("unit") or "", kind=meta.get("kind") or "",
                       file=meta.get("file") or "", pages=meta.get("pages"))
        docs.append(doc)
    docs.sort(key=lambda d: (d["year"], d["unit"], d["stem"]))
    return docs


def _check_year(year) -> list[int] | None:
    if year is None:
        return None
    items = list(year) if isinstance(year, (list, tuple, set, frozenset)) else [year]
    for y in items:
        if isinstance(y, bool) or not isinstance(y, Integral):
            raise TypeError(f"year must be an int such as 2024 (or a list of ints), "
                            f"not {type(y).__name__} {y!r}")
    return sorted(int(y) for y in items)


def _check_unit(unit) -> list[str] | None:
    if unit is None:
        return None
    items = list(unit) if isinstance(unit, (list, tuple, set, frozenset)) else [unit]
    for u in items:
        if not isinstance(u, str):
            raise TypeError(f"unit must be a str (part of a unit's name, e.g. '万里街道'), "
                            f"or a list of them, not {type(u).__name__} {u!r}")
        if not u.strip():
            raise ValueError("unit must not be empty: give part of a unit's name, e.g. '万里街道', "
                             "or unit=None for every unit")
    return [u.strip() for u in items]


def _matches(doc: dict, needles: list[str]) -> bool:
    hay = (doc["unit"].casefold(), doc["stem"].casefold())
    return any(n.casefold() in h for n in needles for h in hay)


def select(year=None, unit=None, root=None) -> list[dict]:
    """The audited documents (status ok) matching ``year`` and ``unit``; errors as :func:`load`."""
    years, units = _check_year(year), _check_unit(unit)
    docs = [d for d in audited_documents(root) if d["status"] in AUDITED]
    if not docs:
        raise NothingAudited(f"nothing audited yet under {paths.relative(folders(root)[0])}/: "
                             "run `make audit` (or `make audit PDF=path/to/file.pdf`) first")
    if years is not None:
        available = sorted({d["year"] for d in docs})
        docs = [d for d in docs if d["year"] in years]
        if not docs:
            wanted = " ".join(str(y) for y in years)
            raise NothingAudited(f"no audited document for year {wanted}; audited years: "
                                 f"{', '.join(map(str, available))}. "
                                 f"Run `make audit YEAR={wanted}` (or `make audit PDF=...`) first")
    if units is not None:
        candidates = docs
        docs = [d for d in docs if _matches(d, units)]
        if not docs:
            listed = sorted({d["unit"] or d["stem"] for d in candidates})
            scope = f" in {', '.join(map(str, years))}" if years else ""
            raise ValueError(f"unit {unit!r} matches no audited document{scope}; units available: "
                             + "; ".join(listed))
    return docs


def _doc_frame(rows: list[dict], doc: dict, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    for i, col in enumerate(DOC_COLUMNS):
        frame.insert(i, col, doc[col])
    return frame


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=DOC_COLUMNS + columns)
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out


def _ints(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Integer columns that may be blank: pandas' nullable Int64 (not float 16.0)."""
    for col in columns:
        if col in frame:
            frame[col] = frame[col].map(lambda v: None if v is None or v == "" or v != v else int(v)).astype("Int64")
    return frame


def _cells(doc: dict, extraction) -> pd.DataFrame:
    cells = extraction.cells.rename(columns={"unit": "value_unit"}).copy()
    cells["value_wan_float"] = cells["value_wan"].map(_float).astype("float64")
    for i, col in enumerate(DOC_COLUMNS):
        cells.insert(i, col, doc[col])
    return cells


def _claims(doc: dict, narrative) -> pd.DataFrame:
    from .claims import extract_claims

    rows = []
    for claim in extract_claims(narrative):
        d = claim.to_dict()
        d["claim_kind"] = d.pop("kind")
        d["value_unit"] = d.pop("unit")
        d["value"] = claim.value
        d["value_wan"] = claim.value_wan
        d["value_wan_float"] = _float(claim.value_wan)
        rows.append(d)
    extra = [k for k in (rows[0] if rows else {}) if k not in CLAIM_COLUMNS]
    frame = _doc_frame(rows, doc, CLAIM_COLUMNS + extra)
    return _ints(frame, ("decimals", "page", "ref_year"))


def _findings(doc: dict) -> pd.DataFrame:
    data = _read_json(doc["_report"] / DocumentFolder.FINDINGS_JSON, parse_float=Decimal)
    rows = []
    for f in data["findings"]:
        f = dict(f)
        for k in ("stated", "expected", "difference"):
            if isinstance(f.get(k), int):
                f[k] = Decimal(f[k])
        rows.append(f)
    return _ints(_doc_frame(rows, doc, FINDING_COLUMNS), ("page",))


def load(year=None, unit=None, *, root=None) -> AuditData:
    """Load every audited document matching ``year`` and ``unit`` as an :class:`AuditData`.

    year: None (every year), an int such as 2024, or a list of ints.
    unit: None (every unit), or a part of the unit's name (or of the file's stem), case-insensitive,
          e.g. ``"万里"``; or a list of such strings (any may match).
    root: a project folder to read instead (its reports/ and data/interim/); by default the
          folders ``make audit`` writes (budget_audit.paths.REPORTS and INTERIM).

    Raises TypeError for a year that is not an int or a unit that is not a str,
    NothingAudited (a FileNotFoundError) when nothing (for that year) has been audited yet,
    ValueError when the unit matches no audited document (the message lists the units).
    """
    from .extract import load as load_extraction

    docs = select(year, unit, root)
    cells, claims, findings = [], [], []
    for doc in docs:
        findings.append(_findings(doc))
        if not (doc["_interim"] / DocumentFolder.CELLS_CSV).exists():
            warnings.warn(f"{doc['interim_dir']} is missing: its tables and claims are left out "
                          "(run `make audit` again to re-create it)", stacklevel=2)
            continue
        extraction = load_extraction(doc["_interim"])
        cells.append(_cells(doc, extraction))
        claims.append(_claims(doc, extraction.narrative))
    documents = pd.DataFrame([{k: d[k] for k in DOCUMENT_COLUMNS} for d in docs], columns=DOCUMENT_COLUMNS)
    for col in ("pages", "error", "warning", "info", "checks_run", "checks_passed"):
        documents[col] = documents[col].astype("Int64")
    documents["year"] = documents["year"].astype("int64")
    from .tidy import TIDY_COLUMNS
    cell_columns = [("value_unit" if c == "unit" else c) for c in TIDY_COLUMNS] + ["value_wan_float"]
    return AuditData(documents=documents, cells=_concat(cells, cell_columns),
                     claims=_concat(claims, CLAIM_COLUMNS), findings=_concat(findings, FINDING_COLUMNS))
