"""Verdicts: a result judged against a target, the way the Party's review reports judge it.

``read_actual`` reads a result as reports write it ("11,74%", "giảm 1,2%", "còn 3 hộ nghèo",
"bằng 110% kế hoạch", "4/6 thôn", "giữ vững", "hoàn thành xuất sắc nhiệm vụ", "-2,6%");
``evaluate`` gives the verdict (đạt, vượt, chưa đạt) and the completion percentage, or an honest
"không xác định được" with the reason when the result cannot be compared with the target. Never a
wrong verdict: where a reading could go two ways, there is no verdict.

The rules, shape by shape, are written down in docs/targets.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from functools import cache

from .catalog import Direction, get_indicator
from .quantity import (
    MEASURES,
    Hedge,
    Quantity,
    QuantityError,
    Unit,
    format_number,
    format_quantity,
    parse_quantity,
    unit_name,
)
from .targets import (
    Period,
    Shape,
    Target,
    TargetError,
    _find_quantity,
    check_phrase,
    figure_subjects,
    find_figures,
    fold_text,
    format_target,
    governing_verb,
    per_base,
    rating_level,
    rating_name,
    reads_phrase,
    target_words,
    word_patterns,
)

__all__ = [
    "Actual",
    "ActualKind",
    "Evaluation",
    "IN_PROGRESS_LABEL",
    "Outlook",
    "UNDETERMINED_LABEL",
    "VERDICT_LABELS",
    "Verdict",
    "describe",
    "evaluate",
    "implied_target_value",
    "is_growth_target",
    "judge",
    "measured_value",
    "read_actual",
    "round_pct",
    "show_result",
    "show_stored",
    "undetermined",
]

TERM_YEARS = Decimal(5)


class Verdict(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    NOT_MET = "not_met"


VERDICT_LABELS = {Verdict.MET: "đạt", Verdict.EXCEEDED: "vượt", Verdict.NOT_MET: "chưa đạt"}
UNDETERMINED_LABEL = "không xác định được"
IN_PROGRESS_LABEL = "đang thực hiện"


class ActualKind(StrEnum):
    BARE = "bare"  # a figure no word qualifies: "11,74%"
    LEVEL = "level"  # the level reached: "còn 2,1%", "đạt 8,1%"
    CHANGE = "change"  # a change, signed (a fall is negative): "giảm 1,2%", "tăng 5 doanh nghiệp"
    PLAN_PCT = "plan_pct"  # a share of the plan: "bằng 110% kế hoạch" (110), "vượt 10% kế hoạch" (110)
    YES_NO = "yes_no"  # 1 or 0: "giữ vững", "không đạt"
    RATING = "rating"  # 4 (HTXSNV) … 1 (KHTNV)


@dataclass(frozen=True)
class Actual:
    """A result as read from its phrase: the figure and what kind of figure it is."""

    value: Decimal
    unit: Unit
    kind: ActualKind = ActualKind.BARE
    of: Decimal | None = None  # "4/6 thôn"
    years: Decimal | None = None  # "45 đảng viên trong nhiệm kỳ": a total over that many years
    year: int | None = None  # "đạt năm 2021"
    counted: str | None = None
    other_unit: str | None = None
    text: str = ""
    per: str | None = None  # "285 triệu đồng/ha": what the figure is per, other than the year
    yearly: bool = False  # "10 đảng viên/năm", "bình quân 320 lao động/năm": a figure of each year
    # The same result in the other form, in brackets: "12 hộ (1,2%)", "1,2% (12 hộ)".
    alt: Quantity | None = None
    relative: bool = False  # a change in percent of the level ("bằng 95% so với cùng kỳ"), not in points
    # The result's own bound: "dưới 1%", "trên 85%", "không quá 3 vụ", "ít nhất 10 đảng viên". The figure is
    # the bound; the value lies beyond it (chitieu.core.verdicts.evaluate judges every value it allows).
    hedge: Hedge | None = None
    part_year: str | None = None  # "06 tháng đầu năm": a result for part of the year only
    # A result with several figures: the words its figure is about, and the other figures, each read
    # with the words of its own clause (chitieu.core.verdicts.evaluate judges the one the target names).
    clause: str = ""
    others: tuple[Actual, ...] = ()

    @classmethod
    def of_quantity(cls, q: Quantity, kind: ActualKind = ActualKind.BARE, **extra) -> Actual:
        counted = q.counted
        if q.per and (q.per[0].isdigit() or (q.unit == Unit.COUNT and q.per != "năm")):
            counted = f"{counted or ''}/{q.per}"  # "17,2 doanh nghiệp/1.000 dân", "32 giường/vạn dân": ratios
        if q.of is not None and per_base(q.value, q.of):
            counted, q = f"/{format_number(q.of)}" + (f" {q.counted}" if q.counted else ""), replace(q, of=None)
        per = q.per if q.per and q.per != "năm" and not q.per[0].isdigit() else None
        hedge = q.hedge if q.hedge in _BOUNDS and q.value_max is None and q.of is None else None
        extra = {"hedge": hedge, **extra}
        return cls(
            value=q.value, unit=q.unit, kind=kind, of=q.of, counted=counted, other_unit=q.other_unit, per=per, **extra
        )


# The hedges that bound a result on one side ("gần 10" is a little under 10); "khoảng" is taken at its figure.
_BOUNDS = (Hedge.MORE_THAN, Hedge.LESS_THAN, Hedge.AT_LEAST, Hedge.AT_MOST, Hedge.NEARLY)
# A bound on a figure whose sign is turned: "giảm trên 3%" is a change below -3.
_FLIPPED = {
    Hedge.MORE_THAN: Hedge.LESS_THAN,
    Hedge.LESS_THAN: Hedge.MORE_THAN,
    Hedge.AT_LEAST: Hedge.AT_MOST,
    Hedge.AT_MOST: Hedge.AT_LEAST,
}
# "trên 68 triệu đồng": a report that reached far more would write the larger figure; a bound from
# above is read up to a quarter beyond it. ("dưới 2%" may be anything below: ceilings are restated.)
_ABOVE_A_BOUND = Decimal("1.25")
# "gần 18,6 tỷ đồng": a little under, within a tenth of it.
_NEARLY = Decimal("0.9")


@dataclass(frozen=True)
class Outlook:
    """Where a target of a term under way is heading: the trend carried to the term's end."""

    on_track: bool | None  # None: the figures so far cannot tell
    projected: Decimal | None  # the value the trend reaches at the term's end
    basis: str = ""  # how it was projected, in Vietnamese

    @property
    def label(self) -> str:
        if self.on_track is None:
            return IN_PROGRESS_LABEL
        return f"{IN_PROGRESS_LABEL}, {'đúng tiến độ' if self.on_track else 'có nguy cơ không đạt'}"


