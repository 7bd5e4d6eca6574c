"""Money units: every unit converts exactly (Decimal) to 万元 and back, and unknown words are refused."""
from decimal import Decimal

import pytest

from budget_audit.units import (
    MONEY_UNIT_PATTERN,
    WAN_PER,
    UnknownUnit,
    convert,
    from_wan,
    parse_money,
    to_wan,
    wan_per,
)

pytestmark = pytest.mark.unit

# 1,234.56 printed in each unit, in 万元.
IN_WAN = {
    "元": Decimal("0.123456"),
    "千元": Decimal("123.456"),
    "万元": Decimal("1234.56"),
    "亿元": Decimal("12345600"),
}


def test_every_money_unit_is_known():
    assert set(WAN_PER) == set(IN_WAN)


@pytest.mark.parametrize("unit", IN_WAN)
def test_to_wan_is_exact_for_every_unit(unit):
    got = to_wan(Decimal("1234.56"), unit)
    assert isinstance(got, Decimal) and got == IN_WAN[unit]


@pytest.mark.parametrize("unit", IN_WAN)
def test_from_wan_inverts_to_wan_for_every_unit(unit):
    assert from_wan(IN_WAN[unit], unit) == Decimal("1234.56")


@pytest.mark.parametrize("unit", IN_WAN)
@pytest.mark.parametrize("to", IN_WAN)
def test_convert_between_every_pair_of_units(unit, to):
    there = convert(Decimal("1234.56"), unit, to)
    assert there * wan_per(to) == IN_WAN[unit]
    assert convert(there, to, unit) == Decimal("1234.56")


def test_known_conversions():
    assert convert(Decimal("10613412"), "元", "万元") == Decimal("1061.3412")
    assert convert(Decimal("2652.67"), "万元", "元") == Decimal("26526700")
    assert convert(Decimal("1.5"), "亿元", "千元") == Decimal("150000")
    assert convert(Decimal("123"), "千元", "元") == Decimal("123000")


def test_to_wan_keeps_the_printed_decimals():
    """No float on the way: 0.10 元 stays a 6-place Decimal, and scaling never rounds."""
    assert str(to_wan(Decimal("0.10"), "元")) == "0.000010"
    assert str(to_wan(Decimal("59.90"), "千元")) == "5.990"


def test_no_value_or_no_money_unit_has_no_wan_value():
    assert to_wan(None, "万元") is None
    assert to_wan(Decimal(5), "%") is None
    assert to_wan(Decimal(5), "") is None


def test_an_unknown_unit_is_refused_not_guessed():
    with pytest.raises(UnknownUnit):
        wan_per("美元")
    with pytest.raises(UnknownUnit):
        convert(Decimal(1), "万元", "%")


def test_the_unit_pattern_matches_the_longest_unit_word():
    import re
    assert re.fullmatch(f"(?:{MONEY_UNIT_PATTERN})", "千元")
    assert re.match(f"(?:{MONEY_UNIT_PATTERN})", "万元").group() == "万元"


@pytest.mark.parametrize("text, expected", [
    ("1061.34万元", (Decimal("1061.34"), 2, "万元")),
    ("=12,000元", (Decimal("12000"), 0, "元")),
    ("3.5 千元", (Decimal("3.5"), 1, "千元")),
    ("0.12亿元", (Decimal("0.12"), 2, "亿元")),
    ("35％", (Decimal("35"), 0, "%")),
    ("１２", (Decimal("12"), 0, "万元")),  # re's \d and Decimal both read full-width digits
    ("200", (Decimal("200"), 0, "万元")),
    ("1，234.5", (Decimal("1234.5"), 1, "万元")),
    ("约100万元", None),
    ("12,34", None),
])
def test_parse_money(text, expected):
    assert parse_money(text) == expected


def test_parse_money_default_unit():
    assert parse_money("200", default_unit="元") == (Decimal("200"), 0, "元")
