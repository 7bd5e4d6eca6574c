"""Text made safe for each place it is written (a sink), never silently changed.

A PDF's text can hold characters a sink refuses or that mislead its reader: control characters
(a \\x02 inside a project name), lone surrogates, bidi overrides that reorder what is shown,
zero-width and other invisible format characters, noncharacters. The tidy data keeps the text
as read; each sink gets what it accepts:

* JSON: each such character as a ``\\uXXXX`` escape (valid JSON that loads back to the exact text);
* Excel, HTML, CSV and plain text (notebook output, the terminal): each replaced by a visible
  marker naming it, ``⟨U+0002⟩``; nothing is dropped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html import escape

# Excel refuses longer cells; the rest is said, not dropped silently.
EXCEL_MAX = 32767
_KEEP = "\t\n\r"


def hidden(ch: str) -> bool:
    """A character a reader cannot see or a sink cannot hold: control (but tab and line
    breaks), surrogate, format (bidi controls, zero-width characters, BOM…), noncharacter."""
    if ch in _KEEP:
        return False
    code = ord(ch)
    if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return True
    return unicodedata.category(ch) in ("Cc", "Cs", "Cf")


# hidden() as code-point ranges (Unicode 14, Python 3.11's unicodedata); tests/unit/test_sinks.py
# checks they are exactly hidden() over every code point of the running Python.
HIDDEN_RANGES = """0000-0008 000B-000C 000E-001F 007F-009F 00AD 0600-0605 061C 06DD 070F 0890-0891 08E2 180E
200B-200F 202A-202E 2060-2064 2066-206F D800-DFFF FDD0-FDEF FEFF FFF9-FFFB FFFE-FFFF 110BD 110CD
13430-13438 1BCA0-1BCA3 1D173-1D17A E0001 E0020-E007F""".split() + [
    f"{plane:X}FFFE-{plane:X}FFFF" for plane in range(1, 17)]


def _pattern(ranges: list[str]) -> re.Pattern:
    parts = []
    for item in ranges:
        lo, _, hi = item.partition("-")
        parts.append(re.escape(chr(int(lo, 16))) + ("-" + re.escape(chr(int(hi, 16))) if hi else ""))
    return re.compile("[" + "".join(parts) + "]")


_HIDDEN = _pattern(HIDDEN_RANGES)


def marker(ch: str) -> str:
    return f"⟨U+{ord(ch):04X}⟩"


def mark(text: str) -> str:
    """Plain text with every hidden character replaced by its visible marker."""
    return _HIDDEN.sub(lambda m: marker(m.group()), text)


def plain(value) -> str:
    """Any value as text for a notebook's output or the terminal."""
    return mark(str(value))


def html(value) -> str:
    """Escaped HTML text."""
    return escape(mark(str(value)))


def excel(text: str) -> str:
    """A worksheet cell's text: markers, and an explicit note where Excel's cell limit cuts it."""
    text = mark(text)
    if len(text) <= EXCEL_MAX:
        return text
    note = f"…⟨已截断：全文 {len(text)} 字，见 findings.json 或 cells.csv⟩"
    return text[:EXCEL_MAX - len(note)] + note


def csv_field(value) -> str:
    """A CSV field for people (opened in a spreadsheet): markers instead of hidden characters,
    and for a carriage return (the CSV writer quotes only fields holding its "\\n" line end)."""
    return mark(str(value)).replace("\r", marker("\r"))


def _json_escape(match: re.Match) -> str:
    data = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(data[i:i + 2], 'big'):04x}" for i in range(0, len(data), 2))


def json_dumps(data, **kwargs) -> str:
    """json.dumps with readable CJK and every hidden character \\u-escaped: loads back exactly."""
    return _HIDDEN.sub(_json_escape, json.dumps(data, ensure_ascii=False, **kwargs))