@dataclass(frozen=True)
class Evaluation:
    verdict: Verdict | None  # None: undetermined, or a term still under way (``outlook``)
    completion_pct: Decimal | None  # exact; use round_pct() to show it
    result: Decimal | None  # the value that was judged (a yearly fall for a change target …)
    reason: str = ""  # why there is no verdict
    outlook: Outlook | None = None  # a term under way: on track or at risk
    note: str = ""  # a remark on a verdict ("đạt năm 2021, sau thời hạn năm 2020")
    # A term under way: the verdict its figures give so far (3,5% against "dưới 3%" is not met yet).
    # What a claim in a document is checked against; never printed as the target's verdict.
    so_far: Verdict | None = None

    @property
    def label(self) -> str:
        if self.verdict is not None:
            return VERDICT_LABELS[self.verdict]
        return self.outlook.label if self.outlook else UNDETERMINED_LABEL

    @property
    def in_progress(self) -> bool:
        return self.verdict is None and self.outlook is not None


def undetermined(reason: str, result: Decimal | None = None) -> Evaluation:
    return Evaluation(None, None, result, reason=reason)


class _Undetermined(Exception):
    """Raised inside the rules: the result cannot be compared with the target."""


def round_pct(pct: Decimal | None, places: int = 2) -> Decimal | None:
    """Round a percentage the way reports print it: 119,0909… -> 119,09 (half up)."""
    if pct is None:
        return None
    with localcontext() as ctx:  # quantize needs every digit in the precision: 10^30% is no error
        ctx.prec = max(ctx.prec, pct.adjusted() + places + 2)
        return pct.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- reading a result -----------------------------------------------------------------------

_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_TERM_SPAN = re.compile(r"(?:trong|cả|suốt|toàn)\s+nhiệm kỳ|cả giai đoạn|trong giai đoạn|\bnhiệm kỳ\b")
_N_YEARS = re.compile(r"(?:trong|sau|qua)\s+(\d+)\s+năm")
_PLAN_AFTER = re.compile(r"\s*(?:so với\s+)?(?:kế hoạch|kh\b|dự toán|chỉ tiêu|nghị quyết|nq\b)")
# A figure in a result: a number with a unit, or a bare number that is not a year.
# Possessive and anchored at a number's start: a search over a long run of digits is linear, not
# quadratic (each start used to read the rest of the run, then give it back).
_FIGURE = re.compile(r"(?<![\d.,])\d[\d.,]*+\s*+(?:%|‰|/|đồng|triệu|tỷ)")
_BARE_NUMBER = re.compile(r"(?<![\w/])\d+(?!\d)(?!\s*/)")


# A result for part of a year: "06 tháng đầu năm", "9 tháng", "quý I", "nửa đầu năm".
_PART_YEAR = re.compile(
    r"(?<![\w])(?:(?:0?[1-9]|1[01]|sáu|chín|ba)\s+tháng(?!\s*tuổi)(?:\s+đầu\s+năm)?"
    r"|quý\s+(?:i{1,3}|iv|[1-4])(?![\w])|nửa đầu năm|sáu tháng)(?![\w])"
)


def _starts_with(low: str, phrases: list[str]) -> str | None:
    for p in sorted(phrases, key=len, reverse=True):
        if low == p or low.startswith(p + " ") or low.startswith(p + ","):
            return p
    return None


def _ends_with(before: str, phrases: list[str]) -> bool:
    return bool(re.search(r"(?<![\w])(?:" + "|".join(map(re.escape, phrases)) + r")\s*$", before))


@reads_phrase
def read_actual(text: str) -> Actual:
    """Read a result phrase. Raises TargetError when nothing in it can be read as a result."""
    if not isinstance(text, str) or not text.strip():
        raise TargetError("Kết quả trống / empty result")
    check_phrase(text, "Kết quả")
    s = fold_text(text)
    part_year = _PART_YEAR.search(s.lower())
    if part_year:  # "06 tháng đầu năm kết nạp 6 đảng viên": the period is no figure of the result
        s = fold_text(s[: part_year.start()] + " " + s[part_year.end() :])
    low = s.lower().strip(" .;")
    has_figure = bool(_FIGURE.search(low) or _BARE_NUMBER.search(_YEAR_IN.sub(" ", low)))
    worded = _worded_actual(low, text, has_figure)
    if worded is not None:
        return replace(worded, part_year=part_year.group()) if part_year else worded
    try:
        q, start, end = _find_quantity(s)
    except TargetError:
        q = None
    except QuantityError as exc:
        raise TargetError(str(exc)) from None
    if q is None:
        worded = _worded_actual(low, text, has_figure=False, last_resort=True)
        if worded is not None:
            return worded
        raise TargetError(f"Không đọc được kết quả: {text!r} / the result cannot be read")
    first = _read_figure(q, s, start, end, s[:start].lower(), s[end:].lower(), text)
    actual = _with_parts(first, s, start, end)
    if part_year:
        mark = {"part_year": part_year.group()}
        actual = replace(actual, others=tuple(replace(a, **mark) for a in actual.others), **mark)
    return actual


def _read_figure(q: Quantity, s: str, start: int, end: int, before: str, after: str, text: str) -> Actual:
    shown = s[start:end].lower()
    if q.hedge == Hedge.AT_LEAST and shown.startswith("từ") and "trở lên" not in shown:
        q = replace(q, hedge=None)  # "tăng từ 8,5%": where a change starts, not a floor
    if q.hedge == Hedge.AT_LEAST and q.counted and rating_level(q.counted) is not None:
        q = replace(q, hedge=None)  # "88% đảng viên hoàn thành tốt nhiệm vụ trở lên": the rating's "trở lên"
    return _figure_actual(q, before, after, text)


_PART_CUT = re.compile(r";|,\s|:\s|\strong đó\s|\.\s|[()]")
_CLAUSE_END = re.compile(r";|,\s|:\s|\strong đó\s|\.\s")


@cache
def _restated() -> re.Pattern:
    """A figure after these words in its clause is the target written beside a result, not a result."""
    words = target_words()["parts"]["target_restated"]
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])[^\d,;()]{0,30}$")


def _with_parts(first: Actual, s: str, start: int, end: int) -> Actual:
    """A result with several figures ("tỷ lệ hộ nghèo còn 0,8%, hộ cận nghèo còn 2,5%", "ước đạt 315 tỷ
    đồng, tăng 12,3% so với cùng kỳ"): each figure read with the words of its own clause, the others kept
    beside the first (``others``) with what each is about (``clause``). A figure in brackets that gives
    the same result in another form ("12 hộ (1,2%)") is no part of its own."""
    low = s.lower()
    figures = find_figures(s)
    if len(figures) < 2 or figures[0][1] != start:
        return replace(first, clause=low)
    parts: list[tuple[Actual, int, int]] = []
    skip_until = -1
    for i, (q, f_start, f_end) in enumerate(figures):
        if f_start < skip_until:
            continue
        if i == 0:
            actual = first
        else:
            prev_end = parts[-1][2]
            cut = _PART_CUT.search(low, f_end)
            clause_end = _CLAUSE_END.search(low, f_end)  # "giảm 1 vụ (10%) so với năm trước" keeps its bracket
            own = s[prev_end : cut.start() if cut else len(s)].strip(" ,;:()")
            if _restated().search(low, prev_end, f_start):
                continue  # "(mục tiêu đại hội là 90%)": the target written beside the result
            after = low[f_end : clause_end.start() if clause_end else len(s)]
            actual = _read_figure(q, s, f_start, f_end, low[prev_end:f_start], after, own)
        parts.append((actual, f_start, f_end))
        bracket = re.match(r"\s*\([^()]*\)", s[f_end:])
        if actual.alt is not None and bracket:
            skip_until = f_end + bracket.end()
    if len(parts) < 2:
        return replace(first, clause=low)
    subjects = figure_subjects(low, [(a, b) for _, a, b in parts], result=True)
    actuals = [replace(a, clause=subject) for (a, _, _), subject in zip(parts, subjects, strict=True)]
    if any(a.kind == ActualKind.CHANGE for a in actuals):
        # "tỷ lệ hộ nghèo 1,5%, giảm 0,5% so với năm trước": beside a stated change, a bare figure is the level
        actuals = [replace(a, kind=ActualKind.LEVEL) if a.kind == ActualKind.BARE else a for a in actuals]
    return replace(actuals[0], others=tuple(actuals[1:]))


