"""Results over a term: yearly series, compound growth, totals, mid-term pro rata, the summary line.

A term (nhiệm kỳ) is five years. Reviews judge a target over the years it covers:
- a growth target ("tăng bình quân 12 - 15%/năm") against the compound annual growth of the
  yearly levels, or of the yearly growth rates when only those were reported;
- a per-year count ("110 hộ/năm") against the yearly average;
- a term total ("25 đảng viên") against the cumulative sum, pro rata at mid-term (2,5 of 5 years);
- a level or a rate against the latest year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from .catalog import get_indicator
from .quantity import Unit
from .targets import Evaluation, Period, Shape, Target, TargetError, Verdict, evaluate

__all__ = [
    "TERM_YEARS",
    "MIDTERM_YEARS",
    "Summary",
    "average_growth",
    "average_of_growth_rates",
    "evaluate_series",
    "is_growth_target",
    "pro_rata",
    "summarise",
    "term_total",
    "yearly_average",
]

TERM_YEARS = Decimal(5)
MIDTERM_YEARS = Decimal("2.5")  # "sơ kết giữa nhiệm kỳ": two and a half years of five


def _values(values: Iterable[Decimal]) -> list[Decimal]:
    out = [Decimal(v) for v in values]
    if not out:
        raise TargetError("Chưa có số liệu năm nào / no yearly figures")
    return out


def average_growth(levels: Sequence[Decimal]) -> Decimal:
    """Compound annual growth, in percent, of yearly levels: (last / first)^(1/(n-1)) - 1.

    The levels are consecutive years; the first is the base year (usually the year before the term).
    """
    vals = _values(levels)
    if len(vals) < 2:
        raise TargetError("Cần ít nhất hai năm để tính tăng bình quân / growth needs two years")
    if vals[0] <= 0 or vals[-1] < 0:
        raise TargetError("Không tính được tăng trưởng từ giá trị 0 hoặc âm / growth from zero or negative")
    with localcontext() as ctx:
        ctx.prec = 34
        ratio = vals[-1] / vals[0]
        years = Decimal(len(vals) - 1)
        return ((ratio ** (Decimal(1) / years)) - 1) * 100


def average_of_growth_rates(rates: Sequence[Decimal]) -> Decimal:
    """Average yearly growth in percent from the yearly growth rates: the geometric mean of (1 + g)."""
    vals = _values(rates)
    with localcontext() as ctx:
        ctx.prec = 34
        product = Decimal(1)
        for g in vals:
            factor = 1 + g / 100
            if factor <= 0:
                raise TargetError("Tốc độ tăng trưởng không hợp lệ (≤ -100%) / growth rate at or below -100%")
            product *= factor
        return (product ** (Decimal(1) / len(vals)) - 1) * 100


def term_total(values: Iterable[Decimal]) -> Decimal:
    return sum(_values(values), Decimal(0))


def yearly_average(values: Iterable[Decimal]) -> Decimal:
    vals = _values(values)
    return sum(vals, Decimal(0)) / len(vals)


def pro_rata(term_value: Decimal, years_elapsed: Decimal = MIDTERM_YEARS) -> Decimal:
    """The share of a term total due after ``years_elapsed`` of the five years."""
    return Decimal(term_value) * Decimal(years_elapsed) / TERM_YEARS


def evaluate_series(
    target: Target,
    yearly: Mapping[int, Decimal],
    *,
    levels: bool = False,
    years_elapsed: Decimal | None = None,
) -> Evaluation:
    """Judge a target on its yearly results {year: value}.

    ``levels``: for a growth target, the values are yearly levels (giá trị sản xuất in đồng) and
    the base year must be included; otherwise they are the yearly growth rates in percent.
    ``years_elapsed``: for a mid-term review, term totals are compared pro rata.
    """
    if not yearly:
        raise TargetError("Chưa có số liệu năm nào / no yearly figures")
    series = [Decimal(yearly[y]) for y in sorted(yearly)]
    if levels:
        if not is_growth_target(target):
            raise TargetError("Chỉ tiêu không phải tốc độ tăng / the target is not a growth rate")
        return evaluate(target, average_growth(series))
    if is_growth_target(target):
        return evaluate(target, average_of_growth_rates(series))
    if target.shape == Shape.PER_YEAR_COUNT:
        return evaluate(target, yearly_average(series))
    if target.shape == Shape.TERM_TOTAL:
        total = term_total(series)
        if years_elapsed is not None and Decimal(years_elapsed) < TERM_YEARS:
            return evaluate(replace(target, value=pro_rata(target.value, years_elapsed)), total)
        return evaluate(target, total)
    if target.period == Period.YEAR and target.shape in (Shape.BAND, Shape.AT_LEAST, Shape.RANGE):
        # "tỷ suất sinh bình quân hằng năm 10-12‰": the yearly average is what is judged.
        return evaluate(target, yearly_average(series))
    return evaluate(target, series[-1])


def is_growth_target(target: Target) -> bool:
    """A target on a growth rate: "tăng bình quân 12 - 15%/năm", "tốc độ tăng trưởng 8%"."""
    if target.unit != Unit.PERCENT:
        return False
    if target.shape == Shape.AVERAGE_GROWTH:
        return True
    if target.indicator and get_indicator(target.indicator).growth_of:
        return True
    text = target.text.lower()
    return target.shape == Shape.RANGE and ("tăng" in text or "tốc độ" in text)


@dataclass(frozen=True)
class Summary:
    """ "đạt và vượt 9/10 chỉ tiêu": met counts met and exceeded; unjudged targets count in total."""

    met: int
    exceeded: int
    not_met: int
    total: int

    @property
    def met_or_exceeded(self) -> int:
        return self.met + self.exceeded

    @property
    def line(self) -> str:
        return f"đạt và vượt {self.met_or_exceeded}/{self.total} chỉ tiêu"


def summarise(verdicts: Iterable[Verdict | None]) -> Summary:
    counts = {Verdict.MET: 0, Verdict.EXCEEDED: 0, Verdict.NOT_MET: 0}
    total = 0
    for v in verdicts:
        total += 1
        if v is not None:
            counts[Verdict(v)] += 1
    return Summary(counts[Verdict.MET], counts[Verdict.EXCEEDED], counts[Verdict.NOT_MET], total)
