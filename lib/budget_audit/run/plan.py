"""Turn YEAR / PDF parameters into a makefile, so make's own dependency tracking decides
which documents need auditing.

File names may hold spaces, quotes or shell metacharacters, which make cannot carry in
target names. Each document therefore gets a safe key: its stamp target is
data/interim/stamps/<key>, and its prerequisite is a symlink data/interim/links/<key>.pdf
to the PDF (make reads the linked file's time). The real paths appear only inside recipes,
shell-quoted. Every audit also depends on the pipeline's version file (budget_audit.run.cache:
a hash of the package and the notebooks), rewritten only when that hash changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import BadParameters
from ..store import DocumentFolder

YEAR_RE = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Job:
    pdf: str  # absolute path
    year: int
    stem: str
    key: str

    @property
    def report_dir(self) -> Path:
        return paths.report_dir(self.year, self.stem)

    @property
    def stamp(self) -> Path:
        return paths.INTERIM / "stamps" / self.key

    @property
    def link(self) -> Path:
        return paths.INTERIM / "links" / f"{self.key}.pdf"

    @property
    def extracted(self) -> Path:
        """Stamp of an extraction-only job (a prior-year document outside the batch)."""
        return paths.INTERIM / "stamps" / f"{self.key}.extracted"


def parse_years(text: str | None) -> list[int] | None:
    """'2024' or '2023 2024' → [2023, 2024]; empty → None (every year with data)."""
    if text is None or not text.strip():
        return None
    years = []
    for token in text.replace(",", " ").split():
        if not YEAR_RE.match(token):
            raise BadParameters(f"YEAR must be a four-digit year such as 2024, got {token!r}")
        years.append(int(token))
    return sorted(set(years))


def check_pdf_path(pdf: str) -> Path:
    if "\n" in pdf or "\r" in pdf:
        raise BadParameters("PDF: file names with line breaks are not supported")
    path = Path(pdf).expanduser()
    if not path.exists():
        raise BadParameters(f"PDF not found: {pdf}")
    if not path.is_file():
        raise BadParameters(f"PDF is not a file: {pdf}")
    return Path(os.path.abspath(path))  # not resolve(): a symlink keeps its name, the report's stem


def job_for(pdf: Path, year: int) -> Job:
    digest = hashlib.sha1(str(pdf).encode()).hexdigest()[:12]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", pdf.stem)[:40]
    return Job(pdf=str(pdf), year=year, stem=pdf.stem, key=f"{year}-{safe}-{digest}")


def remembered(detect_year):
    """detect_year, remembered per PDF (path, size, time) under data/interim/plans: reading a
    document's year costs more than the rest of an unchanged re-run."""
    import json

    from .. import atomic

    store = paths.INTERIM / "plans" / "years.json"

    def year_of(pdf: Path) -> int:
        known = json.loads(store.read_text()) if store.exists() else {}
        stat = pdf.stat()
        key, seen = str(pdf), [stat.st_size, stat.st_mtime_ns]
        if known.get(key, [None])[:2] != seen:
            known[key] = seen + [detect_year(pdf)]
            atomic.write_json(store, known)
        return known[key][2]

    return year_of


def jobs_for(years_text: str | None, pdf_text: str | None, detect_year) -> list[Job]:
    """The documents to audit. detect_year(path) reads the year from a document."""
    years = parse_years(years_text)
    if pdf_text:
        if Path(pdf_text).expanduser().is_file():  # one file: no need to load the extractor (pairing)
            pdf = check_pdf_path(pdf_text)
        else:
            from ..extract.pairing import pdf_argument
            pdf = pdf_argument(pdf_text, check_pdf_path)   # or two files: narrative and tables
        if years and len(years) > 1:
            raise BadParameters("with PDF=..., give at most one YEAR")
        return [job_for(pdf, years[0] if years else detect_year(pdf))]
    available = paths.years_with_data()
    have = ", ".join(map(str, available)) or "none"
    if years is None:
        if not available:
            raise BadParameters(f"no PDFs under {paths.relative(paths.RAW)}/<YEAR>/")
        years = available
    missing = [y for y in years if y not in available]
    if missing:
        raise BadParameters(
            f"no PDFs in {paths.relative(paths.RAW)}/{missing[0]}/; years with data: {have}")
    return [job_for(p, y) for y in years for p in paths.raw_pdfs(paths.RAW / str(y))]


