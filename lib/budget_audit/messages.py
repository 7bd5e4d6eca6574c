"""What a reader is told, in Chinese, where the machinery speaks English or internal ids.

``reader_message``: why a document could not be audited.  status.json and the logs keep the
English message with its internal ids (for whoever runs the audit); the index shows the reader
this sentence instead.  Each entry: a pattern of the English message (raised in pdfdoc, extract,
pipeline) and the sentence, which may use the pattern's named groups.

``reader_text``: a finding's text with table ids (``gpb_function``, ``perf_project#2``) turned
into the tables' names; ``unparsed_reason``: why a cell was not read.
"""

from __future__ import annotations

import re

__all__ = ["reader_message", "reader_text", "table_names", "unparsed_reason"]

_BAD_INPUT = [
    (r"performance self-evaluation", "本文件仅为绩效自评表，不含预算公开表格，无法核对"),
    (r"no budget table found", "未找到预算公开表格"),
    (r"no text layer on any of its (?P<n>\d+) pages", "全部 {n} 页均无文字层（可能是扫描件），请先进行文字识别（OCR）"),
    (r"password-protected", "文件已加密，需要密码才能打开"),
    (r"table page\(s\) (?P<pages>[\d, ]+) unreadable", "第 {pages} 页的表格无法读取（文件已损坏）"),
    (r"truncated PDF", "文件不完整（缺少 PDF 结束标记），可能未下载完整"),
    (r"damaged", "文件已损坏，无法读取"),
    (r"not a PDF file", "不是 PDF 文件"),
    (r"empty file", "空文件（0 字节）"),
    (r"PDF has no pages", "PDF 文件没有任何页面"),
    (r"file not found", "找不到文件"),
    (r"is a directory", "这是文件夹，不是 PDF 文件"),
    (r"cannot be read", "文件无法读取（没有读取权限或磁盘错误）"),
]
_FALLBACK = {
    "bad_input": "文件无法审计（原因已记入运行记录）",
    "internal_error": "审计程序内部错误（详情已记入错误日志，请联系运行审计的人员）",
}


def reader_message(status: str, message: str) -> str:
    """The Chinese reason shown for a document whose audit did not finish."""
    if status == "bad_input":
        for pattern, text in _BAD_INPUT:
            if m := re.search(pattern, message or ""):
                return text.format(**{k: v.strip() for k, v in m.groupdict().items()})
    return _FALLBACK.get(status, _FALLBACK["internal_error"])


def table_names(tables: dict | None = None) -> dict[str, str]:
    """Table id → the name a reader knows: the document's own title where the table was found,
    else the table map's first title."""
    from .tablemap import table_specs

    names = {tid: re.sub(r"[\\^$.*+?()\[\]{}|]", "", spec.aliases[0].pattern) if spec.aliases else tid
             for tid, spec in table_specs().items()}
    for tid, t in (tables or {}).items():
        if getattr(t, "title", ""):
            names[tid] = t.title
    return names


def reader_text(text, names: dict[str, str]) -> str:
    """``text`` with every table id replaced by its table's name (``perf_project#2`` → the second
    such table's title, or the map's name with 第 2 张)."""
    if not text:
        return "" if text is None else str(text)
    bases = sorted({n.split("#")[0] for n in names}, key=len, reverse=True)
    if not bases:
        return str(text)
    rx = re.compile(r"(?<![A-Za-z_])(" + "|".join(map(re.escape, bases)) + r")(?:#(\d+))?(?![A-Za-z_])")

    def name(m: re.Match) -> str:
        tid = m.group(0)
        if tid in names:
            return f"《{names[tid]}》"
        return f"《{names.get(m.group(1), m.group(1))}》" + (f"第 {m.group(2)} 张" if m.group(2) else "")

    return rx.sub(name, str(text))


_UNPARSED = [
    (r"continuation page matches no header column", "续页单元格对不上表头的任何一列"),
    (r"percentage, not an amount", "是百分比，不是金额"),
    (r"not a number|not text", "不是可识别的数值"),
]


def unparsed_reason(reason: str) -> str:
    """Why a cell was not read, in Chinese (extract/ records it in English)."""
    for pattern, text in _UNPARSED:
        if re.search(pattern, reason or ""):
            return text
    return "无法解析为数值"
