"""Money units: the words disclosures print amounts in, and exact conversion between them.

Every rule compares amounts in 万元, the unit budget tables print; a table or a sentence in
元, 千元 or 亿元 is converted with ``Decimal`` factors (never float).  This is the one place
that knows the units: the extractor's tidy cells (``value_wan``), the table views, the
narrative claims and the 绩效 forms all convert here.
"""
from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["WAN_PER", "MONEY_UNIT_PATTERN", "UnknownUnit", "wan_per", "to_wan", "from_wan", "convert",
           "parse_money"]

# 万元 in one of each unit.
WAN_PER: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}
# Longest first, so "万元" never matches as "元" after a stray "万".
MONEY_UNIT_PATTERN = "|".join(sorted(WAN_PER, key=len, reverse=True))


class UnknownUnit(ValueError):
    """The text is not a money unit this module knows."""


def wan_per(unit: str) -> Decimal:
    """万元 in one ``unit``; UnknownUnit for anything that is not a money unit."""
    try:
        return WAN_PER[unit]
    except KeyError:
        raise UnknownUnit(f"not a money unit: {unit!r}") from None


def to_wan(value: Decimal | None, unit: str | None) -> Decimal | None:
    """``value`` printed in ``unit``, in 万元; None for no value or a unit that is not money."""
    if value is None or unit not in WAN_PER:
        return None
    return value * WAN_PER[unit]


def from_wan(value: Decimal, unit: str) -> Decimal:
    """``value`` in 万元, expressed in ``unit``."""
    return value / wan_per(unit)


def convert(value: Decimal, unit: str, to: str) -> Decimal:
    """``value`` printed in ``unit``, expressed in ``to``."""
    return value * wan_per(unit) / wan_per(to)


_MONEY = re.compile(r"^\s*[=≈]?\s*(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*"
                    rf"({MONEY_UNIT_PATTERN}|%|％)?\s*$")


def parse_money(text: str, default_unit: str = "万元") -> tuple[Decimal, int, str] | None:
    """A text that is one amount with an optional unit word ('1061.34万元', '=12,000元',
    '35%') → (value, printed decimals, unit); ``default_unit`` when no unit is written.
    None when the text is anything else."""
    m = _MONEY.match(text.replace("，", ","))
    if not m:
        return None
    num, unit = m.group(1), (m.group(2) or default_unit).replace("％", "%")
    return Decimal(num.replace(",", "")), (len(num.split(".")[1]) if "." in num else 0), unit
