from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget_audit.numbers import NotANumber, parse_amount, parse_percent


@pytest.mark.parametrize("text,value,dec", [
    ("1,234.56", "1234.56", 2), ("2652.67", "2652.67", 2), ("59.90", "59.90", 2),
    ("0", "0", 0), ("0.00", "0.00", 2), ("１，２３４．５６", "1234.56", 2),
    ("（12.3）", "-12.3", 1), ("(12.3)", "-12.3", 1), ("-12.3", "-12.3", 1),
    ("－12.3", "-12.3", 1), (" 12 ", "12", 0), ("1 2 , 0 0 0 . 0 0", "12000.00", 2),
    ("91,016,775.35", "91016775.35", 2), (".5", "0.5", 1), ("+3", "3", 0),
])
def test_numbers(text, value, dec):
    a = parse_amount(text)
    assert a.kind == "number"
    assert a.value == Decimal(value) and str(a.value) == value
    assert a.decimals == dec


@pytest.mark.parametrize("text", ["", "  ", "\u3000", None])
def test_blank_is_not_zero(text):
    a = parse_amount(text)
    assert a.value is None and a.kind == "blank" and not a.is_dash


@pytest.mark.parametrize("text", ["-", "－", "—", "–", "——", " - "])
def test_lone_dash(text):
    a = parse_amount(text)
    assert a.value is None and a.is_dash


@pytest.mark.parametrize("text", ["abc", "1,23.4", "12,34", "1.2.3", "12a", "合计", "1,2345",
                                  "((1))", "-(1)", "12%", "2010301 行政运行", "1-2"])
def test_garbage_rejected(text):
    with pytest.raises(NotANumber):
        parse_amount(text)


def test_percent():
    assert parse_percent("12.5%").value == Decimal("12.5")
    assert parse_percent("12.5％").decimals == 1
    assert parse_percent("100").value == Decimal("100")
    with pytest.raises(NotANumber):
        parse_percent("x%")


_FW = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def _fmt(d: Decimal, places: int, commas: bool) -> str:
    s = f"{abs(d):,.{places}f}" if commas else f"{abs(d):.{places}f}"
    return s


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
       st.integers(0, 4), st.booleans(), st.sampled_from(["minus", "paren", "fwparen", "fwminus"]),
       st.booleans())
def test_roundtrip(d, places, commas, negstyle, fullwidth):
    q = d.quantize(Decimal(1).scaleb(-places)) if places else d.quantize(Decimal(1))
    body = _fmt(q, places, commas)
    if q < 0:
        body = {"minus": "-" + body, "paren": f"({body})", "fwparen": f"（{body}）",
                "fwminus": "－" + body}[negstyle]
    if fullwidth:
        body = body.translate(_FW)
    a = parse_amount(body)
    assert a.value == q
    assert a.decimals == places


@given(st.text(alphabet="abc一二合计#@xyz%", min_size=1))
def test_letters_never_numbers(t):
    with pytest.raises(NotANumber):
        parse_amount(t)
