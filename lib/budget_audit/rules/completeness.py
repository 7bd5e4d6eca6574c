"""Completeness: required tables, explanations of empty tables, required narrative sections."""
from __future__ import annotations

import re

from ..claims import section_title
from ..tablemap import display_name
from ._core import rule


def _present(ctx, tid: str) -> bool:
    if tid in (ctx.input.missing or []):
        return False
    return tid in ctx.input.tables or ctx.table(tid) is not None


def _template(ctx):
    for name, spec in (ctx.data.get("required_tables") or {}).items():
        detect = spec.get("detect") or []
        need = spec.get("detect_min") or (len(detect) + 1) // 2
        if detect and sum(_present(ctx, t) for t in detect) >= need:
            return name, spec
    return None, None


def _all_text(ctx):
    for sec in ctx.input.narrative or []:
        yield section_title(sec) or ""
        for s in sec.get("sentences", []) or []:
            yield s.get("text", "") if isinstance(s, dict) else str(s)


@rule("COMP-TABLES")
def tables(ctx):
    name, spec = _template(ctx)
    if spec is None:
        return
    for tid in spec.get("tables", []):
        ok = _present(ctx, tid)
        yield ctx.check(
            ok, f"报表 {display_name(tid)}", table=tid,
            message="" if ok else f"未找到应公开的报表“{display_name(tid)}”（模板 {name}）",
            evidence=f"template {name}: required {tid}")


def _notes(info) -> list[str]:
    """Note lines under a table: ``.notes`` (list) or ``.note`` (str), both optional."""
    out = list(getattr(info, "notes", None) or [])
    note = getattr(info, "note", None)
    if isinstance(note, str) and note.strip():
        out.append(note.strip())
    return out


def _notes_captured(ctx) -> bool:
    """Whether the extraction reads notes at all (some table carries one); otherwise a missing
    note cannot be told from a note the extractor did not read."""
    return any(_notes(t) for t in (ctx.input.tables or {}).values())


@rule("COMP-EMPTY-NOTE")
def empty_note(ctx):
    kw = ctx.data.get("empty_note_keywords") or {}
    for tid, words in kw.items():
        if not _present(ctx, tid):
            continue
        t = ctx.table(tid)
        if t is not None and not t.all_blank:
            continue
        info = ctx.input.tables.get(tid)
        notes = _notes(info)
        cands = [n for n in notes if "无" in n or "没有" in n]
        narrative = [x for x in _all_text(ctx) if re.search(r"无|没有", x)
                     and any(w in x for w in words)]
        right = [n for n in cands if any(w in n for w in words)]
        if right:
            yield ctx.check(True, f"空表说明 {display_name(tid)}", table=tid, evidence=right[0])
        elif cands:
            yield ctx.check(False, f"空表说明 {display_name(tid)}", table=tid,
                            message=f"空表“{display_name(tid)}”的说明未写明对应的资金（应含“{words[0]}”）",
                            evidence=cands[0])
        elif narrative:
            yield ctx.check(True, f"空表说明 {display_name(tid)}", table=tid, evidence=narrative[0][:120])
        elif _notes_captured(ctx):
            yield ctx.check(False, f"空表说明 {display_name(tid)}", table=tid,
                            message=f"空表“{display_name(tid)}”未附“本单位无{words[0]}…”的说明",
                            evidence=getattr(info, "title", "") or tid)


@rule("COMP-SECTIONS")
def sections(ctx):
    n_sentences = sum(len(sec.get("sentences", []) or []) for sec in ctx.input.narrative or [])
    if n_sentences < 10:
        return  # no narrative of its own (tables-only file)
    doubt = "" if _template(ctx)[0] else "文件的报表组成不属于已知模板，该说明事项未必必需"
    text = "\n".join(_all_text(ctx))
    for sec in ctx.data.get("required_sections") or []:
        ok = any(k in text for k in sec["keywords"])
        yield ctx.check(ok, f"说明事项 {sec['title_zh']}", doubt=doubt,
                        message="" if ok else f"预算说明中未见“{sec['title_zh']}”情况说明",
                        evidence=", ".join(sec["keywords"]))
