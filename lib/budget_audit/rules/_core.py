"""Rule registry, the audit input contract and the check-result shape."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Protocol

import pandas as pd

from ..catalogue import catalogue_rules, chart_rules, load_catalogue, report_section  # noqa: F401 - re-exported by rules
from ._policy import apply_policy, settle

SEVERITIES = ("error", "warning", "info")
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


class TableInfo(Protocol):  # pragma: no cover - documentation of the contract
    title: str
    unit: str
    pages: list


@dataclass
class SimpleTable:
    """A minimal table object (``.title``, ``.unit``, ``.pages``, optional ``.notes``)."""

    title: str = ""
    unit: str = "万元"
    pages: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class AuditInput:
    """Everything the rules read.  Build it directly in tests, or ``AuditInput.of(extraction)``.

    * ``cells``: DataFrame with ``budget_audit.tidy.TIDY_COLUMNS`` (``value`` Decimal or None,
      ``decimals`` int, ``value_wan`` Decimal, ``column`` header path, ``code`` as printed,
      ``name`` row label, ``table_id`` canonical id, ``#n`` for repeated 绩效 forms).
    * ``narrative``: ``[{"title": str, "sentences": [{"text": str, "page": int|None}]}]``.
    * ``meta``: ``{file, sha256, pages, unit, year, kind}``.
    * ``missing``: table ids the extractor did not find.
    * ``tables``: ``{table_id: obj}`` with ``.title``, ``.unit``, ``.pages`` and optionally
      ``.notes`` (list of note lines printed under the table, e.g. ``注：本单位无…``).
    * ``prior``: the same unit's previous-year document (Extraction or AuditInput) or None;
      read by YEAR-PRIOR-TIE (``budget_audit.rules.years.find_prior`` picks it).
    """

    cells: pd.DataFrame
    narrative: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    missing: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    prior: Any = None

    @classmethod
    def of(cls, obj: Any) -> AuditInput:
        if isinstance(obj, AuditInput):
            return obj
        return cls(cells=obj.cells, narrative=list(getattr(obj, "narrative", []) or []),
                   meta=dict(getattr(obj, "meta", {}) or {}),
                   missing=list(getattr(obj, "missing", []) or []),
                   tables=dict(getattr(obj, "tables", {}) or {}),
                   prior=getattr(obj, "prior", None))


@dataclass
class Check:
    """One check a rule ran.  ``passed`` checks are kept for the report; failed ones become
    findings with ``severity``.

    ``stated``/``expected``/``difference`` are Decimals in the claim's own unit (万元 stays
    万元, percent as 15.4, counts as counts) or None.
    """

    rule: str
    passed: bool
    subject: str
    stated: Decimal | None = None
    expected: Decimal | None = None
    severity: str = "error"
    unit: str = ""
    table: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    bbox: list | None = None
    message: str = ""
    evidence: str = ""
    tables: tuple = ()   # other tables the check reads besides ``table``
    doubt: str = ""      # why the rule's reading is not certain (Chinese; the policy demotes)
    miss: Decimal | None = None  # units of the stated last digit outside the recomputed value
    explained: str = ""  # a convention of the document that explains the difference (CONV-*)
    places: list = field(default_factory=list)  # every check of one cause (set by grouping)

    @property
    def all_tables(self) -> list[str]:
        return [t for t in dict.fromkeys((self.table, *self.tables)) if t]

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None or self.expected is None:
            return None
        return self.stated - self.expected

    @property
    def location(self) -> str:
        return "|".join(str(x) for x in (self.table, self.row, self.column, self.subject,
                                          self.evidence[:80] if self.evidence else ""))

    @property
    def finding_id(self) -> str:
        h = hashlib.sha1(f"{self.rule}|{self.location}".encode()).hexdigest()[:10]
        return f"{self.rule}-{h}"

    def as_dict(self) -> dict:
        return {
            "rule": self.rule, "passed": self.passed, "subject": self.subject,
            "stated": self.stated, "expected": self.expected, "difference": self.difference,
            "severity": None if self.passed else self.severity, "unit": self.unit,
            "table": self.table, "row": self.row, "column": self.column, "page": self.page,
            "bbox": self.bbox, "message": self.message, "evidence": self.evidence,
        }


@dataclass
class Result:
    checks: list  # every Check, passed and failed
    failures: list = field(default_factory=list)  # "RULE: Exception: message" of rules that broke

    @property
    def failed(self) -> list:
        """Every failed check, one per place, sorted."""
        return sorted((c for c in self.checks if not c.passed), key=_order)

    @property
    def findings(self) -> list:
        """One finding per cause: the first check of each group, with ``places`` listing every
        check of the group (``group_by_cause``)."""
        return sorted(group_by_cause(self.failed, self.checks), key=_order)

    @property
    def passed(self) -> list:
        return [c for c in self.checks if c.passed]

    def summary(self) -> dict:
        f = self.findings
        return {
            "error": sum(1 for c in f if c.severity == "error"),
            "warning": sum(1 for c in f if c.severity == "warning"),
            "info": sum(1 for c in f if c.severity == "info"),
            "checks_run": len(self.checks),
            "checks_passed": len(self.passed),
        }


def _order(c: Check):
    return (SEVERITY_ORDER.get(c.severity, 9), c.rule, str(c.table), str(c.row), str(c.column),
            c.page or 0, c.finding_id)


def _same_cause(rule_id: str) -> list[str]:
    return catalogue_rules().get(rule_id, {}).get("same_cause") or []


def _cause_keys(c: Check, column_pattern: set) -> list:
    """Keys two failed checks of one cause share (rules.yaml ``same_cause``).

    * ``cell``: sums in the same table that miss by the same amount (one wrong cell breaks its
      row total, its column total and its parent alike);
    * ``column``: the total column of a table that fails on most of its rows (a column misread
      or misprinted the same way in every row);
    * ``claim``: the same claim found twice (a paragraph repeated in the text layer)."""
    keys = []
    ways = _same_cause(c.rule)
    diff = c.difference
    if "cell" in ways and c.table and diff:
        keys.append(("cell", c.table, abs(diff)))
    if (c.rule, c.table, c.column) in column_pattern:
        keys.append(("column", c.rule, c.table, c.column))
    if "claim" in ways:
        keys.append(("claim", c.rule, c.subject, c.stated, c.expected))
    return keys


def group_by_cause(failed: list, checks: list) -> list:
    """Failed checks merged into one per cause (``_cause_keys``); each representative (its most
    severe member) carries ``places``, every member in order."""
    tally: dict = {}
    for c in checks:
        if c.table and "column" in _same_cause(c.rule):
            n = tally.setdefault((c.rule, c.table, c.column), [0, 0])
            n[0 if c.passed else 1] += 1
    pattern = {k for k, (ok, bad) in tally.items() if bad >= 2 and bad > ok}
    parent = list(range(len(failed)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict = {}
    for i, c in enumerate(failed):
        for k in _cause_keys(c, pattern):
            j = first.setdefault(k, i)
            parent[find(i)] = find(j)
    groups: dict = {}
    for i, c in enumerate(failed):
        groups.setdefault(find(i), []).append(c)
    out = []
    for members in groups.values():
        members = sorted(members, key=_order)
        rep = members[0]
        rep.places = members if len(members) > 1 else []
        out.append(rep)
    return out


RuleFn = Callable[["Context"], Iterable[Check]]
REGISTRY: dict[str, RuleFn] = {}


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under its catalogue id (``data/rules.yaml``)."""

    def deco(fn: RuleFn) -> RuleFn:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = fn
        fn.rule_id = rule_id
        return fn

    return deco