def _worded_actual(low: str, text: str, has_figure: bool, last_resort: bool = False) -> Actual | None:
    """A result said in words: none left, no change, a yes or a no, a rating (the worst of several)."""
    words = target_words()
    rx = word_patterns()
    year_m = _YEAR_IN.search(low)
    year = int(year_m.group(1)) if year_m else None
    if last_resort:
        level = rating_level(low)
        if level is not None:
            return Actual(Decimal(level), Unit.RATING, ActualKind.RATING, year=year, text=text)
        yes = _starts_with(low, words["yes_no"]["yes"]) or low in words["yes_no"]["yes_alone"]
        if yes or rx["yes_no"].search(low):
            return Actual(Decimal(1), Unit.YES_NO, ActualKind.YES_NO, year=year, text=text)
        return None
    zero = (
        rx["zero_event"].match(low)
        or rx["zero_state"].match(low)
        or re.match(r"(?:hết|(?:đã )?(?:xóa|xoá) hết)(?![\w])", low)
    )
    if not zero and not has_figure:
        zero = rx["zero_event"].search(low) or rx["zero_state"].search(low)  # "cuối nhiệm kỳ không còn hộ nghèo"
    if zero:
        return Actual(Decimal(0), Unit.COUNT, ActualKind.LEVEL, text=text)
    if not has_figure and any(p in low for p in words["result"]["unchanged"]):
        return Actual(Decimal(0), Unit.COUNT, ActualKind.CHANGE, text=text)  # "bằng năm trước"
    no = _starts_with(low, words["yes_no"]["no"]) or (low if low in words["yes_no"]["no_alone"] else None)
    if not no and not _FIGURE.search(low):
        # "năm 2028 xã không đạt tiêu chí …": a no anywhere in a sentence with no figure of its own
        found = rx["yes_no_no"].search(low)
        no = found.group() if found else None
    if no and not re.search(re.escape(no) + r"\s*\d", low):
        return Actual(Decimal(0), Unit.YES_NO, ActualKind.YES_NO, year=year, text=text)
    ratings = [words["rating"][m.group()] for m in rx["rating"].finditer(low)]
    if len(ratings) > 1 and not re.search(r"\d\s*%", low):
        # "4 năm hoàn thành xuất sắc nhiệm vụ, 1 năm hoàn thành tốt nhiệm vụ": the worst year counts
        return Actual(Decimal(min(ratings)), Unit.RATING, ActualKind.RATING, year=year, text=text)
    return None


def _figure_actual(q: Quantity, before: str, after: str, text: str) -> Actual:
    """A figure and the words around it: a level, a change, a share of the plan, a total of years."""
    words = target_words()["result"]
    if re.search(r"(?:^|\s)(?:-|âm)\s*$", before) and q.value > 0:
        q = replace(q, value=-q.value)  # "tăng trưởng âm 1,5%", "- 2,6%" split from its number
    years = None
    if _TERM_SPAN.search(after) or _TERM_SPAN.search(before):
        years = TERM_YEARS
    n_years = _N_YEARS.search(after) or _N_YEARS.search(before)
    if n_years:
        years = Decimal(n_years.group(1))
    yearly = q.per == "năm" or bool(re.search(r"(?:mỗi năm|hằng năm|hàng năm|bình quân)\s*$|/\s*năm", before))
    yearly = yearly or bool(re.match(r"\s*/\s*năm|\s*(?:mỗi|một) năm", after))
    extra = {"years": years, "text": text, "yearly": yearly}
    bracket = re.match(r"\s*\(\s*([^()]{1,40})\)", after)
    if bracket:
        try:
            alt = parse_quantity(bracket.group(1))
        except QuantityError:
            alt = None
        if alt is not None and alt.unit != q.unit:
            extra["alt"] = alt
    ratio = re.match(r"\s*so (?:với )?(?:cùng kỳ|năm trước|năm ngoái|năm \d{4}|đầu nhiệm kỳ)", after)
    if q.unit == Unit.PERCENT and ratio and governing_verb(before) is None and q.value > 0:
        # "bằng 95% so với cùng kỳ", "110% so với năm 2025": the level over the year named, a change of -5, +10
        changed = replace(q, value=q.value - 100)
        return Actual.of_quantity(changed, ActualKind.CHANGE, relative=True, **extra)
    if q.unit == Unit.PERCENT and q.counted and _PLAN_AFTER.match(" " + q.counted):
        after, q = " " + q.counted + after, replace(q, counted=None)  # "98% kế hoạch" read as one noun
    if q.unit == Unit.PERCENT and not _PLAN_AFTER.match(after) and re.search(r"(?<![\w])vượt\s*$", before):
        after = " kế hoạch" + after  # "vượt 7%": beyond the plan by 7%
    if q.unit == Unit.PERCENT and _PLAN_AFTER.match(after):
        value = q.value
        if _ends_with(before, words["above_plan"]):
            value = 100 + value  # "vượt 10% kế hoạch" is 110% of it
        elif _ends_with(before, words["below_plan"]):
            value, q = 100 - value, replace(q, hedge=_FLIPPED.get(q.hedge))
        return Actual.of_quantity(replace(q, value=value), ActualKind.PLAN_PCT, **extra)
    if word_patterns()["flow"].search(before[-30:]):
        return Actual.of_quantity(q, ActualKind.CHANGE, **extra)  # "thành lập mới 40 doanh nghiệp"
    verb = governing_verb(before)
    if verb and not verb[1] and q.unit != Unit.TIMES:  # "tăng gấp 1,6 lần" is a ratio, not a change
        if verb[0] == "down":  # a fall is negative: "giảm trên 3%" is below -3
            q = replace(q, value=-abs(q.value), hedge=_FLIPPED.get(q.hedge) if q.value > 0 else q.hedge)
        return Actual.of_quantity(q, ActualKind.CHANGE, **extra)
    if verb or _ends_with(before, words["level_before"]):
        return Actual.of_quantity(q, ActualKind.LEVEL, **extra)
    return Actual.of_quantity(q, ActualKind.BARE, **extra)


# --- judging --------------------------------------------------------------------------------


