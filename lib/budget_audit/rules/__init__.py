"""The reconciliation rules: one small function per rule, registered by its catalogue id.

Public API::

    from budget_audit.rules import AuditInput, run_rules
    result = run_rules(AuditInput(cells=..., narrative=..., meta=..., missing=..., tables=...))
    result.findings   # failed checks, sorted by severity, rule, location
    result.checks     # every check (passed and failed), each a Check
    result.summary()  # {"error", "warning", "info", "checks_run", "checks_passed"}

The catalogue (ids, titles, severities and what each needs, what each checks, and the data the
rules use) is ``budget_audit/data/rules.yaml``; ``_policy`` applies the severity policy.
Adding a rule: one catalogue entry, one function decorated with ``@rule("ID")`` in the theme
module and one test (docs/ARCHITECTURE.md, "Adding a rule").
"""
from . import (  # noqa: F401 - importing a theme module registers its rules
    arithmetic,
    bodyname,
    codes,
    completeness,
    conventions,
    counts,
    emptytables,
    final,
    headline,
    identity,
    listsum,
    namedbase,
    narrative,
    ownrate,
    performance,
    rowtotals,
    textquality,
    ties,
    toc,
    unitword,
    years,
)
from ._core import (  # noqa: F401 - the rules package's public names
    REGISTRY,
    SEVERITIES,
    AuditInput,
    Check,
    Context,
    Result,
    SimpleTable,
    catalogue_rules,
    chart_rules,
    load_catalogue,
    report_section,
    rule,
    run_rules,
)
from .docs import render_rules_md

__all__ = ["AuditInput", "Check", "Context", "Result", "SimpleTable", "run_rules", "rule",
           "load_catalogue", "catalogue_rules", "chart_rules", "report_section", "REGISTRY",
           "render_rules_md"]
