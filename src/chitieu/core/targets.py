"""Targets (chỉ tiêu) of a resolution, and verdicts on results against them.

A target phrase as resolutions write it ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm",
"giảm tỷ lệ hộ nghèo còn dưới 3%", "kết nạp 10 đảng viên/năm") becomes a ``Target`` of one of the
nine shapes of DOMAIN.md; ``evaluate`` gives the verdict on a result the way the Party's review
reports do, and the completion percentage (đạt …% Nghị quyết / kế hoạch).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .catalog import Direction, Indicator, find_indicator, get_indicator, indicators
from .quantity import (
    NUMBER_WORDS,
    Hedge,
    Quantity,
    QuantityError,
    Unit,
    format_number,
    format_quantity,
    parse_number,
    parse_quantity,
)

__all__ = [
    "Evaluation",
    "Period",
    "Shape",
    "Target",
    "TargetError",
    "Verdict",
    "VERDICT_LABELS",
    "evaluate",
    "find_quantity",
    "format_target",
    "implied_target_value",
    "parse_target",
    "round_pct",
    "target_from_quantity",
]


class TargetError(ValueError):
    """A phrase that is not a target, or a result that cannot be judged against it."""


class Shape(StrEnum):
    AT_LEAST = "at_least"  # "từ 300 lao động trở lên", "trên 90% chi bộ/năm"
    RANGE = "range"  # "tăng bình quân 12 - 15%/năm": met from the low end, exceeded above the high
    BAND = "band"  # "tỷ suất sinh 10-12‰/năm": inside is best
    AT_MOST = "at_most"  # "giảm tỷ lệ hộ nghèo còn dưới 3%"
    PER_YEAR_COUNT = "per_year_count"  # "thoát nghèo 110 hộ/năm"
    TERM_TOTAL = "term_total"  # "phát triển 25 đảng viên" over the term
    ALL = "all"  # "100% hộ sử dụng nước máy"
    PLAN_AMOUNT = "plan_amount"  # "thu ngân sách 31.336 triệu đồng": judged by completion %
    AVERAGE_GROWTH = "average_growth"  # "tăng bình quân 12%/năm": compound growth of yearly values


class Period(StrEnum):
    YEAR = "year"
    TERM = "term"


class Verdict(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    NOT_MET = "not_met"


VERDICT_LABELS = {Verdict.MET: "đạt", Verdict.EXCEEDED: "vượt", Verdict.NOT_MET: "chưa đạt"}


@dataclass(frozen=True)
class Target:
    shape: Shape
    value: Decimal
    unit: Unit
    value_max: Decimal | None = None
    counted: str | None = None
    period: Period | None = None
    indicator: str | None = None
    direction: str = Direction.HIGHER
    # "trên 90%", "dưới 3%": the bound itself does not reach the target. Reports use the
    # literal reading, so 90% against "trên 90%" is not met.
    strict: bool = False
    text: str = ""
    scale: str | None = field(default=None, compare=False)  # money unit the phrase used ("triệu")


@dataclass(frozen=True)
class Evaluation:
    verdict: Verdict
    completion_pct: Decimal | None  # exact; use round_pct() to show it
    result: Decimal

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]


def round_pct(pct: Decimal | None, places: int = 2) -> Decimal | None:
    """Round a percentage the way reports print it: 119,0909… -> 119,09 (half up)."""
    if pct is None:
        return None
    return pct.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- reading a target phrase ----------------------------------------------------------------

_HEDGE_BEFORE = r"(?:không quá|không dưới|ít nhất|tối thiểu|tối đa|xấp xỉ|khoảng|chừng|hơn|trên|gần|dưới|từ)"
# Words that end the noun of a quantity: what follows is context, not what is counted.
_NOUN_STOP = re.compile(
    r"\s(?:trong|mỗi|hằng|hàng|bình quân|trở lên|trở xuống|so với|đạt|vượt|và|,|;|\(|\))(?=\s|$)"
    r"|[;:()!?…]|,(?!\d)|\.(?!\d)"  # sentence punctuation; "1.131" and "8,27" keep their marks
)
_DIGITS = re.compile(r"\d[\d.,]*\d|\d")
_AMBIGUOUS_WORDS = frozenset({"năm", "một", "tư", "ba", "lẻ", "linh", "chục", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split())


def find_quantity(text: str) -> tuple[Quantity, int, int]:
    """The first quantity in a phrase, with its span: "đạt 131 hộ" -> (131 hộ, 4, 10).

    Years ("năm 2019") and term spans are skipped. Raises TargetError when there is none.
    """
    s = _fold(text)
    low = s.lower()
    candidates = [m.start() for m in _DIGITS.finditer(s)]
    if not candidates:  # number words: "mười đảng viên"
        words = list(re.finditer(r"[^\W\d_]+", low))
        for i, m in enumerate(words):
            nxt = words[i + 1].group() if i + 1 < len(words) else ""
            # A lone "năm" (year), "một" (a, one) is no figure: "mỗi năm", "một số chỉ tiêu".
            if m.group() in NUMBER_WORDS and (m.group() not in _AMBIGUOUS_WORDS or nxt in NUMBER_WORDS):
                candidates.append(m.start())
    for start in candidates:
        before = low[:start]
        if _is_year(s, start, before):
            continue
        hedge = re.search(_HEDGE_BEFORE + r"\s+$", before)
        qstart = hedge.start() if hedge else start
        tail = s[qstart:]
        stop = _NOUN_STOP.search(tail, start - qstart + 1)
        keep_suffix = re.search(r"\s(trở lên|trở xuống)(?=\s|$|[,;()])", tail)
        end = stop.start() if stop else len(tail)
        if keep_suffix and (not stop or keep_suffix.start() == stop.start()):
            end = keep_suffix.end()
        words = tail[:end].split(" ")
        # Longest reading first: "100% hộ sử dụng nước máy" keeps its noun; drop words until it parses.
        token = _DIGITS.match(s, start)
        if token:
            parse_number(token.group())  # an ambiguous "12.5" is an error the user must see
        for k in range(len(words), 0, -1):
            piece = " ".join(words[:k])
            try:
                q = parse_quantity(piece)
            except QuantityError:
                continue
            return q, qstart, qstart + len(piece)
    raise TargetError(f"Không tìm thấy con số trong: {text!r} / no figure found")


_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")


def _is_year(s: str, start: int, before: str) -> bool:
    """ "năm 2019", "nhiệm kỳ 2020-2025", "2015 - 2020", "2/1/2020": a year, not a figure."""
    if not _YEAR.match(s, start):
        return False
    after = s[start + 4 :]
    return bool(
        re.search(r"(?:năm|nhiệm kỳ|giai đoạn|khóa|khoá|đến|tới)\s*$", before)
        or re.search(r"(?:19|20)\d\d\s*-\s*$", before)
        or re.match(r"\s*-\s*(?:19|20)\d\d(?!\d)", after)
        or re.search(r"\d/$", before)
    )


_PER_YEAR = re.compile(r"hằng năm|hàng năm|mỗi năm|/\s*năm|một năm|năm sau cao hơn năm trước")
_TERM = re.compile(r"nhiệm kỳ|cả giai đoạn|giai đoạn|5 năm|năm năm|toàn khóa|đến năm 20\d\d|đến cuối")
_GROWTH = re.compile(r"\btăng\b|tăng trưởng|tốc độ")
_DECREASE = re.compile(r"\bgiảm\b|\bcòn\b|kéo giảm")


def parse_target(text: str, indicator: str | None = None) -> Target:
    """Read a target phrase as resolutions write it into a structured ``Target``."""
    if not isinstance(text, str) or not text.strip():
        raise TargetError("Chỉ tiêu trống / empty target")
    q, _, _ = find_quantity(text)
    return target_from_quantity(q, text, indicator)


def target_from_quantity(q: Quantity, text: str = "", indicator: str | None = None) -> Target:
    """Decide the shape of a target from its quantity, its phrase and its indicator."""
    low = _fold(text).lower()
    ind = _resolve_indicator(low, q, indicator)
    direction = ind.direction if ind else Direction.HIGHER
    if q.hedge in (Hedge.LESS_THAN, Hedge.AT_MOST) or (_DECREASE.search(low) and q.unit != Unit.COUNT):
        direction = Direction.LOWER if direction != Direction.BAND else direction
    per_year = q.per == "năm" or bool(_PER_YEAR.search(low))
    period = Period.YEAR if per_year else (Period.TERM if _TERM.search(low) else None)
    growth = q.unit == Unit.PERCENT and bool(_GROWTH.search(low)) and direction == Direction.HIGHER
    strict = q.hedge in (Hedge.MORE_THAN, Hedge.LESS_THAN)

    if q.of is not None:
        raise TargetError(f"'{format_quantity(q)}' là kết quả trên chỉ tiêu, không phải chỉ tiêu / X/Y is a result")
    if q.value_max is not None:
        shape = Shape.BAND if direction == Direction.BAND else Shape.RANGE
    elif direction == Direction.LOWER:
        shape = Shape.AT_MOST
    elif q.unit == Unit.PERCENT and q.value == 100 and q.hedge is None and not growth:
        shape = Shape.ALL
    elif growth:
        shape = Shape.AVERAGE_GROWTH
    elif q.unit == Unit.COUNT and q.hedge not in (Hedge.AT_LEAST, Hedge.MORE_THAN):
        shape = Shape.PER_YEAR_COUNT if per_year else Shape.TERM_TOTAL
        period = Period.YEAR if per_year else Period.TERM
    elif q.unit == Unit.VND and q.hedge is None and q.per is None:
        shape = Shape.PLAN_AMOUNT
    else:
        shape = Shape.AT_LEAST
    return Target(
        shape=shape,
        value=q.value,
        unit=q.unit,
        value_max=q.value_max,
        counted=q.counted,
        period=period,
        indicator=ind.key if ind else None,
        direction=direction,
        strict=strict,
        text=text.strip(),
        scale=q.scale,
    )


def _resolve_indicator(low: str, q: Quantity, key: str | None) -> Indicator | None:
    if key:
        return get_indicator(key)
    # Without its figures "kết nạp 10 đảng viên/năm" reads "kết nạp đảng viên/năm", which names it.
    low = " ".join(re.sub(r"\d[\d.,]*\s*(?:%|‰)?", " ", low).split())
    ind = find_indicator(low, q.unit)
    if ind is None and q.unit == Unit.PERCENT and _GROWTH.search(low):
        # "Tổng giá trị sản xuất tăng 12%": the phrase names the level; the target is its growth.
        level = find_indicator(low)
        if level is not None:
            ind = next((i for i in indicators().values() if i.growth_of == level.key), None)
    if ind is None and q.unit == Unit.COUNT and q.counted:
        ind = find_indicator(q.counted, Unit.COUNT)
    return ind


# --- verdicts -------------------------------------------------------------------------------


def _result_value(target: Target, result: Quantity | Decimal | int | str) -> Decimal:
    if isinstance(result, Quantity):
        if result.unit != target.unit:
            raise TargetError(
                f"Kết quả '{format_quantity(result)}' khác đơn vị với chỉ tiêu ({target.unit}) "
                f"/ result unit {result.unit} does not match target unit {target.unit}"
            )
        return result.value
    try:
        return Decimal(result)
    except Exception:
        raise TargetError(f"Kết quả không phải là số: {result!r} / result is not a number") from None


def evaluate(target: Target, result: Quantity | Decimal | int) -> Evaluation:
    """Judge one result against a target.

    completion_pct is result ÷ target × 100 (for a range: against its low end; for a
    lower-is-better target: target ÷ result × 100, undefined for a result of 0).
    """
    r = _result_value(target, result)
    if r < 0:
        raise TargetError("Kết quả âm / negative result")
    low = target.value
    high = target.value_max if target.value_max is not None else low
    hundred = Decimal(100)

    if target.shape == Shape.AT_MOST or (target.direction == Direction.LOWER and target.shape == Shape.RANGE):
        pct = (high * hundred / r) if r else None
        if r > high or (target.strict and r == high):
            verdict = Verdict.NOT_MET
        elif r < low or (target.strict and r < high):
            verdict = Verdict.EXCEEDED
        else:
            verdict = Verdict.MET
        return Evaluation(verdict, pct, r)

    pct = (r * hundred / low) if low else None
    if target.shape == Shape.BAND:
        verdict = Verdict.MET if low <= r <= high else Verdict.NOT_MET
    elif target.shape == Shape.ALL:
        verdict = Verdict.MET if r >= hundred else Verdict.NOT_MET
    elif target.shape == Shape.PLAN_AMOUNT:
        verdict = Verdict.NOT_MET if r < low else (Verdict.EXCEEDED if r > low else Verdict.MET)
    elif r < low or (target.strict and r == low):
        verdict = Verdict.NOT_MET
    elif r > high:
        verdict = Verdict.EXCEEDED
    else:
        verdict = Verdict.MET
    return Evaluation(verdict, pct, r)


def implied_target_value(result: Decimal, completion_pct: Decimal) -> Decimal:
    """The target behind "124.857 triệu đồng, đạt 398,44% kế hoạch": result × 100 ÷ completion."""
    if completion_pct <= 0:
        raise TargetError("Tỷ lệ hoàn thành phải dương / completion must be positive")
    return result * 100 / completion_pct


def format_target(target: Target, scale: str | None = None, places: int | None = None) -> str:
    """The target as a review writes it in brackets: "12 - 15%/năm", "dưới 3%", "110 hộ/năm".

    A computed target (the plan behind "đạt 398,44% kế hoạch") has endless decimals: ``places``
    rounds what is shown (half up); ``scale`` picks the money unit ("triệu").
    """
    hedge = None
    if target.shape == Shape.AT_MOST:
        hedge = Hedge.LESS_THAN if target.strict else Hedge.AT_MOST
    elif target.strict:
        hedge = Hedge.MORE_THAN
    q = Quantity(
        value=target.value,
        unit=target.unit,
        value_max=target.value_max,
        counted=target.counted,
        per="năm" if target.period == Period.YEAR else None,
        hedge=hedge,
        scale=scale or target.scale,
    )
    return format_quantity(q, places=places)


def describe(evaluation: Evaluation, target: Target) -> str:
    """One Vietnamese line: "11,74%, chưa đạt chỉ tiêu (12 - 15%/năm), đạt 97,83%"."""
    pct = round_pct(evaluation.completion_pct)
    shown = format_quantity(replace(_as_quantity(target), value=evaluation.result, value_max=None, hedge=None))
    line = f"{shown}, {evaluation.label} chỉ tiêu ({format_target(target)})"
    if pct is not None:
        line += f", bằng {format_number(pct)}% chỉ tiêu"
    return line


def _as_quantity(target: Target) -> Quantity:
    return Quantity(value=target.value, unit=target.unit, counted=target.counted)
