"""The rules catalogue (``data/rules.yaml``) as data: ids, titles, severities and the rules' data.

Its own light module (no pandas), so the indexes and explore read rule titles without loading
the rules; ``budget_audit.rules`` re-exports both functions.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

# libyaml's parser where built (ten times faster on the catalogue), the same YAML either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_catalogue() -> dict:
    """``data/rules.yaml`` parsed: ``{"version", "rules": [...], "data": {...}}``."""
    text = resources.files("budget_audit").joinpath("data/rules.yaml").read_text("utf-8")
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def catalogue_rules() -> dict[str, dict]:
    return {r["id"]: r for r in load_catalogue()["rules"]}


def rule_titles() -> dict[str, str]:
    """Rule id → its Chinese title."""
    return {rid: r.get("title_zh", "") for rid, r in catalogue_rules().items()}


def report_section(rule_id: str, subject: str = "") -> str:
    """Where a check of this rule is listed in the report (rules.yaml ``report``):
    ``ratios``, ``completeness`` or ``findings``."""
    spec = catalogue_rules().get(rule_id, {})
    only = spec.get("report_subjects")
    if only and not any(k in subject for k in only):
        return "findings"
    return spec.get("report", "findings")


def chart_rules(chart: str) -> set[str]:
    """The rules whose checks decide what the report's ``chart`` shows (rules.yaml ``chart``)."""
    return {r["id"] for r in load_catalogue()["rules"] if r.get("chart") == chart}
