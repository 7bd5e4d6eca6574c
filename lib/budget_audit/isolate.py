"""One part failing never loses the audit.

A side output (tables.xlsx, a chart, an evidence picture, the report notebook, report.html, an
index entry) that raises is recorded, not propagated: the rest is written, the report shows a
notice where the missing part would be, and the audit ends ``partial`` with each failure and its
reason in status.json (README: exit statuses). Inside a notebook the failures are appended to
``<report_dir>/partial.json``; the pipeline merges them into status.json.
"""

from __future__ import annotations

import functools
import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import atomic, sinks
from .store import DocumentFolder

PARTIAL_FILE, ERROR_LOG = DocumentFolder.PARTIAL_JSON, DocumentFolder.ERROR_LOG


def reason(exc: BaseException) -> str:
    """One line naming the error, for status.json and the notice."""
    from .errors import AuditError

    first = (str(exc).strip().splitlines() or [""])[0][:300]
    return first if isinstance(exc, AuditError) else f"{type(exc).__name__}: {first}".rstrip(": ")


def notice_html(part: str, why: str) -> str:
    return (f'<p class="ba-notice">⚠ {sinks.html(part)} 未能生成（{sinks.html(why)}）。'
            "审计的其余部分不受影响，原因已记入 status.json。</p>")


@dataclass
class Failure:
    """What a failed part leaves in its place: shown as a notice in a notebook or an HTML page."""
    part: str
    reason: str

    def as_dict(self) -> dict:
        return {"part": self.part, "reason": self.reason}

    @property
    def html(self) -> str:
        return notice_html(self.part, self.reason)

    def _repr_html_(self) -> str:
        return self.html


def record(report_dir: Path, part: str, exc: BaseException) -> Failure:
    """Append the failure to partial.json and its traceback to error.log."""
    import fcntl
    import os

    report_dir = Path(report_dir)
    failure = Failure(part, reason(exc))
    # the folder locked: the report's workbook is written by a process of its own, which may record too
    report_dir.mkdir(parents=True, exist_ok=True)
    folder = os.open(report_dir, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        atomic.write_json(report_dir / PARTIAL_FILE, recorded(report_dir) + [failure.as_dict()])
        log = report_dir / ERROR_LOG
        previous = log.read_text(encoding="utf-8") if log.exists() else ""
        atomic.write_text(log, previous + sinks.plain(
            f"--- {part}\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
    finally:
        os.close(folder)  # and the lock with it
    return failure


def recorded(report_dir: Path) -> list[dict]:
    path = Path(report_dir) / PARTIAL_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def clear(report_dir: Path) -> None:
    """Forget an earlier run's failures (called when a document's audit starts)."""
    for name in (PARTIAL_FILE, ERROR_LOG):
        (Path(report_dir) / name).unlink(missing_ok=True)


def attempt(report_dir: Path, part: str, fn, *args, **kwargs):
    """fn(*args, **kwargs), or the recorded Failure when it raises."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a side output must not sink the audit
        return record(report_dir, part, exc)


def section(part: str):
    """Decorator of a report section (a method returning HTML): a notice in its place on failure."""
    def wrap(method):
        @functools.wraps(method)
        def guarded(self):
            done = attempt(self.report_dir, part, method, self)
            return done.html if isinstance(done, Failure) else done
        return guarded
    return wrap


def with_banner(page_html: str, failures: list[dict]) -> str:
    """report.html with a notice at the top listing every part that is missing."""
    if not failures:
        return page_html
    items = "".join(f"<li>{sinks.html(f['part'])}：{sinks.html(f['reason'])}</li>" for f in failures)
    banner = (f'<div class="ba-notice" style="background:#fff4e5;border-left:6px solid #e65100;'
              f'padding:.5em 1em">⚠ 本次审计部分输出未能生成（其余结果完整）：<ul>{items}</ul></div>')
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, page_html, count=1)


def fallback_report(findings: dict | None, failures: list[dict]) -> str:
    """report.html when the report itself could not be built: the verdict counts and what failed."""
    head = "<p>审计报告未能生成，以下为审计结果摘要；完整问题清单见 findings.json / findings.csv。</p>"
    summary = ""
    if findings:
        s, d = findings["summary"], findings["document"]
        summary = (f"<p><b>{sinks.html(d.get('unit') or '')} {sinks.html(d.get('year') or '')}</b>："
                   f"错误 {s['error']}、警告 {s['warning']}、提示 {s['info']}；"
                   f"共运行 {s['checks_run']} 项检查，通过 {s['checks_passed']} 项。</p>")
    page = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-'
            'Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"><title>审计报告（不完整）</title>'
            '</head><body><h1>审计报告（不完整）</h1>' + head + summary + "</body></html>")
    return with_banner(page, failures)
