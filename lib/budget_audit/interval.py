"""XBRL Calculations 1.1 style interval arithmetic on printed values.

A value printed with ``d`` decimals stands for every exact value that rounds to it:
the closed interval ``[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]``.  A value known exactly (a count, a
computed sum of exact values) is the degenerate interval ``[v, v]``.

* ``printed(v, d)`` / ``Interval.exact(v)`` build intervals.
* ``a + b``, ``a - b``, ``-a``, ``a * k`` (``k`` a Decimal) and ``a / b`` follow interval
  arithmetic (``/`` needs a divisor interval that excludes 0).
* ``sum_intervals(items)`` sums a sequence.
* ``a.overlaps(b)`` is the consistency test: "a sum holds when the intervals overlap".
* ``ratio_percent(num, den)`` is the interval of ``num / den × 100``; a stated percentage
  printed with ``d`` decimals is ``printed(p, d)``; they are consistent when they overlap.
* ``round_half_up(v, d)``: documents round half-up (Python's ``round`` is half-even).
* ``conversion_fit(coarse, fine)``: how a coarse printed amount was made from a finer one
  (``"round"``, ``"truncate"``, ``"both"`` or None); ``rounding_convention(fits)`` is a
  document's convention learned from its own pairs.

Decimal throughout, never float, and no fixed tolerance anywhere: the width of every interval
comes from the decimals actually printed.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "Interval", "printed", "exact", "sum_intervals", "ratio_percent", "round_half_up",
    "half_unit", "decimals_of", "sum_consistent", "percent_consistent", "gap", "ulps_outside",
    "conversion_fit", "rounding_convention",
]

_PREC = 40


def _d(x) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float):
        raise TypeError("floats are not accepted; pass a Decimal or a str")
    return Decimal(x)


def half_unit(decimals: int) -> Decimal:
    """½·10⁻ᵈ."""
    return Decimal(5).scaleb(-int(decimals) - 1)


def decimals_of(value: Decimal) -> int:
    """Decimals as carried by a Decimal (``Decimal('59.90')`` → 2, ``Decimal('3')`` → 0)."""
    exp = _d(value).as_tuple().exponent
    return max(0, -int(exp)) if isinstance(exp, int) else 0


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero (the way documents round), keeping ``decimals`` places."""
    return _d(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    def __post_init__(self):
        object.__setattr__(self, "lo", _d(self.lo))
        object.__setattr__(self, "hi", _d(self.hi))
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    # constructors -------------------------------------------------------------------------
    @classmethod
    def exact(cls, value) -> Interval:
        v = _d(value)
        return cls(v, v)

    @classmethod
    def printed(cls, value, decimals: int | None = None) -> Interval:
        """The interval a printed value stands for (decimals default to the Decimal's own)."""
        v = _d(value)
        d = decimals_of(v) if decimals is None else int(decimals)
        h = half_unit(d)
        return cls(v - h, v + h)

    # arithmetic ---------------------------------------------------------------------------
    def __add__(self, other) -> Interval:
        o = _coerce(other)
        return Interval(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __sub__(self, other) -> Interval:
        return self + (-_coerce(other))

    def __rsub__(self, other) -> Interval:
        return _coerce(other) - self

    def __mul__(self, other) -> Interval:
        o = _coerce(other)
        with localcontext() as ctx:
            ctx.prec = _PREC
            products = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other) -> Interval:
        o = _coerce(other)
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError(f"divisor interval [{o.lo}, {o.hi}] contains 0")
        with localcontext() as ctx:
            ctx.prec = _PREC
            q = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi]
        return Interval(min(q), max(q))

    # relations ----------------------------------------------------------------------------
    def overlaps(self, other) -> bool:
        o = _coerce(other)
        return self.lo <= o.hi and o.lo <= self.hi

    def contains(self, value) -> bool:
        v = _d(value)
        return self.lo <= v <= self.hi

    def le(self, other) -> bool:
        """Possibly ≤: some value of self is ≤ some value of other."""
        return self.lo <= _coerce(other).hi

    @property
    def mid(self) -> Decimal:
        with localcontext() as ctx:
            ctx.prec = _PREC
            return (self.lo + self.hi) / 2

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo

    def __repr__(self) -> str:
        return f"Interval({self.lo}, {self.hi})"


def _coerce(x) -> Interval:
    if isinstance(x, Interval):
        return x
    return Interval.exact(x)


def printed(value, decimals: int | None = None) -> Interval:
    return Interval.printed(value, decimals)


def exact(value) -> Interval:
    return Interval.exact(value)


def sum_intervals(items: Iterable[Interval]) -> Interval:
    total = Interval.exact(0)
    for it in items:
        total = total + it
    return total


def ratio_percent(numerator: Interval, denominator: Interval) -> Interval:
    """Interval of ``numerator / denominator × 100``."""
    return (numerator / denominator) * Decimal(100)


def gap(a: Interval, b: Interval) -> Decimal:
    """Distance between two intervals (0 when they overlap)."""
    if a.overlaps(b):
        return Decimal(0)
    return b.lo - a.hi if a.hi < b.lo else a.lo - b.hi


def ulps_outside(stated: Interval, computed: Interval, decimals: int | None) -> Decimal:
    """How many units of a stated figure's last printed digit it lies outside the recomputed
    interval (0 when they overlap): how near a miss is (rules.yaml ``clear_miss``)."""
    return gap(stated, computed) / Decimal(1).scaleb(-(decimals or 0))


def sum_consistent(total: Interval, parts: Iterable[Interval]) -> bool:
    """A printed total is consistent with its printed parts when the intervals overlap."""
    return total.overlaps(sum_intervals(parts))


def percent_consistent(stated: Decimal, stated_decimals: int | None,
                       numerator: Interval, denominator: Interval) -> bool:
    """A stated percentage (printed with its decimals) against the ratio of two intervals."""
    return printed(stated, stated_decimals).overlaps(ratio_percent(numerator, denominator))


def conversion_fit(coarse: Decimal, fine: Decimal) -> str | None:
    """How ``coarse`` (printed with fewer decimals, e.g. 87.70 万元) was made from ``fine`` (an
    amount known to more decimals, e.g. 877,080 元 = 87.7080 万元): ``"round"`` (half-up
    only), ``"truncate"`` (only by cutting off), ``"both"`` (either) or None (neither: not
    the same amount)."""
    d = decimals_of(coarse)
    if decimals_of(fine.normalize()) <= d:
        return None if fine != coarse else "both"
    unit = Decimal(1).scaleb(-d)
    r = fine.quantize(unit, rounding=ROUND_HALF_UP) == coarse
    t = fine.quantize(unit, rounding=ROUND_DOWN) == coarse
    return "both" if r and t else "round" if r else "truncate" if t else None


def rounding_convention(fits: Iterable[str | None]) -> str | None:
    """A document's convention from the fits of its own amount pairs: ``"truncate"`` when at
    least two pairs fit only truncation and none fits only rounding, ``"round"`` when pairs fit
    only rounding and none only truncation, else None (mixed or no evidence)."""
    fits = list(fits)
    r, t = fits.count("round"), fits.count("truncate")
    if t >= 2 and r == 0:
        return "truncate"
    if r and not t:
        return "round"
    return None
