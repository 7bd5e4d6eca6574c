"""Audit one document: run the notebooks with papermill, render report.html, record status.json."""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import atomic, isolate, paths, sinks
from ..errors import AuditError, BadInput, BadParameters
from ..store import DocumentFolder

# (notebook, stage name shown to the user)
STAGES = [
    ("01_extract", "extract"),
    ("02_reconcile", "reconcile"),
    ("03_ratios", "ratios"),
    ("04_report", "report"),
]
# What each notebook is given: exactly the parameters its `parameters` cell declares and uses
# (papermill's "Passed unknown parameter" is an error here: see _UnknownParameter).
NOTEBOOK_PARAMETERS = {
    "01_extract": ("pdf", "interim_dir"),
    "02_reconcile": ("interim_dir", "report_dir"),
    "03_ratios": ("report_dir",),
    "04_report": ("pdf", "interim_dir", "report_dir"),
}
# The statuses of an audited document (status.json): complete, or with an output missing.
AUDITED = ("ok", "partial")
# Without these there is no audit; the later stages only show it (isolated: see _isolated).
ESSENTIAL = ("extract", "reconcile")


@dataclass
class Status:
    pdf: str
    year: int
    stem: str
    status: str = "ok"  # ok | partial | bad_input | internal_error
    message: str = ""
    pages: int = 0
    summary: dict = field(default_factory=dict)
    stages: dict = field(default_factory=dict)
    partial: list = field(default_factory=list)  # [{part, reason}]: outputs that failed (isolate)
    worker: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def parameters(pdf: Path, year: int, stem: str) -> dict:
    """Every notebook parameter of one document: paths relative to the project root when inside
    it. Each notebook gets its own part of them (notebook_parameters)."""
    return {
        "pdf": paths.relative(pdf),
        "interim_dir": paths.relative(paths.interim_dir(year, stem)),
        "report_dir": paths.relative(paths.report_dir(year, stem)),
    }


def notebook_parameters(name: str, params: dict) -> dict:
    return {key: params[key] for key in NOTEBOOK_PARAMETERS[name]}


