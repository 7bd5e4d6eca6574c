"""Audit every document of a corpus folder in one batch and say how each one ended.

``python -m budget_audit.corpus_audit [FOLDER]`` (``make audit-corpus CORPUS=folder``; default
the repository's test corpus). Each ``<slug>/<file>.pdf`` (or ``<file>.pdf``) is linked as
``<year>/<slug>.pdf`` under ``<INTERIM>/corpus/raw`` and the links are audited by one
``budget-audit run`` (JOBS at once), writing to ``<REPORTS>/corpus`` and ``<INTERIM>/corpus``:
a second run with nothing changed does no work. The outcome table is printed and written to
``<REPORTS>/corpus/outcomes.md``.

Exit status 0 when every document ended audited (``ok``, or ``partial`` with its reasons) or
refused for a documented reason (errors.BAD_INPUT_CASES); 1 otherwise (an internal error, an
undocumented refusal, or a document with no status).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import paths, sinks
from .errors import BAD_INPUT_CASES, bad_input_case
from .run.pipeline import AUDITED
from .store import DocumentFolder


@dataclass
class Outcome:
    slug: str
    year: int | None
    status: str          # ok | partial | bad_input | internal_error | no_status | no_year
    detail: str = ""     # the bad-input case, the missing parts, or the error
    pages: int | None = None
    seconds: float | None = None

    @property
    def acceptable(self) -> bool:
        return self.status in AUDITED or (self.status == "bad_input" and self.detail in BAD_INPUT_CASES)


def corpus_pdfs(folder: Path) -> dict[str, Path]:
    """slug → PDF: one per sub-folder (its name is the slug), or the folder's own PDFs."""
    found = {p.parent.name: p for p in sorted(folder.glob("*/*.pdf"))}
    found.update({p.stem: p for p in sorted(folder.glob("*.pdf"))})
    return dict(sorted(found.items()))


def link(folder: Path, raw: Path) -> dict[str, int | None]:
    """<raw>/<year>/<slug>.pdf → the corpus PDF; slug → year (None: the year cannot be read)."""
    from .identity import document_year

    years, pdfs = {}, corpus_pdfs(folder)
    for old in raw.glob("[0-9]*/*.pdf"):  # a document of another corpus folder is not audited
        if old.is_symlink() and old.stem not in pdfs:
            old.unlink()
    linked = {link.stem: int(link.parent.name) for link in raw.glob("[0-9]*/*.pdf") if link.is_symlink()}
    for slug, pdf in pdfs.items():
        known = raw / str(linked.get(slug)) / f"{slug}.pdf"
        if slug in linked and known.resolve() == pdf.resolve():
            years[slug] = linked[slug]  # read on an earlier run
            continue
        try:
            year = document_year(pdf)
        except Exception:  # noqa: BLE001 - no year on its pages (or unreadable: the audit says so)
            year = _name_year(slug)
        years[slug] = year
        if year is None:
            continue
        target = raw / str(year) / f"{slug}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() and target.resolve() != pdf.resolve():
            target.unlink()
        if not target.is_symlink():
            target.symlink_to(pdf.resolve())
    return years


def _name_year(slug: str) -> int | None:
    from .identity import FILE_NAME_YEAR as NAME_YEAR

    match = NAME_YEAR.search(slug)
    return int(match.group(1)) if match else None


def outcomes(years: dict[str, int | None], reports: Path) -> list[Outcome]:
    out = []
    for slug, year in years.items():
        status_file = reports / str(year) / slug / DocumentFolder.STATUS_JSON
        if year is None:
            out.append(Outcome(slug, None, "no_year", "year not readable from the document or its name"))
            continue
        if not status_file.exists():
            out.append(Outcome(slug, year, "no_status"))
            continue
        status = json.loads(status_file.read_text(encoding="utf-8"))
        state, message = status["status"], status.get("message", "")
        detail = {"partial": "; ".join(f"{f['part']}: {f['reason']}" for f in status.get("partial", [])),
                  "bad_input": bad_input_case(message) or f"undocumented: {message}",
                  "internal_error": message}.get(state, "")
        seconds = sum(s.get("seconds", 0) for s in status.get("stages", {}).values()) or None
        pages = None
        findings = status_file.parent / DocumentFolder.FINDINGS_JSON
        if state in AUDITED and findings.exists():
            pages = json.loads(findings.read_text(encoding="utf-8"))["document"].get("pages")
        out.append(Outcome(slug, year, state, detail, pages, round(seconds, 1) if seconds else None))
    return out


def table(rows: list[Outcome]) -> str:
    lines = ["| document | year | pages | outcome | detail | s |", "|---|---|---|---|---|---|"]
    for r in rows:
        detail = sinks.plain(r.detail).replace("|", "\\|")[:160]
        lines.append(f"| {r.slug} | {r.year or ''} | {r.pages or ''} | {r.status} | {detail} | {r.seconds or ''} |")
    return "\n".join(lines)


def audit_corpus(folder: Path, jobs: int) -> tuple[list[Outcome], float]:
    """Run the batch; (outcome per document, wall seconds)."""
    raw, reports, interim = paths.INTERIM / "corpus" / "raw", paths.REPORTS / "corpus", paths.INTERIM / "corpus"
    years = link(folder, raw)
    env = dict(os.environ, BUDGET_AUDIT_RAW=str(raw), BUDGET_AUDIT_REPORTS=str(reports),
               BUDGET_AUDIT_INTERIM=str(interim), YEAR="", PDF="")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "budget_audit", "run", "--jobs", str(jobs)],
                   cwd=paths.ROOT, env=env, check=False)
    took = time.perf_counter() - start
    rows = outcomes(years, reports)
    counts = {s: sum(r.status == s for r in rows) for s in sorted({r.status for r in rows})}
    text = (table(rows) + f"\n\n{len(rows)} documents in {took:.0f} s with JOBS={jobs}: "
            + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".\n")
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "outcomes.md").write_text(text, encoding="utf-8")
    print(text)
    return rows, took


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else paths.CORPUS
    if not folder.is_dir() or not corpus_pdfs(folder):
        print(f"budget-audit: no corpus PDFs in {folder} (expected <slug>/<file>.pdf)", file=sys.stderr)
        return 2
    rows, _ = audit_corpus(folder, int(os.environ.get("JOBS") or os.cpu_count() or 1))
    bad = [r for r in rows if not r.acceptable]
    for r in bad:
        print(f"budget-audit: {r.slug}: {r.status}: {sinks.plain(r.detail)}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
