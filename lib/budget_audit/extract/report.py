"""Per-document extraction results for docs/extraction.md.

    python -m budget_audit.extract.report [--bench] [PDF ...]   # default: corpus + default document

Prints a Markdown table (tables found and their structure status, value cells, unparsed,
repaired, footings, seconds), then every table that is not verified, with its reason.
With ``--bench`` it also times bare camelot lattice with default settings on all pages
(``camelot.read_pdf(path, pages="all")``) against ``extract_document`` – wall time and CPU
time (ours includes the forked camelot worker) – best of two runs each.
"""
from __future__ import annotations

import csv
import json
import resource
import sys
import time
import warnings
from functools import partial
from pathlib import Path

from .. import paths
from ..errors import BadInput
from ..tablemap import table_specs
from .api import extract_document
from .footing import check_footings

ROOT = Path(__file__).resolve().parents[3]


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def _timed(fn):
    best_w = best_c = float("inf")
    out = None
    for _ in range(2):
        w, c = time.perf_counter(), _cpu()
        out = fn()
        best_w = min(best_w, time.perf_counter() - w)
        best_c = min(best_c, _cpu() - c)
    return out, best_w, best_c


def default_pdfs() -> list[Path]:
    pdfs = sorted((ROOT / "data" / "raw").glob("*/*.pdf"))
    pdfs += sorted(paths.CORPUS.glob("*/*.pdf"))
    return pdfs


def present_counts() -> dict[str, int]:
    """Tables present per corpus PDF file name, by each document's own table list (目录 or
    captions), as pinned in tests/data/corpus_inventory.json; {} outside the repository."""
    pins, sources = ROOT / "tests" / "data" / "corpus_inventory.json", paths.CORPUS / "SOURCES.csv"
    if not pins.is_file() or not sources.is_file():
        return {}
    present = {slug: pin["present"] for slug, pin in json.loads(pins.read_text(encoding="utf-8")).items()
               if "present" in pin}
    with open(sources, newline="", encoding="utf-8") as f:
        return {row["file"]: present[row["slug"]] for row in csv.DictReader(f) if row["slug"] in present}


def coverage(inventories: dict[str, list[dict] | None], present: dict[str, int] | None = None) -> dict:
    """Coverage of a set of documents from their inventories ({name: Extraction.inventory() or
    findings.json document.tables; None for a refused document}): standard tables present
    (where known), found, verified, uncertain, unreadable, and the verified share of those
    found; 绩效 forms are counted apart (found, verified)."""
    specs = table_specs()
    out = dict.fromkeys(("documents", "refused", "present", "found", "verified", "uncertain", "unreadable",
                         "forms", "forms_verified"), 0)
    for name, inv in inventories.items():
        out["documents"] += 1
        out["present"] += (present or {}).get(name, 0)
        if inv is None:
            out["refused"] += 1
            continue
        for t in inv:
            spec = specs.get(t["id"].split("#")[0])
            if spec is not None and spec.form:
                out["forms"] += 1
                out["forms_verified"] += t["structure"] == "verified"
            else:
                out["found"] += 1
                out[t["structure"] if t["structure"] in ("verified", "uncertain", "unreadable") else "uncertain"] += 1
    out["verified_share"] = round(out["verified"] / out["found"], 4) if out["found"] else None
    return out


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    bench = "--bench" in argv
    pdfs = [Path(a) for a in argv if a != "--bench"] or default_pdfs()
    head = ("| document | pages | tables found | verified | uncertain | unreadable | missing | value cells | unparsed "
            "| repaired | footings ok/checked | s |")
    if bench:
        head += " camelot s (wall/cpu) | ours s (wall/cpu) | speed-up wall/cpu |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    tot = [0, 0.0, 0.0, 0.0, 0.0]
    unverified: list[str] = []
    for pdf in pdfs:
        name = pdf.parent.name if pdf.parent.parent.name == "corpus" else pdf.stem
        if bench:
            import camelot
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _, bw, bc = _timed(partial(camelot.read_pdf, str(pdf), pages="all"))
            ex, ow, oc = _timed(partial(extract_document, pdf))
        else:
            try:
                ex = extract_document(pdf)
            except BadInput as e:  # scanned, or no table at all: say so and go on
                print(f"| {name} | – | ({e}) |" + " |" * (head.count("|") - 4), flush=True)
                continue
        fs = check_footings(ex.cells)
        ok = sum(f.ok for f in fs)
        found = ", ".join(sorted(ex.tables, key=lambda t: (t.split("#")[0], int(t.split("#")[1]) if "#" in t else 0)))
        found = _compress(found) if found else ("(narrative-only part)" if ex.narrative_only else "")
        status = [t.structure for t in ex.tables.values()]
        row = (f"| {name} | {ex.meta['pages']} | {found} | {status.count('verified')} | {status.count('uncertain')} | "
               f"{status.count('unreadable')} | {len(ex.missing)} | {ex.meta['value_cells']} | "
               f"{ex.meta['unparsed_cells']} | {ex.meta['repaired_cells']} | {ok}/{len(fs)} | {ex.meta['seconds']} |")
        if bench:
            row += f" {bw:.2f}/{bc:.2f} | {ow:.2f}/{oc:.2f} | {bw / ow:.2f}/{bc / oc:.2f} |"
            tot[0] += ex.meta["pages"]
            tot[1] += bw
            tot[2] += bc
            tot[3] += ow
            tot[4] += oc
        print(row, flush=True)
        unverified.extend(f"{name} `{t.id}` (p.{','.join(map(str, t.pages))}): {t.structure}, {t.structure_reason}"
                          for t in ex.tables.values() if t.structure != "verified")
    if unverified:
        print("\nTables not verified:\n")
        print("\n".join(f"- {u}" for u in unverified))
    if bench and tot[0]:
        print(f"\nAll documents: {tot[0]} pages; bare camelot lattice {tot[0] / tot[1]:.1f} pages/s wall, "
              f"{tot[0] / tot[2]:.1f} pages/CPU-s; extract_document {tot[0] / tot[3]:.1f} pages/s wall, "
              f"{tot[0] / tot[4]:.1f} pages/CPU-s; speed-up {tot[1] / tot[3]:.2f}× wall, {tot[2] / tot[4]:.2f}× CPU.")
    return 0


def _compress(found: str) -> str:
    """perf_project#1 … perf_project#25 → perf_project#1–25."""
    parts = found.split(", ")
    plain = [p for p in parts if "#" not in p]
    multi: dict[str, list[int]] = {}
    for p in parts:
        if "#" in p:
            b, n = p.split("#")
            multi.setdefault(b, []).append(int(n))
    out = plain + [f"{b}#{min(ns)}–{max(ns)}" if len(ns) > 1 else f"{b}#{ns[0]}" for b, ns in multi.items()]
    return ", ".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
