"""The catalogue (data/rules.yaml) ↔ the registered functions ↔ docs/rules.md; findings files."""
import csv
import json
import re
import subprocess
from pathlib import Path

import pandas as pd

from audit_seed import seed_input
from budget_audit.findings import FINDING_FIELDS, SCHEMA_ID, audit_to_files, build_findings, checks_table, validate
from budget_audit.rules import REGISTRY, AuditInput, load_catalogue, render_rules_md, run_rules
from budget_audit.tidy import TIDY_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


def test_every_catalogue_rule_has_a_function_and_vice_versa():
    ids = [r["id"] for r in load_catalogue()["rules"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(REGISTRY)


def test_catalogue_entries_are_complete():
    for r in load_catalogue()["rules"]:
        assert re.fullmatch(r"[A-Z0-9-]+", r["id"])
        assert r["severity"] in ("error", "warning", "info")
        for k in ("title_zh", "title_en", "checks", "version", "theme"):
            assert r.get(k), (r["id"], k)
        mod = __import__(f"budget_audit.rules.{r['theme']}", fromlist=["x"])
        assert REGISTRY[r["id"]].__module__ == mod.__name__


def test_docs_rules_md_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render_rules_md()


def test_make_docs_regenerates_rules_md_unchanged():
    # `make docs` writes docs/rules.md from rules.yaml; on an up-to-date tree it changes nothing
    before = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    subprocess.run(["make", "-s", "docs"], cwd=ROOT, check=True, capture_output=True)
    after = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert after == render_rules_md() and after == before


def test_findings_document_follows_schema(tmp_path):
    doc, result = audit_to_files(seed_input(), tmp_path)
    validate(doc)
    assert doc["schema"] == SCHEMA_ID
    on_disk = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert on_disk == doc
    with open(tmp_path / "findings.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == FINDING_FIELDS and len(rows) == len(doc["findings"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_findings_ids_stable_unique_and_sorted():
    a = build_findings(run_rules(seed_input()), {})
    b = build_findings(run_rules(seed_input()), {})
    assert a == b
    ids = [f["id"] for f in a["findings"]]
    assert len(ids) == len(set(ids))
    order = {"error": 0, "warning": 1, "info": 2}
    keys = [(order[f["severity"]], f["rule"]) for f in a["findings"]]
    assert keys == sorted(keys)
    err = [f for f in a["findings"] if f["severity"] == "error"]
    assert {(f["stated"], f["expected"]) for f in err} == {
        (2535.67, 2535.37), (26.94, 28.95), (39.15, 58.43), (-2652.67, -187.34)}
    # stated/expected in the claim's own unit, difference = stated - expected
    assert all(f["difference"] == round(f["stated"] - f["expected"], 6) for f in err)


def test_checks_table_for_the_report():
    rows = checks_table(run_rules(seed_input()))
    share = [r for r in rows if r["rule"] == "NARR-SHARE" and r["subject"] == "基本支出 占比"]
    assert share and share[0]["passed"] and share[0]["stated"] == 15.4
    assert share[0]["expected"] == 15.41


def test_empty_input_runs_every_rule_without_error():
    ai = AuditInput(cells=pd.DataFrame(columns=TIDY_COLUMNS), narrative=[], meta={}, missing=[],
                    tables={})
    res = run_rules(ai)
    assert res.summary()["error"] == 0 and res.summary()["warning"] == 0


def test_a_broken_rule_is_reported_not_fatal(monkeypatch):
    from budget_audit.rules import REGISTRY

    def boom(ctx):
        yield ctx.check(True, "first")
        raise RuntimeError("odd table")

    monkeypatch.setitem(REGISTRY, "TEXT-GARBLED", boom)
    res = run_rules(seed_input(), ["TEXT-GARBLED", "TEXT-MARKUP"])
    assert res.failures == ["TEXT-GARBLED: RuntimeError: odd table"]
    info = [c for c in res.findings if c.rule == "TEXT-GARBLED"]
    assert len(info) == 1 and info[0].severity == "info"
    assert any(c.rule == "TEXT-MARKUP" for c in res.checks)


def test_no_rule_fails_on_the_seed():
    assert run_rules(seed_input()).failures == []


def test_subchecks_and_report_sections_are_catalogued():
    # every sub="…" a rule module names is a subchecks entry of its rule, with its own severity
    rules = {r["id"]: r for r in load_catalogue()["rules"]}
    for r in rules.values():
        for name, sub in (r.get("subchecks") or {}).items():
            assert sub["severity"] in ("error", "warning", "info") and sub["checks"], (r["id"], name)
        assert r.get("report", "findings") in ("ratios", "completeness", "findings")
    named = set()
    for path in (ROOT / "lib" / "budget_audit" / "rules").glob("*.py"):
        named |= set(re.findall(r'sub="([a-z-]+)"', path.read_text(encoding="utf-8")))
    catalogued = {n for r in rules.values() for n in (r.get("subchecks") or {})}
    assert named == catalogued


def test_report_sections_come_from_the_catalogue():
    from budget_audit.rules import catalogue_rules, report_section
    assert report_section("NARR-SHARE") == "ratios"
    assert report_section("NARR-AMOUNT", "基本支出") == "ratios"      # a key amount
    assert report_section("NARR-AMOUNT", "培训费") == "findings"      # any other amount
    # every completeness rule (COMP-*) is listed in the report's completeness section, new ones too
    comp = [rid for rid in catalogue_rules() if rid.startswith("COMP-")]
    assert len(comp) >= 7 and all(report_section(rid) == "completeness" for rid in comp)
    assert report_section("ARITH-ROW-TOTAL") == "findings"
    # the report code names no rule id: the catalogue is the one place
    for name in ("stages.py", "report"):
        for path in (ROOT / "lib" / "budget_audit").glob(name if name.endswith(".py") else f"{name}/*.py"):
            assert not re.search(r'"(NARR|COMP|ARITH|TIE)-', path.read_text(encoding="utf-8")), path
