"""Results over a term: yearly series, compound growth, totals, mid-term pro rata, the outlook of a
term under way, and the summary line.

A term (nhiệm kỳ) is five years. Reviews judge a target over the years it covers:
- a growth target ("tăng bình quân 12 - 15%/năm") against the compound annual growth of the
  yearly levels, or of the yearly growth rates when only those were reported;
- a change target ("giảm tỷ lệ hộ nghèo bình quân 1,5%/năm") against the change of the yearly levels;
- a per-year count ("110 hộ/năm") against the yearly average;
- a term total ("25 đảng viên") against the cumulative sum, pro rata at mid-term (2,5 of 5 years);
- "hằng năm" ratings and "không để xảy ra" events against their worst year;
- a level or a rate against the latest year.

A term still under way gets no verdict but an outlook: the trend carried to the term's end
(compound growth for money, a straight line for counts, totals and shares), on track or at risk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from functools import cache

from .catalog import Direction
from .quantity import Unit, format_number
from .targets import Period, Shape, Target, TargetError, fold_text, target_words
from .verdicts import (
    TERM_YEARS,
    Evaluation,
    Outlook,
    Verdict,
    is_growth_target,
    judge,
    undetermined,
)

__all__ = [
    "TERM_YEARS",
    "MIDTERM_YEARS",
    "NO_TARGETS",
    "Summary",
    "average_growth",
    "average_of_growth_rates",
    "evaluate_series",
    "every_year",
    "kept_every_year",
    "level_to_reach",
    "pro_rata",
    "series_value",
    "summarise",
    "term_total",
    "yearly_average",
]

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
    return _compound(vals[0], vals[-1], Decimal(len(vals) - 1))


def _compound(first: Decimal, last: Decimal, years: Decimal) -> Decimal:
    if first <= 0 or last < 0:
        raise TargetError("Không tính được tăng trưởng từ giá trị 0 hoặc âm / growth from zero or negative")
    with localcontext() as ctx:
        ctx.prec = 34
        return (((last / first) ** (Decimal(1) / years)) - 1) * 100


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


def _change_of_levels(target: Target, years: list[int], levels: list[Decimal]) -> Decimal:
    """The change of yearly levels in the target's direction: per year, or over the whole span."""
    if target.period is None:
        raise TargetError(
            "Chỉ tiêu không nói rõ là mức tăng/giảm mỗi năm hay cả nhiệm kỳ, nên không tính được từ số liệu "
            "các năm / the target does not say whether the change is per year or over the term"
        )
    base_at = 0
    if target.shape == Shape.CHANGE_OVER_TERM and target.since is not None:
        if target.since not in years:
            # "so với năm 2025": without the 2025 level the change cannot be counted (never from another year)
            raise TargetError(
                f"Chưa có mức của năm {target.since}, năm chỉ tiêu lấy làm gốc để tính mức tăng/giảm "
                f"/ the level of {target.since}, the base of the change, is not stored"
            )
        base_at = years.index(target.since)
    if len(levels) - base_at < 2:
        raise TargetError("Cần mức của ít nhất hai năm để tính mức tăng/giảm / a change needs the levels of two years")
    first, last = levels[base_at], levels[-1]
    span = Decimal(years[-1] - years[base_at])
    sign = Decimal(1) if target.direction == Direction.HIGHER else Decimal(-1)
    if target.relative:
        if target.shape == Shape.CHANGE_PER_YEAR:
            return sign * _compound(first, last, span)
        if first <= 0:
            raise TargetError("Không tính được mức thay đổi từ giá trị 0 / change from zero")
        return sign * (last / first - 1) * 100
    change = (last - first) * sign
    return change / span if target.shape == Shape.CHANGE_PER_YEAR else change


