from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget_audit.interval import (
    Interval,
    decimals_of,
    gap,
    percent_consistent,
    printed,
    ratio_percent,
    round_half_up,
    sum_consistent,
    sum_intervals,
)

amounts = st.decimals(min_value=D("0"), max_value=D("100000"), places=2, allow_nan=False,
                      allow_infinity=False)


def test_printed_interval_from_decimals():
    assert printed(D("2652.67")) == Interval(D("2652.665"), D("2652.675"))
    assert printed(D("3")) == Interval(D("2.5"), D("3.5"))
    assert printed(D("59.90")).width == D("0.010")
    assert decimals_of(D("59.90")) == 2 and decimals_of(D("3")) == 0


def test_round_half_up_not_half_even():
    assert round_half_up(D("0.125"), 2) == D("0.13")
    assert round_half_up(D("2.5"), 0) == D("3")
    assert round_half_up(D("-2.5"), 0) == D("-3")


def test_seed_percentages():
    # 基本支出 408.65 of 2652.67 is 15.4%; 机关运行经费 10.9 of 44.69 is 24.4%
    assert percent_consistent(D("15.4"), 1, printed(D("408.65")), printed(D("2652.67")))
    assert percent_consistent(D("24.4"), 1, printed(D("10.9")), printed(D("44.69")))
    assert not percent_consistent(D("6.6"), 1, printed(D("2652.67")), printed(D("2840.01")))


def test_sum_of_rounded_parts():
    # three items each rounded may miss their rounded total by up to 0.005*(n+1)
    assert sum_consistent(printed(D("1.00")), [printed(D("0.33"))] * 3)
    assert not sum_consistent(printed(D("1.00")), [printed(D("0.32"))] * 3)


def test_division_by_zero_interval():
    with pytest.raises(ZeroDivisionError):
        printed(D("1")) / printed(D("0"))


def test_no_float():
    with pytest.raises(TypeError):
        printed(1.5)


@given(st.lists(amounts, min_size=1, max_size=12))
def test_rounded_parts_always_consistent_with_rounded_total(exacts):
    # exact values with 4 places, printed with 2: the printed total must always be consistent
    parts = [round_half_up(x, 2) for x in exacts]
    total = round_half_up(sum(exacts), 2)
    assert sum_consistent(printed(total, 2), [printed(p, 2) for p in parts])


@given(amounts, amounts)
def test_sum_contains_exact_sum(a, b):
    s = printed(a, 1) + printed(b, 1)
    assert s.contains(a + b)
    assert s.width == D("0.2")


@given(st.decimals(min_value=D("0.01"), max_value=D("9999"), places=4),
       st.decimals(min_value=D("1"), max_value=D("99999"), places=4))
def test_rounded_percent_always_consistent(num, den):
    pct = num / den * 100
    stated = round_half_up(pct, 1)
    assert percent_consistent(stated, 1, printed(round_half_up(num, 2), 2),
                              printed(round_half_up(den, 2), 2))


@given(amounts, amounts)
def test_gap_zero_iff_overlap(a, b):
    x, y = printed(a, 2), printed(b, 2)
    assert (gap(x, y) == 0) == x.overlaps(y)
    assert gap(x, y) >= 0


@given(st.lists(amounts, max_size=6))
def test_sum_intervals_matches_pairwise(xs):
    ivs = [printed(x, 2) for x in xs]
    s = sum_intervals(ivs)
    assert s.lo == sum((i.lo for i in ivs), D(0)) and s.hi == sum((i.hi for i in ivs), D(0))


def test_ratio_percent_orientation():
    r = ratio_percent(printed(D("1")), printed(D("4")))
    assert r.contains(D("25"))


def test_conversion_fit_tells_rounding_from_truncation():
    from budget_audit.interval import conversion_fit
    # 877,080 元 is 87.7080 万元: 87.70 only by truncation, 87.71 only by rounding half-up
    assert conversion_fit(D("87.70"), D("87.7080")) == "truncate"
    assert conversion_fit(D("87.71"), D("87.7080")) == "round"
    assert conversion_fit(D("78.21"), D("78.2134")) == "both"
    assert conversion_fit(D("87.70"), D("87.7000")) == "both"
    assert conversion_fit(D("87.50"), D("87.7080")) is None


def test_rounding_convention_needs_consistent_evidence():
    from budget_audit.interval import rounding_convention
    assert rounding_convention(["truncate", "both", "truncate", None]) == "truncate"
    assert rounding_convention(["truncate"]) is None            # one pair is no convention
    assert rounding_convention(["truncate", "truncate", "round"]) is None   # mixed
    assert rounding_convention(["round", "both"]) == "round"
    assert rounding_convention([]) is None