def stale_audits(makefile: Path) -> list[tuple[Path, int]]:
    """(PDF, year) of each document the plan would audit now, in make's order: its dry run."""
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-f", str(makefile), "all"], cwd=paths.ROOT,
                         capture_output=True, text=True, check=False).stdout
    audits = []
    for line in dry.splitlines():
        argv = shlex.split(line) if " -m budget_audit audit " in line else []
        if argv:
            audits.append((Path(argv[argv.index("--pdf") + 1]), int(argv[argv.index("--year") + 1])))
    return audits


def plan_path(years_text: str | None, pdf_text: str | None) -> Path:
    """One plan file per set of parameters, so concurrent `make audit` runs don't clash."""
    key = hashlib.sha1(f"{years_text or ''}\0{pdf_text or ''}".encode()).hexdigest()[:12]
    return paths.INTERIM / "plans" / f"{key}.mk"


def _make_quote(text: str) -> str:
    """Shell-quote for a recipe line; make expands $, so double it."""
    return shlex.quote(text).replace("$", "$$")


def _year_index(year: int) -> str:
    return paths.relative(paths.REPORTS / str(year) / "index.html")


def _link(job: Job) -> str:
    """The job's PDF under a make-safe name."""
    job.link.parent.mkdir(parents=True, exist_ok=True)
    if job.link.is_symlink() and Path(job.link.readlink()) != Path(job.pdf):
        job.link.unlink()
    if not job.link.is_symlink():
        job.link.symlink_to(job.pdf)
    return paths.relative(job.link)


def _prior_jobs(job: Job, jobs: list[Job]) -> tuple[list[Job], bool]:
    """Last year's documents, whose extractions the cross-year checks read: (jobs, in batch).
    Those in this batch are audited first; the others under data/raw/<year-1> are extracted."""
    in_batch = [j for j in jobs if j.year == job.year - 1]
    if in_batch:
        return in_batch, True
    folder = paths.RAW / str(job.year - 1)
    if not folder.is_dir():
        return [], False
    return [job_for(Path(os.path.abspath(p)), job.year - 1) for p in paths.raw_pdfs(folder)], False


def write_plan(jobs: list[Job], out: Path) -> None:
    """Write the makefile of these jobs."""
    for job in jobs:
        job.stamp.parent.mkdir(parents=True, exist_ok=True)
        # A stamp whose outputs were deleted must not keep make from redoing the work.
        if job.stamp.exists() and not (job.report_dir / DocumentFolder.STATUS_JSON).exists():
            job.stamp.unlink()

    from .cache import write_version

    version = write_version(paths.INTERIM / "plans" / "pipeline.version")  # what every audit depends on
    years = sorted({j.year for j in jobs})
    lines = [
        "# Generated by `python -m budget_audit run` (plan.write_plan); do not edit.",
        f"PY := {_make_quote(str(paths.ROOT / '.venv' / 'bin' / 'python'))}",
        f"DEPS := {paths.relative(version)}",
        "",
        "all: " + " ".join(_year_index(y) for y in years),
        "",
    ]
    extract_only: dict[str, Job] = {}
    for n, job in enumerate(jobs, 1):
        stamp = paths.relative(job.stamp)
        prior, in_batch = _prior_jobs(job, jobs)
        if not in_batch:
            extract_only.update((j.key, j) for j in prior)
        prior_stamps = [paths.relative(j.stamp if in_batch else j.extracted) for j in prior]
        lines += [
            f"{stamp}: {' '.join([_link(job), *prior_stamps])} $(DEPS)",
            "\t@$(PY) -m budget_audit audit"
            f" --pdf {_make_quote(job.pdf)} --year {job.year}"
            f" --stamp {stamp} --progress {n}/{len(jobs)}",
            "",
        ]
    for job in extract_only.values():
        stamp = paths.relative(job.extracted)
        lines += [f"{stamp}: {_link(job)} $(DEPS)",
                  f"\t@$(PY) -m budget_audit extract --pdf {_make_quote(job.pdf)} --year {job.year}"
                  f" --stamp {stamp}", ""]
    for y in years:
        stamps = " ".join(paths.relative(j.stamp) for j in jobs if j.year == y)
        lines += [f"{_year_index(y)}: {stamps}", f"\t@$(PY) -m budget_audit index --year {y}", ""]
    text = "\n".join(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists() or out.read_text() != text:  # keep the plan's time when unchanged
        out.write_text(text)
