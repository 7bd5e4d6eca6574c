"""budget_audit.load() and budget_audit.explore on the default document's real audit."""

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

import budget_audit
from budget_audit import explore
from budget_audit.api import NothingAudited
from budget_audit.claims import extract_claims
from budget_audit.extract import load as load_extraction

UNIT = "江汉区大数据中心"


@pytest.fixture(scope="module")
def root(default_report, tmp_path_factory):
    """A project folder holding only the default document's audit (other audits a developer
    ran must not change what these tests see)."""
    return explore.default_only_root(tmp_path_factory.mktemp("root"))


@pytest.fixture(scope="module")
def data(root):
    return budget_audit.load(root=root)


def test_load_is_exported_and_finds_the_default_document(data):
    assert budget_audit.load is budget_audit.api.load
    docs = data.documents
    assert docs[["year", "unit", "kind", "stem"]].values.tolist() == [
        [2024, UNIT, "budget", "jianghan_dsjzx_2024_budget"]]
    assert docs.loc[0, "status"] == "ok" and docs.loc[0, "pages"] == 33
    assert data.years == [2024] and data.units == [UNIT]


def test_every_frame_carries_the_document_columns(data):
    for frame in (data.documents, data.cells, data.claims, data.findings):
        assert list(frame.columns[:4]) == ["year", "unit", "kind", "stem"]
        assert len(frame) > 0
        assert set(frame["unit"]) == {UNIT} and set(frame["year"]) == {2024}
        assert set(frame["kind"]) == {"budget"}


def test_cells_are_the_tidy_table_with_exact_decimals(data, root):
    ex = load_extraction(root / "data/interim/2024/jianghan_dsjzx_2024_budget")
    cells = data.cells
    assert len(cells) == len(ex.cells)
    assert cells["table_id"].tolist() == ex.cells["table_id"].tolist()
    assert cells["value_wan"].tolist() == ex.cells["value_wan"].tolist()
    assert cells["value_unit"].tolist() == ex.cells["unit"].tolist()  # the 万元/元 column, renamed
    values = cells["value_wan"].dropna()
    assert len(values) > 100 and all(type(v) is Decimal for v in values)
    # The 支出总表's total row: 2652.67 = 408.65 基本 + 2244.02 项目, exactly.
    expense = data.table("expense")
    total = expense[(expense["name"] == "合计") & (expense["column"].isin(["合计", "基本支出", "项目支出"]))]
    got = dict(zip(total["column"], total["value_wan"]))
    assert got == {"合计": Decimal("2652.67"), "基本支出": Decimal("408.65"), "项目支出": Decimal("2244.02")}
    assert got["基本支出"] + got["项目支出"] == got["合计"]
    # The float view, for plotting.
    assert cells["value_wan_float"].dtype == "float64"
    assert expense.loc[total.index, "value_wan_float"].sum() == pytest.approx(2652.67 * 2)
    assert cells["value_wan_float"].isna().tolist() == cells["value_wan"].isna().tolist()


def test_table_includes_repeated_forms(data):
    forms = data.table("perf_project")
    assert set(forms["table_id"]) == {"perf_project#1", "perf_project#2", "perf_project#3"}
    assert set(data.table("three_public")["table_id"]) == {"three_public"}


def test_claims_are_the_narrative_claims(data, root):
    ex = load_extraction(root / "data/interim/2024/jianghan_dsjzx_2024_budget")
    expected = extract_claims(ex.narrative)
    claims = data.claims
    assert len(claims) == len(expected) > 20
    assert claims["subject"].tolist() == [c.subject for c in expected]
    assert claims["claim_kind"].tolist() == [c.kind for c in expected]
    shares = claims[(claims["claim_kind"] == "share") & (claims["subject"] == "基本支出")]
    assert Decimal("15.4") in shares["value"].tolist()
    money = claims[claims["value_unit"] == "万元"]
    assert len(money) > 5 and all(type(v) is Decimal for v in money["value_wan"])
    assert (money["value_wan"] == money["value"]).all()


