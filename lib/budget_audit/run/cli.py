"""Command line: `python -m budget_audit {run,audit,index}`. `make audit` runs `run`.

Exit statuses (README): 0 audited (findings are not failures), 4 audited but an output is
missing (partial), 2 bad parameters, 3 bad input document, 1 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .. import paths, sinks
from ..errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_PARTIAL, AuditError
from ..store import DocumentFolder
from . import plan


def _say(text: str) -> None:
    print(text, flush=True)


def cmd_run(args) -> int:
    """The batch: plan the documents, let make run the stale ones in parallel on a pool of warm
    workers (budget_audit.run.pool), report the outcome."""
    import contextlib
    import subprocess

    from ..identity import document_year

    local = not os.environ.get("SCHEDULER")
    with contextlib.ExitStack() as stack:
        pools = []

        def year_of_new(pdf: Path) -> int:
            """A document the plan has not seen (or that changed) is going to be audited: its
            worker warms up while its year is read."""
            if local and not pools:
                from .pool import Pool

                pools.append(stack.enter_context(Pool(1, say=_say)))
            return document_year(pdf)

        jobs = plan.jobs_for(args.year, args.pdf, plan.remembered(year_of_new))
        makefile = plan.plan_path(args.year, args.pdf)
        plan.write_plan(jobs, makefile)
        stale = plan.stale_audits(makefile)
        env = None
        if stale and local:
            from .pool import Pool, pages_of

            pool = pools[0] if pools else stack.enter_context(Pool(0, say=_say))
            pool.expect(min(args.jobs, len(stale)), len(stale), sum(pages_of(pdf) for pdf, _ in stale))
            env = dict(os.environ, **pool.environment)
        elif pools:  # nothing to audit after all
            pools[0].close()
        subprocess.run(["make", "--no-print-directory", "-k", "-j", str(args.jobs), "-f", str(makefile), "all"],
                       cwd=paths.ROOT, check=False, env=env)
    return summary(jobs)


def cmd_audit(args) -> int:
    from . import pipeline, pool

    pdf = plan.check_pdf_path(args.pdf)
    label = f"[{args.progress}] {pdf.stem}" if args.progress else pdf.stem
    start = time.perf_counter()
    if args.scheduler:
        from .cluster import audit_remote

        _say(f"{label}: running on {args.scheduler}…")
        status = audit_remote(args.scheduler, pdf, args.year)
    elif pool.reachable():  # a recipe of `run`: a warm worker of its pool does the work
        status = pipeline.Status(**pool.audit(pdf, args.year, progress=lambda stage: _say(f"{label}: {stage}…")))
    else:
        status = pipeline.audit(pdf, args.year, progress=lambda stage: _say(f"{label}: {stage}…"))
    took = time.perf_counter() - start
    if status.status in ("ok", "partial"):
        s = status.summary
        _say(f"{label}: done in {took:.1f} s — {s['error']} errors, {s['warning']} warnings, "
             f"{s['info']} info, {s['checks_passed']}/{s['checks_run']} checks passed "
             f"→ {paths.relative(paths.report_dir(args.year, pdf.stem) / DocumentFolder.REPORT_HTML)}")
        for failure in status.partial:
            print(f"{label}: PARTIAL: {sinks.plain(failure['part'])} not written: {sinks.plain(failure['reason'])}",
                  file=sys.stderr, flush=True)
    else:
        print(f"{label}: FAILED ({status.status}): {sinks.plain(status.message)}", file=sys.stderr, flush=True)
    if args.stamp:  # batch mode: the failure is recorded; `summary` sets the exit status
        Path(args.stamp).parent.mkdir(parents=True, exist_ok=True)
        Path(args.stamp).touch()
        return EXIT_OK
    return {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "bad_input": EXIT_BAD_INPUT}.get(status.status, EXIT_INTERNAL)


def cmd_extract(args) -> int:
    """Extraction only (cached): last year's documents that cross-year checks read."""
    from .. import stages
    from ..errors import BadInput

    pdf = plan.check_pdf_path(args.pdf)
    try:
        stages.extract(str(pdf), str(paths.interim_dir(args.year, pdf.stem)))
        _say(f"{pdf.stem}: extracted for the cross-year checks of {args.year + 1}")
    except BadInput as exc:  # that year's own audit reports it; here it only means no prior
        print(f"{pdf.stem}: not usable for cross-year checks: {exc}", file=sys.stderr)
    Path(args.stamp).parent.mkdir(parents=True, exist_ok=True)
    Path(args.stamp).touch()
    return EXIT_OK


def cmd_index(args) -> int:
    from ..report.index import write_indexes

    write_indexes(args.year)
    return EXIT_OK


def summary(jobs: list[plan.Job]) -> int:
    """After a batch: the counts, and the exit status of the whole run."""
    import json

    worst = EXIT_OK
    counts = {"ok": 0, "partial": 0, "bad_input": 0, "internal_error": 0}
    for job in jobs:
        status_file = job.report_dir / DocumentFolder.STATUS_JSON
        state = json.loads(status_file.read_text())["status"] if status_file.exists() else "internal_error"
        counts[state] += 1
        if state == "bad_input":
            worst = max(worst, EXIT_BAD_INPUT)
        elif state == "internal_error":
            worst = EXIT_INTERNAL if worst in (EXIT_OK, EXIT_PARTIAL) else worst
        elif state == "partial":
            worst = EXIT_PARTIAL if worst == EXIT_OK else worst
    years = sorted({j.year for j in jobs})
    partly = f" ({counts['partial']} partially: see status.json)" if counts["partial"] else ""
    _say(f"{len(jobs)} document(s): {counts['ok'] + counts['partial']} audited{partly}, "
         f"{counts['bad_input']} unreadable, {counts['internal_error']} internal errors. Index: "
         + ", ".join(paths.relative(paths.REPORTS / str(y) / "index.html") for y in years))
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budget_audit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="audit every stale document of YEAR, or one PDF (what `make audit` runs)")
    p.add_argument("--year", default=os.environ.get("YEAR"), help="a year or a list; default: $YEAR, else every year")
    p.add_argument("--pdf", default=os.environ.get("PDF"),
                   help="one PDF file, or two (\"narrative.pdf tables.pdf\": one disclosure in two volumes); "
                        "default: $PDF")
    p.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or os.cpu_count() or 1),
                   help="documents audited at once; default: $JOBS, else all cores")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("audit", help="audit one PDF")
    p.add_argument("--pdf", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--stamp", help="batch mode: touch this file when the document is done")
    p.add_argument("--progress", help="position in the batch, e.g. 3/80")
    p.add_argument("--scheduler", default=os.environ.get("SCHEDULER") or None,
                   help="Dask scheduler address (default: $SCHEDULER); run on that cluster")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("extract", help="extract one PDF into data/interim (cached), nothing more")
    p.add_argument("--pdf", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--stamp", required=True, help="touch this file when done")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("index", help="write reports/<YEAR>/index.html and reports/index.html")
    p.add_argument("--year", required=True, type=int)
    p.set_defaults(func=cmd_index)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except AuditError as exc:
        print(f"budget-audit: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("budget-audit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
