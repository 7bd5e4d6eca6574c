"""docs/rules.md is generated from data/rules.yaml by ``render_rules_md()``."""
from __future__ import annotations

from ._core import load_catalogue


def render_rules_md() -> str:
    cat = load_catalogue()
    out = [
        "# Rules catalogue",
        "",
        "Generated from `lib/budget_audit/data/rules.yaml` by "
        "`budget_audit.rules.render_rules_md()`; do not edit by hand "
        "(`tests/unit/test_rules_catalogue.py` checks it is up to date).",
        "",
        f"Catalogue version: {cat.get('version')}",
        "",
        "| id | severity | 名称 | title | version |",
        "|---|---|---|---|---|",
    ]
    for r in cat["rules"]:
        out.append(f"| `{r['id']}` | {r['severity']} | {r['title_zh']} | {r['title_en']} | "
                   f"{r['version']} |")
    out += ["", "## What a rule's severity needs", "",
            "A failed check keeps its rule's severity only when it has everything the rule's "
            "`error_needs` list; otherwise it is a warning (or the rule's `otherwise`) whose "
            "message says why.", ""]
    out += [f"- `{name}`: {' '.join(text.split())}" for name, text in cat["needs"].items()]
    out.append("")
    for r in cat["rules"]:
        out += [f"## {r['id']} — {r['title_zh']}", "", f"*{r['title_en']}* · severity "
                f"**{r['severity']}** · version {r['version']}", "",
                f"Its severity needs: {', '.join(r.get('error_needs') or []) or 'nothing further'}"
                + (f"; otherwise {r['otherwise']}." if r.get("otherwise") else "."), "",
                r["checks"].strip(), ""]
        if r.get("same_cause"):
            out += [f"Failed checks of one cause ({', '.join(r['same_cause'])}) are one finding.", ""]
        if r.get("report"):
            only = r.get("report_subjects")
            out += [f"Listed in the report's {r['report']} section"
                    + (f" when the subject names {', '.join(only)}" if only else "") + ".", ""]
        if r.get("chart"):
            out += [f"Its passing checks feed the report's {r['chart']} chart.", ""]
        for name, sub in (r.get("subchecks") or {}).items():
            out += [f"Sub-check `{name}` (severity **{sub['severity']}**): {sub['checks'].strip()}", ""]
    return "\n".join(out)