def is_growth_target(target: Target) -> bool:
    """A target on a growth rate: "tăng bình quân 12 - 15%/năm", "tốc độ tăng trưởng 8%"."""
    if target.unit != Unit.PERCENT:
        return False
    if target.shape == Shape.AVERAGE_GROWTH:
        return True
    if target.shape not in (Shape.AT_LEAST, Shape.RANGE):
        return False
    if target.indicator and get_indicator(target.indicator).growth_of:
        return True
    text = target.text.lower()
    return target.shape == Shape.RANGE and ("tăng" in text or "tốc độ" in text)


def _unit_text(unit: Unit) -> str:
    return unit_name(unit)


def _shown(actual: Actual) -> str:
    if actual.kind == ActualKind.YES_NO:
        return "đạt" if actual.value else "không đạt"
    if actual.kind == ActualKind.RATING:
        return rating_name(actual.value)
    return actual.text.strip() or format_quantity(
        Quantity(actual.value, actual.unit, of=actual.of, counted=actual.counted, other_unit=actual.other_unit)
    )


def _check_unit(target: Target, actual: Actual, unit: Unit | None = None) -> None:
    """The result must be in the target's unit; a bare number is taken in it, but never for money.
    A result per something ("285 triệu đồng/ha") compares only with a target per the same thing."""
    target_per = target.per or (target.counted.split("/", 1)[1] if target.counted and "/" in target.counted else None)
    if actual.per and _per_part(actual.per) != _per_part(target_per):
        raise _Undetermined(
            f"Kết quả tính trên {actual.per}, chỉ tiêu {'tính trên ' + target_per if target_per else 'không ghi'}: "
            f"không so được / the result is per {actual.per}, the target is not"
        )
    unit = unit or target.unit
    if actual.unit == unit:
        return
    bare = actual.unit == Unit.COUNT and actual.counted is None and actual.of is None
    if bare and unit == Unit.VND:
        raise _Undetermined(
            f"Kết quả '{_shown(actual)}' không ghi đơn vị tiền (đồng, triệu đồng, tỷ đồng) "
            f"/ give the money unit, e.g. 124.857 triệu đồng"
        )
    if bare and unit not in (Unit.YES_NO, Unit.RATING):
        return
    if actual.unit == Unit.COUNT and unit == Unit.OTHER:
        return
    raise _Undetermined(
        f"Kết quả '{_shown(actual)}' ({_unit_text(actual.unit)}) không so được với chỉ tiêu "
        f"({_unit_text(unit)}) / result unit {actual.unit} does not compare with target unit {unit}"
    )


def _of_the_plan(target: Target) -> bool:
    """A target that is itself a share of the plan: "đạt 110% dự toán trở lên", "100% chỉ tiêu giao"."""
    if target.counted and re.match(r"(?:so với\s+)?(?:kế hoạch|dự toán|chỉ tiêu|kh\b)", target.counted):
        return True
    return bool(
        re.search(r"%\s*(?:trở lên\s+)?(?:so với\s+)?(?:kế hoạch|dự toán|chỉ tiêu)", fold_text(target.text).lower())
    )


def _per_part(per: str | None) -> str:
    """ "người/năm" -> "người": the year is the period, not the unit."""
    parts = [re.sub(r"^(?:1|một)\s+", "", p.strip()) for p in (per or "").split("/") if p.strip()]
    words = [p.split()[0] for p in parts if p]  # "giường/1 vạn dân" is per "vạn", as "giường/vạn dân"
    # the year, the month (converted before) and the crop ("65 tạ/ha/vụ" is a yield per hectare) are periods
    return "/".join(w for w in words if w not in ("năm", "tháng", "vụ"))


def _guard_magnitude(target: Target, value: Decimal) -> None:
    """A result hundreds of times the target (or the reverse) is a misread number, not a result:
    "3,098 tấn" read the Vietnamese way against "3.150 tấn", money typed without its scale."""
    if target.value > 0 and value > 0 and (value / target.value >= 200 or target.value / value >= 200):
        raise _Undetermined(
            f"Kết quả ({format_number(value)}) gấp hàng trăm lần hoặc chỉ bằng một phần vài trăm chỉ tiêu "
            f"({format_number(target.value)}): cần kiểm tra lại cách viết số hoặc đơn vị "
            f"/ the result and the target differ a hundredfold: check how the numbers are written"
        )


_NEEDS_LEVEL = (
    "Kết quả '{shown}' là mức tăng/giảm, chỉ tiêu là mức cần đạt: cần mức đạt được "
    "/ the result is a change, the target a level"
)


# A target that leaves something out, and a result that counts it in, count different things.
_EXCLUDES = re.compile(r"(?<![\w])(?:đã trừ|không kể|không tính|ngoại trừ|trừ)(?![\w])")
_INCLUDES = re.compile(r"(?<![\w])(?:kể cả|bao gồm cả|tính cả)(?![\w])")

# Targets of a level or an amount, where a result a hundredfold off is a misread number. (Not totals:
# a term's first year may well be a small part of its total.)
_LEVELS = (Shape.AT_LEAST, Shape.AT_MOST, Shape.RANGE, Shape.PLAN_AMOUNT)


_HECTARE = ("area", Decimal(10_000))


def _in_measure(target: Target, actual: Actual) -> Actual:
    """A result in another measure of the same kind, converted: "6,6 tấn/ha" against "65 tạ/ha",
    "500.000 m²" against "50 ha"."""
    if target.unit == Unit.HECTARE and actual.unit == Unit.OTHER and MEASURES.get(actual.other_unit) is not None:
        have = MEASURES[actual.other_unit]
        if have[0] == _HECTARE[0]:
            return replace(actual, value=actual.value * have[1] / _HECTARE[1], unit=Unit.HECTARE, other_unit=None)
    if actual.unit == Unit.HECTARE and target.unit == Unit.OTHER and MEASURES.get(target.measure) is not None:
        want = MEASURES[target.measure]
        if want[0] == _HECTARE[0]:
            return replace(
                actual, value=actual.value * _HECTARE[1] / want[1], unit=Unit.OTHER, other_unit=target.measure
            )
    if target.unit != Unit.OTHER or actual.unit != Unit.OTHER or not target.measure or not actual.other_unit:
        return actual
    if target.measure == actual.other_unit:
        return actual
    have, want = MEASURES.get(actual.other_unit), MEASURES.get(target.measure)
    if have is None or want is None or have[0] != want[0]:
        raise _Undetermined(
            f"Kết quả tính bằng {actual.other_unit}, chỉ tiêu bằng {target.measure}: không so được "
            f"/ {actual.other_unit} does not compare with {target.measure}"
        )
    return replace(actual, value=actual.value * have[1] / want[1], other_unit=target.measure)


def _months(per: str | None) -> bool:
    return "tháng" in [p.strip() for p in (per or "").split("/")]


def _without_period(per: str | None) -> str | None:
    kept = [p for p in (per or "").split("/") if p.strip() not in ("tháng", "năm")]
    return "/".join(kept) or None


# A result a few times a monthly target is the year's figure, not the month's.
_YEAR_OF_MONTHS = Decimal(4)


