"""`make bench`: the audit's speed against bare camelot, measured in one run on one machine
(never timed assertions). Compare ratios, not seconds: the machine may be shared.

Prints a table and writes reports/bench.json:
- the whole `make audit PDF=…` (fresh output folders, so nothing is cached) against bare
  `camelot.read_pdf(pages="all")` (lattice, default settings) on the default document and on
  the longest document of the corpus, with the audit's per-stage breakdown, the peak memory
  of its largest process and of its worker (kernel plus worker process, from status.json);
- an unchanged re-run of the same `make audit`;
- a whole corpus audited with JOBS=2: documents, pages, wall time, pages/s.

REPEAT=n (default 1) runs each single-document measurement n times and keeps the median.
Every measurement is a separate process tree started the way a user starts it, so the bench
measures any version of the project the same way.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from budget_audit import atomic, paths
from budget_audit.run.pool import pages_of

DEFAULT_PDF = paths.RAW / "2024" / "jianghan_dsjzx_2024_budget.pdf"
PY = sys.executable
# Runs a command; prints the peak RSS (kB) of its largest process and the CPU seconds of the
# whole process tree. CPU time barely depends on what else the machine runs; wall time does.
PEAK = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); sys.exit(code)")
CAMELOT = ("import sys, time, camelot; t = time.perf_counter(); "
           "n = len(camelot.read_pdf(sys.argv[1], pages='all')); "
           "print(json.dumps({'tables': n, 'seconds': time.perf_counter() - t}))").replace(
    "import sys", "import json, sys")


def longest(folder: Path) -> Path | None:
    pdfs = sorted(folder.glob("*/*.pdf"))
    return max(pdfs, key=pages_of) if pdfs else None


def _run(argv: list[str], env: dict | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MB of the largest process, result with .cpu_seconds)."""
    start = time.perf_counter()
    done = subprocess.run([PY, "-c", PEAK, *argv], env=env, cwd=paths.ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kb, cpu = done.stderr.strip().splitlines()[-1].split()
    done.cpu_seconds = round(float(cpu), 3)
    return seconds, round(int(peak_kb) / 1024), done


def _outputs(base: Path) -> dict:
    """Environment for a run whose interim and report folders are fresh (nothing cached)."""
    return dict(os.environ, BUDGET_AUDIT_INTERIM=str(base / "interim"), BUDGET_AUDIT_REPORTS=str(base / "reports"),
                BUDGET_AUDIT_RAW=str(base / "raw"), PYTHONUNBUFFERED="1")


def audit_once(pdf: Path) -> dict:
    base = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        env = _outputs(base)
        seconds, peak, done = _run(["make", "--no-print-directory", "audit", f"PDF={pdf}"], env)
        if done.returncode != 0:
            raise RuntimeError(f"make audit PDF={pdf} failed: {done.stdout[-400:]} {done.stderr[-400:]}")
        status = json.loads(next((base / "reports").glob("*/*/status.json")).read_text())
        stages = {k: v["seconds"] for k, v in status["stages"].items()}
        worker = status.get("worker", {})  # a warm worker: its kernel and its own process
        if "kernel_start_seconds" in worker:
            stages["kernel warm-up"] = worker["kernel_start_seconds"]
        # The rest: make, plan, process starts, index (a warm-up overlaps some of it).
        stages["other"] = round(seconds - sum(stages.values()), 3)
        rerun, _, _ = _run(["make", "--no-print-directory", "audit", f"PDF={pdf}"], env)
        per_worker = (worker["kernel_peak_rss_mb"] + worker["process_peak_rss_mb"]
                      if "kernel_peak_rss_mb" in worker else None)
        return {"seconds": round(seconds, 3), "cpu_seconds": done.cpu_seconds, "stages": stages,
                "peak_rss_mb": peak, "worker_peak_rss_mb": per_worker, "rerun_unchanged_seconds": round(rerun, 3)}
    finally:
        shutil.rmtree(base, ignore_errors=True)


def camelot_once(pdf: Path) -> dict:
    seconds, peak, done = _run([PY, "-c", CAMELOT, str(pdf)])
    inner = json.loads(done.stdout.strip().splitlines()[-1])
    return {"seconds": round(inner["seconds"], 3), "process_seconds": round(seconds, 3),
            "cpu_seconds": done.cpu_seconds, "peak_rss_mb": peak}


def _median(runs: list[dict]) -> dict:
    """The run with the median wall time (its stages belong together), with every run's time."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    median = dict(ordered[len(ordered) // 2])
    median["runs"] = [r["seconds"] for r in runs]
    median["seconds"] = round(statistics.median(r["seconds"] for r in runs), 3)
    return median


def single(pdf: Path, repeat: int) -> dict:
    print(f"  {pdf.name}: {pages_of(pdf)} pages, {repeat} run(s) of each…", flush=True)
    audit = _median([audit_once(pdf) for _ in range(repeat)])
    bare = _median([camelot_once(pdf) for _ in range(repeat)])
    return {"pdf": paths.relative(pdf), "pages": pages_of(pdf), "audit": audit, "camelot": bare,
            "audit_over_camelot": round(audit["seconds"] / bare["seconds"], 2),
            "audit_over_camelot_cpu": round(audit["cpu_seconds"] / bare["cpu_seconds"], 2)}


def corpus(folder: Path, jobs: int) -> dict:
    """Every PDF of the corpus folder audited by one `make audit` (every year) with JOBS=jobs."""
    from budget_audit.errors import BadParameters
    from budget_audit.identity import document_year

    base = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        pdfs, no_year = sorted(folder.glob("*/*.pdf")), []
        for pdf in pdfs:
            try:
                year = document_year(pdf)
            except BadParameters:
                no_year.append(pdf.name)
                continue
            (base / "raw" / str(year)).mkdir(parents=True, exist_ok=True)
            (base / "raw" / str(year) / pdf.name).symlink_to(pdf.resolve())
        audited = sorted((base / "raw").glob("*/*.pdf"))
        pages = sum(pages_of(p) for p in audited)
        print(f"  corpus {paths.relative(folder)}: {len(audited)} documents, {pages} pages, JOBS={jobs}…",
              flush=True)
        env = dict(_outputs(base), YEAR="", PDF="", JOBS=str(jobs))
        seconds, peak, done = _run(["make", "--no-print-directory", "audit"], env)
        states = [json.loads(p.read_text())["status"] for p in (base / "reports").glob("*/*/status.json")]
        from budget_audit.extract.report import coverage, present_counts  # tables present / found / verified
        docs = [json.loads(p.read_text())["document"] for p in (base / "reports").glob("*/*/findings.json")]
        tables = coverage({d["file"]: d.get("tables") or [] for d in docs}, present_counts())
        return {"folder": paths.relative(folder), "jobs": jobs, "documents": len(audited), "pages": pages,
                "seconds": round(seconds, 3), "cpu_seconds": done.cpu_seconds,
                "pages_per_s": round(pages / seconds, 2),
                "ok": states.count("ok"), "failed": len(audited) - states.count("ok"),
                "year_unknown": no_year, "peak_rss_mb": peak, "tables": tables}
    finally:
        shutil.rmtree(base, ignore_errors=True)


def compile_package() -> None:
    """The package's bytecode, as a user's Python writes it on the first run; where writing is
    disabled (PYTHONDONTWRITEBYTECODE) every process would compile each module it imports again."""
    import compileall

    compileall.compile_dir(str(paths.ROOT / "lib" / "budget_audit"), quiet=1)


def main() -> int:
    repeat = int(os.environ.get("REPEAT") or 1)
    compile_package()
    load = os.getloadavg()
    print("budget-audit bench: one run on this machine; compare ratios, not seconds. "
          f"Load average {load[0]:.2f}.", flush=True)
    result = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "load_average_at_start": [round(x, 2) for x in load],
                          "bytecode_writing_disabled": sys.flags.dont_write_bytecode == 1},
              "repeat": repeat}
    docs = [DEFAULT_PDF] + [p for p in [longest(paths.CORPUS)] if p is not None]
    result["documents"] = [single(pdf, repeat) for pdf in docs]
    result["corpus"] = corpus(paths.CORPUS, 2)
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    atomic.write_json(paths.REPORTS / "bench.json", result)
    print_table(result)
    return 0


def print_table(r: dict) -> None:
    print(f"\n{'document':<40} {'pages':>5} {'audit s':>8} {'camelot s':>9} {'ratio':>6} {'CPU ratio':>9} "
          f"{'re-run s':>8} {'peak MB':>7} {'worker MB':>9}")
    for d in r["documents"]:
        a = d["audit"]
        print(f"{Path(d['pdf']).name[:40]:<40} {d['pages']:>5} {a['seconds']:>8} {d['camelot']['seconds']:>9} "
              f"{d['audit_over_camelot']:>6} {d['audit_over_camelot_cpu']:>9} {a['rerun_unchanged_seconds']:>8} "
              f"{a['peak_rss_mb']:>7} {str(a.get('worker_peak_rss_mb') or '-'):>9}")
    for d in r["documents"]:
        print(f"  stages of {Path(d['pdf']).name}: " + ", ".join(f"{k} {v} s" for k, v in d["audit"]["stages"].items()))
    c = r["corpus"]
    print(f"\nCorpus {c['folder']} with JOBS={c['jobs']}: {c['documents']} documents ({c['ok']} audited, "
          f"{c['failed']} failed), {c['pages']} pages in {c['seconds']} s = {c['pages_per_s']} pages/s "
          f"({c['cpu_seconds']} CPU s); "
          f"peak memory of the largest process {c['peak_rss_mb']} MB")
    t = c["tables"]
    print(f"Tables: {t['present']} present, {t['found']} found, {t['verified']} verified "
          f"({(t['verified_share'] or 0):.1%}), {t['uncertain']} uncertain, {t['unreadable']} unreadable")
    print(f"\nWritten: {paths.relative(paths.REPORTS / 'bench.json')}")


if __name__ == "__main__":
    sys.exit(main())
