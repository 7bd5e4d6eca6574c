"""`make bench`: speed ratios measured in one run on one machine (never timed assertions).

Prints a table and writes reports/bench.json:
- pages/second of the project's extractor, bare camelot lattice (default settings) and
  pdfplumber's extract_tables, on the same PDFs, with the default document's accuracy;
- the whole audit's wall time per document by stage, and its peak memory;
- an unchanged re-run of `make audit YEAR=2024`;
- batch wall time with 1 and 2 parallel jobs.
"""

from __future__ import annotations

import csv
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from . import atomic, paths, plan
from .identity import document_year

DEFAULT_PDF = paths.RAW / "2024" / "jianghan_dsjzx_2024_budget.pdf"
TRUTH = paths.ROOT / "tests" / "data" / "default_truth.csv"


def _pdfs() -> list[Path]:
    return [DEFAULT_PDF] + sorted(paths.CORPUS.glob("*/*.pdf"))


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


AMOUNT = re.compile(r"^-?[\d,]+\.\d+$")


def _ours(pdf: Path) -> Counter:
    from .extract import extract_document

    return Counter(str(raw).strip() for raw in extract_document(pdf).cells["raw"])


def _camelot(pdf: Path) -> Counter:
    import camelot

    tables = camelot.read_pdf(str(pdf), pages="all")  # lattice, default settings
    return Counter(str(v).strip() for t in tables for v in t.df.to_numpy().ravel())


def _pdfplumber(pdf: Path) -> Counter:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return Counter((v or "").strip() for page in doc.pages for table in page.extract_tables()
                       for row in table for v in row)


def _truth_amounts() -> Counter:
    """The default document's amount cells as printed (tests/data/default_truth.csv)."""
    with open(TRUTH, encoding="utf-8") as fh:
        return Counter(t for row in csv.DictReader(fh) if AMOUNT.match(t := row["text"].strip()))


def _accuracy(found: Counter, truth: Counter) -> float:
    """Share of the truth's amount cells read as a cell holding exactly that text (a glued or
    split cell does not count), each printed occurrence matched at most once."""
    return round(sum(min(n, found[t]) for t, n in truth.items()) / sum(truth.values()), 4)


def extractors() -> list[dict]:
    from .pdfdoc import open_pdf

    rows, truth = [], _truth_amounts()
    for pdf in _pdfs():
        with open_pdf(pdf, check_text=False) as doc:
            pages = doc.n_pages
        row = {"pdf": pdf.name, "pages": pages}
        for name, fn in (("ours", _ours), ("camelot", _camelot), ("pdfplumber", _pdfplumber)):
            try:
                seconds, found = _timed(lambda: fn(pdf))
            except Exception as exc:  # noqa: BLE001 - a failing baseline is a result too
                row[name] = {"error": f"{type(exc).__name__}: {exc}"[:120]}
                continue
            row[name] = {"seconds": round(seconds, 3), "pages_per_s": round(pages / seconds, 2)}
            if pdf == DEFAULT_PDF:
                row[name]["accuracy"] = _accuracy(found, truth)
        rows.append(row)
        print(f"  extract {pdf.name}: " + ", ".join(
            f"{n} {row[n].get('pages_per_s', 'failed')} p/s" for n in ("ours", "camelot", "pdfplumber")),
            flush=True)
    return rows