def test_findings_are_findings_json_with_exact_decimals(data, default_report, root):
    doc = json.loads((root / "reports/2024/jianghan_dsjzx_2024_budget/findings.json").read_text(encoding="utf-8"))
    f = data.findings
    assert f["id"].tolist() == [x["id"] for x in doc["findings"]]
    assert f["rule"].tolist() == [x["rule"] for x in doc["findings"]]
    stated = dict(zip(f["row"], f["stated"]))
    # The 一般公共服务支出 the narrative misstates: 2535.67 stated, exactly (not 2535.6700000000001).
    assert stated["201 一般公共服务支出"] == Decimal("2535.67")
    assert all(v is None or type(v) is Decimal for v in f["stated"])
    assert str(f["page"].dtype) == "Int64"


def test_filters(root):
    assert len(budget_audit.load(2024, root=root).documents) == 1
    assert len(budget_audit.load([2023, 2024], root=root).documents) == 1
    assert len(budget_audit.load(unit="大数据", root=root).documents) == 1
    assert len(budget_audit.load(unit=["万里", "江汉区"], root=root).documents) == 1
    assert len(budget_audit.load(unit="JIANGHAN_dsjzx", root=root).documents) == 1  # the stem, any case


@pytest.mark.parametrize("year", ["2024", 2024.0, True, [2024, "2025"]])
def test_year_must_be_an_int(root, year):
    with pytest.raises(TypeError, match="year must be an int"):
        budget_audit.load(year, root=root)


def test_unit_must_be_a_string(root):
    with pytest.raises(TypeError, match="unit must be a str"):
        budget_audit.load(unit=42, root=root)
    with pytest.raises(ValueError, match="unit must not be empty"):
        budget_audit.load(unit=" ", root=root)


def test_year_not_audited_says_what_is_and_how_to_audit(root):
    with pytest.raises(NothingAudited, match=r"year 1999.*audited years: 2024.*make audit YEAR=1999") as e:
        budget_audit.load(1999, root=root)
    assert isinstance(e.value, FileNotFoundError)


def test_unknown_unit_lists_the_units(root):
    with pytest.raises(ValueError, match=f"'不存在的单位' matches no audited document.*{UNIT}"):
        budget_audit.load(unit="不存在的单位", root=root)


def test_nothing_audited_says_run_make_audit(tmp_path):
    with pytest.raises(NothingAudited, match="nothing audited yet.*run `make audit`"):
        budget_audit.load(root=tmp_path)


def test_failed_audits_are_not_loaded(root, tmp_path):
    """A document whose audit failed may have a stale findings.json: it must not be loaded."""
    copy = tmp_path / "root"
    shutil.copytree(root, copy, symlinks=False)
    status_file = copy / "reports/2024/jianghan_dsjzx_2024_budget/status.json"
    status = json.loads(status_file.read_text(encoding="utf-8"))
    status.update(status="internal_error", message="boom")
    status_file.write_text(json.dumps(status), encoding="utf-8")
    with pytest.raises(NothingAudited):
        budget_audit.load(root=copy)


def test_default_folders_follow_the_environment(root):
    """Without root=, load() reads where `make audit` writes: BUDGET_AUDIT_REPORTS / _INTERIM."""
    code = "import budget_audit; print(budget_audit.load().documents['stem'].tolist())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **explore.root_environment(root)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['jianghan_dsjzx_2024_budget']"
    empty = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                           env={**os.environ, **explore.root_environment(root / "nowhere")})
    assert empty.returncode != 0 and "run `make audit`" in empty.stderr


# -- budget_audit.explore ------------------------------------------------------------------------

def test_spending_shares_recompute_the_stated_shares(data):
    shares = explore.spending_shares(data)
    row = shares.iloc[0]
    assert (row["table"], row["total"], row["basic"], row["project"], row["other"]) == (
        "expense", Decimal("2652.67"), Decimal("408.65"), Decimal("2244.02"), Decimal("0.00"))
    # The narrative states 基本支出 15.4% and 项目支出 84.6%.
    assert (row["basic_pct"], row["project_pct"]) == (Decimal("15.4"), Decimal("84.6"))