def series_value(target: Target, yearly: Mapping[int, Decimal], *, levels: bool = False) -> Decimal:
    """The value a term's yearly results {year: value} give for the target, in the stored convention
    of its shape (docs/targets.md). Raises TargetError when the series cannot give one."""
    if not yearly:
        raise TargetError("Chưa có số liệu năm nào / no yearly figures")
    years = sorted(yearly)
    series = [Decimal(yearly[y]) for y in years]
    shape = target.shape
    if is_growth_target(target):
        return average_growth(series) if levels else average_of_growth_rates(series)
    if levels:
        raise TargetError("Chỉ tiêu không phải tốc độ tăng / the target is not a growth rate")
    if target.is_change:
        return _change_of_levels(target, years, series)
    if shape == Shape.PER_YEAR_COUNT or shape == Shape.OVER_PLAN:
        return yearly_average(series)
    if shape == Shape.TERM_TOTAL:
        return term_total(series)
    if shape == Shape.RATING_LEVEL:
        return min(series) if target.period == Period.YEAR else series[-1]
    if shape == Shape.ZERO:
        return max(series) if target.period == Period.YEAR else series[-1]
    if shape == Shape.YES_NO:
        if target.deadline is not None:
            return Decimal(int(any(v >= 1 for y, v in yearly.items() if y <= target.deadline)))
        if kept_every_year(target):
            return min(series)  # "giữ vững danh hiệu …": a year it was lost is not made up
        return series[-1]
    if level_to_reach(target):
        # "Thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm": the level the last year reached
        return series[-1]
    if every_year(target):
        # "Tai nạn giao thông không quá 3 vụ/năm", "hằng năm có từ 85% trở lên …": each year must meet
        # it, so the worst year is judged.
        return min(series) if target.direction == Direction.HIGHER else max(series)
    if target.period == Period.YEAR and shape in (Shape.BAND, Shape.AT_LEAST, Shape.RANGE, Shape.AT_MOST):
        # "tỷ suất sinh bình quân hằng năm 10-12‰": the yearly average is what is judged.
        return yearly_average(series)
    return series[-1]


def every_year(target: Target) -> bool:
    """A floor or a ceiling every year must keep ("mỗi năm kết nạp ít nhất 5 đảng viên", "không quá 3
    vụ/năm", "hằng năm có từ 85% trở lên"), as against a yearly average ("bình quân hằng năm") or a
    count per year with no floor ("kết nạp 10 đảng viên/năm", judged on its average)."""
    if target.period != Period.YEAR or target.shape not in (Shape.AT_LEAST, Shape.AT_MOST):
        return False
    if level_to_reach(target):
        return False
    return not re.search(r"bình quân|trung bình", target.text.lower())


def level_to_reach(target: Target) -> bool:
    """A level to reach by the term's end whose "/năm" is the unit's, not a period: an income or an
    output per head or per hectare ("Thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm", "Năng suất
    lúa đạt 6,5 tấn/ha/năm"), or a yearly amount due by a year ("đến năm 2030 đạt 6.000 tấn/năm"). Not
    when the phrase says every year ("hằng năm", "mỗi năm"): then each year, or their average, counts."""
    if target.period != Period.YEAR or target.shape not in (Shape.AT_LEAST, Shape.AT_MOST, Shape.RANGE):
        return False
    if target.unit in (Unit.PERCENT, Unit.PERMILLE) or target.is_change:
        return False
    low = fold_text(target.text).lower()
    if _every_year_pattern().search(low):
        return False
    per = [p.strip() for p in (target.per or "").split("/")]
    per_head_or_area = "người" in per or "ha" in per or "đầu người" in low
    return per_head_or_area or target.deadline is not None


@cache
def _every_year_pattern() -> re.Pattern:
    words = target_words()["every_year"]["words"]
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")


def kept_every_year(target: Target) -> bool:
    """A title to keep ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới"): every reported year must keep it,
    and it is settled only at the term's end."""
    if target.shape != Shape.YES_NO or target.deadline is not None:
        return False
    words = target_words()["yes_no"]["keep"]
    low = fold_text(target.text).lower()
    return bool(re.search(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])", low))


