"""What a reader is told when a document could not be audited, in Chinese.

status.json and the logs keep the English message with its internal ids (for whoever runs the
audit); the index shows the reader this sentence instead.  Each entry: a pattern of the English
message (raised in pdfdoc, extract, pipeline) and the sentence, which may use the pattern's
named groups.
"""

from __future__ import annotations

import re

__all__ = ["reader_message"]

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