class Context:
    """What a rule function gets: the input, the catalogue data and shared helpers."""

    def __init__(self, audit_input: AuditInput, rule_id: str = "", views: dict | None = None):
        self.input = audit_input
        self.rule_id = rule_id
        self._tables: dict = {} if views is None else views  # views are read-only: rules share them
        self.earlier: list = []  # checks of the rules run before (read by the conventions)

    @property
    def data(self) -> dict:
        return load_catalogue().get("data", {})

    @property
    def spec(self) -> dict:
        return catalogue_rules().get(self.rule_id, {})

    @property
    def severity(self) -> str:
        return self.spec.get("severity", "error")

    def table(self, table_id: str):
        from ..tableview import TableView
        if table_id not in self._tables:
            df = self.input.cells
            sub = df[df["table_id"] == table_id] if len(df) else df
            self._tables[table_id] = TableView(table_id, sub) if len(sub) else None
        return self._tables[table_id]

    def table_ids(self) -> list[str]:
        df = self.input.cells
        ids = list(dict.fromkeys(df["table_id"].tolist())) if len(df) else []
        for t in self.input.tables:
            if t not in ids:
                ids.append(t)
        return ids

    def has_table(self, table_id: str) -> bool:
        return table_id in self.input.tables or self.table(table_id) is not None

    @cached_property
    def claims(self):
        from ..claims import extract_claims
        return extract_claims(self.input.narrative)

    def check(self, passed: bool, subject: str, sub: str | None = None, **kw) -> Check:
        """A Check of this rule with the catalogue's severity (``sub`` names one of the rule's
        ``subchecks`` in rules.yaml, whose own severity it takes).  The rule reports facts
        (``doubt``, ``miss``, the tables it read); ``_policy.apply_policy`` decides."""
        severity = self.spec["subchecks"][sub]["severity"] if sub is not None else self.severity
        return Check(rule=self.rule_id, passed=bool(passed), subject=subject, severity=severity,
                     **kw)


def run_rules(audit_input, rule_ids: Iterable[str] | None = None) -> Result:
    """Run every catalogued rule (or the given ids) and collect their checks."""
    ai = AuditInput.of(audit_input)
    ids = list(rule_ids) if rule_ids is not None else [r["id"] for r in load_catalogue()["rules"]]
    # the document's conventions are learned from the other rules' checks: they run last
    late = {r["id"] for r in load_catalogue()["rules"] if r.get("theme") == "conventions"}
    ids = [i for i in ids if i not in late] + [i for i in ids if i in late]
    checks: list[Check] = []
    shared_claims = None
    views: dict = {}  # each table's TableView, built once for every rule
    failures: list[str] = []
    for rid in ids:
        fn = REGISTRY[rid]
        ctx = Context(ai, rid, views)
        ctx.earlier = checks
        if shared_claims is not None:
            ctx.__dict__["claims"] = shared_claims
        got: list[Check] = []
        try:
            for c in fn(ctx) or []:
                got.append(c)
        except Exception as exc:  # a rule that breaks on an odd document must not sink the rest
            failures.append(f"{rid}: {type(exc).__name__}: {exc}")
            got.append(Check(rule=rid, passed=False, subject="规则未能完成", severity="info",
                             message=f"规则 {rid} 在本文件上未能完成（{type(exc).__name__}），"
                                     "其检查结果不完整", evidence=str(exc)[:200]))
        checks.extend(apply_policy(c, ai, ctx.spec) for c in got)
        if "claims" in ctx.__dict__:
            shared_claims = ctx.__dict__["claims"]
    settle(checks, ai, shared_claims)
    return Result(checks=checks, failures=failures)