def _in_period(target: Target, actual: Actual) -> Actual:
    """A figure per month against one per year, converted ×12 ("6 triệu đồng/tháng" against "70 triệu đồng/
    người/năm"); a result whose period is unsaid against a target per month is taken per month unless
    its size says it is the year's ("65 triệu đồng" against "6 triệu đồng/tháng")."""
    if target.unit in (Unit.PERCENT, Unit.PERMILLE) or actual.unit != target.unit:
        return actual
    monthly_target, monthly_result = _months(target.per), _months(actual.per)
    if monthly_result and not monthly_target:
        return replace(actual, value=actual.value * 12, per=_without_period(actual.per))
    if monthly_target and not monthly_result:
        yearly = actual.yearly or "năm" in [p.strip() for p in (actual.per or "").split("/")]
        if yearly:
            return replace(actual, value=actual.value / 12, per=_without_period(actual.per), yearly=False)
        if target.value > 0 and actual.value / target.value >= _YEAR_OF_MONTHS:
            raise _Undetermined(
                f"Chỉ tiêu tính theo tháng; kết quả '{_shown(actual)}' không ghi theo tháng hay năm và lớn gấp "
                f"nhiều lần chỉ tiêu, có thể là số cả năm: ghi rõ '/tháng' hoặc '/năm' "
                f"/ a monthly target, and a result that looks like the year's"
            )
    return actual


# Targets judged on a whole year or term: a part of the year is not yet their result.
_WHOLE_YEAR_SHAPES = (
    Shape.PER_YEAR_COUNT,
    Shape.TERM_TOTAL,
    Shape.PLAN_AMOUNT,
    Shape.AVERAGE_GROWTH,
    Shape.CHANGE_PER_YEAR,
    Shape.OVER_PLAN,
)


def _part_of_year(target: Target, actual: Actual) -> None:
    """ "06 tháng đầu năm kết nạp 6 đảng viên" against "10 đảng viên/năm": not the year's result yet."""
    if not actual.part_year or not (target.period == Period.YEAR or target.shape in _WHOLE_YEAR_SHAPES):
        return
    flow = target.shape in (Shape.PER_YEAR_COUNT, Shape.TERM_TOTAL, Shape.PLAN_AMOUNT)
    if flow and target.direction == Direction.HIGHER and actual.unit == target.unit and actual.value >= target.value:
        return  # already reached in part of the year
    if target.shape == Shape.ZERO and actual.value > 0:
        return  # an event forbidden in the year has happened
    raise _Undetermined(
        f"Kết quả '{_shown(actual)}' mới là số liệu {actual.part_year}, chỉ tiêu tính cả năm: chưa đánh giá được "
        f"/ only part of the year so far"
    )


def _measure(target: Target, actual: Actual) -> tuple[Target, Decimal] | Evaluation:
    """The value that is judged, in the stored convention of the shape (docs/targets.md), and the
    target it is judged against (a share target judged on a count result is judged on its count)."""
    if actual.alt is not None and actual.unit != target.unit and actual.alt.unit == target.unit:
        # "12 hộ (1,2%)" against "dưới 1,5%": the share in brackets answers
        alt = actual.alt
        if actual.kind == ActualKind.CHANGE and actual.value < 0 and alt.value > 0:
            alt = replace(alt, value=-alt.value)  # "giảm 1 vụ (10%)" is a fall of 10%
        actual = replace(
            Actual.of_quantity(alt, actual.kind), text=actual.text, years=actual.years, part_year=actual.part_year
        )
    if actual.years is not None and actual.years <= 0:
        raise _Undetermined(f"Kết quả '{_shown(actual)}' tính trong 0 năm / a total over no years")
    actual = _in_period(target, _in_measure(target, actual))
    _part_of_year(target, actual)
    shape = target.shape
    kind = actual.kind
    shown = _shown(actual)
    if _EXCLUDES.search(target.text.lower()) and _INCLUDES.search(actual.text.lower()):
        # "không còn hộ nghèo đã trừ đối tượng bảo trợ xã hội" against "còn 0,4% (kể cả hộ bảo trợ xã hội)"
        raise _Undetermined(
            f"Kết quả '{shown}' tính cả phần mà chỉ tiêu đã loại trừ / the result counts what the target leaves out"
        )
    if shape == Shape.YES_NO:
        if actual.of is not None and actual.unit == Unit.COUNT and kind != ActualKind.CHANGE:
            # "mới đạt 9/12 tiêu chí": a title needs every criterion
            met = actual.value >= actual.of
            return Evaluation(
                Verdict.MET if met else Verdict.NOT_MET, None, Decimal(int(met)), note=f"đạt {_shown(actual)}"
            )
        if kind != ActualKind.YES_NO:
            raise _Undetermined(
                f"Chỉ tiêu đạt/không đạt: kết quả '{shown}' không cho biết đạt hay không "
                f"/ a yes/no target needs a yes/no result"
            )
        if actual.value and target.deadline and actual.year and actual.year > target.deadline:
            return Evaluation(
                Verdict.NOT_MET,
                None,
                Decimal(0),
                note=f"đạt năm {actual.year}, sau thời hạn năm {target.deadline}",
            )
        return target, actual.value
    if shape == Shape.RATING_LEVEL:
        if kind == ActualKind.RATING:
            return target, actual.value
        if kind == ActualKind.YES_NO:  # "đạt" the level the target names, or not
            return target, target.value if actual.value else Decimal(0)
        raise _Undetermined(f"Chỉ tiêu là mức xếp loại: kết quả '{shown}' không phải mức xếp loại / not a rating")
    if kind == ActualKind.YES_NO and target.unit == Unit.COUNT and target.value == 1 and target.value_max is None:
        # "Có 01 sản phẩm OCOP cấp tỉnh": one thing to have, so a yes/no result says whether it is there
        return Evaluation(Verdict.MET if actual.value else Verdict.NOT_MET, None, actual.value)
    if kind in (ActualKind.YES_NO, ActualKind.RATING):
        if shape == Shape.ZERO and kind == ActualKind.YES_NO:
            if actual.value or actual.text.strip().lower() in target_words()["yes_no"]["no_alone"]:
                return target, Decimal(0)  # against "không để xảy ra cháy rừng", a bare "không" is none
            return Evaluation(Verdict.NOT_MET, None, None, note="kết quả ghi không đạt")
        raise _Undetermined(
            f"Chỉ tiêu là con số: kết quả '{shown}' không có số liệu để so sánh / a numeric target needs a figure"
        )
    if shape == Shape.ZERO:
        if kind == ActualKind.CHANGE or kind == ActualKind.PLAN_PCT:
            raise _Undetermined(_NEEDS_LEVEL.format(shown=shown))
        done = re.search(r"xóa|xoá|hoàn thành", actual.text.lower())
        if actual.unit == Unit.PERCENT and actual.value == 100 and done:
            return target, Decimal(0)  # "đã xóa 100% nhà tạm" against "không còn nhà tạm": none left
        if done and actual.of is not None and actual.unit == Unit.COUNT and 0 <= actual.value <= actual.of:
            return target, actual.of - actual.value  # "hoàn thành 102/102 căn nhà tạm": what is left
        return target, actual.value
    if target.is_change:
        return target, _measure_change(target, actual, shown)
    if shape == Shape.OVER_PLAN:
        if kind == ActualKind.PLAN_PCT:
            return target, actual.value
        if kind == ActualKind.CHANGE and actual.unit == Unit.PERCENT:
            return target, 100 + actual.value
        if kind in (ActualKind.BARE, ActualKind.LEVEL) and actual.unit == Unit.PERCENT and actual.value >= 100:
            return target, actual.value
        raise _Undetermined(
            f"Chỉ tiêu tính so với kế hoạch: ghi rõ kết quả '{shown}' là 'bằng …% kế hoạch' hay 'tăng …% so với "
            f"kế hoạch' / say whether the result is a share of the plan or an increase over it"
        )
    if is_growth_target(target):
        if kind == ActualKind.PLAN_PCT:
            raise _Undetermined(
                f"Chỉ tiêu là tốc độ tăng: kết quả '{shown}' là tỷ lệ so với kế hoạch / a share of plan is no growth"
            )
        _check_unit(target, actual)
        return target, actual.value
    if shape == Shape.PLAN_AMOUNT and actual.unit == Unit.PERCENT and kind in (ActualKind.PLAN_PCT, ActualKind.BARE):
        # "đạt 112% kế hoạch": the completion itself
        return Target(Shape.PLAN_AMOUNT, Decimal(100), Unit.PERCENT, text=target.text), actual.value
    if kind == ActualKind.CHANGE and not (
        shape in (Shape.TERM_TOTAL, Shape.PER_YEAR_COUNT) and actual.value >= 0 and actual.unit == target.unit
    ):
        raise _Undetermined(_NEEDS_LEVEL.format(shown=shown))
    if actual.yearly and shape in (Shape.TERM_TOTAL, Shape.CHANGE_OVER_TERM):
        raise _Undetermined(
            f"Kết quả '{shown}' là bình quân mỗi năm, chỉ tiêu là tổng cả nhiệm kỳ: cần tổng số đạt được "
            f"/ a yearly figure against a total for the term"
        )
    if kind == ActualKind.PLAN_PCT and target.unit == Unit.PERCENT and _of_the_plan(target):
        return target, actual.value  # "đạt 108% dự toán" against "đạt 110% dự toán trở lên"
    if kind == ActualKind.PLAN_PCT:
        # "đạt 96% kế hoạch", "đạt 98% kế hoạch" against "đạt 95%": the completion of the plan, not the level
        if target.direction != Direction.HIGHER or target.value_max is not None:
            raise _Undetermined(
                f"Kết quả '{shown}' là tỷ lệ so với kế hoạch; chỉ tiêu không tính theo kế hoạch "
                f"/ a share of the plan against a target that is no plan"
            )
        return Target(Shape.PLAN_AMOUNT, Decimal(100), Unit.PERCENT, text=target.text), actual.value
    if target.counted and re.search(r"/\d", target.counted) and actual.counted and "/" not in actual.counted:
        raise _Undetermined(
            f"Chỉ tiêu là tỷ lệ ({target.counted}), kết quả '{shown}' là số lượng / the target is a ratio"
        )
    if target.of is not None and target.unit == Unit.COUNT:
        return _measure_x_of_y(target, actual)
    if target.count is not None and actual.unit == Unit.COUNT and actual.of in (None, target.of):
        # "58,9% (66/112 thôn)" judged on "70/112 thôn": the count against the count
        count_target = replace(target, value=target.count, unit=Unit.COUNT, count=None, of=None, strict=False)
        return count_target, actual.value
    if target.unit == Unit.PERCENT and actual.of is not None and actual.unit == Unit.COUNT:
        if actual.of <= 0:
            raise _Undetermined("Tổng số bằng 0 / the total is zero")
        return target, actual.value * 100 / actual.of  # "18/19 chi bộ" against "100% chi bộ"
    _check_unit(target, actual)
    value = actual.value
    if value < 0:
        raise _Undetermined(
            f"Kết quả '{shown}' là số âm, không phải một mức đạt được / a negative figure is no level or count"
        )
    per_year = shape == Shape.PER_YEAR_COUNT or (target.period == Period.YEAR and not is_growth_target(target))
    if actual.years and per_year:
        value = value / actual.years  # "1.400 lao động trong nhiệm kỳ" against "trên 250 lao động mỗi năm"
    return target, value


