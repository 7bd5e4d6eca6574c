"""YEAR / PDF parameters: clear errors for bad ones, and any file name survives make and the shell."""

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from budget_audit import paths
from budget_audit.errors import BadParameters
from budget_audit.run import plan

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


def _make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("text, years", [("2024", [2024]), ("2024 2023", [2023, 2024]),
                                         ("2023,2024", [2023, 2024]), ("", None), (None, None)])
def test_parse_years(text, years):
    assert plan.parse_years(text) == years


@pytest.mark.parametrize("text", ["abc", "24", "20244", "2024; rm -rf /", "1800"])
def test_a_year_that_is_not_a_year_is_refused(text):
    with pytest.raises(BadParameters, match="four-digit year"):
        plan.parse_years(text)


def test_a_year_without_data_names_the_years_that_have_data():
    with pytest.raises(BadParameters, match=r"data/raw/2023.*years with data: .*2024"):
        plan.jobs_for("2023", None, detect_year=None)


def test_a_missing_pdf_is_refused():
    with pytest.raises(BadParameters, match="PDF not found"):
        plan.jobs_for(None, "no/such/file.pdf", detect_year=None)


def _tree_outside_outputs() -> set[str]:
    """Every file of the checkout (ignored ones included) outside reports/ and data/interim/."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return {f for f in listed if not f.startswith(("reports/", "data/interim/", ".venv/"))}


@pytest.mark.parametrize("args, message", [
    (["YEAR=2023"], "years with data: 2024"),
    (["YEAR=abc"], "four-digit year"),
    (["PDF=/no/such file.pdf"], "PDF not found"),
])
def test_make_audit_with_bad_parameters_exits_2_with_one_clear_line(args, message):
    before = _tree_outside_outputs()
    result = _make("audit", *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree_outside_outputs() == before  # nothing written outside reports/ and data/interim/


WEIRD_NAMES = ["with space.pdf", "quote'single.pdf", 'quote"double.pdf', "dollar$(HOME).pdf",
               "semi;colon&amp|pipe.pdf", "hash#percent%colon:.pdf", "star*back`tick`.pdf"]


@pytest.mark.parametrize("name", WEIRD_NAMES)
def test_any_file_name_reaches_the_audit_command_intact(name, tmp_path, monkeypatch):
    """make -n prints the recipe after make's own expansion; the shell must then see the exact path."""
    monkeypatch.setattr(paths, "INTERIM", tmp_path / "interim")
    pdf = tmp_path / "in" / name
    pdf.parent.mkdir()
    shutil.copy(DEFAULT_PDF, pdf)
    jobs = plan.jobs_for("2024", str(pdf), detect_year=None)
    makefile = tmp_path / "plan.mk"
    plan.write_plan(jobs, makefile)
    dry = subprocess.run(["make", "-n", "-f", str(makefile), "-C", str(ROOT), "all"],
                         capture_output=True, text=True, check=True)
    audit_line = next(line for line in dry.stdout.splitlines() if " audit " in line)
    argv = shlex.split(audit_line)
    assert argv[argv.index("--pdf") + 1] == str(pdf.resolve())
    assert jobs[0].stem == Path(name).stem


def test_a_year_is_audited_after_the_year_before_it(tmp_path, monkeypatch):
    """Cross-year checks read last year's audit, so make must order the two and re-run on change."""
    for name in ("RAW", "INTERIM"):
        monkeypatch.setattr(paths, name, tmp_path / name.lower())
    for year in (2023, 2024):
        (paths.RAW / str(year)).mkdir(parents=True)
        shutil.copy(DEFAULT_PDF, paths.RAW / str(year) / f"doc{year}.pdf")
    both = plan.jobs_for("2023 2024", None, detect_year=None)
    makefile = tmp_path / "plan.mk"
    plan.write_plan(both, makefile)
    rule_2024 = next(line for line in makefile.read_text().splitlines()
                     if line.startswith(paths.relative(both[1].stamp)))
    assert paths.relative(both[0].stamp) in rule_2024
    # 2024 alone: last year's document is extracted (not audited) first, and re-extracted on change.
    alone = plan.jobs_for("2024", None, detect_year=None)
    plan.write_plan(alone, makefile)
    lines = makefile.read_text().splitlines()
    rule_2024 = next(line for line in lines if line.startswith(paths.relative(alone[0].stamp)))
    prior = plan.job_for((paths.RAW / "2023" / "doc2023.pdf").resolve(), 2023)
    assert paths.relative(prior.extracted) in rule_2024
    rule_prior = lines.index(next(line for line in lines if line.startswith(paths.relative(prior.extracted) + ":")))
    assert paths.relative(prior.link) in lines[rule_prior] and " extract " in lines[rule_prior + 1]


def test_the_dry_run_names_exactly_the_documents_make_would_audit(tmp_path, monkeypatch):
    """`run` sizes its pool of warm workers and its ETA from this list."""
    monkeypatch.setattr(paths, "INTERIM", tmp_path / "interim")
    monkeypatch.setattr(paths, "REPORTS", tmp_path / "reports")
    pdf = tmp_path / "in" / "with space $(HOME).pdf"
    pdf.parent.mkdir()
    shutil.copy(DEFAULT_PDF, pdf)
    jobs = plan.jobs_for("2024", str(pdf), detect_year=None)
    makefile = tmp_path / "plan.mk"
    plan.write_plan(jobs, makefile)
    assert plan.stale_audits(makefile) == [(pdf.resolve(), 2024)]
    jobs[0].report_dir.mkdir(parents=True)
    (jobs[0].report_dir / "status.json").write_text("{}")
    jobs[0].stamp.touch()  # audited after every input changed
    assert plan.stale_audits(makefile) == []
