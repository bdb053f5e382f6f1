"""Targets (chỉ tiêu) of a resolution: reading a target phrase into a ``Target``.

A target phrase as resolutions write it ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm",
"giảm tỷ lệ hộ nghèo bình quân 1 - 1,5%/năm", "không còn hộ nghèo", "5/6 thôn đạt chuẩn nông thôn
mới kiểu mẫu", "Đảng bộ hằng năm hoàn thành tốt nhiệm vụ trở lên") becomes a ``Target`` of one of
the shapes in docs/targets.md. Judging results against it is chitieu.core.verdicts.

The words that decide a reading (which numbers are not the target, what makes a figure a change,
which levels are lower-is-better by nature) are data, in ``target_words.toml`` beside this file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import cache, lru_cache, wraps
from importlib import resources

from .catalog import Direction, Indicator, find_indicator, get_indicator, indicators
from .quantity import (
    HEDGE_PHRASES,
    NUMBER_WORDS,
    ZERO_WIDTH,
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
    "MAX_PHRASE",
    "check_phrase",
    "reads_phrase",
    "Period",
    "Shape",
    "SHAPE_LABELS",
    "Target",
    "TargetError",
    "figure_subjects",
    "find_figures",
    "find_quantity",
    "fold_text",
    "format_target",
    "governing_verb",
    "parse_target",
    "per_base",
    "rating_level",
    "rating_name",
    "strip_item_number",
    "target_from_quantity",
    "target_words",
    "word_patterns",
]


class TargetError(ValueError):
    """A phrase that is not a target, or a result that cannot be judged against it."""


class Shape(StrEnum):
    AT_LEAST = "at_least"  # "từ 300 lao động trở lên", "trên 90% chi bộ/năm"
    RANGE = "range"  # a level, higher is better: met from the low end, exceeded above the high
    BAND = "band"  # "tỷ suất sinh 10-12‰/năm": inside is best
    AT_MOST = "at_most"  # "giảm tỷ lệ hộ nghèo còn dưới 3%", "tỷ lệ tăng dân số tự nhiên dưới 0,9%"
    PER_YEAR_COUNT = "per_year_count"  # "thoát nghèo 110 hộ/năm"
    TERM_TOTAL = "term_total"  # "phát triển 25 đảng viên" over the term
    ALL = "all"  # "100% hộ sử dụng nước máy"
    PLAN_AMOUNT = "plan_amount"  # "thu ngân sách 31.336 triệu đồng": judged by completion %
    AVERAGE_GROWTH = "average_growth"  # "tăng bình quân 12 - 15%/năm": compound growth of a level
    CHANGE_PER_YEAR = "change_per_year"  # "giảm tỷ lệ hộ nghèo bình quân 1 - 1,5%/năm"
    CHANGE_OVER_TERM = "change_over_term"  # "tăng 04 doanh nghiệp so với năm 2015"
    ZERO = "zero"  # "không còn hộ nghèo", "không để xảy ra trọng án"
    YES_NO = "yes_no"  # "giữ vững danh hiệu …", "đạt xã nông thôn mới nâng cao vào năm 2020"
    RATING_LEVEL = "rating_level"  # "Đảng bộ hằng năm hoàn thành tốt nhiệm vụ trở lên"
    X_OF_Y = "x_of_y"  # "5/6 thôn đạt chuẩn", "50% (8 xã)"
    OVER_PLAN = "over_plan"  # "thu ngân sách tăng 15 - 20% so với kế hoạch được giao"


# What a user reads for each shape (the UI and reports never show the codes).
SHAPE_LABELS = {
    Shape.AT_LEAST: "đạt từ mức chỉ tiêu trở lên",
    Shape.RANGE: "khoảng, càng cao càng tốt",
    Shape.BAND: "khoảng, nằm trong là đạt",
    Shape.AT_MOST: "không vượt quá mức chỉ tiêu (càng thấp càng tốt)",
    Shape.PER_YEAR_COUNT: "số lượng mỗi năm",
    Shape.TERM_TOTAL: "tổng số cả nhiệm kỳ",
    Shape.ALL: "100%",
    Shape.PLAN_AMOUNT: "kế hoạch (theo % hoàn thành)",
    Shape.AVERAGE_GROWTH: "tăng trưởng bình quân",
    Shape.CHANGE_PER_YEAR: "mức tăng/giảm mỗi năm",
    Shape.CHANGE_OVER_TERM: "mức tăng/giảm cả nhiệm kỳ",
    Shape.ZERO: "không còn, không để xảy ra",
    Shape.YES_NO: "đạt hay không đạt (danh hiệu, chuẩn)",
    Shape.RATING_LEVEL: "mức xếp loại",
    Shape.X_OF_Y: "số đơn vị đạt trên tổng số",
    Shape.OVER_PLAN: "vượt kế hoạch",
}


class Period(StrEnum):
    YEAR = "year"
    TERM = "term"


@dataclass(frozen=True)
class Target:
    shape: Shape
    value: Decimal
    unit: Unit
    value_max: Decimal | None = None
    counted: str | None = None
    period: Period | None = None
    indicator: str | None = None
    # For a level: which way is better. For a change: "lower" is a decrease target, "higher" an increase.
    direction: str = Direction.HIGHER
    # "trên 90%", "dưới 3%": the bound itself does not reach the target. Reports use the
    # literal reading, so 90% against "trên 90%" is not met.
    strict: bool = False
    text: str = ""
    scale: str | None = field(default=None, compare=False)  # money unit the phrase used ("triệu")
    of: Decimal | None = None  # the Y of "5/6 thôn": the share is value / of
    count: Decimal | None = None  # "50% (8 xã)": the count the share stands for
    # A change in percent of the level itself ("số vụ tai nạn giảm 5%/năm"), not in points of a rate
    # ("giảm tỷ lệ hộ nghèo 1,5%/năm" is 1,5 points).
    relative: bool = False
    # What a figure is per, other than the year: "người/năm" (70 triệu đồng/người/năm), "ha", "vụ".
    per: str | None = None
    measure: str | None = None  # the unit of an "other" figure: "tấn", "tạ", "km" (chitieu.core.quantity)
    since: int | None = None  # "so với năm 2015": the year a change over the term counts from
    deadline: int | None = None  # "vào năm 2020", "đến năm 2025": the year it must be reached by
    # A line with several figures in their own clauses ("Tỷ lệ hộ nghèo còn 2%, hộ cận nghèo còn 3%"):
    # the other figures' targets, each with the words of its clause. A result is judged against the
    # part its words name (chitieu.core.verdicts). Read from the text; never stored.
    clause: str = field(default="", compare=False)
    others: tuple[Target, ...] = field(default=(), compare=False)

    @property
    def is_change(self) -> bool:
        return self.shape in (Shape.CHANGE_PER_YEAR, Shape.CHANGE_OVER_TERM)


# --- the words ------------------------------------------------------------------------------


def fold_text(text: str) -> str:
    """NFC, plain dashes and quotes, "‰" for "%0", single spaces, no zero-width characters: the form every
    rule reads."""
    text = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))  # "1,5%\u200b" pasted from a page
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-").replace("\u00a0", " ")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    # "0,30%0" is how many type ‰; "%o" too.
    text = re.sub(r"(?<=\d)\s*%\s*[0o](?![\w\d])", "‰", text)
    return " ".join(text.split())


def _alternation(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


@cache
def target_words() -> dict:
    """The tables of ``target_words.toml``."""
    return tomllib.loads(resources.files(__package__).joinpath("target_words.toml").read_text("utf-8"))


@cache
def word_patterns() -> dict[str, re.Pattern]:
    """The regular expressions built from the word tables, once."""
    w = target_words()
    word = r"(?<![\w])(?:{})(?![\w])"
    ch = w["change"]
    return {
        "not_before": re.compile(r"(?<![\w])(?:" + _alternation(w["not_value"]["before"]) + r")\s*$"),
        "not_before_except": re.compile(r"(?<![\w])(?:" + _alternation(w["not_value"]["before_except"]) + r")\s*$"),
        "not_after": re.compile(
            r"(?:\s*(?:-|đến|tới)\s*\d[\d.,]*)?\s*(?:" + _alternation(w["not_value"]["after"]) + r")(?![\w])"
        ),
        "duration": re.compile(r"\s*(?:" + _alternation(w["not_value"]["duration"]) + r")(?![\w])(?!\s*/)"),
        "zero_event": re.compile(word.format(_alternation(w["zero"]["event"]))),
        "zero_state": re.compile(word.format(_alternation(w["zero"]["state"]))),
        "yes_no": re.compile(word.format(_alternation(w["yes_no"]["target"]))),
        "yes_no_no": re.compile(word.format(_alternation(w["yes_no"]["no"]))),
        "rating": re.compile(word.format(_alternation(w["rating"]))),
        "down": re.compile(word.format(_alternation(ch["down"]))),
        "up": re.compile(word.format(_alternation(ch["up"]))),
        "not_verb": re.compile(word.format(_alternation(ch["not_verbs"]))),
        # "trở lên" is a floor, not "lên" (a level raised to)
        "level": re.compile(r"(?<!trở )" + word.format(_alternation(ch["level"]))),
        "since": re.compile(word.format(_alternation(ch["since"]))),
        "level_down": re.compile(r"(?<!trở )(?<![\w])(?:" + _alternation(ch["level_down"]) + r")\s*$"),
        "level_up": re.compile(r"(?<!trở )(?<![\w])(?:" + _alternation(ch["level_up"]) + r")\s*$"),
        "year_on_year": re.compile(word.format(_alternation(ch["year_on_year"]))),
        "bounded_figure": re.compile(
            r"(?<![\w])(?:(?:" + _alternation(w["figure_bounds"]["before"]) + r")\s+)?"
            # a range is one figure: "8-10", "2 – 3", "từ 2 đến 3"
            r"\d[\d.,]*\s*(?:%|‰)?(?:\s*(?:-|–|đến|tới)\s*\d[\d.,]*\s*(?:%|‰)?)?"
            r"(?:\s+(?:" + _alternation(w["figure_bounds"]["after"]) + r")(?![\w]))?"
        ),
        "plan": re.compile(word.format(_alternation(ch["plan"]))),
        "rate": re.compile(word.format(_alternation(w["rate"]["words"]))),
        "stock": re.compile(
            r"(?<![\w])(?:"
            + _alternation(w["stock"]["before"])
            + r")(?:\s+(?:"
            + _alternation(ch["filler"])
            + r"))*\s*$"
        ),
        "flow": re.compile(word.format(_alternation(w["flow"]["result"]))),
        "every_year": re.compile(word.format(_alternation(w["every_year"]["words"]))),
        "lower_nature": re.compile(word.format(_alternation(w["lower_by_nature"]["phrases"]))),
        "higher_despite": re.compile(word.format(_alternation(w["lower_by_nature"]["higher_despite"]))),
    }


def rating_name(level: int | Decimal) -> str:
    """ "hoàn thành tốt nhiệm vụ" for 3: the level's name in the rules now in force."""
    return target_words()["rating_names"][str(int(level))]