def test_three_public(data):
    tp = explore.three_public(data).iloc[0]
    assert tp["total"] == Decimal("3.00") and tp["vehicles"] == Decimal("3.00")
    assert tp["vehicle_running"] == Decimal("3.00")
    assert tp["abroad"] is None and tp["reception"] is None and tp["vehicle_purchase"] is None


def _three_public_of(values: dict[str, str], kind: str = "budget") -> pd.DataFrame:
    """explore.three_public of one document whose 三公 table is one row of ``values`` by column."""
    from budget_audit.tidy import TIDY_COLUMNS

    cells = []
    for column, amount in values.items():
        cell = dict.fromkeys(TIDY_COLUMNS, "")
        cell.update(table_id="three_public", row=0, column=column, value=Decimal(amount), decimals=2, raw=amount,
                    unit="万元", value_wan=Decimal(amount), page=1, x0=None, y0=None, x1=None, y1=None)
        cells.append(cell)
    doc = {"year": 2024, "unit": UNIT, "kind": kind, "stem": "one"}
    cells = pd.DataFrame(cells).rename(columns={"unit": "value_unit"}).assign(**doc)
    data = budget_audit.api.AuditData(documents=pd.DataFrame([doc]), cells=cells, claims=pd.DataFrame(),
                                      findings=pd.DataFrame())
    return explore.three_public(data).iloc[0]


def test_three_public_of_other_templates():
    jiangsu = {"合计": "10.00", "“三公”经费/小计": "3.00", "“三公”经费/因公出国（境）费": "0.50",
               "“三公”经费/公务用车购置及运行维护费/小计": "1.50",
               "“三公”经费/公务用车购置及运行维护费/公务用车购置费": "1.00",
               "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费": "0.50",
               "“三公”经费/公务接待费": "1.00", "会议费": "4.00", "培训费": "3.00"}
    got = _three_public_of(jiangsu)
    assert got["total"] == Decimal("3.00")  # not 合计, which adds 会议费 and 培训费
    assert got["vehicles"] == Decimal("1.50") and got["abroad"] == Decimal("0.50")
    assert (got["vehicle_purchase"], got["vehicle_running"]) == (Decimal("1.00"), Decimal("0.50"))
    shanghai = {"2023年“三公”经费预算数/合计": "6.00", "2023年“三公”经费预算数/因公出国(境)费": "1.00",
                "2023年“三公”经费预算数/公务接待费": "2.00",
                "2023年“三公”经费预算数/公务用车购置及运行费/小计": "3.00",
                "2023年“三公”经费预算数/公务用车购置及运行费/购置费": "1.20",
                "2023年“三公”经费预算数/公务用车购置及运行费/运行费": "1.80", "2023年机关运行经费预算数": "50.00"}
    got = _three_public_of(shanghai)
    assert (got["total"], got["abroad"], got["reception"], got["vehicles"]) == (
        Decimal("6.00"), Decimal("1.00"), Decimal("2.00"), Decimal("3.00"))
    assert (got["vehicle_purchase"], got["vehicle_running"]) == (Decimal("1.20"), Decimal("1.80"))
    shandong = {f"{y}年预算数/{c}": v for y, vs in ((2023, ("9.00", "8.00", "1.00")),
                                                     (2024, ("14.30", "12.50", "1.80")))
                for c, v in zip(("合计", "公务用车购置及运行维护费/小计", "公务接待费"), vs)}
    got = _three_public_of(shandong)  # the document's year 2024 is the second group
    assert (got["total"], got["vehicles"], got["reception"]) == (
        Decimal("14.30"), Decimal("12.50"), Decimal("1.80"))


