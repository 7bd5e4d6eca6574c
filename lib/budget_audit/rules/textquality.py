"""Text quality (info): doubled punctuation, placeholders, stray markup, garbled cells."""
from __future__ import annotations

import re

from ..claims import section_title
from ..text import DASH_ONLY, PLACEHOLDER
from ._core import rule
from .identity import titles

DOUBLE = re.compile(r"([。，；！？、,;])\1+")
MARKUP = re.compile(r"<\s*/?\s*(p|input|br|span|div|td|tr|table)\b[^>]*>|&nbsp;|&lt;|&gt;", re.I)


def _sentences(ctx):
    for sec in ctx.input.narrative or []:
        for s in sec.get("sentences", []) or []:
            text = s.get("text", "") if isinstance(s, dict) else str(s)
            page = s.get("page") if isinstance(s, dict) else None
            yield section_title(sec), text, page


def _other_texts(ctx):
    """Headings, table titles and the notes printed under tables: (where, text, page)."""
    yield from titles(ctx)
    for tid, info in (ctx.input.tables or {}).items():
        page = (getattr(info, "pages", None) or [None])[0]
        for n in ([getattr(info, "note", "")] if isinstance(getattr(info, "note", ""), str)
                  else []) + list(getattr(info, "notes", None) or []):
            if n:
                yield f"报表 {tid} 表注", n, page


def _form_texts(ctx):
    """The text cells of the 绩效 forms (their frames; the tidy cells hold amounts only)."""
    for tid, info in (ctx.input.tables or {}).items():
        frame = getattr(info, "frame", None)
        if str(tid).startswith("perf_") and frame is not None:
            page = (getattr(info, "pages", None) or [None])[0]
            yield from ((f"报表 {tid}", v, page) for v in frame.to_numpy().ravel().tolist()
                        if isinstance(v, str) and v)


def _cells(ctx):
    df = ctx.input.cells
    if not len(df):
        return
    for rec in df[["table_id", "row", "column", "raw", "page"]].to_dict("records"):
        raw = rec.get("raw")
        if isinstance(raw, str) and raw:
            yield rec


def _scan(ctx, pattern, what):
    found = False
    for title, text, page in _sentences(ctx):
        for m in pattern.finditer(text):
            found = True
            a, b = max(0, m.start() - 20), min(len(text), m.end() + 20)
            yield ctx.check(False, f"{what}「{m.group(0)}」", page=page, row=title,
                            message=f"说明文字中有{what}「{m.group(0)}」",
                            evidence=text[a:b])
    for where, text, page in list(_other_texts(ctx)) + list(_form_texts(ctx)):
        for m in pattern.finditer(text):
            found = True
            yield ctx.check(False, f"{what}「{m.group(0)}」 {where}", page=page, row=where,
                            message=f"{where}中有{what}「{m.group(0)}」", evidence=text[:120])
    per_table = {}
    for rec in _cells(ctx):
        for m in pattern.finditer(rec["raw"]):
            per_table.setdefault(rec["table_id"], []).append((rec, m.group(0)))
    for tid, hits in per_table.items():
        found = True
        rec, tok = hits[0]
        toks = sorted({t for _, t in hits})
        yield ctx.check(False, f"{what} {tid}", table=tid, row=str(rec["row"]),
                        column=str(rec["column"]),
                        message=f"报表 {tid} 有 {len(hits)} 处{what}（{'、'.join(toks[:5])}）",
                        evidence=rec["raw"][:120])
    if not found:
        yield ctx.check(True, what)


@rule("TEXT-DOUBLE-PUNCT")
def double_punct(ctx):
    """Scans each section's sentences joined, so a "。。" split into two sentences is seen."""
    found = False
    for sec in ctx.input.narrative or []:
        title = section_title(sec)
        pieces = [(s.get("text", "") if isinstance(s, dict) else str(s),
                   s.get("page") if isinstance(s, dict) else None)
                  for s in sec.get("sentences", []) or []]
        text, starts = "", []
        for t, page in pieces:
            starts.append((len(text), page))
            text += t
        for m in DOUBLE.finditer(text):
            found = True
            page = None
            for off, pg in starts:
                if off <= m.start():
                    page = pg
            a, b = max(0, m.start() - 20), min(len(text), m.end() + 10)
            yield ctx.check(False, f"重复标点「{m.group(0)}」", page=page, row=title,
                            message=f"说明文字中有重复标点「{m.group(0)}」", evidence=text[a:b])
    # headings, table titles, notes, and the text cells of the 绩效 forms
    for where, text, page in list(_other_texts(ctx)) + list(_form_texts(ctx)):
        for m in DOUBLE.finditer(text):
            found = True
            a, b = max(0, m.start() - 20), min(len(text), m.end() + 10)
            yield ctx.check(False, f"重复标点「{m.group(0)}」 {where}", page=page, row=where,
                            message=f"{where}中有重复标点「{m.group(0)}」", evidence=text[a:b])
    if not found:
        yield ctx.check(True, "重复标点")


@rule("TEXT-PLACEHOLDER")
def placeholder(ctx):
    yield from _scan(ctx, PLACEHOLDER, "未替换的占位符")


@rule("TEXT-MARKUP")
def markup(ctx):
    yield from _scan(ctx, MARKUP, "残留标记")


@rule("TEXT-GARBLED")
def garbled(ctx):
    df = ctx.input.cells
    if not len(df):
        return
    found = False
    for rec in df[["table_id", "row", "column", "raw", "value", "page"]].to_dict("records"):
        if str(rec["table_id"]).startswith("perf_"):
            continue
        raw = rec.get("raw")
        if not isinstance(raw, str) or not raw.strip() or rec.get("value") is not None:
            continue
        s = raw.strip()
        if DASH_ONLY.fullmatch(s):
            continue
        if "\ufffd" in s or (re.search(r"\d", s) and re.search(r"[A-Za-z□■?]", s)
                             and not re.match(r"^\[", s)):
            found = True
            yield ctx.check(False, f"乱码 {rec['table_id']}", table=rec["table_id"],
                            row=str(rec["row"]), column=str(rec["column"]), page=rec.get("page"),
                            message=f"报表单元格内容无法识别为数字：「{s[:30]}」", evidence=s[:120])
    if not found:
        yield ctx.check(True, "乱码单元格")