class _UnknownParameter(logging.Filter):
    """papermill compares the parameters it is given with the notebook's `parameters` cell and
    logs "Passed unknown parameter: NAME" for a misspelt one, then runs the notebook on its
    default. Raised instead, from the thread that logged it, before any cell runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Passed unknown parameter"):
            raise BadParameters(record.getMessage())
        return True


@cache
def _strict_parameters() -> None:
    logging.getLogger("papermill").addFilter(_UnknownParameter())


def _kernel_error(exc) -> AuditError:
    """Map a failed notebook cell back to the error raised inside the kernel."""
    if getattr(exc, "ename", "") == "BadInput":
        return BadInput(exc.evalue)
    return AuditError(f"{exc.ename}: {exc.evalue}")


def run_notebook(name: str, params: dict, out_dir: Path) -> dict:
    """Execute one notebook on this process's warm kernel (budget_audit.run.kernel); return its
    timing (set-up vs cells) from papermill's metadata."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from .kernel import KERNEL, engine

    _strict_parameters()
    out = out_dir / f"{name}.ipynb"
    start = time.perf_counter()
    try:
        nb = papermill.execute_notebook(
            str(paths.NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=notebook_parameters(name, params),
            kernel_name=KERNEL, engine_name=engine(), cwd=str(paths.ROOT), progress_bar=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        raise _kernel_error(exc) from exc
    except BadParameters as exc:
        raise AuditError(f"notebooks/{name}.ipynb: {exc}") from exc
    total = time.perf_counter() - start
    cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells)
    _drop_run_metadata(nb)
    nbformat.write(nb, str(out))
    return {"seconds": round(total, 3), "cells_seconds": round(cells, 3)}


def _drop_run_metadata(nb) -> None:
    """Keep what ran and what it printed; drop when and how long (status.json keeps the timing),
    so an executed notebook is the same file every run and a diff shows only real changes."""
    meta = nb.metadata.get("papermill", {})
    meta.update(start_time=None, end_time=None, duration=None)
    for key in ("input_path", "output_path"):  # no machine path in a record that is kept
        if meta.get(key):
            meta[key] = paths.relative(Path(meta[key]))
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill draws a random id


def warm_up():
    """This process's kernel started, and beside it what this process uses for every document:
    the papermill engine, the HTML exporter, pypdf (each audit opens its PDF with it first).
    Once per process: a second call costs nothing. Returns the kernel."""
    import importlib
    import sys
    import threading

    # nbformat validates with jsonschema, which imports rfc3987_syntax where it is installed
    # (jupyterlab's dependencies bring it) to check IRI formats; that module compiles a grammar
    # at import, about a second of CPU per worker. No notebook schema has a format to check.
    sys.modules.setdefault("rfc3987_syntax", None)
    from ..report.html import exporter
    from .kernel import engine, warm

    kernel = warm()
    if kernel.km is None:
        kernel.launch()  # its process first: the imports beside it would slow its start
    build = threading.Thread(target=lambda: (engine(), exporter(), importlib.import_module("pypdf")))
    build.start()
    kernel.started()
    build.join()
    return kernel


def peak_rss_mb(kernel) -> dict:
    """Peak memory so far of this worker: its kernel, and this process."""
    import resource

    return {"kernel_peak_rss_mb": kernel.peak_rss_mb(),
            "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def render_report(report_dir: Path, failures: list[dict] = ()) -> None:
    """report.html from the executed report notebook, with a notice of any part that failed."""
    from ..report.html import notebook_to_html

    atomic.write_text(report_dir / DocumentFolder.REPORT_HTML, isolate.with_banner(
        notebook_to_html(report_dir / DocumentFolder.NOTEBOOKS / f"{STAGES[-1][0]}.ipynb"), list(failures)))


def audit(pdf: Path, year: int, progress=print) -> Status:
    """Audit one PDF. Never raises for a bad document: the failure is in the returned status."""
    from .. import pdfdoc
    from .kernel import AFTER_DOCUMENT

    stem = pdf.stem
    status = Status(pdf=paths.relative(pdf), year=year, stem=stem)
    report_dir = paths.report_dir(year, stem)
    nb_dir = report_dir / DocumentFolder.NOTEBOOKS
    nb_dir.mkdir(parents=True, exist_ok=True)
    isolate.clear(report_dir)
    try:
        with pdfdoc.open_pdf(pdf, check_text=False) as doc:  # cheap checks before any notebook runs
            status.pages = doc.n_pages
        params = parameters(pdf, year, stem)
        t = time.perf_counter()
        kernel = warm_up()
        status.stages["start"] = {"seconds": round(time.perf_counter() - t, 3)}
        status.worker["notebooks_before"] = kernel.notebooks
        if not kernel.notebooks:  # the first document on this kernel: what warming it up took
            status.worker["kernel_start_seconds"] = kernel.start_seconds
        for name, stage in STAGES:
            progress(stage)
            part = f"{DocumentFolder.NOTEBOOKS}/{name}.ipynb"
            run = run_notebook if stage in ESSENTIAL else _isolated(report_dir, part)
            status.stages[stage] = run(name, params, nb_dir)
        kernel.meanwhile(AFTER_DOCUMENT)
        progress("html")
        t = time.perf_counter()
        _write_report(report_dir)
        status.stages["html"] = {"seconds": round(time.perf_counter() - t, 3)}
        status.summary = _summary(report_dir)
        _record_partial(status, report_dir)
        status.worker.update(peak_rss_mb(kernel))
    except BadInput as exc:
        status.status, status.message = "bad_input", str(exc)
    except Exception as exc:  # noqa: BLE001 - recorded, shown, and turned into an exit status
        status.status = "internal_error"
        status.message = str(exc) if isinstance(exc, AuditError) else f"{type(exc).__name__}: {exc}"
        atomic.write_text(report_dir / DocumentFolder.ERROR_LOG, sinks.plain(traceback.format_exc()))
    atomic.write_json(report_dir / DocumentFolder.STATUS_JSON, status.as_dict())
    return status


# --- Isolation layer: the stages after reconcile and report.html fail alone (isolate) ----------

def _isolated(report_dir: Path, part: str):
    """run_notebook for a stage whose failure leaves the audit partial, not lost."""
    def run(name: str, params: dict, out_dir: Path) -> dict:
        done = isolate.attempt(report_dir, part, run_notebook, name, params, out_dir)
        return {"failed": done.reason} if isinstance(done, isolate.Failure) else done
    return run


def _write_report(report_dir: Path) -> None:
    """report.html; when the report notebook or its conversion failed, a page that says so."""
    import json

    report_nb = f"{DocumentFolder.NOTEBOOKS}/{STAGES[-1][0]}.ipynb"
    if not any(f["part"] == report_nb for f in isolate.recorded(report_dir)):
        done = isolate.attempt(report_dir, DocumentFolder.REPORT_HTML, render_report, report_dir,
                               isolate.recorded(report_dir))
        if not isinstance(done, isolate.Failure):
            return
    findings = json.loads((report_dir / DocumentFolder.FINDINGS_JSON).read_text(encoding="utf-8"))
    atomic.write_text(report_dir / DocumentFolder.REPORT_HTML,
                      isolate.fallback_report(findings, isolate.recorded(report_dir)))


def _record_partial(status: Status, report_dir: Path) -> None:
    """Move the failures recorded during the run into status.json."""
    status.partial = isolate.recorded(report_dir)
    (report_dir / isolate.PARTIAL_FILE).unlink(missing_ok=True)
    if status.partial:
        status.status = "partial"
        status.message = "部分输出未能生成：" + "；".join(f"{f['part']}（{f['reason']}）" for f in status.partial)


def _summary(report_dir: Path) -> dict:
    import json

    return json.loads((report_dir / DocumentFolder.FINDINGS_JSON).read_text(encoding="utf-8"))["summary"]