def _measure_x_of_y(target: Target, actual: Actual) -> tuple[Target, Decimal]:
    assert target.of is not None
    share_target = replace(target, value=target.value * 100 / target.of, unit=Unit.PERCENT, of=None)
    if actual.unit == Unit.PERCENT:
        return share_target, actual.value
    _check_unit(target, actual)
    if actual.of is not None and actual.of != target.of:
        if actual.of <= 0:
            raise _Undetermined("Tổng số bằng 0 / the total is zero")
        return share_target, actual.value * 100 / actual.of
    return target, actual.value


def _measure_change(target: Target, actual: Actual, shown: str) -> Decimal:
    sign = Decimal(1) if target.direction == Direction.HIGHER else Decimal(-1)
    if actual.kind == ActualKind.LEVEL:
        what = "giảm" if sign < 0 else "tăng"
        raise _Undetermined(
            f"Kết quả '{shown}' là mức đạt được, chỉ tiêu là mức {what}: cần mức đầu kỳ hoặc số liệu các năm "
            f"để tính / the result is a level, the target a change: the starting level is needed"
        )
    if actual.kind == ActualKind.PLAN_PCT:
        raise _Undetermined(
            f"Kết quả '{shown}' là tỷ lệ so với kế hoạch, chỉ tiêu là mức tăng/giảm / a share of plan is no change"
        )
    if target.value == 0 and target.value_max is None:
        # a direction with no amount: the sign of a stated change is all that counts, in any unit; a level
        # alone ("4 vụ") says nothing of the way it went
        if actual.kind == ActualKind.CHANGE:
            return actual.value * sign
        raise _Undetermined(
            f"Chỉ tiêu chỉ nêu hướng {'giảm' if sign < 0 else 'tăng'}; kết quả '{shown}' là mức đạt được, không "
            f"cho biết tăng hay giảm: cần ghi mức tăng/giảm so với năm trước / a level says nothing of the change"
        )
    if actual.yearly and target.shape == Shape.CHANGE_OVER_TERM and target.period == Period.TERM:
        raise _Undetermined(
            f"Kết quả '{shown}' là mức thay đổi mỗi năm, chỉ tiêu là mức thay đổi cả nhiệm kỳ "
            f"/ a yearly change against a change over the term"
        )
    if actual.relative and not target.relative:
        raise _Undetermined(
            f"Kết quả '{shown}' là tỷ lệ so với năm trước, chỉ tiêu là mức tăng/giảm tính bằng điểm phần trăm "
            f"/ a ratio to last year against a change in points"
        )
    _check_unit(target, actual)
    if actual.kind == ActualKind.CHANGE:
        value = actual.value * sign
    else:
        # A bare figure is the change the target asks for: "1,2%" against "giảm … 1,5%/năm" is a fall of
        # 1,2; a negative one keeps its sign's meaning ("-0,3%" is a fall).
        value = actual.value if actual.value >= 0 else actual.value * sign
    if target.shape == Shape.CHANGE_PER_YEAR and actual.years:
        if target.relative:
            with localcontext() as ctx:
                ctx.prec = 34
                factor = 1 + sign * value / 100
                if factor <= 0:
                    raise _Undetermined("Mức thay đổi không hợp lệ (≤ -100%) / change at or below -100%")
                value = sign * ((factor ** (1 / actual.years)) - 1) * 100
        else:
            value = value / actual.years
    return value