def rating_level(text: str) -> int | None:
    """The rating a phrase names (4 = HTXSNV … 1 = KHTNV), the longest name found, or None."""
    m = word_patterns()["rating"].search(fold_text(text).lower())
    return target_words()["rating"][m.group()] if m else None


# --- finding the figure of a phrase -----------------------------------------------------------

_HEDGE_BEFORE = "(?:" + _alternation([*HEDGE_PHRASES, "từ"]) + ")"
# Words that end the noun of a quantity: what follows is context, not what is counted.
_NOUN_STOP = re.compile(
    r"\s(?:trong|mỗi|hằng|hàng|bình quân|trở lên|trở xuống|so với|so|đạt|vượt|và|vào|của|,|;|\(|\))(?=\s|$)"
    r"|\s(?:đến|tới)(?=\s(?!\d)|$)"
    r"|[;:()!?…\"]|,(?!\d)|\.(?!\d)"  # sentence punctuation; "1.131" and "8,27" keep their marks
)
_DIGITS = re.compile(r"\d[\d.,]*\d|\d")
_AMBIGUOUS_WORDS = frozenset({"năm", "một", "tư", "ba", "lẻ", "linh", "chục", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"})
# Units that may touch their number: "80ha", "1,1m2/người", "10tỷ".
_GLUED_UNIT = re.compile(r"(?:ha|km2|km²|km|m2|m²|m3|m³|m|kg|tấn|tạ|tỷ|tỉ|triệu|đồng|đ|lần|%|‰)(?![\w²³])", re.I)
_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")


def _is_year(s: str, start: int, before: str) -> bool:
    """ "năm 2019", "nhiệm kỳ 2020-2025", "2015 - 2020", "so với 2015": a year, not a figure."""
    if not _YEAR.match(s, start):
        return False
    after = s[start + 4 :]
    return bool(
        re.search(
            r"(?:năm|nhiệm kỳ|nhiệm kì|giai đoạn|khóa|khoá|đến|tới|vào|trước|sau|cuối|đầu|so với|từ|thời kỳ|"
            r"kỳ|niên độ)\s*$",
            before,
        )
        or re.search(r"(?:19|20)\d\d\s*-\s*$", before)
        or re.match(r"\s*-\s*(?:19|20)\d\d(?!\d)", after)
        or re.search(r"\d/$", before)
        # a bare four-digit year closing a clause: "… đạt chuẩn vào 2025."; counts are written "2.025"
        or re.match(r"\s*(?:$|[,;.)])", after)
    )


_WINDOW = 120  # characters around a number that its reading looks at
MAX_PHRASE = 2000  # a target or a result is a phrase, not a page
# The real target lines collected have at most 6 numbers; every number of a phrase is read, so a
# phrase of hundreds ("5%5%5%…") took a tenth of a second per KB.
MAX_NUMBERS = 30


def check_phrase(text: str, what: str = "Cụm từ") -> None:
    """Bounds of a phrase, checked before it is read (TargetError, in Vietnamese)."""
    if len(text) > MAX_PHRASE:
        raise TargetError(f"{what} quá dài (tối đa {MAX_PHRASE:,} ký tự) / phrase too long".replace(",", "."))
    if len(_DIGITS.findall(text)) > MAX_NUMBERS:
        raise TargetError(
            f"{what} có quá nhiều số (tối đa {MAX_NUMBERS}); mỗi chỉ tiêu, mỗi kết quả ghi một dòng / too many numbers"
        )


@dataclass(frozen=True)
class _Candidate:
    start: int
    weak: bool  # a duration ("5 năm"): taken only when the phrase has no other figure


def _candidates(s: str, low: str) -> list[_Candidate]:
    """Where the figures of a phrase start, without the numbers that are no target's value."""
    rx = word_patterns()
    out: list[_Candidate] = []
    skipped_end = -1
    for m in _DIGITS.finditer(s):
        start, end = m.span()
        # the words right before a number decide what it is; a window keeps long text linear
        before, after = low[max(0, start - _WINDOW) : start], low[end : end + _WINDOW]
        token = m.group()
        skip = (
            _is_year(s, start, before)
            or bool(_DATE.match(s, start))
            or (bool(re.search(r"ngày\s*$", before)) and bool(re.match(r"\d{1,2}\s*/\s*\d{1,2}", s[start:])))
            # the Y of "X/Y" and the base of "113 trẻ trai/100 trẻ gái" belong to the figure before them
            or bool(re.search(r"/\s*$", before))
            # the high end of a range belongs to its low end
            or bool(re.search(r"\d\s*(?:-|~|đến|tới)\s*$", before))
            # document numbers: "12-CT/TU", "1980/QĐ-TTg", "05-NQ/TU"
            or bool(re.match(r"\s*[-/]\s*[A-ZĐ]", s[end:]))
            # "lớp 9" (but "đạt lớp 9,5" of schooling is a value), "Phường 4", "Quy định 213", "con thứ 3"
            or (
                bool(rx["not_before"].search(before))
                and not ("," in token and before.endswith("lớp "))
                and not rx["not_before_except"].search(before)
            )
            # "trẻ em dưới 5 tuổi" (but "tuổi thọ trung bình đạt 75 tuổi" is a value)
            or (bool(rx["not_after"].match(after)) and "tuổi thọ" not in low)
            # "trên 1.000 dân", "trên 1ha": the base of a rate per thousand inhabitants, per hectare
            or bool(re.search(r"(?:trên|/)\s*$", before) and re.match(r"\s*(?:dân|người dân)(?![\w])", after))
            or (token == "1" and bool(re.search(r"(?:trên|/|mỗi)\s*$", before)))
            # "giảm từ 20,5% xuống còn 15%": the level it starts from
            or (
                bool(re.search(r"(?<![\w])từ\s*$", before))
                and bool(
                    re.match(
                        r"\s*(?:%|‰)?(?:\s+[^\W\d_]+){0,3}\s*(?:xuống còn|xuống mức|xuống|lên mức|lên|còn)\s+\d", after
                    )
                )
            )
            # "5G", "4.0" (a name), "COVID-19"; units may touch: "80ha"
            or (bool(re.match(r"[^\W\d_]", s[end : end + 1])) and not _GLUED_UNIT.match(s, end))
            or bool(re.search(r"[^\W\d_]-$", before))
            or bool(re.match(r"\.\d(?!\d)", s[end:]))
            # a list that goes on from a number that was skipped: "mức độ 3, 4"
            or (skipped_end >= 0 and bool(re.fullmatch(r"\s*(?:,|và|hoặc|-|đến|tới|/)\s*", s[skipped_end:start])))
        )
        if skip:
            skipped_end = end
            continue
        out.append(_Candidate(start, bool(rx["duration"].match(after))))
    if not out:  # number words: "mười đảng viên", "hai thôn"
        words = list(re.finditer(r"[^\W\d_]+", low))
        for i, m in enumerate(words):
            nxt = words[i + 1].group() if i + 1 < len(words) else ""
            # A lone "năm" (year), "một" (a, one) is no figure: "mỗi năm", "một số chỉ tiêu".
            if m.group() in NUMBER_WORDS and (m.group() not in _AMBIGUOUS_WORDS or nxt in NUMBER_WORDS):
                if i and words[i - 1].group() in NUMBER_WORDS:
                    continue  # inside a number already seen
                out.append(_Candidate(m.start(), bool(rx["duration"].match(low[m.end() :]))))
    return sorted(out, key=lambda c: c.weak)  # strong figures first, each group in text order


def _read_at(s: str, low: str, start: int) -> tuple[Quantity, int, int] | None:
    """The quantity starting at ``start`` (with a hedge before it), longest reading first."""
    token = _DIGITS.match(s, start)
    if token:
        parse_number(token.group())  # an ambiguous "12.5" is an error the user must see
    offset = max(0, start - _WINDOW)
    hedge = re.search(_HEDGE_BEFORE + r"\s*$", low[offset:start])
    hedge_start = offset + hedge.start() if hedge else start
    if hedge:
        found = _longest(s, hedge_start, start)
        if found:
            return found
    found = _longest(s, start, start)
    if found and hedge:
        # "từ 10.000 tỷ đồng" with no "trở lên" is the floor of the target
        word = hedge.group().strip()
        q, _, end = found
        if q.hedge is None:
            q = replace(q, hedge=Hedge.AT_LEAST if word == "từ" else HEDGE_PHRASES[word])
        return q, hedge_start, end
    return found


# The same phrase is read at the same place by several passes (candidates, parts, subjects): each
# reading tries up to 18 word counts, so it is kept (a phrase of 30 numbers read 4 times cost 60 ms).
@lru_cache(maxsize=4096)
def _longest(s: str, qstart: int, start: int) -> tuple[Quantity, int, int] | None:
    tail = s[qstart:]
    stop = _NOUN_STOP.search(tail, start - qstart + 1)
    keep_suffix = re.search(r"\s(trở lên|trở xuống)(?=\s|$|[,;()/])", tail)
    end = stop.start() if stop else len(tail)
    if keep_suffix and (not stop or keep_suffix.start() == stop.start()):
        end = keep_suffix.end()
        per = re.match(r"/\s*năm", tail[end:])  # "117.000 tấn/năm trở lên" written "… trở lên/năm"
        end += per.end() if per else 0
    # A quantity is a number, its unit and a noun of at most twelve words (chitieu.core.quantity).
    words = tail[:end].split(" ")[:18]
    # Longest reading first: "100% hộ sử dụng nước máy" keeps its noun; drop words until it parses.
    for k in range(len(words), 0, -1):
        piece = " ".join(words[:k])
        try:
            return parse_quantity(piece), qstart, qstart + len(piece)
        except QuantityError:
            continue
    return None


def reads_phrase(fn):
    """A public reader of phrases raises TargetError only: a number the quantity reader refuses
    (forty digits, "1.2.3,4,5") makes a phrase that cannot be read, like any other."""

    @wraps(fn)
    def reader(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except QuantityError as exc:
            raise TargetError(str(exc)) from None

    return reader


def _find_quantity(text: str) -> tuple[Quantity, int, int]:
    """The figure of a phrase, with its span: "đạt 131 hộ" -> (131 hộ, 4, 10).

    Years, dates, document numbers, ages, grades, ordinals and names with numbers are skipped; a
    duration ("5 năm") is taken only when nothing else is. Raises TargetError when there is none.
    The span is in the phrase as folded (dashes and spaces normalised).
    """
    check_phrase(text)
    s = fold_text(text)
    low = s.lower()
    for c in _candidates(s, low):
        found = _read_at(s, low, c.start)
        if found:
            return found
    raise TargetError(f"Không tìm thấy con số trong: {text!r} / no figure found")


# The core's own callers tell a number it refuses (QuantityError) from a phrase with no figure.
find_quantity = reads_phrase(_find_quantity)


# --- reading a target phrase ----------------------------------------------------------------

_PER_YEAR = re.compile(r"hằng năm|hàng năm|hẳng năm|mỗi năm|/\s*năm|một năm|năm sau cao hơn năm trước|\d%? năm\b")
_TERM = re.compile(r"nhiệm kỳ|nhiệm kì|cả giai đoạn|giai đoạn|5 năm|năm năm|toàn khóa|đến năm 20\d\d|đến cuối")
_GROWTH = re.compile(r"\btăng\b|tăng trưởng|tốc độ|cao hơn năm trước|so với năm trước|so với cùng kỳ")
_DEADLINE = re.compile(
    r"(?:vào|đến|trước|trong|tới|đến hết|cuối)\s+(?:cuối\s+)?(?:năm\s+)?((?:19|20)\d\d)(?!\d|\s*-)"
    r"|năm\s+((?:19|20)\d\d)(?!\d|\s*-)"
)
_SINCE_YEAR = re.compile(r"so với (?:cuối |đầu )?(?:năm )?((?:19|20)\d\d)")
_RATIO_BASE = re.compile(r"(?:trên|/)\s*(\d[\d.]*)\s+(dân|người dân)(?![\w])")
_BRACKET_COUNT = re.compile(r"\s*\(\s*(\d[\d.,]*)(?:\s*/\s*(\d[\d.,]*))?\s*([^\W\d_][^(),]*)?[^()]*\)")


# The number of an item in a resolution's list is no figure of the target: "2. Kết nạp 10 đảng viên",
# "12.", "01.", "1)", "(1)", "a)", "I.", "Chỉ tiêu 5:", "1-". A letter must follow it ("1.131 hộ" is a figure).
ITEM_NUMBER = re.compile(
    r"^\s*(?:"
    r"chỉ\s+tiêu(?:\s+số)?\s+\d{1,2}\s*[:.)-]"
    r"|\(\s*(?:\d{1,2}|[a-zđ]|[ivxlc]{1,5})\s*\)"
    r"|(?:\d{1,2}|[a-zđ]|[ivxlc]{1,5})\s*[.)]"
    r"|\d{1,2}\s*-"
    r")\s+(?=[^\W\d_])",
    re.IGNORECASE,
)


def strip_item_number(text: str) -> str:
    """The target without the number of its item: "2. Kết nạp 10 đảng viên" -> "Kết nạp 10 đảng viên"."""
    return ITEM_NUMBER.sub("", ZERO_WIDTH.sub("", text), count=1).strip()


@reads_phrase
def parse_target(text: str, indicator: str | None = None) -> Target:
    """Read a target phrase as resolutions write it into a structured ``Target``."""
    if not isinstance(text, str) or not text.strip():
        raise TargetError("Chỉ tiêu trống / empty target")
    check_phrase(text, "Chỉ tiêu")
    text = strip_item_number(text)
    if not text:
        raise TargetError("Chỉ tiêu trống / empty target")
    s = fold_text(text)
    low = s.lower()
    figures = _figures(s, low)
    if not figures:
        try:
            q, start, end = _find_quantity(s)  # a duration alone ("đạt trong sạch vững mạnh 5 năm")
        except TargetError:
            return _wordless_target(text, indicator)
        figures = [(q, start, end)]
    parts = _parts(s, low, figures)
    if len(parts) > 1 and "cơ cấu" in low and all(q.unit == Unit.PERCENT for q, _, _, _ in parts):
        raise TargetError(
            f"Chỉ tiêu cơ cấu gồm nhiều tỷ trọng, mỗi ngành một hướng: tách từng ngành thành một chỉ tiêu: {text!r} "
            f"/ a structure of several shares: give each share its own target"
        )
    targets = []
    for i, (q, start, end, clause) in enumerate(parts):
        if q.hedge == Hedge.NEARLY:
            # "gần 32 triệu đồng": how near is near enough is not written down
            raise TargetError(f"Chỉ tiêu ghi 'gần …' nên không rõ mức cần đạt: {text!r} / 'nearly' sets no threshold")
        if q.of is not None and q.of <= 0:
            raise TargetError(f"Tổng số bằng 0: {text!r} / the total of X/Y is zero")
        targets.append(target_from_quantity(q, text, indicator if i == 0 else None, span=(start, end), clause=clause))
    if len(targets) > 1:
        # what each part is about, for matching a result to it: "…75%, trong đó có bằng cấp, chứng chỉ đạt
        # 30%" is about trained workers with a diploma
        subjects = figure_subjects(low, [(start, end) for _, start, end, _ in parts])
        targets = [replace(t, clause=subject) for t, subject in zip(targets, subjects, strict=True)]
    return replace(targets[0], others=tuple(targets[1:]))


# Where the words about one figure end and those about the next begin.
_SUBJECT_CUTS = re.compile(r";|,\s|:\s|\strong đó\s|\s-\s(?=[^\d])|\.\s")
_SENTENCE_CUTS = re.compile(r";|\.\s")


def figure_subjects(low: str, spans: list[tuple[int, int]], *, result: bool = False) -> list[str]:
    """The words that speak of each figure of a line (``spans`` in text order, in the folded lowercase
    ``low``): from the cut after the figure before it to the cut after it. A target's "trong đó" part
    keeps the words of the part it belongs to; a result's part keeps those of the parts before it in its
    sentence ("ước đạt 315 tỷ đồng, tăng 12,3% so với cùng kỳ": the 12,3% is of the same amount). In a
    result, brackets cut too ("là 0,24% (giảm 0,09% so với đầu năm)")."""
    marks = [m.start() for m in _SUBJECT_CUTS.finditer(low) if result or not _in_brackets(low, m.start())]
    if result:
        marks += [m.start() for m in re.finditer(r"[()]", low)]
    marks.sort()
    subjects: list[str] = []
    for i, (start, end) in enumerate(spans):
        left = 0
        if i:
            after_previous = [m for m in marks if spans[i - 1][1] <= m < start]
            left = after_previous[0] if after_previous else spans[i - 1][1]
        right = min([m for m in marks if m >= end], default=len(low))
        own = low[left:right]
        if i and result and not _SENTENCE_CUTS.search(low, spans[i - 1][1], start):
            own = subjects[-1] + " " + own
        elif i and not result and re.match(r"[\s,;:.-]*trong đó(?![\w])", own):
            own = subjects[-1] + " " + own
        subjects.append(own)
    return subjects


# A figure right after these is what is reached ("khám thai 4 lần trở lên đạt 90%": 90%, not 4).
_ACHIEVED_BEFORE = re.compile(r"(?<![\w])(?:đạt|đạt tỷ lệ|đạt mức|chiếm|là|ở mức|hóa|hoá)\s*$")
# Where a line with several figures is cut into clauses, one figure each.
_CLAUSE_MARKS = re.compile(r";|,\s|:\s|\strong đó\s|\s-\s(?=[^\d])")


def _in_brackets(low: str, pos: int) -> bool:
    """ "58,9% (66/112 thôn, tăng thêm 20 thôn)": a comma in brackets cuts no clause."""
    return low.count("(", 0, pos) > low.count(")", 0, pos)


def _figures(s: str, low: str) -> list[tuple[Quantity, int, int]]:
    """The figures of a phrase in text order (the numbers that are no value left out)."""
    out: list[tuple[Quantity, int, int]] = []
    for c in sorted((c for c in _candidates(s, low) if not c.weak), key=lambda c: c.start):
        if out and c.start < out[-1][2]:
            continue  # inside the figure before: "12 - 15%", "5/6"
        found = _read_at(s, low, c.start)
        if found:
            out.append(found)
            if len(out) == _MAX_FIGURES:
                break  # a target line is no table: the first figures are enough
    return out


_MAX_FIGURES = 8


def find_figures(text: str) -> list[tuple[Quantity, int, int]]:
    """Every figure of a phrase, in text order, with its span in the folded phrase (the numbers that are
    no value left out; at most eight)."""
    s = fold_text(text)
    return _figures(s, s.lower())


def _parts(s: str, low: str, figures) -> list[tuple[Quantity, int, int, tuple[int, int]]]:
    """One figure per clause, with the clause's bounds: the first one read after "đạt" in its clause,
    else the first. A line of one clause gives one part; ";" always cuts, "," and ":" only between
    figures."""
    hard = [m.start() for m in re.finditer(";", low)]
    marks = [m.start() for m in _CLAUSE_MARKS.finditer(low) if not _in_brackets(low, m.start())]
    marks = marks if len(figures) > 1 else hard
    by_clause: dict[tuple[int, int], list] = {}
    for q, start, end in figures:
        left = max([m + 1 for m in marks if m < start], default=0)
        right = min([m for m in marks if m >= end], default=len(low))
        by_clause.setdefault((left, right), []).append((q, start, end))
    parts = []
    for bounds, found in by_clause.items():
        achieved = [f for f in found if _ACHIEVED_BEFORE.search(low, bounds[0], f[1])]
        q, start, end = (achieved or found)[0]
        parts.append((q, start, end, bounds))
    return parts


def _wordless_target(text: str, indicator: str | None) -> Target:
    """A target with no figure: zero, a rating level, a yes/no title."""
    s = fold_text(text)
    low = s.lower()
    rx = word_patterns()
    ind = get_indicator(indicator) if indicator else None
    deadline = _deadline(low)
    period = Period.YEAR if _PER_YEAR.search(low) else None

    def target(shape: Shape, value: int, unit: Unit, **fields) -> Target:
        common = dict(period=period, indicator=ind.key if ind else None, text=text.strip(), deadline=deadline)
        return Target(shape, Decimal(value), unit, **(common | fields))

    event = rx["zero_event"].search(low)
    zero = event or rx["zero_state"].search(low)
    if zero:
        # "không để xảy ra" forbids it every year; "không còn" asks for none at the end
        counted = low[zero.end() :].strip(" ,.;") or None
        return target(
            Shape.ZERO,
            0,
            Unit.COUNT,
            counted=counted,
            direction=Direction.LOWER,
            period=Period.YEAR if event else period,
        )
    verbs = rx["not_verb"].sub(" ", low)
    year_on_year = bool(rx["year_on_year"].search(low) or re.search(r"so (?:với )?năm trước", low))
    down = re.search(r"(?<![\w])(?:thấp hơn|giảm|không tăng|không cao hơn)(?![\w])", verbs)
    up = re.search(r"(?<![\w])(?:cao hơn|tăng|không giảm|không thấp hơn)(?![\w])", verbs)
    if (down or up) and (year_on_year or rx["down"].search(verbs) or rx["up"].search(verbs)):
        # A direction with no amount: "Số vụ tai nạn giao thông giảm so với năm trước", "Kéo giảm tai nạn
        # giao thông", "Tỷ lệ sinh con thứ 3 trở lên so với năm trước thấp hơn hoặc bằng". Any fall is
        # the target; "hoặc bằng", "không tăng" let no change pass too.
        if down and up:
            down, up = (None, up) if up.start() < down.start() else (down, None)
        unit = Unit.PERCENT if _is_rate(low) else Unit.COUNT
        return target(
            Shape.CHANGE_PER_YEAR if year_on_year else Shape.CHANGE_OVER_TERM,
            0,
            unit,
            period=Period.YEAR if year_on_year else None,
            direction=Direction.LOWER if down else Direction.HIGHER,
            strict=not re.search(r"hoặc bằng|không tăng|không giảm|không cao hơn|không thấp hơn", low),
            deadline=None,
        )
    plan = re.search(
        r"(?<![\w])(?:" + _alternation(target_words()["change"]["plan_met"]) + r")\s+(?:mức\s+)?(?:100%\s+)?"
        r"(?:các\s+)?(?:chỉ tiêu|kế hoạch|dự toán)(?![\w])",
        low,
    )
    if plan:
        # "đạt và vượt chỉ tiêu quận giao hằng năm": 100% of the plan or more; "hoàn thành vượt mức kế
        # hoạch": more than 100%
        beyond = re.search(r"vượt(?: mức)?\s+(?:100%\s+)?(?:các\s+)?(?:chỉ tiêu|kế hoạch|dự toán)", plan.group())
        return target(
            Shape.AT_LEAST, 100, Unit.PERCENT, counted="kế hoạch", strict=bool(beyond) and "và vượt" not in plan.group()
        )
    level = _rating_target_level(low)
    if level is not None:
        return target(Shape.RATING_LEVEL, level, Unit.RATING)
    if rx["yes_no"].search(low):
        return target(Shape.YES_NO, 1, Unit.YES_NO)
    raise TargetError(f"Không tìm thấy con số trong: {text!r} / no figure found")


def _rating_target_level(low: str) -> int | None:
    """The level a rating target asks for; the older names only after a verb of rating."""
    m = word_patterns()["rating"].search(low)
    if m is None:
        return None
    words = target_words()["rating_in_target"]
    if m.group() in words["needs_verb"]:
        verbs = "|".join(re.escape(v) for v in words["verbs"])
        verb = re.search(r"(?<![\w])(?:" + verbs + r")(?![\w])", low[: m.start()])
        if not verb and re.search(r"(?<![\w])xây dựng(?![\w])", low[: m.start()]):
            return None  # "Xây dựng Đảng trong sạch vững mạnh": a direction; "Chi bộ trong sạch vững mạnh" a level
    return target_words()["rating"][m.group()]


def _deadline(low: str) -> int | None:
    m = _DEADLINE.search(_SINCE_YEAR.sub(" ", low))  # "so với năm 2015" is where a change starts
    if m is None:
        return None
    year = int(m.group(1) or m.group(2))
    # "trước năm 2025": before 2025, so by the end of 2024
    return year - 1 if m.group(1) and m.group().startswith("trước") else year


def _locate(q: Quantity, s: str) -> tuple[int, int] | None:
    try:
        found, start, end = _find_quantity(s)
    except (TargetError, QuantityError):
        return None
    return (start, end) if found.value == q.value and found.unit == q.unit else None


def governing_verb(before: str) -> tuple[str, bool, tuple[str, ...]] | None:
    """The change verb that governs the figure after ``before``: ("down"|"up", whether a level marker
    stands between, the markers).

    "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm": "giảm" governs 1,5% (a change). "giảm tỷ lệ hộ nghèo
    còn dưới 3%": a level marker ("còn") stands between, so 3% is the level reached.
    """
    rx = word_patterns()
    best = None
    for kind in ("down", "up"):
        for m in rx[kind].finditer(before):
            if rx["not_verb"].match(before, m.start()):
                continue
            if best is None or m.start() > best[1]:
                best = (kind, m.start(), m.end())
    if best is None:
        return None
    kind, _, vend = best
    between = before[vend:]
    markers = [m.group() for m in rx["level"].finditer(between)]
    # A table writes "Tỷ lệ hộ nghèo giảm bình quân/năm: trên 10%": the colon keeps the verb's figure.
    if len(between.split()) > 20 or ";" in between:
        return None
    if any(not c.weak for c in _candidates(between, between)):
        return None  # another figure stands between: the verb is not this one's
    return kind, bool(markers), tuple(markers)


def _is_rate(low: str) -> bool:
    """A figure of a rate (a share in %, ‰) changes in points: "giảm tỷ lệ hộ nghèo 1,5%". The phrase
    says so ("tỷ lệ", "tỷ suất"); a sector's value ("thương mại dịch vụ tăng 17,5%") grows in percent,
    and so does "tỷ lệ tăng thu ngân sách 10%", the rate of an increase."""
    rx = word_patterns()
    for m in rx["rate"].finditer(low):
        rest = low[m.end() :].lstrip()
        if re.match(r"(?:tăng|giảm)(?![\w])", rest) and not rx["not_verb"].match(rest):
            continue
        return True
    return False


def _lower_by_nature(low: str, before: str) -> bool:
    rx = word_patterns()
    if not rx["lower_nature"].search(low) or rx["higher_despite"].search(low):
        return False
    return not re.search(r"(?<![\w])đạt(?: mức)?\s*$", before)


def target_from_quantity(
    q: Quantity,
    text: str = "",
    indicator: str | None = None,
    *,
    span: tuple[int, int] | None = None,
    clause: tuple[int, int] | None = None,
) -> Target:
    """Decide the shape of a target from its figure, its phrase and its indicator.

    ``span``: where the figure stands in the phrase (folded), when the caller knows it; ``clause``: the
    bounds of the words that speak of it, when the phrase holds several figures (the whole phrase,
    cut at ";", by default).
    """
    whole = fold_text(text).lower()
    span = span or _locate(q, fold_text(text)) or (len(whole), len(whole))
    if clause is None:
        cut = [m.start() for m in re.finditer(";", whole)]
        clause = (
            max([m + 1 for m in cut if m < span[0]], default=0),
            min([m for m in cut if m >= span[1]], default=len(whole)),
        )
    # Every rule reads the figure's own clause: "Giảm tỷ lệ thất nghiệp; tỷ lệ lao động có việc làm 96%"
    # is a level of employment, higher is better.
    low = whole[: clause[1]][clause[0] :]
    offset = clause[0]
    span = (span[0] - offset, span[1] - offset)
    before, after = low[: span[0]], low[span[1] :]
    ind = _resolve_indicator(low, q, indicator)
    per_year = q.per == "năm" or bool(_PER_YEAR.search(low))
    period = Period.YEAR if per_year else (Period.TERM if _TERM.search(low) else None)
    strict = q.hedge in (Hedge.MORE_THAN, Hedge.LESS_THAN)
    deadline = _deadline(whole)
    counted = q.counted
    if counted and q.per and q.per[0].isdigit():
        counted = f"{counted}/{q.per}"  # "113 trẻ trai/100 trẻ gái" is one figure
    base = _RATIO_BASE.search(low)
    if base and q.unit == Unit.COUNT and not (counted and "/" in counted):
        counted = f"{counted or ''}/{base.group(1)} {base.group(2)}"  # "16 doanh nghiệp trên 1.000 dân"
    common = dict(
        value=q.value,
        unit=q.unit,
        value_max=q.value_max,
        counted=counted,
        indicator=ind.key if ind else None,
        strict=strict,
        text=text.strip(),
        scale=q.scale,
        deadline=deadline,
        per=_per_of(q, low),
        measure=q.other_unit,
        clause=low,
    )

    if q.of is not None and per_base(q.value, q.of, bool(q.hedge) or "tỷ số" in low):
        # "dưới 50/100.000 trẻ đẻ sống", "tỷ số giới tính khi sinh 108/100": a rate per a base, not X of Y
        base = f"/{format_number(q.of)}" + (f" {q.counted}" if q.counted else "")
        q = replace(q, of=None, counted=None)
        common = {**common, "value": q.value, "counted": base}
    if q.of is not None:
        if q.value > q.of:
            raise TargetError(f"'{format_quantity(q)}': số đạt lớn hơn tổng số / X is larger than Y")
        return Target(Shape.X_OF_Y, period=period, of=q.of, **common)

    verb = governing_verb(before)
    yearly = period == Period.YEAR or "bình quân" in before
    if verb and verb[1] and set(verb[2]) <= {"đạt", "đạt mức"} and yearly and not _of_plan(q, after):
        # "Giảm tỷ lệ hộ nghèo đạt 2,5%/năm": what is reached every year is the fall itself
        verb = (verb[0], False, ())
    if q.unit == Unit.PERCENT and _over_plan(before, (" " + q.counted if q.counted else "") + after, verb):
        return Target(Shape.OVER_PLAN, period=period, direction=Direction.HIGHER, **common)

    if (
        verb
        and verb[1]
        and re.search(r"bình quân\s+(?:giảm|tăng)|(?:giảm|tăng)\s+bình quân", before)
        and re.search(r"(?<![\w])(?:còn|xuống|lên)(?![\w])", before)
    ):
        # "Tỷ suất sinh hằng năm bình quân giảm còn 0,15 - 0,2%": a yearly fall, or the level it falls to?
        raise TargetError(
            f"Chỉ tiêu viết chưa rõ là mức giảm bình quân hay mức cần đạt: {text!r} "
            f"/ ambiguous: a yearly change or the level to reach"
        )
    hedge_down = q.hedge in (Hedge.LESS_THAN, Hedge.AT_MOST)
    if verb and not verb[1] and not (verb[0] == "down" and hedge_down) and q.unit != Unit.TIMES:
        return _change_target(q, low, before, after, ind, verb[0], period, common)

    if period == Period.YEAR and _year_of_the_unit(q, low, common):
        # "70 triệu đồng/người/năm", "đến năm 2030 đạt 6.000 tấn/năm": a level to reach, its unit a year's
        period, common = None, {**common, "per": common["per"] or ("năm" if q.per == "năm" else None)}
    return _level_target(q, low, before, after, ind, verb, period, common, explicit=indicator is not None)


def _year_of_the_unit(q: Quantity, low: str, common: dict) -> bool:
    """The "/năm" of an amount's unit, not the target's period: an income a year per head ("thu nhập bình quân
    đầu người đạt 70 triệu đồng/người/năm"), an output a year due by a year ("đến năm 2030 đạt 6.000
    tấn/năm"). The target is the level the term's last year reaches; words of every year ("hằng năm",
    "mỗi năm") keep it yearly (chitieu.core.series.level_to_reach reads stored targets the same way)."""
    if q.unit not in (Unit.VND, Unit.OTHER) or word_patterns()["every_year"].search(low):
        return False
    per = [p.strip() for p in (common["per"] or "").split("/")]
    return "người" in per or "ha" in per or common["deadline"] is not None


_PLAN_WORDS = r"(?:kế hoạch|dự toán|chỉ tiêu)"


def _over_plan(before: str, after: str, verb) -> bool:
    """A share over the plan: "tăng 15 - 20% so với kế hoạch", "vượt 5% dự toán", "vượt dự toán huyện
    giao từ 5% trở lên" ("theo chỉ tiêu Quận giao" only says whose target it is)."""
    plan_after = re.match(r"\s*(?:trở lên\s+)?(?:so với\s+|so\s+|hơn\s+)?" + _PLAN_WORDS, after)
    compared_after = re.match(r"\s*(?:trở lên\s+)?(?:so với|so|hơn)\s+" + _PLAN_WORDS, after)
    vuot_before = re.search(r"(?<![\w])vượt(?:\s+mức)?(?:\s+(?:ít nhất|tối thiểu|từ|trên|khoảng))?\s*$", before)
    vuot_plan_before = re.search(r"(?<![\w])vượt\s+(?:mức\s+)?" + _PLAN_WORDS + r"[^\d;]{0,40}$", before)
    up = verb is not None and verb[0] == "up" and not verb[1]
    return bool((up and compared_after) or (vuot_before and plan_after) or vuot_plan_before)


def _change_target(q, low, before, after, ind, kind, period, common) -> Target:
    """A figure governed by "tăng"/"giảm": the change of a level, or the growth of one."""
    rx = word_patterns()
    rate = q.unit == Unit.PERMILLE or (q.unit == Unit.PERCENT and _is_rate(low))
    since = rx["since"].search(low) and not rx["year_on_year"].search(low)
    since_year = _SINCE_YEAR.search(low)
    direction = Direction.LOWER if kind == "down" else Direction.HIGHER
    per_year = period == Period.YEAR or "bình quân" in before or bool(rx["year_on_year"].search(low))
    if q.unit == Unit.PERCENT and not rate and kind == "up" and not since:
        # "Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm": the compound growth of the level.
        growth_ind = ind if ind and ind.growth_of else _growth_indicator(low)
        return Target(
            Shape.AVERAGE_GROWTH,
            period=Period.YEAR,
            direction=Direction.HIGHER,
            **{**common, "indicator": growth_ind.key if growth_ind else None},
        )
    shape = Shape.CHANGE_PER_YEAR if per_year and not since else Shape.CHANGE_OVER_TERM
    # "tỷ lệ hộ nghèo giảm từ 3% trở lên" says neither "mỗi năm" nor "so với …": its period is unsaid
    said = per_year or since or _TERM.search(low)
    return Target(
        shape,
        period=(Period.YEAR if shape == Shape.CHANGE_PER_YEAR else Period.TERM) if said else None,
        direction=direction,
        relative=q.unit == Unit.PERCENT and not rate,
        since=int(since_year.group(1)) if since_year else None,
        **common,
    )


def _growth_indicator(low: str) -> Indicator | None:
    level = find_indicator(low)
    if level is None:
        return None
    if level.growth_of:
        return level
    return next((i for i in indicators().values() if i.growth_of == level.key), None)


def _level_target(q, low, before, after, ind, verb, period, common, *, explicit: bool = False) -> Target:
    """A level to reach or to stay under."""
    count = total = None
    bracket = _BRACKET_COUNT.match(after)
    if bracket and q.unit == Unit.PERCENT:
        try:
            count = parse_number(bracket.group(1))
            total = parse_number(bracket.group(2)) if bracket.group(2) else None
        except QuantityError:
            count = total = None
        if count is not None and not common["counted"] and bracket.group(3):
            common = {**common, "counted": bracket.group(3).strip()}  # "50% (8 xã)" counts xã
    direction = _level_direction(q, low, before, after, ind, verb, explicit=explicit)
    growth = (
        q.unit == Unit.PERCENT
        and direction == Direction.HIGHER
        and (bool(ind and ind.growth_of) or (_speaks_of_growth(low) and not _is_rate(low)))
    )
    if growth:
        growth_ind = ind if ind and ind.growth_of else _growth_indicator(low)
        common = {**common, "indicator": growth_ind.key if growth_ind else None}
        return Target(Shape.AVERAGE_GROWTH, period=Period.YEAR, direction=direction, **common)
    if q.value == 0 and direction == Direction.LOWER and q.value_max is None and q.unit != Unit.VND:
        return Target(Shape.ZERO, period=period, direction=direction, **common)
    # "có 186 doanh nghiệp" is a stock; "có thêm 2 sản phẩm OCOP" is new ones
    stock = bool(word_patterns()["stock"].search(before)) and not word_patterns()["flow"].search(before[-30:])
    flow_count = q.unit == Unit.COUNT and not stock and direction == Direction.HIGHER and q.per in (None, "năm")
    if q.value_max is not None and flow_count and q.hedge is None:
        # "mỗi năm kết nạp từ 10 - 15 đảng viên", "xây dựng được 2 đến 3 xóm đạt chuẩn"
        shape = Shape.PER_YEAR_COUNT if period == Period.YEAR else Shape.TERM_TOTAL
        period = Period.YEAR if period == Period.YEAR else Period.TERM
    elif q.value_max is not None:
        shape = Shape.BAND if direction == Direction.BAND else Shape.RANGE
    elif direction in (Direction.LOWER, Direction.BAND):
        shape, direction = Shape.AT_MOST, Direction.LOWER
    elif count is not None:
        shape = Shape.X_OF_Y
    elif q.unit == Unit.PERCENT and q.value == 100 and q.hedge is None and not _of_plan(q, after):
        shape = Shape.ALL  # (100% of a plan can be beaten: "đạt 128,6% dự toán" is more than 100%)
    elif q.unit == Unit.COUNT and q.hedge not in (Hedge.AT_LEAST, Hedge.MORE_THAN) and q.per not in (None, "năm"):
        shape = Shape.AT_LEAST  # a rate per head ("16 doanh nghiệp/1.000 dân")
    elif (
        q.unit in (Unit.COUNT, Unit.HECTARE)
        and q.hedge not in (Hedge.AT_LEAST, Hedge.MORE_THAN)
        and (q.unit == Unit.COUNT or period is not None)
        and not stock
    ):
        shape = Shape.PER_YEAR_COUNT if period == Period.YEAR else Shape.TERM_TOTAL
        period = Period.YEAR if period == Period.YEAR else Period.TERM
    elif q.unit == Unit.VND and not _is_per_head(low) and _TERM_SUM.search(low) and direction == Direction.HIGHER:
        # "Tổng vốn đầu tư toàn xã hội 5 năm đạt 1.200 tỷ đồng": the sum of the years
        shape, period = Shape.TERM_TOTAL, Period.TERM
    elif q.unit == Unit.VND and q.hedge is None and q.per is None and not _is_per_head(low):
        shape = Shape.PLAN_AMOUNT
    else:
        shape = Shape.AT_LEAST
    return Target(shape, period=period, direction=direction, count=count, of=total, **common)


# A sum of money over the term: "… 5 năm", "cả nhiệm kỳ", "giai đoạn 2026-2030".
_TERM_SUM = re.compile(r"\b(?:5|năm) năm\b|(?:cả|trong|toàn|suốt) nhiệm kỳ|(?:cả )?giai đoạn(?: \d{4}\s*-\s*\d{4})?")


def per_base(value: Decimal, of: Decimal, hint: bool = False) -> bool:
    """ "50/100.000" is 50 per 100.000, not 50 of 100.000: a base of a thousand or more that is a
    power of ten, or 100 with a value above it or a word that says so ("tỷ số", a "dưới")."""
    if of <= 0 or of != Decimal(10) ** (len(str(int(of))) - 1) or of != of.to_integral_value():
        return False
    return of >= 1000 or (of == 100 and (value > of or hint))


def _per_of(q: Quantity, low: str) -> str | None:
    """What the target's figure is per, besides the year: written after it ("70 triệu đồng/người/năm")
    or in the phrase ("thu nhập bình quân đầu người … 45 triệu đồng/năm", "trên 1 ha canh tác")."""
    if q.per and q.per != "năm" and not q.per[0].isdigit():
        return q.per
    if q.unit in (Unit.PERCENT, Unit.PERMILLE, Unit.YES_NO, Unit.RATING):
        return None
    if re.search(r"đầu người|/\s*người", low):
        return "người"
    if re.search(r"(?:trên|/)\s*(?:1|một)?\s*ha(?![\w])|/ha", low):
        return "ha"
    return None


def _of_plan(q: Quantity, after: str) -> bool:
    """ "100% chỉ tiêu trên giao", "100% kế hoạch": a share of the plan."""
    return bool(word_patterns()["plan"].match((q.counted or after).strip()))


def _speaks_of_growth(low: str) -> bool:
    """ "tăng", "tăng trưởng", "tốc độ", but not "tăng cường công tác …"."""
    return bool(_GROWTH.search(word_patterns()["not_verb"].sub(" ", low)))


def _is_per_head(low: str) -> bool:
    return bool(re.search(r"bình quân|đầu người|/người|trên một|trên 1 ha|/ha", low))


def _level_direction(
    q: Quantity, low: str, before: str, after: str, ind: Indicator | None, verb, *, explicit: bool = False
) -> str:
    if q.hedge in (Hedge.AT_MOST, Hedge.LESS_THAN):
        return Direction.LOWER
    if q.hedge in (Hedge.AT_LEAST, Hedge.MORE_THAN):
        return Direction.HIGHER
    if q.unit == Unit.PERCENT and _of_plan(q, after):
        return Direction.HIGHER  # "giảm hộ nghèo đạt 100% chỉ tiêu": a share of the plan to fill
    if verb is not None:  # "giảm … còn 2%", "tăng … lên 85%"
        return Direction.LOWER if verb[0] == "down" else Direction.HIGHER
    if word_patterns()["level_down"].search(before):
        return Direction.LOWER
    if word_patterns()["level_up"].search(before):
        return Direction.HIGHER
    if q.unit == Unit.PERCENT and q.value == 100 and q.value_max is None:
        return Direction.HIGHER  # "100% hộ nghèo được hỗ trợ" is a share to fill, whatever it counts
    nature = _lower_by_nature(low, before)
    despite = bool(word_patterns()["higher_despite"].search(low))
    if (
        ind is not None
        and ind.direction != Direction.HIGHER
        and (explicit or nature or (_is_rate(low) and not despite))
    ):
        # The catalog's direction holds where the phrase names the rate itself: "nông nghiệp" alone
        # finds the agriculture share, but "rác thải nông nghiệp 85%" is waste collected, no share.
        if ind.direction == Direction.BAND and q.value_max is None:
            return Direction.LOWER  # one bound of a band indicator is its ceiling: "dân số tăng 0,9%"
        return ind.direction
    return Direction.LOWER if nature else Direction.HIGHER


def _resolve_indicator(low: str, q: Quantity, key: str | None) -> Indicator | None:
    if key:
        return get_indicator(key)
    # Without its figures "kết nạp 10 đảng viên/năm" reads "kết nạp đảng viên/năm", which names it;
    # a figure's bounds go with it ("ít nhất 2", "từ 2 … trở lên": target_words.toml [figure_bounds]).
    low = " ".join(word_patterns()["bounded_figure"].sub(" ", low).split())
    unit = q.unit if q.unit not in (Unit.YES_NO, Unit.RATING) else None
    ind = find_indicator(low, unit)
    if ind is None and q.unit == Unit.PERCENT and _speaks_of_growth(low):
        # "Tổng giá trị sản xuất tăng 12%": the phrase names the level; the target is its growth.
        ind = _growth_indicator(low)
    if ind is None and q.unit == Unit.COUNT and q.counted:
        ind = find_indicator(q.counted, Unit.COUNT)
    return ind


# --- writing a target back ------------------------------------------------------------------


def format_target(target: Target, scale: str | None = None, places: int | None = None) -> str:
    """The target as a review writes it in brackets: "12 - 15%/năm", "dưới 3%", "giảm 1 - 1,5%/năm".

    A computed target (the plan behind "đạt 398,44% kế hoạch") has endless decimals: ``places``
    rounds what is shown (half up); ``scale`` picks the money unit ("triệu").
    """
    if target.shape == Shape.RATING_LEVEL:
        return f"{rating_name(target.value)} trở lên"
    if target.shape in (Shape.YES_NO, Shape.ZERO):
        return target.text or ("không còn" if target.shape == Shape.ZERO else "đạt")
    hedge = None
    if target.shape == Shape.AT_MOST:
        hedge = Hedge.LESS_THAN if target.strict else Hedge.AT_MOST
    elif target.strict:
        hedge = Hedge.MORE_THAN
    q = Quantity(
        value=target.value,
        unit=target.unit,
        value_max=target.value_max,
        of=target.of if target.count is None else None,
        counted=target.counted if target.count is None else None,
        per=target.per or ("năm" if target.period == Period.YEAR and target.shape != Shape.CHANGE_OVER_TERM else None),
        hedge=hedge,
        scale=scale or target.scale,
        other_unit=target.measure if target.unit == Unit.OTHER else None,  # "6.000 tấn/năm", not "6.000/năm"
    )
    text = format_quantity(q, places=places)
    if target.count is not None:
        total = f"/{format_number(target.of)}" if target.of is not None else ""
        text += f" ({format_number(target.count)}{total}{' ' + target.counted if target.counted else ''})"
    if target.is_change:
        text = ("giảm " if target.direction == Direction.LOWER else "tăng ") + text
        if target.since:
            text += f" so với năm {target.since}"
    elif target.shape == Shape.OVER_PLAN:
        text = f"tăng {text} so với kế hoạch"
    return text
