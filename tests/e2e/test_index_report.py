"""The default document's report and indexes speak to the reader in Chinese: no rule id, table id
or English message in the text a reader sees (the method section names its software and paths)."""

import json
import re

from test_index import ALLOWED_LATIN, visible_text

from budget_audit.rules import catalogue_rules
from budget_audit.tablemap import table_specs

STEM = "jianghan_dsjzx_2024_budget"


def test_report_text_has_no_internal_ids(default_report):
    text = visible_text((default_report / "report.html").read_text(encoding="utf-8"))
    before_method = text.split("八、方法与可复现性")[0]
    assert before_method != text  # the method section is still there
    ids = set(catalogue_rules()) | set(table_specs())
    leaked = {w for w in re.findall(r"[A-Za-z][A-Za-z_\-#0-9]+", before_method) if w.split("#")[0] in ids}
    assert leaked == set()
    # Latin letters left: format names and the file's own name (codes the PDF prints, such as
    # 42010323129T000000100 or [C16079900], hold single letters only)
    words = set(re.findall(r"[A-Za-z][A-Za-z_]+", before_method.replace(STEM + ".pdf", ""))) - ALLOWED_LATIN
    assert words == set()
    assert "说明中的金额与报表一致" in before_method  # the rule's title where its id was


def test_indexes_have_no_english(default_report):
    for page in (default_report.parent / "index.html", default_report.parents[1] / "index.html"):
        words = set(re.findall(r"[A-Za-z][A-Za-z_]+", visible_text(page.read_text(encoding="utf-8"))))
        assert words <= ALLOWED_LATIN, words


def test_findings_json_carries_the_identity(default_report):
    document = json.loads((default_report / "findings.json").read_text(encoding="utf-8"))["document"]
    assert {k: document[k] for k in ("unit", "body", "body_qualifier", "level", "year", "kind", "superior")} == {
        "unit": "江汉区大数据中心", "body": "江汉区大数据中心", "body_qualifier": "", "level": "dept",
        "year": 2024, "kind": "budget", "superior": ""}
    assert document["body_names"]["cover"] == {"江汉区大数据中心": 6}