def audit_default() -> dict:
    """The whole audit of the default document in a fresh process, by stage."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, _ = _timed(lambda: subprocess.run(
        [sys.executable, "-m", "budget_audit", "audit", "--pdf", str(DEFAULT_PDF), "--year", "2024"],
        check=True, capture_output=True))
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    status = json.loads((paths.report_dir(2024, DEFAULT_PDF.stem) / "status.json").read_text())
    stages = status["stages"]
    kernels = sum(s["seconds"] - s["cells_seconds"] for s in stages.values() if "cells_seconds" in s)
    return {"seconds": round(seconds, 3), "stages": stages, "kernel_start_seconds": round(kernels, 3),
            "peak_rss_mb": round(peak / 1024, 1)}


def rerun_unchanged() -> float:
    env = dict(os.environ, YEAR="2024", PDF="")
    subprocess.run(["make", "-C", str(paths.ROOT), "audit"], env=env, check=True, capture_output=True)
    seconds, _ = _timed(lambda: subprocess.run(["make", "-C", str(paths.ROOT), "audit"], env=env,
                                               check=True, capture_output=True))
    return round(seconds, 3)


def batch(jobs_n: int, pdfs: list[Path]) -> float:
    """Wall time of auditing `pdfs` with make -j jobs_n, everything forced to run."""
    jobs = [plan.job_for(p.resolve(), document_year(p)) for p in pdfs]
    makefile = paths.INTERIM / "bench-plan.mk"
    plan.write_plan(jobs, makefile)
    seconds, _ = _timed(lambda: subprocess.run(
        ["make", "-B", "-k", "-j", str(jobs_n), "-f", str(makefile), "-C", str(paths.ROOT), "all"],
        capture_output=True))
    return round(seconds, 3)


def main() -> int:
    print("budget-audit bench: one run on this machine; compare ratios, not seconds.", flush=True)
    result = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    result["extraction"] = extractors()
    print("  auditing the default document…", flush=True)
    result["audit_default"] = audit_default()
    result["rerun_unchanged_seconds"] = rerun_unchanged()
    sample = sorted(paths.CORPUS.glob("sh_putuo_*/*.pdf"))[:4]
    result["batch"] = {"documents": [p.name for p in sample],
                       "seconds_1_job": batch(1, sample), "seconds_2_jobs": batch(2, sample)}
    result["targets"] = targets(result)
    atomic.write_json(paths.REPORTS / "bench.json", result)
    print_table(result)
    return 0


def targets(r: dict) -> dict:
    ok = [x for x in r["extraction"] if "pages_per_s" in x["ours"] and "pages_per_s" in x["camelot"]]
    ours = sum(x["pages"] for x in ok) / sum(x["ours"]["seconds"] for x in ok)
    bare = sum(x["pages"] for x in ok) / sum(x["camelot"]["seconds"] for x in ok)
    default = next(x for x in r["extraction"] if x["pdf"] == DEFAULT_PDF.name)
    extract_s = default["ours"]["seconds"]
    b = r["batch"]
    return {
        "extraction_speedup_vs_camelot": {"value": round(ours / bare, 2), "target": ">= 2"},
        "accuracy_ours_vs_camelot": {"value": [default["ours"].get("accuracy"), default["camelot"].get("accuracy")],
                                     "target": "ours >= camelot"},
        "audit_over_extraction": {"value": round(r["audit_default"]["seconds"] / extract_s, 2), "target": "<= 2"},
        "rerun_unchanged_seconds": {"value": r["rerun_unchanged_seconds"], "target": "<= 2"},
        "batch_speedup_2_jobs": {"value": round(b["seconds_1_job"] / b["seconds_2_jobs"], 2), "target": ">= 1.7"},
    }


def print_table(r: dict) -> None:
    print(f"\n{'PDF':<62} {'pages':>5} {'ours p/s':>9} {'camelot':>9} {'pdfplumber':>10}")
    for x in r["extraction"]:
        cells = [str(x[n].get("pages_per_s", "failed")) for n in ("ours", "camelot", "pdfplumber")]
        print(f"{x['pdf'][:62]:<62} {x['pages']:>5} {cells[0]:>9} {cells[1]:>9} {cells[2]:>10}")
    a = r["audit_default"]
    print(f"\nDefault document audit: {a['seconds']} s (kernel start {a['kernel_start_seconds']} s), "
          f"peak memory {a['peak_rss_mb']} MB; stages: "
          + ", ".join(f"{k} {v['seconds']} s" for k, v in a["stages"].items()))
    print(f"\n{'target':<34} {'value':>16}  goal")
    for name, t in r["targets"].items():
        print(f"{name:<34} {str(t['value']):>16}  {t['target']}")
    print(f"\nWritten: {paths.relative(paths.REPORTS / 'bench.json')}")


if __name__ == "__main__":
    sys.exit(main())
