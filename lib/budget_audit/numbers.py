"""Printed numbers → exact ``Decimal`` values, keeping the decimals as printed.

``parse_amount(text)`` returns an :class:`Amount`:

* ``kind == "number"`` – ``value`` is a ``Decimal`` with exactly the printed decimals
  (``"59.90"`` → ``Decimal("59.90")``, ``decimals == 2``).
* ``kind == "blank"``  – the cell is empty (or only whitespace): ``value is None``.
  Blank is *not* zero.
* ``kind == "dash"``   – the cell holds a lone dash (``-``, ``－``, ``—``, ``–``, ``——``,
  ``/``): budget tables print it for "none". ``value is None``, ``is_dash`` is true; callers
  that need a number may treat it as zero explicitly.

Accepted forms: ``1,234.56``; full-width digits, commas, points and minus signs
(``１，２３４．５６``, ``－12.3``); negatives as ``(12.3)``, ``（12.3）``, ``-12.3``, ``−12.3``;
surrounding spaces and letter-spacing inside the number (``1 2 , 0 0 0 . 0 0``).
Thousands separators are validated (groups of three); anything else raises
:class:`NotANumber` – a wrong value is never returned silently.

``parse_percent(text)`` does the same for ``12.5%`` / ``12.5％`` (value in percent units,
``Decimal("12.5")``); the percent sign is optional there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Amount", "NotANumber", "parse_amount", "parse_percent", "try_amount", "normalize_digits"]


class NotANumber(ValueError):
    """The text is not a printed amount."""


@dataclass(frozen=True)
class Amount:
    value: Decimal | None
    decimals: int
    raw: str
    kind: str  # "number" | "blank" | "dash"

    @property
    def is_dash(self) -> bool:
        return self.kind == "dash"

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"


_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}
_FULLWIDTH.update({
    ord("，"): ord(","), ord("．"): ord("."), ord("。"): ord("."), ord("－"): ord("-"),
    ord("−"): ord("-"), ord("﹣"): ord("-"), ord("（"): ord("("), ord("）"): ord(")"),
    ord("％"): ord("%"), ord("＋"): ord("+"), ord("\u3000"): ord(" "), ord("\xa0"): ord(" "),
})
_DASHES = {"-", "－", "—", "–", "——", "−", "--", "/", "─", "―", "———"}
_NUM = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$")


def normalize_digits(text: str) -> str:
    """Full-width digits and punctuation → ASCII; all whitespace removed."""
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH))


def _parse(text: str, *, percent: bool) -> Amount:
    if text is None:
        return Amount(None, 0, "", "blank")
    if not isinstance(text, str):
        raise NotANumber(f"not text: {text!r}")
    raw = text
    s = text.strip()
    if s == "" or s.strip("\u3000\xa0 \t\r\n") == "":
        return Amount(None, 0, raw, "blank")
    if re.sub(r"\s+", "", s) in _DASHES:
        return Amount(None, 0, raw, "dash")
    s = normalize_digits(s)
    if percent:
        if s.endswith("%"):
            s = s[:-1]
        if s in {"-", "--", "/"}:
            return Amount(None, 0, raw, "dash")
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1]
    m = _NUM.match(s)
    if not m or (m.group(2) is None and m.group(3) is None):
        raise NotANumber(f"not a number: {raw!r}")
    sign, intpart, frac = m.groups()
    if neg and sign:
        raise NotANumber(f"not a number: {raw!r}")
    digits = (intpart or "0").replace(",", "")
    frac = frac or ""
    value = Decimal(f"{digits}.{frac}" if frac else digits)
    if neg or sign == "-":
        value = -value
    return Amount(value, len(frac), raw, "number")


def parse_amount(text: str | None) -> Amount:
    """Parse a printed amount. Raises NotANumber for anything that is not one."""
    if text is not None and isinstance(text, str) and ("%" in text or "％" in text):
        raise NotANumber(f"percentage, not an amount: {text!r}")
    return _parse(text, percent=False)


def parse_percent(text: str | None) -> Amount:
    """Parse ``12.5%`` (or a bare number) into percent units."""
    return _parse(text, percent=True)


def try_amount(text: str | None) -> Amount | None:
    """``parse_amount`` or ``None`` when the text is not an amount."""
    try:
        return parse_amount(text)
    except NotANumber:
        return None