def test_final_accounts_use_their_own_stage():
    """A 决算 三公 table prints 预算数 and 决算数 under each heading: a final account reports 决算数."""
    final = {"财政拨款“三公”经费/合计/预算数": "5.00", "财政拨款“三公”经费/合计/决算数": "4.00",
             "财政拨款“三公”经费/公务接待费/预算数": "2.00", "财政拨款“三公”经费/公务接待费/决算数": "1.00"}
    got = _three_public_of(final, kind="final")
    assert (got["total"], got["reception"]) == (Decimal("4.00"), Decimal("1.00"))


def test_findings_by_rule_counts_every_finding(data):
    by_rule = explore.findings_by_rule(data)
    assert by_rule["findings"].sum() == len(data.findings)
    narr = by_rule[(by_rule["rule"] == "NARR-AMOUNT") & (by_rule["severity"] == "error")]
    assert narr["findings"].tolist() == [int((data.findings["rule"] == "NARR-AMOUNT").sum())]
    assert narr["title"].iloc[0] != ""
    assert by_rule["severity"].tolist() == sorted(by_rule["severity"], key=["error", "warning", "info"].index)


def test_unit_years_on_one_year_and_on_three(data):
    assert explore.unit_years(data).empty
    assert explore.years_overview(data).startswith("only one year audited (2024)")
    # Three years of one unit: the same document seen as 2023, 2024 and 2025 (frames relabelled).
    def relabel(frame, year):
        return frame.assign(year=year, stem=frame["stem"] + f"_{year}")
    three = budget_audit.api.AuditData(
        **{name: pd.concat([relabel(getattr(data, name), y) for y in (2023, 2024, 2025)], ignore_index=True)
           for name in ("documents", "cells", "claims", "findings")})
    years = explore.unit_years(three)
    assert years["year"].tolist() == [2023, 2024, 2025] and set(years["unit"]) == {UNIT}
    assert years["total"].tolist() == [Decimal("2652.67")] * 3
    assert years["total_change"].tolist() == [None, Decimal("0.00"), Decimal("0.00")]
    assert years["three_public"].tolist() == [Decimal("3.00")] * 3
    assert years["kind"].tolist() == ["budget"] * 3 and years["errors"].tolist() == [4] * 3
    assert "units with several years: 江汉区大数据中心 budget (2023, 2024, 2025)" in explore.years_overview(three)
    # A final account (决算) is not compared with a budget.
    mixed = budget_audit.api.AuditData(
        **{name: pd.concat([relabel(getattr(data, name), 2024).assign(kind="final"), getattr(data, name)],
                           ignore_index=True) for name in ("documents", "cells", "claims", "findings")})
    assert explore.unit_years(mixed).empty


def test_text_is_compact_and_exact():
    frame = pd.DataFrame({"a": [Decimal("1.50"), None], "b": ["x", "y"]})
    assert explore.text(frame).splitlines() == ["   a b", "1.50 x", "     y"]
    assert explore.text(frame.iloc[0:0], empty="(none)") == "(none)"
    shown = explore.shown(frame, ["a"])  # what the explore notebook displays: the same cells, rows from 1
    assert shown.to_dict("list") == {"a": ["1.50", ""]} and shown.index.tolist() == [1, 2]


def test_floats_turns_decimals_into_floats(data):
    shares = explore.floats(explore.spending_shares(data))
    assert shares["total"].dtype == "float64" and shares["basic_pct"].tolist() == [15.4]
    assert shares["unit"].tolist() == [UNIT]  # text columns untouched


def test_explore_baseline_is_the_notebook():
    """tests/baselines/05_explore.ipynb must be a refreshed copy of notebooks/explore.ipynb
    (`make baselines`), or nbval tests an old notebook."""
    import nbformat

    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    notebook = nbformat.read(root / "notebooks" / "explore.ipynb", as_version=4)
    baseline = nbformat.read(root / "tests" / "baselines" / "05_explore.ipynb", as_version=4)
    assert [(c.cell_type, c.source) for c in baseline.cells] == [(c.cell_type, c.source) for c in notebook.cells]
    assert baseline.metadata.kernelspec.name == notebook.metadata.kernelspec.name == "budget-audit"
    code = [c for c in baseline.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code) and all(c.outputs for c in code)  # nbval compares them
