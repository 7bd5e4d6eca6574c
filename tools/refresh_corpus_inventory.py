"""Refresh the pinned corpus inventories (tests/data/corpus_inventory.json) from the current
extractor, and print what docs/extraction.md shows: one row per document (present, found,
verified before → now, uncertain, unreadable, 绩效 forms), the totals, and every table not
verified with its reason.

    .venv/bin/python tools/refresh_corpus_inventory.py [--before REV] > /tmp/inventory.md

*before* is the pinned inventory at git revision REV (default: the file as it stands before
this run). *present* is never changed here: it is a reading of each document's own table list.
Read `git diff tests/data/corpus_inventory.json` before committing: a pin must never record a
misreading as truth.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINS = ROOT / "tests" / "data" / "corpus_inventory.json"
sys.path.insert(0, str(ROOT / "tests"))


def _inventory(slug: str):
    from budget_audit.errors import BadInput
    from budget_audit.extract import extract_document
    from corpus_docs import corpus_pdf

    try:
        return slug, extract_document(corpus_pdf(slug)).inventory()
    except BadInput as e:
        return slug, str(e)


def _is_form(tid: str) -> bool:
    from budget_audit.tablemap import table_specs

    spec = table_specs().get(tid.split("#")[0])
    return spec is not None and spec.form


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="git revision whose pins give the 'before' column")
    args = ap.parse_args(argv)
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    before = pins if not args.before else json.loads(subprocess.run(
        ["git", "show", f"{args.before}:tests/data/corpus_inventory.json"], cwd=ROOT, check=True,
        capture_output=True, text=True).stdout)
    print("| document | present | found | verified (before → now) | uncertain | unreadable | 绩效 forms (verified) |")
    print("|---|---|---|---|---|---|---|")
    tot = dict.fromkeys(("present", "found", "before", "verified", "uncertain", "unreadable", "forms", "fv"), 0)
    unverified = []
    with ProcessPoolExecutor(2) as ex:
        for slug, inv in ex.map(_inventory, sorted(pins)):
            pin = pins[slug]
            present = pin.get("present", 0)
            tot["present"] += present
            if isinstance(inv, str):
                print(f"| {slug} | {present} | refused: {inv[:80]} | | | | |", flush=True)
                continue
            pin["tables"] = [[t["id"], t["pages"], t["structure"]] for t in inv]
            tables = [t for t in inv if not _is_form(t["id"])]
            forms = [t for t in inv if _is_form(t["id"])]
            was = sum(s == "verified" for tid, _, s in before.get(slug, {}).get("tables", []) if not _is_form(tid))
            n = {s: sum(t["structure"] == s for t in tables) for s in ("verified", "uncertain", "unreadable")}
            fv = sum(t["structure"] == "verified" for t in forms)
            for k, v in (("found", len(tables)), ("before", was), ("forms", len(forms)), ("fv", fv), *n.items()):
                tot[k] += v
            print(f"| {slug} | {present} | {len(tables)} | {was} → **{n['verified']}** | {n['uncertain']} | "
                  f"{n['unreadable']} | {len(forms)} ({fv}) |", flush=True)
            unverified += [f"- {slug} `{t['id']}` p.{','.join(map(str, t['pages']))} «{t['title']}»: "
                           f"{t['structure']} – {t['reason']}" for t in inv if t["structure"] != "verified"]
    share = f"{100 * tot['verified'] / tot['found']:.1f} %" if tot["found"] else "–"
    print(f"| **all** | **{tot['present']}** | **{tot['found']}** | {tot['before']} → **{tot['verified']}** "
          f"({share}) | **{tot['uncertain']}** | **{tot['unreadable']}** | **{tot['forms']}** ({tot['fv']}) |")
    print(f"\n### Tables and forms not verified, with their cause ({len(unverified)})\n")
    print("\n".join(unverified))
    PINS.write_text(json.dumps(pins, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
