"""Command line: `python -m budget_audit {plan,audit,index,summary}`. The Makefile drives it.

Exit statuses (README): 0 audited (findings are not failures), 2 bad parameters,
3 bad input document, 1 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import paths, plan
from .errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, AuditError


def _say(text: str) -> None:
    print(text, flush=True)


def cmd_plan(args) -> int:
    from .docyear import document_year

    years, pdf = os.environ.get("YEAR"), os.environ.get("PDF")
    jobs = plan.jobs_for(years, pdf, document_year)
    out = plan.plan_path(years, pdf)
    plan.write_plan(jobs, out)
    print(paths.relative(out))
    return EXIT_OK


def cmd_audit(args) -> int:
    from . import pipeline

    pdf = plan.check_pdf_path(args.pdf)
    label = f"[{args.progress}] {pdf.stem}" if args.progress else pdf.stem
    start = time.perf_counter()
    if args.scheduler:
        from .cluster import audit_remote

        _say(f"{label}: running on {args.scheduler}…")
        status = audit_remote(args.scheduler, pdf, args.year)
    else:
        status = pipeline.audit(pdf, args.year, progress=lambda stage: _say(f"{label}: {stage}…"))
    took = time.perf_counter() - start
    if status.status == "ok":
        s = status.summary
        _say(f"{label}: done in {took:.1f} s — {s['error']} errors, {s['warning']} warnings, "
             f"{s['info']} info, {s['checks_passed']}/{s['checks_run']} checks passed "
             f"→ {paths.relative(paths.report_dir(args.year, pdf.stem))}/report.html")
    else:
        print(f"{label}: FAILED ({status.status}): {status.message}", file=sys.stderr, flush=True)
    if args.stamp:  # batch mode: the failure is recorded; `summary` sets the exit status
        Path(args.stamp).parent.mkdir(parents=True, exist_ok=True)
        Path(args.stamp).touch()
        return EXIT_OK
    return {"ok": EXIT_OK, "bad_input": EXIT_BAD_INPUT}.get(status.status, EXIT_INTERNAL)


def cmd_index(args) -> int:
    from .report.index import write_indexes

    write_indexes(args.year)
    return EXIT_OK


def cmd_summary(args) -> int:
    """After a batch: one line per failed document and the exit status of the whole run."""
    import json

    jobs = plan.read_plan(Path(args.plan))
    worst = EXIT_OK
    counts = {"ok": 0, "bad_input": 0, "internal_error": 0}
    for job in jobs:
        status_file = job.report_dir / "status.json"
        state = json.loads(status_file.read_text())["status"] if status_file.exists() else "internal_error"
        counts[state] += 1
        if state == "bad_input":
            worst = max(worst, EXIT_BAD_INPUT)
        elif state == "internal_error":
            worst = EXIT_INTERNAL if worst == EXIT_OK else worst
    years = sorted({j.year for j in jobs})
    _say(f"{len(jobs)} document(s): {counts['ok']} audited, {counts['bad_input']} unreadable, "
         f"{counts['internal_error']} internal errors. Index: "
         + ", ".join(f"reports/{y}/index.html" for y in years))
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budget_audit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="write the makefile for YEAR / PDF (read from the environment); "
                                     "print its path")
    p.set_defaults(func=cmd_plan)
    p = sub.add_parser("audit", help="audit one PDF")
    p.add_argument("--pdf", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--stamp", help="batch mode: touch this file when the document is done")
    p.add_argument("--progress", help="position in the batch, e.g. 3/80")
    p.add_argument("--scheduler", default=os.environ.get("SCHEDULER") or None,
                   help="Dask scheduler address (default: $SCHEDULER); run on that cluster")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("index", help="write reports/<YEAR>/index.html and reports/index.html")
    p.add_argument("--year", required=True, type=int)
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("summary", help="report a batch's outcome as the exit status")
    p.add_argument("--plan", required=True)
    p.set_defaults(func=cmd_summary)
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