def judge(target: Target, r: Decimal, *, guard: bool = True) -> Evaluation:
    """The verdict of the value ``r``, in the stored convention of the target's shape.

    completion_pct is r ÷ target × 100 (a range: against its low end; lower is better: target ÷ r;
    a change or an increase over plan: the change achieved ÷ the change asked). It is None where a
    percentage would mislead: a band, a zero, a yes/no, a rating, a result below zero.
    """
    r = Decimal(r)
    low = target.value
    high = target.value_max if target.value_max is not None else low
    hundred = Decimal(100)
    shape = target.shape
    if guard and shape in _LEVELS and target.unit not in (Unit.PERCENT, Unit.PERMILLE):
        try:
            _guard_magnitude(target, r)
        except _Undetermined as exc:
            return undetermined(str(exc), r)

    if shape == Shape.YES_NO:
        return Evaluation(Verdict.MET if r >= 1 else Verdict.NOT_MET, None, r)
    if shape == Shape.RATING_LEVEL:
        verdict = Verdict.NOT_MET if r < low else (Verdict.EXCEEDED if r > low else Verdict.MET)
        return Evaluation(verdict, None, r)
    if shape == Shape.ZERO:
        if r < 0:
            return undetermined("Kết quả âm không có nghĩa với chỉ tiêu 'không còn' / a negative count", r)
        return Evaluation(Verdict.MET if r == 0 else Verdict.NOT_MET, None, r)
    if shape == Shape.BAND:
        return Evaluation(Verdict.MET if low <= r <= high else Verdict.NOT_MET, None, r)
    if shape == Shape.AT_MOST or (target.direction == Direction.LOWER and shape == Shape.RANGE):
        pct = (high * hundred / r) if r > 0 else None
        if r > high or (target.strict and r == high):
            verdict = Verdict.NOT_MET
        elif r < low or (target.strict and r < high):
            verdict = Verdict.EXCEEDED
        else:
            verdict = Verdict.MET
        return Evaluation(verdict, pct, r)
    if shape == Shape.ALL:
        return Evaluation(Verdict.MET if r >= hundred else Verdict.NOT_MET, r if r >= 0 else None, r)

    if shape in (Shape.CHANGE_PER_YEAR, Shape.CHANGE_OVER_TERM) and low == 0 and high == 0:
        # a direction with no amount ("giảm so với năm trước"): any fall meets it, none is "more"
        met = r > 0 or (not target.strict and r == 0)
        return Evaluation(Verdict.MET if met else Verdict.NOT_MET, None, r)
    measured = r - hundred if shape == Shape.OVER_PLAN else r
    pct = (measured * hundred / low) if low > 0 and measured >= 0 else None
    if shape == Shape.PLAN_AMOUNT:
        verdict = Verdict.NOT_MET if measured < low else (Verdict.EXCEEDED if measured > low else Verdict.MET)
    elif measured < low or (target.strict and measured == low):
        verdict = Verdict.NOT_MET
    elif measured > high:
        verdict = Verdict.EXCEEDED
    else:
        verdict = Verdict.MET
    return Evaluation(verdict, pct, r)


@reads_phrase
def evaluate(target: Target, result: Actual | Quantity | Decimal | int | str) -> Evaluation:
    """Judge one result against a target.

    ``result``: an ``Actual`` or ``Quantity`` read from text, or a number already in the stored
    convention of the target's shape (docs/targets.md: the level; for a change target the change in
    the target's direction; for an increase over plan the % of the plan; 1/0 for yes/no; 4…1 for a
    rating). A result that cannot be compared gives verdict None and the reason.
    """
    if isinstance(result, Quantity):
        result = Actual.of_quantity(result)
    if not isinstance(result, Actual):
        try:
            return judge(target, Decimal(result))
        except (ArithmeticError, ValueError, TypeError):
            raise TargetError(f"Kết quả không phải là số: {result!r} / result is not a number") from None
    outcomes = [_evaluate_part(t, a) for t, a in _matching_parts(target, result)]
    judged = [ev for ev in outcomes if ev.verdict is not None]
    if not judged:
        return outcomes[0]
    if len({ev.verdict for ev in judged}) > 1:
        return undetermined(
            "Chỉ tiêu hoặc kết quả có nhiều con số, không rõ con số nào của kết quả ứng với chỉ tiêu: ghi rõ tên "
            "chỉ tiêu trong kết quả / several figures, and which answers the target cannot be told"
        )
    return judged[0]


def _evaluate_part(target: Target, actual: Actual) -> Evaluation:
    try:
        measured = _measure(target, actual)
    except _Undetermined as exc:
        return undetermined(str(exc))
    if isinstance(measured, Evaluation):
        return measured
    effective, value = measured
    if actual.hedge is not None:
        return _judge_hedged(target, actual, effective, value)
    return judge(effective, value)


def _judge_hedged(target: Target, actual: Actual, effective: Target, value: Decimal) -> Evaluation:
    """A result that gives a bound ("dưới 1%", "trên 85%", "không quá 3 vụ"): every value the bound allows
    is judged. One verdict for all of them is the verdict ("dưới 1%" against "dưới 1%" is beyond it); met or
    beyond for all is met; a bound that leaves the comparison open ("dưới 2%" against "dưới 1%") gives none."""
    at_bound = judge(effective, value)
    if at_bound.verdict is None:
        return at_bound
    hedge = actual.hedge
    b = actual.value
    spread = abs(b) + abs(target.value) + abs(target.value_max or 0) + 1
    tiny = max(abs(b), Decimal(1)) * Decimal("1e-9")
    if hedge in (Hedge.MORE_THAN, Hedge.AT_LEAST):
        near = b + tiny if hedge == Hedge.MORE_THAN else b
        far = b * _ABOVE_A_BOUND if b > 0 else b + spread * 1000
    elif hedge == Hedge.NEARLY:
        if b <= 0:
            return at_bound
        near, far = b - tiny, b * _NEARLY
    else:
        near = b - tiny if hedge == Hedge.LESS_THAN else b
        far = Decimal(0) if b > 0 and not is_growth_target(target) else b - spread * 1000
    outcomes = []
    for v in (near, far):
        try:
            measured = _measure(target, replace(actual, value=v, hedge=None))
        except _Undetermined as exc:
            return undetermined(str(exc))
        if isinstance(measured, Evaluation):
            return measured
        outcomes.append((measured[1], judge(*measured, guard=False)))
    verdicts = {ev.verdict for _, ev in outcomes}
    if effective.shape == Shape.BAND and verdicts == {Verdict.NOT_MET}:
        lo, hi = sorted(m for m, _ in outcomes)
        if lo <= (effective.value_max or effective.value) and hi >= effective.value:
            verdicts.add(Verdict.MET)  # the bound's values run through the band
    shown = _shown(actual)
    if len(verdicts) == 1 and None not in verdicts:
        return replace(at_bound, verdict=verdicts.pop(), note=f"kết quả ghi '{shown}'")
    if verdicts == {Verdict.MET, Verdict.EXCEEDED}:
        return replace(at_bound, verdict=Verdict.MET, note=f"kết quả ghi '{shown}': ít nhất là đạt")
    return undetermined(
        f"Kết quả '{shown}' chỉ cho biết một giới hạn, chưa đủ để so với chỉ tiêu ({format_target(target)}): "
        f"cần con số cụ thể / the result gives only a bound, which does not settle the comparison",
        value,
    )


