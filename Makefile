# budget-audit: every target sets up what it needs (.venv, system fonts) on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
SYSDEPS := $(VENV)/.sysdeps
JOBS ?= $(shell nproc)
# YEAR: one year or a space-separated list; empty means every year under data/raw.
YEAR ?=
PDF ?=
SCHEDULER ?=
# CORPUS: a folder of corpus documents for `make bench` (default: tests/corpus);
# REPEAT: runs of each single-document measurement, the median is kept (default: 1).
CORPUS ?=
REPEAT ?=
# Variables given on the command line reach recipes as environment variables, so
# PDF and YEAR are read from there ("$$PDF"): any file name survives the shell.
export PDF YEAR SCHEDULER JOBS CORPUS REPEAT

.PHONY: help setup audit lint test test-fast audit-corpus lab bench publish baselines docs clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  Variables: YEAR=2024 (or \"2023 2024\"), PDF=path/to/file.pdf, JOBS=N, SCHEDULER=tcp://host:8786, CORPUS=folder"

setup: $(READY) $(SYSDEPS) ## Create .venv with pinned dependencies and install system fonts

$(READY): pyproject.toml requirements.lock
	@echo "Creating $(VENV) with pinned dependencies (first run only)..."
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -c requirements.lock -e '.[dev]'
	# A kernel inside the venv, so papermill and nbval never use a user-level kernelspec.
	$(PY) -m ipykernel install --sys-prefix --name budget-audit --display-name "Python (budget-audit)" >/dev/null
	@touch $@

$(SYSDEPS): tools/system-packages.txt tools/ensure-system-packages.sh | $(READY)
	@bash tools/ensure-system-packages.sh tools/system-packages.txt
	@touch $@

audit: setup ## Audit every PDF of YEAR, or one PDF=file (reports/<YEAR>/<stem>/)
	@$(PY) -m budget_audit run

lint: setup ## Check the code with ruff (configured in pyproject.toml)
	$(VENV)/bin/ruff check .

test: setup lint ## Run ruff and the whole test suite (pytest, nbval notebooks, browser test): what CI runs
	$(PY) -m pytest

test-fast: setup ## Run the pure-Python tests only (tests/unit: no camelot, papermill, browser)
	$(PY) -m pytest tests/unit -q

lab: setup ## Open JupyterLab on the project's environment
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup ## Audit vs bare camelot, stages, memory, a corpus with JOBS=2 (reports/bench.json); CORPUS=folder REPEAT=n
	BUDGET_AUDIT_CORPUS="$$CORPUS" $(PY) tools/bench.py

publish: setup ## Write reports/site/: every report, the indexes, findings downloads (static website)
	$(PY) -m budget_audit.publish

# The test suite's own output folders (tests/conftest.py): baselines are executed there too.
TEST_OUTPUT := BUDGET_AUDIT_REPORTS=$(CURDIR)/reports/_test BUDGET_AUDIT_INTERIM=$(CURDIR)/data/interim/_test

baselines: setup ## Refresh the nbval baselines from the default document's executed notebooks
	@$(TEST_OUTPUT) $(MAKE) --no-print-directory audit YEAR=2024 PDF=
	cp reports/_test/2024/jianghan_dsjzx_2024_budget/notebooks/*.ipynb tests/baselines/
	$(TEST_OUTPUT) $(PY) tools/refresh_explore_baseline.py

docs: setup ## Regenerate docs/rules.md from lib/budget_audit/data/rules.yaml
	$(PY) -m budget_audit.rules docs/rules.md

clean: ## Remove derived data and reports (keeps .venv)
	rm -rf data/interim/* reports/20* reports/_test reports/index.html reports/bench.json reports/site

audit-corpus: setup ## Audit every PDF of a corpus folder (CORPUS=folder, default tests/corpus); outcome per document
	@BUDGET_AUDIT_CORPUS="$$CORPUS" $(PY) -m budget_audit.corpus_audit