def evaluate_series(
    target: Target,
    yearly: Mapping[int, Decimal],
    *,
    levels: bool = False,
    years_elapsed: Decimal | None = None,
    span: tuple[int, int] | None = None,
    as_of: int | None = None,
) -> Evaluation:
    """Judge a target on its yearly results {year: value}.

    ``levels``: for a growth target, the values are yearly levels (giá trị sản xuất in đồng) and
    the base year must be included; otherwise they are the yearly growth rates in percent.
    ``years_elapsed``: for a mid-term review, term totals are compared pro rata.
    ``span`` (first, last year of the term) and ``as_of`` (the year the review is written): a term
    under way gets an outlook instead of a verdict, unless its result is already beyond doubt.
    """
    try:
        value = series_value(target, yearly, levels=levels)
    except TargetError as exc:
        return undetermined(str(exc))
    # a review in the term's last year before that year is reported: "as of 2030" with 2026-2029 is not over
    under_way = span is not None and as_of is not None and (as_of < span[1] or (as_of == span[1] > max(yearly)))
    if not under_way and target.shape == Shape.TERM_TOTAL and years_elapsed is not None:
        if Decimal(years_elapsed) < TERM_YEARS:
            return judge(replace(target, value=pro_rata(target.value, years_elapsed)), value)
    evaluation = judge(target, value)
    if not under_way or evaluation.verdict is None or _settled(target, evaluation, as_of):
        return evaluation
    assert span is not None
    return _outlook(target, yearly, span, value, evaluation, years_elapsed)


def _settled(target: Target, evaluation: Evaluation, as_of: int | None) -> bool:
    """A verdict no later year can change: a term total reached, a year already below a "hằng năm"
    rating, an event that "không để xảy ra" forbade, a title reached or its deadline passed."""
    met = evaluation.verdict in (Verdict.MET, Verdict.EXCEEDED)
    shape = target.shape
    if shape == Shape.TERM_TOTAL:
        return met
    if (shape in (Shape.RATING_LEVEL, Shape.ZERO) and target.period == Period.YEAR) or every_year(target):
        return not met  # a year that fell short cannot be made up
    if shape == Shape.YES_NO:
        if kept_every_year(target):
            return False  # a title to keep is kept only when the term is over
        return met or (target.deadline is not None and as_of is not None and target.deadline <= as_of)
    return False


def _outlook(
    target: Target,
    yearly: Mapping[int, Decimal],
    span: tuple[int, int],
    value: Decimal,
    current: Evaluation,
    years_elapsed: Decimal | None,
) -> Evaluation:
    years = sorted(yearly)
    series = [Decimal(yearly[y]) for y in years]
    shape = target.shape
    end = span[1]
    projected: Decimal | None
    if shape == Shape.TERM_TOTAL:
        # at mid-term, 2,5 of 5 years (DOMAIN.md): the same test as comparing with the share due
        elapsed = Decimal(years_elapsed) if years_elapsed else Decimal(len(years))
        projected = value / elapsed * TERM_YEARS
        basis = f"số đạt được sau {format_number(elapsed)} năm, tính cho cả {TERM_YEARS} năm"
    elif shape == Shape.CHANGE_OVER_TERM and len(years) >= 2:
        base = years.index(target.since) if target.since in years else 0
        done = years[-1] - years[base]
        projected = value * (end - years[base]) / done if done else None
        basis = "mức thay đổi đến nay, kéo dài đến cuối nhiệm kỳ"
    elif every_year(target):
        projected = value  # a floor or a ceiling of every year: the worst year so far
        basis = "năm kém nhất đã qua (chỉ tiêu phải đạt mỗi năm)"
    elif _averaged(target):
        projected = value
        basis = "bình quân các năm đã qua"
    elif shape in (Shape.YES_NO, Shape.RATING_LEVEL, Shape.ZERO):
        projected = None  # no trend to carry: the outlook is what the latest year shows
        basis = "kết quả năm gần nhất"
    elif len(years) >= 2:
        projected = _trend(target, years, series, end)
        basis = (
            "xu hướng tăng trưởng bình quân" if _compounds(target) else "xu hướng tuyến tính"
        ) + f" {years[0]}-{years[-1]}, tính đến năm {end}"
    else:
        projected = value
        basis = f"mức năm {years[-1]}, chưa đủ số liệu để tính xu hướng"
    if projected is None:
        on_track = True if current.verdict in (Verdict.MET, Verdict.EXCEEDED) else None
        if on_track is None and kept_every_year(target):
            on_track = False  # a title lost in a year of a term it must be kept through
    else:
        on_track = judge(target, projected).verdict in (Verdict.MET, Verdict.EXCEEDED)
    return Evaluation(
        None,
        current.completion_pct,
        current.result,
        outlook=Outlook(on_track, projected, basis),
        so_far=current.verdict,
    )


