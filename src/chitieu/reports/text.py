"""The Vietnamese wording of a review report, as plain functions on plain values (no Django).

Everything a report says is generated here from figures and verdicts, so that the golden tests can
freeze it: the header lines of Hướng dẫn 36-HD/VPTW, one sentence per target, the situation and
Party-organisation sentences. Nothing here invents an assessment: where a report needs a human
judgement the builder puts a marked placeholder instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal

from chitieu.core.quantity import Quantity, Unit, format_number, format_quantity
from chitieu.core.targets import Shape, Target, TargetError, find_quantity, format_target
from chitieu.core.verdicts import VERDICT_LABELS, Evaluation, Verdict, round_pct, show_result

__all__ = [
    "date_line",
    "fold",
    "money_scale",
    "number_line",
    "pct_text",
    "target_label",
    "target_sentence",
    "target_split",
    "target_text",
    "result_text",
    "claim_note",
    "count_text",
    "rate_text",
    "upper",
    "value_text",
]

PLACEHOLDER_SUPERIOR = "ĐẢNG BỘ CẤP TRÊN"


def fold(text: str) -> str:
    """Lowercase without diacritics, "đ" as "d": "Khuê Trung" -> "khue trung" (for matching names)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


def date_line(place: str, day: date) -> str:
    """ "Đà Nẵng, ngày 05 tháng 3 năm 2020".

    Hướng dẫn 36 writes days below 10 and the months 1 and 2 with a leading zero ("ngày 05",
    "tháng 01"), so that nobody can add a digit in front of them; other months are written plainly.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str = "") -> str:
    """ "Số 15-BC/ĐU"; unnumbered, a blank the office fills by hand once the report is registered."""
    number = number.strip()
    return f"Số {number}-BC/ĐU" if number else "Số     -BC/ĐU"


# --- numbers ----------------------------------------------------------------------------------


def money_scale(value: Decimal) -> str:
    """The money unit a ward's report would use: "tỷ" when two decimals of tỷ say it exactly
    (24 tỷ, 10.001,26 tỷ), else "triệu" (124.857 triệu đồng, as budget lines are written)."""
    value = abs(Decimal(value))
    if value >= 10**9 and (value / 10**9) == round(value / 10**9, 2):
        return "tỷ"
    if value >= 10**6:
        return "triệu"
    return ""


def _short_counted(counted: str | None) -> str | None:
    """ "đảng viên", "chi bộ" stay; a long noun ("hộ sử dụng nước máy") already names the row."""
    if counted and len(counted.split()) <= 2:
        return counted
    return None


def value_text(value: Decimal, unit: Unit, *, counted: str | None = None, per: str | None = None) -> str:
    """A result as the table shows it: "11,74%/năm", "124.857 triệu đồng", "373,6 lao động"."""
    scale = money_scale(value) if unit == Unit.VND else None
    q = Quantity(Decimal(value), unit, counted=counted, per=per, scale=scale)
    return format_quantity(q, places=2)


def target_text(target: Target, *, scale_of: Decimal | None = None) -> str:
    """The target as the table's "Nghị quyết" column and the sentences' brackets show it.

    A plan implied by a completion percentage ("đạt 122% Nghị quyết") has endless decimals; for a
    count it is written "khoảng 35 đảng viên" rather than "35,25 đảng viên", which no one plans.
    """
    core = replace(target, counted=_short_counted(target.counted))
    if core.unit == Unit.VND:
        return format_target(core, scale=money_scale(scale_of if scale_of is not None else core.value), places=2)
    if core.unit == Unit.COUNT and core.value != core.value.to_integral_value():
        return "khoảng " + format_target(core, places=0)
    return format_target(core, places=2)


def pct_text(pct: Decimal | None) -> str:
    """Completion for the "Tỷ lệ %" column: "97,83"; a dash when there is none."""
    rounded = round_pct(pct)
    return "—" if rounded is None else format_number(rounded)


def rate_text(value: Decimal) -> str:
    return f"{format_number(round_pct(Decimal(value)))}%"


def count_text(value: Decimal) -> str:
    return format_number(Decimal(value), 0)


# --- targets ----------------------------------------------------------------------------------

_HEDGE_AT_END = re.compile(
    r"\s*\b(?:từ|trên|hơn|dưới|ít nhất|tối thiểu|không dưới|tối đa|không quá|khoảng|xấp xỉ|gần)$"
)
_PLAN_SUFFIX = re.compile(r"\s*(?:theo|so với)?\s*(?:kế hoạch|chỉ tiêu)(?: giao| được giao| năm)?$", re.I)


def _fold_phrase(text: str) -> str:
    # find_quantity reports its span on this same folding of the phrase.
    text = unicodedata.normalize("NFC", text).replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split())


def target_split(text: str) -> tuple[str, Quantity | None, str]:
    """A target phrase around its figure: ("Tổng giá trị sản xuất tăng bình quân", 12 - 15%/năm, "").

    The hedge ("từ … trở lên") belongs to the target, not to the result written in its place.
    A phrase with no figure ("Thu ngân sách nhà nước theo kế hoạch") comes back whole.
    """
    s = _fold_phrase(text)
    try:
        q, start, end = find_quantity(s)
    except TargetError:
        return s, None, ""
    lead = _HEDGE_AT_END.sub("", s[:start].rstrip())
    tail = re.sub(r"^(?:trở lên|trở xuống)\b", "", s[end:].strip()).strip()
    return lead, q, tail


def target_label(text: str, indicator_name: str = "") -> str:
    """A short name for the chart: the catalog's name of the indicator, else the phrase without
    its figure ("Thu ngân sách phường được hưởng")."""
    if indicator_name:
        return indicator_name
    lead, q, _ = target_split(text)
    lead = _PLAN_SUFFIX.sub("", lead) if q is None else re.sub(r"\s+đạt$", "", lead)
    return (lead[0].upper() + lead[1:]) if lead else text


_VERB_ENDS = re.compile(
    r"^(?:(?:giảm|tăng|bình quân|hằng năm|hàng năm|mỗi năm|phấn đấu)\s+)+|(?:\s+(?:giảm|tăng|bình quân|hằng năm|"
    r"hàng năm|mỗi năm|từ))+$",
    re.I,
)
# Shapes whose result is no plain quantity: a change, a share of the plan, a yes/no, a rating.
_WORDED = (
    Shape.CHANGE_PER_YEAR, Shape.CHANGE_OVER_TERM, Shape.OVER_PLAN, Shape.YES_NO, Shape.RATING_LEVEL, Shape.ZERO
)  # fmt: skip


def result_text(target: Target, result: Decimal) -> str:
    """The result in the table's "Thực hiện" column, in the same form as the target beside it:
    "373,6 lao động/năm" against "300 lao động/năm", "giảm 1,2%/năm" against "giảm 1,5%/năm"."""
    if target.shape in _WORDED:
        return show_result(target, Decimal(result), places=2)
    per = "năm" if target.period is not None and target.period.value == "year" else None
    return value_text(result, target.unit, counted=_short_counted(target.counted), per=per)


def _result_phrase(text: str, target: Target, result: Decimal) -> str:
    """The target's own phrase with the result written where its figure stood:
    "Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm" -> "… tăng bình quân 11,74%/năm"."""
    if target.shape in _WORDED:
        # "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm" is about "Tỷ lệ hộ nghèo": the verb goes with the result
        name = _VERB_ENDS.sub("", target_label(text)) or target_label(text)
        return f"{name[0].upper() + name[1:]}: {result_text(target, result)}"
    lead, q, tail = target_split(text)
    if q is None:
        # No figure to replace ("Thu ngân sách nhà nước theo kế hoạch"): "<name> đạt <result>".
        name = _PLAN_SUFFIX.sub("", lead).rstrip(" ,:") or lead
        shown = value_text(result, target.unit, counted=_short_counted(target.counted))
        joiner = " " if name.lower().endswith(" đạt") else " đạt "
        return f"{name}{joiner}{shown}"
    scale = money_scale(result) if q.unit == Unit.VND else None
    shown = format_quantity(Quantity(Decimal(result), q.unit, counted=q.counted, per=q.per, scale=scale), places=2)
    phrase = " ".join(p for p in (lead, shown, tail) if p)
    return phrase[0].upper() + phrase[1:]


# The completion percentage reads well for amounts and counts ("đạt 112% Nghị quyết"); for a rate
# ("11,74% against 12%") it would be a percentage of a percentage, which reports do not print.
_PCT_UNITS = (Unit.VND, Unit.COUNT, Unit.HECTARE, Unit.OTHER, Unit.TIMES)


def target_sentence(
    text: str,
    target: Target,
    evaluation: Evaluation | None,
    *,
    ref: str = "Nghị quyết",
    mark: str = "",
) -> str:
    """One sentence per target, in the words of the review reports:

    "Tổng giá trị sản xuất tăng bình quân 11,74%/năm, chưa đạt chỉ tiêu Nghị quyết (12 - 15%/năm)."
    "Thu ngân sách nhà nước đạt 124.857 triệu đồng, vượt chỉ tiêu kế hoạch (31.336,46 triệu đồng),
    đạt 398,44% kế hoạch."

    ``ref`` names what the target belongs to: "Nghị quyết" (the congress resolution) or "kế hoạch"
    (a year's plan). A term under way says so, and whether it is on track (at mid-term a term total
    is on track when it keeps pace with its share due, 2,5 years of 5). ``mark`` ("(nháp)",
    "(chưa duyệt)") follows the result when it rests on figures nobody approved yet.
    """
    if evaluation is None:
        raise ValueError("target_sentence needs an evaluation")
    result = evaluation.result
    if evaluation.verdict is None and not evaluation.in_progress:
        # No verdict can be given: say so and why, never a guess.
        reason = evaluation.reason.split(" / ")[0]
        return f"{text.rstrip(' .')}: chưa đánh giá được, vì {reason[0].lower() + reason[1:]}."
    phrase = _result_phrase(text, target, result) if result is not None else text.rstrip(" .")
    if mark and result is not None:
        phrase = f"{phrase} {mark}"
    bracket = target_text(target, scale_of=result)
    if evaluation.in_progress:
        return _in_progress_sentence(phrase, target, evaluation, ref, bracket)
    verdict = VERDICT_LABELS[evaluation.verdict]
    line = f"{phrase}, {verdict} chỉ tiêu {ref} ({bracket})"
    if evaluation.note:
        line += f" ({evaluation.note})"
    pct = round_pct(evaluation.completion_pct)
    if pct is not None and (target.unit in _PCT_UNITS or target.shape == Shape.PLAN_AMOUNT):
        line += f", đạt {format_number(pct)}% {ref}"
    return line + "."


def _in_progress_sentence(phrase: str, target: Target, evaluation: Evaluation, ref: str, bracket: str) -> str:
    """ "Kết nạp 18 đảng viên; chỉ tiêu Nghị quyết (50 đảng viên) đang thực hiện, có nguy cơ không đạt
    (theo số đạt được sau 2 năm, tính cho cả 5 năm: dự kiến 45 đảng viên)." """
    outlook = evaluation.outlook
    assert outlook is not None
    line = f"{phrase}; chỉ tiêu {ref} ({bracket}) {outlook.label}"
    if outlook.projected is not None:
        line += f" (theo {outlook.basis}: dự kiến {result_text(target, outlook.projected)})"
    return line + "."


def claim_note(claim: str, verdict: Verdict) -> str:
    """A note for the office when the source text claims another verdict than its numbers give."""
    return (
        f"Lưu ý: nguồn số liệu ghi «{claim}», nhưng theo số liệu chỉ tiêu này {VERDICT_LABELS[verdict]}; "
        "đề nghị kiểm tra lại trước khi ban hành."
    )
