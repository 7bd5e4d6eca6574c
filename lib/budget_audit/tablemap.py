"""Canonical table ids and their title aliases (data in ``data/table_map.yaml``).

``match_title(line)`` → canonical id or ``None``.  Titles are normalised first
(``normalize_title``): whitespace removed, brackets unified to full-width ``（）``, quotes
removed, so ``2024年一般公共预算“三公”经费支出表`` and ``2024 年一般公共预算"三公"经费支出表``
both match ``three_public``.  The longest matching alias wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["TableSpec", "table_specs", "match_title", "normalize_title", "display_name", "TABLE_IDS"]

_QUOTES = dict.fromkeys(map(ord, "“”\"'‘’「」『』"), None)
_BRACKETS = {ord("("): "（", ord(")"): "）", ord("［"): "（", ord("］"): "）", ord("["): "（", ord("]"): "）"}


def normalize_title(text: str) -> str:
    s = re.sub(r"\s+", "", text or "")
    return s.translate(_QUOTES).translate(_BRACKETS)


@dataclass
class TableSpec:
    id: str
    kind: str
    aliases: list[re.Pattern]
    not_: list[re.Pattern] = field(default_factory=list)
    expect_columns: list[str] = field(default_factory=list)
    form: bool = False
    multi: bool = False
    identify: dict = field(default_factory=dict)


def _is_regex(alias: str) -> bool:
    """An alias with regex syntax is compiled as written (its ASCII brackets are groups)."""
    return any(ch in alias for ch in "[]$^()|?{")


@lru_cache(maxsize=1)
def table_specs() -> dict[str, TableSpec]:
    text = resources.files("budget_audit").joinpath("data/table_map.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)["tables"]
    specs = {}
    for tid, d in raw.items():
        specs[tid] = TableSpec(
            id=tid, kind=d.get("kind", "both"),
            aliases=[re.compile(a if _is_regex(a) else normalize_title(a)) for a in d["aliases"]],
            not_=[re.compile(a) for a in d.get("not", [])],
            expect_columns=list(d.get("expect_columns", [])),
            form=bool(d.get("form", False)), multi=bool(d.get("multi", False)),
            identify=dict(d.get("identify", {})),
        )
    return specs


TABLE_IDS = list(table_specs().keys())


def display_name(table_id: str) -> str:
    """A Chinese name for messages: the table's first title alias (e.g. 收支预算总表)."""
    base, _, n = table_id.partition("#")
    spec = table_specs().get(base)
    if spec is None:
        return table_id
    name = re.sub(r"[\\^$]", "", spec.aliases[0].pattern)
    return f"{name}（{n}）" if n else name


def match_title(line: str) -> str | None:
    """Canonical id whose alias matches the (title) line, longest match first."""
    s = normalize_title(line)
    if not s:
        return None
    best, best_len = None, 0
    for spec in table_specs().values():
        if any(p.search(s) for p in spec.not_):
            continue
        for p in spec.aliases:
            m = p.search(s)
            if m and len(m.group(0)) > best_len:
                best, best_len = spec.id, len(m.group(0))
    return best
