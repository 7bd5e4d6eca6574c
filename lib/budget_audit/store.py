"""The document store: one audited document's folders, the names of the files in them, every
audited document, and the same unit's previous year.

    doc = DocumentFolder(2024, "jianghan_dsjzx_2024_budget")
    doc.report_dir / doc.FINDINGS_JSON      # reports/2024/<stem>/findings.json
    doc.interim_dir                         # data/interim/2024/<stem>/ (extract.save / load)
    DocumentFolder.audited()                # every document with a status.json, by year and stem
    doc.prior_year()                        # last year's document of the same unit, or None

The roots are those of ``budget_audit.paths`` unless given (a published copy, a test's folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import paths

YEAR_GLOB = "[0-9][0-9][0-9][0-9]"


@dataclass(frozen=True)
class DocumentFolder:
    year: int
    stem: str
    reports: Path | None = None  # default: paths.REPORTS
    interim: Path | None = None  # default: paths.INTERIM

    # reports/<YEAR>/<stem>/
    STATUS_JSON, PARTIAL_JSON = "status.json", "partial.json"  # partial.json: while a run records failures
    FINDINGS_JSON, FINDINGS_CSV, CHECKS_JSON = "findings.json", "findings.csv", "checks.json"
    RATIOS_CSV = "ratios.csv"  # the key ratios as 03 computed them; 04 shows this file
    TABLES_XLSX, REPORT_HTML, ERROR_LOG, NOTEBOOKS = "tables.xlsx", "report.html", "error.log", "notebooks"
    # data/interim/<YEAR>/<stem>/ (extract.storage writes the extraction's own files)
    DOCUMENT_JSON, CELLS_CSV = "document.json", "cells.csv"

    @property
    def report_dir(self) -> Path:
        return Path(self.reports or paths.REPORTS) / str(self.year) / self.stem

    @property
    def interim_dir(self) -> Path:
        return Path(self.interim or paths.INTERIM) / str(self.year) / self.stem

    def status(self) -> dict | None:
        """status.json, or None while it is missing or being written."""
        return _read(self.report_dir / self.STATUS_JSON)

    def meta(self) -> dict | None:
        """The extraction's document.json (what the document is), or None."""
        return _read(self.interim_dir / self.DOCUMENT_JSON)

    @classmethod
    def audited(cls, reports: Path | None = None, interim: Path | None = None,
                year: int | None = None) -> list[DocumentFolder]:
        """Every document (of one year) with a status.json under reports/<YEAR>/, sorted by year
        and stem (failed audits included: their status says so)."""
        root = Path(reports or paths.REPORTS)
        found = root.glob(f"{year or YEAR_GLOB}/*/{cls.STATUS_JSON}") if root.is_dir() else []
        docs = [cls(int(f.parent.parent.name), f.parent.name, reports, interim) for f in found]
        return sorted(docs, key=lambda d: (d.year, d.stem))

    def prior_year(self) -> DocumentFolder | None:
        """The same unit's document of the previous year, extracted under the interim root."""
        meta = self.meta()
        folder = prior_interim(meta, self.interim or paths.INTERIM) if meta else None
        return None if folder is None else DocumentFolder(self.year - 1, folder.name, self.reports, self.interim)


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def prior_interim(meta: dict, interim_root: Path | None = None) -> Path | None:
    """The interim folder of the previous-year document of the unit ``meta`` describes, chosen
    by ``rules.years.find_prior`` among the documents extracted under <interim_root>/<year-1>/;
    None when there is none, or no single one."""
    from .rules.years import _scope_of, find_prior

    try:
        year = int(meta.get("year"))
    except (TypeError, ValueError):
        return None
    folder = Path(interim_root or paths.INTERIM) / str(year - 1)
    cands = []
    for f in sorted(folder.glob(f"*/{DocumentFolder.DOCUMENT_JSON}")) if folder.is_dir() else []:
        m = _read(f)
        if m is not None:
            cands.append((f.parent, {k: m.get(k) for k in ("unit", "year", "kind", "sha256", "file")}))
    hit = find_prior(meta.get("unit") or "", year, cands, kind=meta.get("kind") or "budget",
                     scope=_scope_of(meta))
    return Path(hit[0]) if hit is not None else None


def prior_extraction(extraction, interim_root: Path | None = None):
    """The same unit's previous-year extraction, if there is exactly one."""
    from .extract import load

    folder = prior_interim(extraction.meta, interim_root)
    return load(folder) if folder is not None else None


def year_chain(extraction, limit: int = 20) -> list:
    """This document and the same unit's earlier years under the interim root, newest first."""
    chain = [extraction]
    while (prior := prior_extraction(chain[-1])) is not None and len(chain) < limit:
        chain.append(prior)
    return chain