def _averaged(target: Target) -> bool:
    """Targets judged on an average of the years so far: the average is their forecast."""
    if level_to_reach(target):
        return False
    return (
        is_growth_target(target)
        or target.shape in (Shape.PER_YEAR_COUNT, Shape.CHANGE_PER_YEAR, Shape.OVER_PLAN)
        or (target.period == Period.YEAR and target.shape in (Shape.BAND, Shape.AT_LEAST, Shape.RANGE))
    )


def _compounds(target: Target) -> bool:
    """Money grows by a rate: its trend compounds. Counts, totals and shares follow a line."""
    return target.unit == Unit.VND


def _trend(target: Target, years: list[int], series: list[Decimal], end: int) -> Decimal:
    if _compounds(target) and series[0] > 0 and series[-1] > 0:
        growth = _compound(series[0], series[-1], Decimal(years[-1] - years[0]))
        with localcontext() as ctx:
            ctx.prec = 34
            return series[-1] * ((1 + growth / 100) ** (end - years[-1]))
    # least squares line through (year, value), read at the term's last year
    n = Decimal(len(years))
    xs = [Decimal(y) for y in years]
    mean_x = sum(xs) / n
    mean_y = sum(series) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, series, strict=True)) / sxx
    return mean_y + slope * (Decimal(end) - mean_x)


NO_TARGETS = "chưa có chỉ tiêu"


@dataclass(frozen=True)
class Summary:
    """ "đạt và vượt 9/10 chỉ tiêu": met counts met and exceeded; every target counts in total.

    ``in_progress``: targets of a term under way (``on_track`` of them on track); the rest of the
    total that has no verdict could not be judged (no figures, or not comparable).
    """

    met: int
    exceeded: int
    not_met: int
    total: int
    in_progress: int = 0
    on_track: int = 0
    # Targets judged on figures nobody approved yet (draft or submitted): counted, and said so.
    unapproved: int = 0

    @property
    def met_or_exceeded(self) -> int:
        return self.met + self.exceeded

    @property
    def unjudged(self) -> int:
        return self.total - self.met - self.exceeded - self.not_met - self.in_progress

    @property
    def line(self) -> str:
        if not self.total:  # "đạt và vượt 0/0 chỉ tiêu" reads as a result; there is none yet
            return NO_TARGETS
        text = f"đạt và vượt {self.met_or_exceeded}/{self.total} chỉ tiêu"
        if self.in_progress:
            text += f", {self.in_progress} chỉ tiêu đang thực hiện ({self.on_track} đúng tiến độ)"
        if self.unjudged:
            text += f", {self.unjudged} chỉ tiêu chưa đánh giá được"
        return text

    @property
    def unapproved_note(self) -> str:
        """ "2 chỉ tiêu tính từ số liệu chưa duyệt": the mark of a count that rests on figures nobody
        approved yet (drafts, or submitted and waiting), or "". Said next to the line (pages) or after
        it (reports, the API's ``unapproved_note``); the line itself is the count."""
        return f"{self.unapproved} chỉ tiêu tính từ số liệu chưa duyệt" if self.unapproved else ""

    @property
    def breakdown(self) -> str:
        """ "vượt 0, đạt 0, chưa đạt 1, chưa đánh giá được 3": every target in one part, so the
        parts add up to the total (the targets with no verdict are counted, not left out)."""
        if not self.total:
            return NO_TARGETS
        parts = [f"vượt {self.exceeded}", f"đạt {self.met}", f"chưa đạt {self.not_met}"]
        if self.in_progress:
            parts.append(f"đang thực hiện {self.in_progress}")
        if self.unjudged:
            parts.append(f"chưa đánh giá được {self.unjudged}")
        return ", ".join(parts)


def summarise(items: Iterable[Verdict | Evaluation | None]) -> Summary:
    """The summary of verdicts, or of evaluations (which also count the targets under way)."""
    counts = {Verdict.MET: 0, Verdict.EXCEEDED: 0, Verdict.NOT_MET: 0}
    total = in_progress = on_track = 0
    for item in items:
        total += 1
        if isinstance(item, Evaluation):
            if item.in_progress:
                in_progress += 1
                on_track += bool(item.outlook and item.outlook.on_track)
            item = item.verdict
        if item is not None:
            counts[Verdict(item)] += 1
    return Summary(counts[Verdict.MET], counts[Verdict.EXCEEDED], counts[Verdict.NOT_MET], total, in_progress, on_track)