def _words(text: str) -> set[str]:
    """The words that say what a part of a line is about (not "đạt", "so với cùng kỳ", "dự toán" …); a
    qualifier with its number is one word ("3 sao" is not "4 sao")."""
    stop = _part_stop()
    low = fold_text(text).lower()
    qualified = {m.group(1) + m.group(2) for m in _qualifier().finditer(low)}
    low = _qualifier().sub(" ", low)
    return qualified | {w for w in re.findall(r"[^\W\d_]+", low) if w not in stop}


@cache
def _qualifier() -> re.Pattern:
    after = target_words()["not_value"]["after"]
    # possessive and at a number's start: a long run of digits is read once, not once per digit
    return re.compile(r"(?<!\d)(\d++)\s*+(" + "|".join(map(re.escape, after)) + r")(?![\w])")


@cache
def _part_stop() -> frozenset[str]:
    return frozenset(target_words()["parts"]["stop"])


def _matching_parts(target: Target, actual: Actual, *, whole_line: bool = True) -> list[tuple[Target, Actual]]:
    """Which part of a line with several figures a result answers, and which figure of a result answers
    it: the pairs whose words match best ("hộ cận nghèo còn 2,5%" answers "hộ cận nghèo dưới 2%", not
    "tỷ lệ hộ nghèo còn 0,8%"). Words shared count for a pair, words of one side only against it. A result
    that names no part of a line is judged against the first; figures that tie are all judged, and
    ``evaluate`` gives a verdict only when those that can be judged agree — never the first by default."""
    targets = (target, *target.others) if whole_line else (target,)
    actuals = (actual, *actual.others)
    if len(targets) == 1 and len(actuals) == 1:
        return [(target, actual)]
    t_words = [_words(t.clause or t.text) for t in targets]
    a_words = [_words(a.clause or a.text) for a in actuals]
    scored = []
    for t, tw in zip(targets, t_words, strict=True):
        for a, aw in zip(actuals, a_words, strict=True):
            shared = len(tw & aw)
            scored.append((shared - (len(tw - aw) + len(aw - tw)) / 2, shared, t, a))
    if max(shared for _, shared, _, _ in scored) == 0:
        return [(target, a) for a in actuals]  # names no part: the line's first part
    best = max(score for score, _, _, _ in scored)
    return [(t, a) for score, _, t, a in scored if score == best]


@reads_phrase
def measured_value(target: Target, text: str) -> Decimal:
    """The number to store for a result typed as text, in the stored convention of the target's
    shape. Raises TargetError with the reason when the text cannot be a result of this target."""
    actual = read_actual(text)
    found, failure = [], None
    for _, part in _matching_parts(target, actual, whole_line=False):
        try:
            found.append(_measure(target, part))
        except _Undetermined as exc:
            failure = failure or exc
    if not found:
        raise TargetError(str(failure)) from None
    values = {m.result if isinstance(m, Evaluation) else m[1] for m in found}
    if len(values) > 1:
        raise TargetError(
            "Kết quả có nhiều con số, không rõ con số nào ứng với chỉ tiêu: ghi một con số "
            "/ several figures, and which answers the target cannot be told"
        )
    measured = found[0]
    if isinstance(measured, Evaluation):
        if measured.result is None:
            raise TargetError("Cần con số cụ thể / a figure is needed")
        return measured.result
    effective, value = measured
    if effective is not target and effective.unit != target.unit:
        raise TargetError(
            f"Nhập kết quả theo đơn vị của chỉ tiêu ({_unit_text(target.unit)}) / give the result in the target's unit"
        )
    return value


def implied_target_value(result: Decimal, completion_pct: Decimal) -> Decimal:
    """The target behind "124.857 triệu đồng, đạt 398,44% kế hoạch": result × 100 ÷ completion."""
    if completion_pct <= 0:
        raise TargetError("Tỷ lệ hoàn thành phải dương / completion must be positive")
    return result * 100 / completion_pct


def describe(evaluation: Evaluation, target: Target) -> str:
    """One Vietnamese line: "11,74%, chưa đạt chỉ tiêu (12 - 15%/năm), bằng 97,83% chỉ tiêu"."""
    if evaluation.verdict is None and not evaluation.in_progress:
        return f"{UNDETERMINED_LABEL} ({format_target(target)}): {evaluation.reason}"
    pct = round_pct(evaluation.completion_pct)
    shown = show_result(target, evaluation.result)
    line = f"{shown}, {evaluation.label} chỉ tiêu ({format_target(target)})"
    if pct is not None:
        line += f", bằng {format_number(pct)}% chỉ tiêu"
    return line


def show_stored(target: Target, value: Decimal | None, year: int | None, places: int | None = None) -> str:
    """A stored result as its cell holds it: for a change target a year's cell holds the year's level
    ("3,2%"), the term's the change ("giảm 1,2%/năm"); any other in the target's terms."""
    if value is not None and target.is_change and year is not None:
        return format_quantity(Quantity(value, target.unit), places=places)
    return show_result(target, value, places=places)


def show_result(target: Target, value: Decimal | None, places: int | None = None) -> str:
    """A stored or judged value as a review writes it, in the target's terms."""
    if value is None:
        return "—"
    if target.shape == Shape.YES_NO:
        return "đạt" if value >= 1 else "không đạt"
    if target.shape == Shape.RATING_LEVEL:
        return rating_name(value) if value >= 1 else "không đạt mức xếp loại"
    if target.shape == Shape.ZERO:
        event = target.period == Period.YEAR  # "không để xảy ra …" counts what happened
        if value == 0:
            return "không xảy ra" if event else "không còn"
        return f"{'xảy ra' if event else 'còn'} {format_quantity(Quantity(value, target.unit), places=places)}"
    if target.shape == Shape.OVER_PLAN:
        return f"bằng {format_quantity(Quantity(value, Unit.PERCENT), places=places)} kế hoạch"
    q = Quantity(value=value, unit=target.unit if target.unit not in (Unit.YES_NO, Unit.RATING) else Unit.COUNT)
    text = format_quantity(q, places=places)
    if target.is_change:
        word = (
            ("giảm " if target.direction == Direction.LOWER else "tăng ")
            if value >= 0
            else ("tăng " if target.direction == Direction.LOWER else "giảm ")
        )
        text = word + format_quantity(replace(q, value=abs(value)), places=places)
        if target.shape == Shape.CHANGE_PER_YEAR:
            text += "/năm"
    elif target.period == Period.YEAR and target.shape == Shape.PER_YEAR_COUNT:
        text += "/năm"
    return text
