"""``make publish``: reports/site/, a static website of every audit.

    python -m budget_audit.publish [--out DIR]      # default reports/site

The site holds, for every audited document, ``<YEAR>/<stem>/report.html`` with its downloads
(findings.csv, findings.json, tables.xlsx); the index pages of budget_audit.report.index
(``index.html`` across years and units, ``<YEAR>/index.html``), linked to each other; and the
findings of every document combined (``findings.csv``, ``findings.json``, with the document's
year, unit, kind and stem).  Documents whose audit failed are listed, without a report.

Every link is relative and nothing is fetched from elsewhere (the reports are self-contained),
so the folder can be copied to any web server or opened from disk.  The site is built next to
the target and swapped in at the end: a failed run leaves the previous site as it was.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import __version__, atomic, paths, sinks
from .api import DOC_COLUMNS, NothingAudited, audited_documents, folders
from .errors import AuditError
from .run.pipeline import AUDITED
from .store import DocumentFolder

__all__ = ["publish", "SITE_FILES", "COMBINED_COLUMNS"]

SITE_FILES = (DocumentFolder.REPORT_HTML, DocumentFolder.FINDINGS_JSON, DocumentFolder.FINDINGS_CSV,
              DocumentFolder.TABLES_XLSX)
COMBINED_COLUMNS = DOC_COLUMNS + ["report"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _copy(src: Path, dst: Path) -> None:
    # copyfile, not copy2: the files get the site's own permissions (readable by a web server),
    # whatever mode the audit wrote them with.
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def _public_status(status: dict) -> dict:
    """status.json without local paths: the PDF's file name only, no timings."""
    out = {k: v for k, v in status.items() if k not in ("pdf", "stages")}
    if status.get("pdf"):
        out["file"] = Path(status["pdf"]).name
    return out


def _combined_csv(docs: list[dict], site: Path) -> str:
    """Every document's findings.csv, as written, with the document's columns in front."""
    buf = io.StringIO()
    writer = None
    for doc in docs:
        path = site / str(doc["year"]) / doc["stem"] / DocumentFolder.FINDINGS_CSV
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                continue
            if writer is None:
                writer = csv.writer(buf, lineterminator="\n")
                writer.writerow(COMBINED_COLUMNS + header)
            front = [doc["year"], sinks.csv_field(doc["unit"]), doc["kind"], doc["stem"], doc["report"]]
            for row in reader:
                writer.writerow(front + row)
    if writer is None:
        from .findings import FINDING_FIELDS
        csv.writer(buf, lineterminator="\n").writerow(COMBINED_COLUMNS + FINDING_FIELDS)
    return buf.getvalue()


def _combined_json(docs: list[dict], site: Path) -> dict:
    out = []
    for doc in docs:
        path = site / str(doc["year"]) / doc["stem"] / DocumentFolder.FINDINGS_JSON
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            out.append({"year": doc["year"], "stem": doc["stem"], "report": doc["report"], **data})
    return {"generator": f"budget-audit {__version__}", "documents": out}


def _build(docs: list[dict], site: Path) -> None:
    from .report import index

    for doc in docs:
        target = site / str(doc["year"]) / doc["stem"]
        target.mkdir(parents=True, exist_ok=True)
        status = json.loads((doc["_report"] / DocumentFolder.STATUS_JSON).read_text(encoding="utf-8"))
        atomic.write_json(target / DocumentFolder.STATUS_JSON, _public_status(status))
        if doc["status"] not in AUDITED:
            continue
        for name in SITE_FILES:
            if (doc["_report"] / name).exists():
                _copy(doc["_report"] / name, target / name)
    ok = [d for d in docs if d["status"] in AUDITED]
    atomic.write_text(site / DocumentFolder.FINDINGS_CSV, _combined_csv(ok, site))
    atomic.write_json(site / DocumentFolder.FINDINGS_JSON, _combined_json(ok, site))
    for year in sorted({d["year"] for d in docs}):
        index.write_indexes(year, reports=site, site=True)


def publish(out=None, root=None) -> Path:
    """Build the site from the reports folder (budget_audit.paths.REPORTS, or <root>/reports)
    into ``out`` (default: site/ inside that reports folder); return it.

    Raises NothingAudited (exit status 2 from the command line) when no document is audited."""
    reports = folders(root)[0]
    site = Path(out) if out is not None else reports / "site"
    docs = audited_documents(root)
    if not any(d["status"] in AUDITED for d in docs):
        raise NothingAudited(f"nothing to publish: no audited document under {paths.relative(reports)}/; "
                             "run `make audit` (or `make audit PDF=path/to/file.pdf`) first")
    for doc in docs:
        doc["report"] = f"{doc['year']}/{doc['stem']}/{DocumentFolder.REPORT_HTML}" if doc["status"] in AUDITED else ""
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.", dir=site.parent))
    try:
        _build(docs, tmp)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700
        old = site.with_name(f".{site.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if site.exists():
            os.replace(site, old)
        os.replace(tmp, site)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return site


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m budget_audit.publish",
                                     description="Write a static website of every audit (reports/site/).")
    parser.add_argument("--out", default=None, help="the site's folder (default: reports/site)")
    args = parser.parse_args(argv)
    try:
        site = publish(args.out)
    except AuditError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.exit_status
    docs = sum(1 for _ in site.glob(f"[0-9][0-9][0-9][0-9]/*/{DocumentFolder.REPORT_HTML}"))
    print(f"Published {docs} report(s) to {paths.relative(site)}/ (open {paths.relative(site / 'index.html')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
