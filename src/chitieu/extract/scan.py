"""Finding the quantities of running Vietnamese text: spans, values, units, counted nouns.

At each digit, one compiled regular expression reads the candidate figure with its range, fraction,
unit and "/năm"-style suffix; the Python around it only decides, from a few words of context,
whether the candidate is data at all. Nothing loops over the text character by character.

The traps, all from Vietnamese report grammar:

- Numerals come *before* the noun they count ("28 chi bộ"); a number *after* a noun names or
  orders something ("phường 1", "Chi bộ 24", "Ngõ 251, 273", "mức độ 3", "Quy định 213").
- Years ("năm 2019", "2016, 2018, 2019"), terms ("2015-2020", "2020 – 2025"), dates ("Chiều 8/1",
  "18, 19/3", "2/1/2020", "tháng 3/2020") and document numbers ("05-CT/TW", "TCVN 9001:2008") are
  written with the same digits as data.
- "N năm" usually frames a period ("5 năm qua", "Qua hơn 2 năm", "hai năm rưỡi"); it counts a
  result only as "5 năm liền", "năm năm liên tục", "có 3 năm đạt …".
- Number words double as nouns: "năm" is five and year, "ba" three and father, "tư" four and
  private; a word number is taken only before a noun that can be counted.
- Page furniture of a saved news page: "Đang online: 6", "Thống kê: 185.509", "1 2 3 4 5 ...".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from chitieu.core.catalog import indicators
from chitieu.core.quantity import (
    MONEY_SCALES,
    SCALE_SPELLING,
    Hedge,
    Quantity,
    QuantityError,
    Unit,
    parse_number_words,
)

from .lexicon import (
    CLASSIFIERS,
    COUNT_NOUNS,
    COUNT_PHRASES,
    DATE_WORDS,
    FUNCTION_WORDS,
    FURNITURE_LABELS,
    NAMING_NOUNS,
    PERIOD_FRAMES,
    TIME_NOUNS,
)

__all__ = ["Mention", "ends_place_name", "scan"]


class Mention(NamedTuple):
    """One quantity in the text: its span, its value, and where its own noun phrase ends.

    A named tuple, not a frozen dataclass: as immutable, and built several times faster (one is
    built for every figure of the text).
    """

    start: int
    end: int
    quantity: Quantity
    # End of the counted noun after the span ("1.131 đảng viên": after "đảng viên"); the context
    # rules read the figure's phrase up to here.
    phrase_end: int
    # The noun right after the figure, for any unit ("93% người dân"); quantity.counted has it
    # only for counts.
    noun: str | None = None


_SP = r"[ \t\u00a0\u202f]"  # spaces inside one quantity: never a line break
_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?!\d|[.,]\d)"
_SCALE = r"nghìn|ngàn|triệu|tỷ|tỉ"
# "đồng" alone is money only when it does not start a compound: "24 đồng chí" are comrades.
_NOT_DONG_COMPOUND = (
    rf"(?!{_SP}+(?:chí|bào|hồ|thời|ruộng|bằng|đội|nghiệp|loại|bộ|minh|thuận|tình|ý|lòng|hương|dạng"
    r"|điệu|tiền|lúa|cỏ|ca|xu|nát|áng|phục|tâm|hành|sức|cảm|đều|khởi|loạt)(?!\w))"
)
# After a scale, "động" and "dồng" are typos of "đồng" ("35 triệu động/người/năm"): nothing else is
# counted in millions.
_UNIT = rf"""
    (?P<permille>‰|%0|%o(?!\w)|phần{_SP}+nghìn|phần{_SP}+ngàn)
  | (?P<percent>%|phần{_SP}+trăm)
  | (?P<money>(?:(?P<scale>{_SCALE}){_SP}*(?:đồng|động|dồng|vnđ|vnd|đ)|đồng{_NOT_DONG_COMPOUND}|vnđ|vnd|đ)
               (?!\w)(?!/c(?!\w)))
  | (?P<barescale>{_SCALE})(?!\w)(?!{_SP}+(?:lệ|trọng|suất|giá|tập)(?!\w))  # not "tỷ lệ", "triệu tập"
  | (?P<times>lần)(?!\w)(?!{_SP}+thứ)
  | (?P<ha>ha|héc{_SP}*-?{_SP}*ta|hecta)(?!\w)
  | (?P<other>km2|km²|m2|m²|m3|m³|km|tấn|tạ|kg|lít|mw|kwh|mét|m)(?![\w²³])
"""
_QTY_RE = re.compile(
    rf"""
    (?P<n1>{_NUM})
    (?:
        {_SP}*(?P<u1>‰|%0|%|{_SCALE})?{_SP}*(?P<rsep>-|–|—|~|đến|tới){_SP}*(?P<n2>{_NUM})
        (?!/)(?:(?!\w)|(?=(?:ha|km2|km|m2|m²|tấn|tạ|kg)(?!\w)))  # "80– 100ha"
      | {_SP}*/{_SP}*(?P<of>{_NUM})(?!{_SP}*/{_SP}*\d)(?:(?!\w)|(?=ha(?!\w)))
    )?
    (?:{_SP}*(?P<unit>{_UNIT}))?
    (?P<per>(?:{_SP}*/{_SP}*[^\W\d_]+)+)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The same without range or fraction: the fallback when the range reading is wrong
# ("tăng 15% đến 2025" is 15%, not 15 - 2025%).
_SIMPLE_RE = re.compile(
    rf"""(?P<n1>{_NUM})(?:{_SP}*(?P<unit>{_UNIT}))?(?P<per>(?:{_SP}*/{_SP}*[^\W\d_]+)+)?""",
    re.VERBOSE | re.IGNORECASE,
)

_HEDGES = {
    "không quá": Hedge.AT_MOST,
    "tối đa": Hedge.AT_MOST,
    "không dưới": Hedge.AT_LEAST,
    "ít nhất": Hedge.AT_LEAST,
    "tối thiểu": Hedge.AT_LEAST,
    "xấp xỉ": Hedge.ABOUT,
    "khoảng": Hedge.ABOUT,
    "chừng": Hedge.ABOUT,
    "hơn": Hedge.MORE_THAN,
    "trên": Hedge.MORE_THAN,
    "gần": Hedge.NEARLY,
    "dưới": Hedge.LESS_THAN,
}


_HEDGE_WORDS = frozenset(_HEDGES) | {"từ"}


def trie_pattern(phrases: Iterable[str], space: str | None = None) -> str:
    """A regular expression matching any of ``phrases``, factored by common prefixes.

    Python's engine tries the branches of a plain alternation one by one at every position; with
    hundreds of synonyms that dominates the run time. Factored, a position that starts no phrase
    fails on its first character. Optional tails are greedy, so the longest phrase wins.
    ``space``: the pattern a space of a phrase stands for (default: one space).
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def atom(ch: str) -> str:
        return space if space is not None and ch == " " else re.escape(ch)

    def build(node: dict[str, dict]) -> str:
        alts = [atom(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


class _Tails:
    """Phrases looked up at the end of the words before a figure ("ngày", "từ ngày"), longest first.

    Nearly every figure is looked up in several of these sets; the last word decides most lookups
    in one set test, before any phrase is joined.
    """

    __slots__ = ("phrases", "last_words")

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = frozenset(phrases)
        self.last_words = frozenset(p.split(" ")[-1] for p in self.phrases)

    def find(self, words: list[str]) -> str | None:
        """The phrase that the words end with (longest first), or None."""
        if not words or words[-1] not in self.last_words:
            return None
        for k in range(len(words), 0, -1):
            tail = " ".join(words[-k:])
            if tail in self.phrases:
                return tail
        return None


_HEDGE_TAILS = _Tails(_HEDGE_WORDS)
_NAMING = _Tails(NAMING_NOUNS)
_FRACTION_VERBS = _Tails({"đạt", "vượt", "có", "được", "hoàn thành", "là"})
_DATE_WORDS = _Tails(DATE_WORDS)
_FRAMES = _Tails(PERIOD_FRAMES)
_FURNITURE_LINE_RE = re.compile(rf"[\s•·*\-–|>»]*(?:{_alternation(FURNITURE_LABELS)})\s*:?\s*[\d.,\s]+", re.IGNORECASE)
# A counter's label anywhere on a line: "Publish date 07/07/2020 | View count: 558".
_FURNITURE_BEFORE_RE = re.compile(rf"(?<!\w)(?:{_alternation(FURNITURE_LABELS)})\s*:\s*$")
# Labels of a site's counters, which never stand before data in prose, even without a colon.
_COUNTER_BEFORE_RE = re.compile(r"(?<!\w)(?:online|truy cập|lượt xem|lượt đọc|visitors|visits|view count)\s*$")
_COUNTER_WORDS = frozenset({"online", "cập", "xem", "đọc", "visitors", "visits", "count"})
# "1 2 3 4 5 ...", and a number alone on its line (a photo's or a slide's counter): never prose.
_PAGINATION_LINE_RE = re.compile(r"[\s|«»<>.…\-–]*(?:\d{1,3}[\s|.…\-–]+){1,}(?:\d{1,3})?[\s|«»<>.…\-–]*|\s*\d{1,3}\s*")
_DIGIT_RE = re.compile(r"\d")
_ANGLE_MARKS = frozenset("’”′″°")
_ONE_OF_AFTER_RE = re.compile(rf"{_SP}+trong{_SP}+\d")
_COVID_RE = re.compile(r"covid\s*-?\s*$")  # matched on the lower-cased text
_DMY_RE = re.compile(r"\d{1,2}([-/.])\d{1,2}\1(?:19|20)\d\d(?!\d)")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")  # matched on the lower-cased text
_AFTER_CODE_RE = re.compile(r"[-–/][A-ZĐ]|:\d|\.\d|[^\W\d_]")  # "05-CT/TW", "9001:2008", "5G"
_DAYS_BEFORE_RE = re.compile(r"ngày\s+\d{1,2}\s*(?:,|và|-|&)\s*$")
_DAY_LIST_RE = re.compile(rf"{_SP}*(?:,|và|-|–){_SP}*\d{{1,2}}[/-]\d{{1,2}}(?!\d)")  # "18, 19/3", "20 và 21-5"
_LIST_MARKER_RE = re.compile(r"[ \t]*[.)\-–:/][ \t]")
_ID_CONTINUATION_RE = re.compile(rf"{_SP}*(?:,|;|và|-|–){_SP}*$", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+")
_WORDS_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
_WORDS_AFTER_RE = re.compile(rf"{_SP}+([^\W\d_]+(?:{_SP}+[^\W\d_]+){{0,4}})")
_DIGIT_AFTER_RE = re.compile(rf"{_SP}*\d")
_SLASH_RE = re.compile(rf"{_SP}*/{_SP}*")
_SUFFIX_AFTER_NOUN_RE = re.compile(rf"{_SP}*/{_SP}*([^\W\d_]+)(?!\w)")
_REPEATED_RE = re.compile(rf"{_SP}+(liền|liên tục|liên tiếp)(?!\w)", re.IGNORECASE)
_YEARS_ACHIEVE_RE = re.compile(rf"{_SP}+(?:đạt|được{_SP}+(?:công nhận|xếp loại|đánh giá))(?!\w)", re.IGNORECASE)
_FIGURE_NEXT_RE = re.compile(rf"{_SP}+(?:(?:được|hơn|trên|gần|khoảng){_SP}+)?\d")
_AT_LEAST_AFTER_RE = re.compile(r"^[^,;.()\n]{0,40}?trở lên", re.IGNORECASE)
# A place named with capitalised words and a number: "xã Tam Xuân 2", "thôn Phú Hòa 1". Matched on
# the lower-cased text; the words' capitals are checked on the text itself.
_PLACE_NAME_BEFORE_RE = re.compile(
    r"(?<!\w)(?:phường|xã|thị trấn|thôn|ấp|xóm|bản|buôn|làng|khóm|khu phố|tổ dân phố)((?: [^\W\d_]+){1,3}) $"
)
_NAME_QUOTE_RE = re.compile(
    r"(?:mô hình|phong trào|cuộc vận động|chủ đề|khẩu hiệu|danh hiệu|chương trình|câu lạc bộ)\s*$",
    re.IGNORECASE,
)
# "năm" after these is the noun year, not the number five: "trong năm", "mỗi năm", "các năm".
_YEAR_DETERMINERS = frozenset(
    "trong cả mỗi hằng hàng các những từng của qua tới sau trước đầu cuối giữa nhiều vài mấy này"
    " một hai ba bốn sáu bảy tám chín mười năm".split()
)
# Word numbers: no "một" (a, one: "một số", "một trong") and no "tư" (private, thought) to start.
_NUMBER_WORD_START = "hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười"
_NUMBER_WORD_REST = (
    "một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|chục|trăm|linh|lẻ|nghìn|ngàn|triệu"
)


@cache
def _count_nouns() -> frozenset[str]:
    """Counted nouns: the grammar's list plus the catalog's ``counted`` nouns."""
    nouns = set(COUNT_NOUNS) | set(COUNT_PHRASES) | set(CLASSIFIERS)
    nouns.update(ind.counted.lower() for ind in indicators().values() if ind.counted)
    nouns.discard("")
    return frozenset(nouns)


@cache
def noun_after_re() -> re.Pattern[str]:
    """The longest lexicon noun right after a figure, matched on the lower-cased text.

    It reads what ``_WORDS_AFTER_RE`` reads (runs of letters, spaces within the line between them,
    at most five words) in one compiled trie, instead of splitting, lower-casing and re-joining
    the next words for each length at every figure.
    """
    nouns = _count_nouns()
    # A noun of more than five words ("tổ chức cơ sở đảng" has five), or of anything but single-spaced
    # letters, never matches.
    fits = [n for n in nouns if _WORDS_RE.fullmatch(n) and n.count(" ") < 5]
    return re.compile(rf"{_SP}+({trie_pattern(fits, space=_SP + '+')})(?![^\W\d_])")


@cache
def _word_number_re() -> re.Pattern[str]:
    """Matched on the lower-cased text, at a position where a number word starts.

    At most 16 words: the longest number written out ("một trăm hai mươi ba nghìn bốn trăm năm
    mươi sáu") has 11. Unbounded, "năm năm năm …" (a run of "năm") made every start scan to the
    end of the run: quadratic in the text's length (issue 12)."""
    nouns = _count_nouns()
    return re.compile(
        rf"(?:{_NUMBER_WORD_START})(?:{_SP}+(?:{_NUMBER_WORD_REST})){{0,15}}"
        rf"(?={_SP}+(?:{trie_pattern(nouns)})(?!\w))"
    )


def _decimal(token: str) -> Decimal:
    """A token the regex already validated: "1.131" -> 1131, "270,9" -> 270.9."""
    return Decimal(token.replace(".", "").replace(",", "."))


def _scale(word: str | None) -> str:
    """ "Tỉ" -> "tỷ", "ngàn" -> "nghìn"; None -> ""."""
    low = (word or "").lower()
    return SCALE_SPELLING.get(low, low)


def _exact(d: Decimal) -> Decimal:
    """Drop trailing zeros ("270,9 tỷ" is 270900000000, not 270900000000.0)."""
    if d == d.to_integral_value():
        # quantize refuses more digits than the context's precision: a 40-digit "number" stays as is
        return d.quantize(Decimal(1)) if d.adjusted() < 27 else d
    return d.normalize()


def _is_year(token: str | None) -> bool:
    return token is not None and len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def _plain_int(token: str | None, limit: int) -> bool:
    return token is not None and len(token) <= 4 and token.isdigit() and 1 <= int(token) <= limit


_YEAR_NEXT_RE = re.compile(rf"{_SP}+(?:19|20)\d\d(?!\d)")
_SCALED_UNIT_RE = re.compile(rf"{_SP}+(tấn|tạ|kg|lít|km|ha|m2|m²|m3|m³)(?![\w²³])", re.IGNORECASE)
# The rest of an amount written in two or three scales: "16 tỷ| 434 triệu đồng", "2 triệu| 500 nghìn đồng".
_MONEY_REST_RE = re.compile(
    rf"{_SP}+(\d{{1,3}}){_SP}*(triệu|nghìn|ngàn)(?:{_SP}+(\d{{1,3}}){_SP}*(nghìn|ngàn))?{_SP}*(?:đồng|vnđ|vnd|đ)(?!\w)"
    rf"((?:{_SP}*/{_SP}*[^\W\d_]+)+)?",
    re.IGNORECASE,
)


class _Scanner:
    """State of one scan over a text: URL regions, the end of the last name-number seen."""

    def __init__(self, text: str, low: str) -> None:
        self.text = text
        self.low = low
        self._counted: dict[int, tuple[str | None, int]] = {}  # by end; strict: by -end - 1
        self._before: dict[int, list[str]] = {}
        self.url_starts: list[int] = []
        self.url_ends: list[int] = []
        for marker in ("http", "www."):
            i = low.find(marker)
            while i != -1:
                m = _URL_RE.match(low, i)
                if m is not None:
                    self.url_starts.append(m.start())
                    self.url_ends.append(m.end())
                i = low.find(marker, m.end() if m is not None else i + 1)
        if self.url_starts:
            pairs = sorted(zip(self.url_starts, self.url_ends, strict=True))
            self.url_starts = [a for a, _ in pairs]
            self.url_ends = [b for _, b in pairs]
        self.last_name_end = -1

    def words_before(self, start: int) -> list[str]:
        """Up to three lower-case words right before ``start``, none across punctuation."""
        got = self._before.get(start)
        if got is None:
            got = self._before[start] = self._words_before(start)
        return got

    def _words_before(self, start: int) -> list[str]:
        if not start or not self.low[start - 1].isspace():
            return []
        lo = max(0, start - 32)
        toks = self.low[lo:start].rsplit(None, 3)  # the last three words, and the rest
        if len(toks) == 4:
            del toks[0]
        elif lo and toks and not self.low[lo - 1].isspace():
            del toks[0]  # the first token may be cut
        if len(toks) == 3 and toks[0].isalpha() and toks[1].isalpha() and toks[2].isalpha():
            return toks  # the common case: three plain words
        out: list[str] = []
        for t in reversed(toks[-3:]):
            core = t.lstrip("(“\"'[")
            if not core.isalpha():
                break
            out.append(core)
            if core != t:
                break
        out.reverse()
        return out

    def in_url(self, pos: int) -> bool:
        i = bisect.bisect_right(self.url_starts, pos) - 1
        return i >= 0 and pos < self.url_ends[i]

    # --- the noun after a number ---------------------------------------------------------------

    def counted_after(self, end: int, strict: bool = False) -> tuple[str | None, int]:
        """The noun counted after position ``end`` and where it ends: "đảng viên", "hộ", or None.

        ``strict``: only nouns of the lexicon, no guess at an unknown noun.
        """
        key = -end - 1 if strict else end
        got = self._counted.get(key)
        if got is None:
            got = self._counted[key] = self._counted_after(end, strict)
        return got

    def _counted_after(self, end: int, strict: bool) -> tuple[str | None, int]:
        # The longest noun of the lexicon, read by one regex on the lower-cased text (the common
        # case); else, unless strict, the guess at an unknown noun below.
        if self.low.startswith(" đ/c", end) and not self.low[end + 4 : end + 5].isalnum():
            return "đ/c", end + 4  # "2 đ/c": đồng chí, abbreviated
        if self.low.startswith(" chi, đảng bộ", end) and not self.low[end + 13 : end + 14].isalnum():
            return "chi, đảng bộ", end + 13  # "48 chi, đảng bộ trực thuộc": chi bộ and đảng bộ
        noun_re = noun_after_re()
        found = noun_re.match(self.low, end)
        if found is not None:
            noun = " ".join(found.group(1).split())  # "đảng  viên" is "đảng viên"
            if noun in CLASSIFIERS:
                # "lượt hộ nghèo" counts "lượt hộ"; the classifier and its noun within four words.
                more = noun_re.match(self.low, found.end())
                if more is not None and len(more.group(1).split()) <= 3:
                    return noun + " " + " ".join(more.group(1).split()), more.end()
            return noun, found.end()
        if strict:
            return None, end
        m = _WORDS_AFTER_RE.match(self.text, end)
        if not m:
            return None, end
        words = m.group(1).split()
        low = [w.lower() for w in words]
        nouns = _count_nouns()
        # An unknown noun: its words up to a function word, at most two ("5 tập thế" with its typo).
        # Capitalised words start names and sentences, not nouns, except acronyms ("05 HTX").
        taken = 0
        for w, lw in zip(words[:2], low[:2], strict=False):
            if lw in FUNCTION_WORDS or lw in TIME_NOUNS or lw in nouns:
                break
            if w[0].isupper() and not (len(w) > 1 and w.isupper()):
                break
            taken += 1
        if not taken:
            return None, end
        return " ".join(low[:taken]), self._end_of_words(m.start(1), taken)

    def _end_of_words(self, start: int, k: int) -> int:
        pos = start
        for i, wm in enumerate(_WORD_RE.finditer(self.text, start)):
            pos = wm.end()
            if i == k - 1:
                break
        return pos

    # --- is this number data? ------------------------------------------------------------------

    def line_of(self, pos: int, reach: int = 120) -> tuple[int, int]:
        """The line around ``pos``; a line longer than ``reach`` each way is clipped (-1 / len+1)."""
        text = self.text
        lo = pos - reach
        start = text.rfind("\n", max(0, lo), pos) + 1
        if start == 0 and lo > 0:
            start = -1  # no line start within reach: a long line
        end = text.find("\n", pos, pos + reach)
        if end == -1:
            end = len(text) if pos + reach >= len(text) else len(text) + 1
        return start, end

    def is_furniture(self, pos: int) -> bool:
        if self.text.find("\n", pos, pos + 81) == -1 and pos + 81 < len(self.text):
            return False  # a line running on 81 characters is too long (most lines of prose)
        ls, le = self.line_of(pos)
        if ls < 0 or le > len(self.text) or le - ls > 80:
            return False
        return bool(_FURNITURE_LINE_RE.fullmatch(self.text, ls, le) or _PAGINATION_LINE_RE.fullmatch(self.text, ls, le))

    def is_list_marker(self, start: int, end: int) -> bool:
        # The marker's punctuation first: it rules out nearly every figure in one regex call.
        if not _LIST_MARKER_RE.match(self.text, end):
            return False
        ls, _ = self.line_of(start, reach=12)
        return ls >= 0 and self.text[ls:start].strip(" \t•·*-–+>") == ""

    def in_quoted_name(self, pos: int) -> bool:
        """Inside “…” right after "mô hình", "phong trào": the name of a model or movement."""
        q = self.text.rfind("“", max(0, pos - 120), pos)
        if q == -1 or "”" in self.text[q:pos]:
            return False
        return bool(_NAME_QUOTE_RE.search(self.text, max(0, q - 30), q))


def scan(text: str, low: str | None = None) -> list[Mention]:
    """Every quantity of ``text``, in order.

    ``low`` is ``text`` lower-cased with the same length (``lowered(text)``), if the caller has it.
    """
    low = lowered(text) if low is None else low
    sc = _Scanner(text, low)
    out: list[Mention] = []
    # A plain search for a digit is what Python's regex engine does fastest; the full pattern is
    # then matched only there, and "not inside a word or a code" is one character test.
    find_digit = _DIGIT_RE.search
    match_qty = _QTY_RE.match
    pos = 0
    while (d := find_digit(text, pos)) is not None:
        start = d.start()
        if start:
            prev = text[start - 1]
            if (
                prev.isalnum()
                or prev in "/_"
                or (prev in ".,-–:" and start >= 2 and text[start - 2].isdigit())
                or (prev == "+" and text[max(0, start - 4) : start - 1].upper() in ("GMT", "UTC"))
                or (prev == "-" and start >= 2 and text[start - 2].isalpha())
                or (prev in " -" and _COVID_RE.search(low, max(0, start - 10), start))
            ):
                # "TW4", "z1n2020…", the "886" of "2,886,673", the "11" of "ngày 20-11", the "19" of
                # "14:19", the "7" of "GMT+7", the "19" of "Covid-19" and "Covid - 19"
                pos = start + 1
                continue
        m = match_qty(text, start)
        if m is None:
            pos = start + 1
            continue
        if m.group("n2") is not None and (dmy := _DMY_RE.match(text, start)) is not None:
            pos = dmy.end()  # "9-1-2021", "30.4.1975": a date written day-month-year
            continue
        mention, pos = _digits_mention(sc, m)
        if mention is not None:
            out.append(mention)
            pos = max(pos, mention.end)
    words = [w for w in (_word_mention(sc, m) for m in _word_numbers(low)) if w is not None]
    if words:
        out.extend(words)
        out.sort(key=lambda x: x.start)
    return out


def lowered(text: str) -> str:
    """Lower case, one kind of dash and space, every offset kept (searches report positions)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") grow when lowered; keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    low = low.replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    if " kì " in low:
        low = low.replace(" kì ", " kỳ ")  # "nhiệm kì", "cùng kì": "kỳ" spelled the other accepted way
    if "tỉ " in low:
        # "tỉ lệ" and "tỷ lệ", "tỉ trọng" and "tỷ trọng": one word, two accepted spellings (not "tỉnh").
        # str.replace, as a regular expression stops at every "t" of the text.
        low = low.replace(" tỉ ", " tỷ ").replace("\ntỉ ", "\ntỷ ").replace("(tỉ ", "(tỷ ")
        if low.startswith("tỉ "):
            low = "tỷ" + low[2:]
    return low


# Where a word number can start. "năm" alone is nearly always the year: only "năm năm" (five
# years) is looked at.
_WORD_NUMBER_STARTS = ("hai ", "ba ", "bốn ", "sáu ", "bảy ", "bẩy ", "tám ", "chín ", "mười ", "năm năm")


def _word_numbers(low: str) -> list[re.Match[str]]:
    """Word numbers before a countable noun, found with str.find (far faster than a regex scan)."""
    rx = _word_number_re()
    found: dict[int, re.Match[str]] = {}
    for w in _WORD_NUMBER_STARTS:
        i = low.find(w)
        while i != -1:
            if (i == 0 or not low[i - 1].isalnum()) and i not in found:
                m = rx.match(low, i)
                if m is not None:
                    found[i] = m
            i = low.find(w, i + 1)
    out: list[re.Match[str]] = []
    for i in sorted(found):
        if not out or i >= out[-1].end():  # "mười hai": "hai" is inside the number already
            out.append(found[i])
    return out


def _digits_mention(sc: _Scanner, m: re.Match[str]) -> tuple[Mention | None, int]:
    """The mention of one candidate (or None) and where to look for the next candidate."""
    text = sc.text
    n1, n2, of = m.group("n1"), m.group("n2"), m.group("of")
    start = m.start()
    if sc.url_starts and sc.in_url(start):
        return None, m.end()
    if n2 is not None and sc.is_list_marker(start, m.end("n1")):
        return None, m.start("n2")  # "7- 100% hộ": an item number, then the figure
    # A range is a range only if it runs upwards and its ends are not years; "120 triệu đến 130 triệu
    # đồng" repeats its scale, which must then be the unit's.
    u1 = m.group("u1")
    if n2 is not None and u1 and u1[0].isalpha() and _scale(u1) != _scale(m.group("scale") or m.group("barescale")):
        m = _SIMPLE_RE.match(text, start)  # type: ignore[assignment]
        assert m is not None
        n2 = of = None
    if n2 is not None and (_is_year(n1) or _is_year(n2) or _decimal(n2) <= _decimal(n1)):
        if _is_year(n1) and _is_year(n2):
            return None, m.end()  # a term span: "2015-2020"
        if _plain_int(n1, 31) and _plain_int(n2, 12) and "ngày" in sc.low[max(0, start - 16) : start]:
            return None, m.end()  # "Ngày 4 và 5-3": a date, day-month
        m = _SIMPLE_RE.match(text, start)  # type: ignore[assignment]
        assert m is not None
        n2 = of = None
    end = m.end()
    return _check(sc, m, start, end, n1, n2, of), end


def _check(
    sc: _Scanner, m: re.Match[str], start: int, end: int, n1: str, n2: str | None, of: str | None
) -> Mention | None:
    text = sc.text
    unitless = m.group("unit") is None
    # Codes and document numbers: "05-CT/TW", "9001:2008", "123/QĐ-UBND"; a letter glued on.
    if unitless and _AFTER_CODE_RE.match(text, m.start("per") if m.group("per") else end, end + 2):
        return None  # ("1675/NQ-UBTVQH14": the regex took "/NQ" for a "/năm"-style suffix)
    if unitless and of is None and _is_year(n1):
        # "năm 2019", "2016, 2018, 2019"; but "giải quyết việc làm cho 1950 lao động" counts workers
        # ("đầu năm 2022 Đảng bộ …" is a year all the same)
        before = sc.words_before(start)
        if not _counts_after(sc, end) or _DATE_WORDS.find(before) or (before and before[-1] == "năm"):
            return None
    if of is not None and unitless:
        if _is_year(of) or _is_year(n1):
            return None  # "tháng 3/2020", "2020/2021"
        if _looks_like_date(sc, start, end, n1, of):
            return None
    if unitless and of is None:
        if text.startswith("/", end) and text[end + 1 : end + 2].isdigit():
            return None  # "2/1/2020"
        if text[end : end + 1] in _ANGLE_MARKS or (text[start - 1 : start] == "(" and text.startswith(")", end)):
            return None  # "108o37’45”" (a coordinate), "(3) Phấn đấu …" (an item's number)
        if _ONE_OF_AFTER_RE.match(text, end):
            return None  # "Đây là 1 trong 2 đơn vị": the "2" is the figure
        if start >= 2 and text[start - 1] == " " and text[start - 2].isdigit():
            return None  # "1900 1234": figures are never grouped by spaces; phones and codes are
        before = sc.words_before(start)
        if _plain_int(n1, 31) and (_DAY_LIST_RE.match(text, end) or _DATE_WORDS.find(before)):
            return None  # "18, 19/3", "ngày 18"
        if (
            sc.last_name_end >= 0
            and 0 <= start - sc.last_name_end < 8
            and _ID_CONTINUATION_RE.match(text, sc.last_name_end, start)
        ):
            sc.last_name_end = end
            return None  # "Ngõ 251, 273": the list goes on naming
        if (
            (_NAMING.find(before) or ends_place_name(text, sc.low, start))
            and not _counts_after(sc, end)
            and "." not in n1  # "học sinh trên địa bàn phường 2.624": names have no thousands
        ):
            sc.last_name_end = end
            return None
        if sc.is_list_marker(start, end):
            return None
        if sc.is_furniture(start):
            return None
        if text.rfind(":", max(0, start - 3), start) != -1 and _FURNITURE_BEFORE_RE.search(
            sc.low, max(0, start - 24), start
        ):
            return None
        if before and before[-1] in _COUNTER_WORDS and _COUNTER_BEFORE_RE.search(sc.low, max(0, start - 24), start):
            return None  # "Đang online 73942 Tổng lượt truy cập 89135856": counters without a colon
    if sc.in_quoted_name(start):
        return None
    return _build(sc, m, start, end, n1, n2, of)


def ends_place_name(text: str, low: str, start: int) -> bool:
    """The number at ``start`` closes a place's name: "xã Tam Xuân 2 (Núi Thành)", "thôn Phú Hòa 1".
    ``low``: ``lowered(text)``."""
    if start < 3 or text[start - 1] != " " or not text[start - 2].isalpha():
        return False
    w = text.rfind(" ", max(0, start - 30), start - 1) + 1
    if not text[w : w + 1].isupper():
        return False  # the word before is not a name's: the common case, one test
    m = _PLACE_NAME_BEFORE_RE.search(low, max(0, start - 60), start)
    return m is not None and all(n[0].isupper() for n in text[m.start(1) : m.end(1)].split())


def _counts_after(sc: _Scanner, end: int) -> bool:
    """A count noun follows (and is not a date's "ngày": "Quy định 213 ngày 2/1/2020")."""
    noun, noun_end = sc.counted_after(end, strict=True)
    if noun is None:
        return False
    if noun in TIME_NOUNS and _DIGIT_AFTER_RE.match(sc.text[noun_end : noun_end + 3]):
        return False
    return True


def _looks_like_date(sc: _Scanner, start: int, end: int, n1: str, of: str) -> bool:
    """ "Chiều 8/1", "19/3 tới" are dates; "7/7 tổ dân phố", "đạt 12/12" are fractions."""
    before = sc.words_before(start)
    if _DATE_WORDS.find(before):
        return True
    if not (_plain_int(n1, 31) and _plain_int(of, 12)):
        return False
    if _DAYS_BEFORE_RE.search(sc.low, max(0, start - 16), start):
        return True  # "Trong 2 ngày 27 và 28/5": the last day of a list of days
    noun, _ = sc.counted_after(end)
    if noun is not None and noun not in TIME_NOUNS:
        return False
    return not (before and _FRACTION_VERBS.find(before))


def _build(
    sc: _Scanner, m: re.Match[str], start: int, end: int, n1: str, n2: str | None, of: str | None
) -> Mention | None:
    text = sc.text
    value = _decimal(n1)
    value_max = _decimal(n2) if n2 is not None else None
    of_v = _decimal(of) if of is not None else None
    # Digits without a decimal comma read as an integral Decimal already in ``_exact``'s form;
    # only decimals and scaled money need normalising.
    exact = "," in n1 or (n2 is not None and "," in n2) or (of is not None and "," in of)
    scale = None
    other_unit = None
    # The unit's groups in one call rather than one call each.
    unit_text, permille, percent, times, ha, other, raw_scale, barescale, per = m.group(
        "unit", "permille", "percent", "times", "ha", "other", "scale", "barescale", "per"
    )
    u1 = m.group("u1") if m.re is _QTY_RE else None
    if unit_text is None:
        if u1 and not u1[0].isalpha():  # "12% - 15" written without the second sign
            unit = Unit.PERMILLE if u1 in ("‰", "%0") else Unit.PERCENT
        else:
            unit = Unit.COUNT
    elif permille:
        unit = Unit.PERMILLE
    elif percent:
        unit = Unit.PERCENT
    elif times:
        unit = Unit.TIMES
    elif ha:
        unit = Unit.HECTARE
    elif other:
        unit = Unit.OTHER
        other_unit = other.lower()
    else:
        raw = (raw_scale or barescale or "").lower()
        factor = MONEY_SCALES[raw]
        unit = Unit.VND
        scale = _scale(raw) or None
        exact = True
        scaled = _SCALED_UNIT_RE.match(text, end) if barescale and not per else None
        if scaled is not None:
            # "24 nghìn tấn", "1,2 triệu lít": a measure in thousands or millions, not money
            word = scaled.group(1).lower()
            unit, scale, end = (Unit.HECTARE if word == "ha" else Unit.OTHER), None, scaled.end()
            other_unit = None if word == "ha" else word
        elif barescale and not per:
            # "18 nghìn người" counts people; "36,602 tỷ" alone is money (nothing else is
            # counted in billions in these reports).
            noun, noun_end = sc.counted_after(end)
            if noun is not None and not (noun == "năm" and _YEAR_NEXT_RE.match(text, noun_end)):
                unit, scale = Unit.COUNT, None  # but "367 tỷ năm 2015" is money of a year
        value *= factor
        value_max = value_max * factor if value_max is not None else None
        of_v = of_v * factor if of_v is not None else None
        if unit == Unit.VND and raw in ("tỷ", "tỉ", "triệu") and n2 is None and of is None and not per:
            more = _MONEY_REST_RE.match(text, m.end("unit"))
            if more is not None and MONEY_SCALES[more.group(2).lower()] < factor:
                # "16 tỷ 434 triệu đồng" is 16.434 triệu: one amount, written in two scales
                value += _decimal(more.group(1)) * MONEY_SCALES[more.group(2).lower()]
                if more.group(3):
                    value += _decimal(more.group(3)) * MONEY_SCALES[more.group(4).lower()]
                end = more.end()
                per = more.group(5)
                scale = _scale(more.group(4) or more.group(2))

    if per is not None and unit in (Unit.COUNT,) and not unit_text:
        # "5/năm" is rare; a slash after a bare number is more often a code. Keep it only when the
        # word is a period.
        word = per.strip(" /").lower()
        if word not in TIME_NOUNS:
            end = m.start("per")
            per = None

    counted = None
    phrase_end = end
    if unit in (Unit.COUNT, Unit.PERCENT, Unit.PERMILLE) and per is None:
        counted, phrase_end = sc.counted_after(end)
        if unit == Unit.COUNT and counted is not None:
            if counted in TIME_NOUNS and not _counts_years(sc, start, phrase_end):
                return None  # "5 năm qua", "trong 5 năm", "hai ngày"
            if counted == "tuổi":
                return None  # "dưới 5 tuổi": an age qualifies a noun
            suffix = _SUFFIX_AFTER_NOUN_RE.match(text, phrase_end)
            if suffix:  # "110 hộ/năm", "10 đảng viên/năm": the per-suffix joins the span
                per = suffix.group(1).lower()
                end = phrase_end = suffix.end()
        elif unit != Unit.COUNT and counted is not None:
            suffix = _SUFFIX_AFTER_NOUN_RE.match(text, phrase_end)
            if suffix:  # "90% chi bộ/năm"
                per = suffix.group(1).lower()
                end = phrase_end = suffix.end()
            counted = None if counted in TIME_NOUNS else counted
    noun = counted
    if unit != Unit.COUNT and unit not in (Unit.PERCENT, Unit.PERMILLE):
        counted = noun = None
    if per is not None:
        per = _SLASH_RE.sub("/", per.strip()).strip("/").lower()

    hedge = None
    word = _HEDGE_TAILS.find(sc.words_before(start))
    if word:
        if word == "từ":
            if value_max is None and _AT_LEAST_AFTER_RE.match(text[phrase_end : phrase_end + 60]):
                hedge = Hedge.AT_LEAST
        else:
            hedge = _HEDGES[word]
    if (
        hedge is None
        and sc.low.find("trở lên", phrase_end, phrase_end + 12) != -1  # the cue first: rarely there
        and _AT_LEAST_AFTER_RE.match(text[phrase_end : phrase_end + 12])
    ):
        hedge = Hedge.AT_LEAST  # "300 lao động trở lên" without "từ"

    if value_max is None and of_v is None and _negative_before(sc, start):
        value = -value  # "-2,6%", "tăng trưởng âm 1,5%": a figure below zero keeps its sign
    q = Quantity(
        value=_exact(value) if exact else value,
        unit=unit,
        value_max=_exact(value_max) if exact and value_max is not None else value_max,
        of=_exact(of_v) if exact and of_v is not None else of_v,
        counted=counted if unit == Unit.COUNT else None,
        per=per,
        hedge=hedge,
        other_unit=other_unit,
        scale=scale,
    )
    return Mention(start, end, q, max(phrase_end, end), noun)


def _negative_before(sc: _Scanner, start: int) -> bool:
    """A minus sign touching the number after a space or a bracket ("đạt -0,8%"; a list's dash is
    followed by a space, "2015-2020" has no space), or the word "âm" ("tăng trưởng âm 1,5%")."""
    text = sc.text
    if start >= 2 and text[start - 1] in "-\u2212" and text[start - 2] in " (\t:":
        return True
    return sc.low.endswith("âm ", 0, start) and (start < 4 or not sc.low[start - 4].isalpha())


def _counts_years(sc: _Scanner, start: int, noun_end: int) -> bool:
    """ "5 năm liền", "có 3 năm đạt …" count years of a result; "5 năm qua" frames a period."""
    text = sc.text
    if _REPEATED_RE.match(text, noun_end):
        return True
    if (y := _YEARS_ACHIEVE_RE.match(text, noun_end)) is not None:
        if _FIGURE_NEXT_RE.match(text, y.end()):
            return False  # "thu ngân sách 5 năm đạt hơn 54 tỷ đồng": the period of another figure
        before = sc.words_before(start)
        if before and before[-1] in ("hơn", "gần", "khoảng"):
            before = before[:-1]
        return not _FRAMES.find(before)
    return False


def _word_mention(sc: _Scanner, m: re.Match[str]) -> Mention | None:
    words = m.group().split()
    low = [w.lower() for w in words]
    if low[0] == "năm":
        before = sc.words_before(m.start())
        if before and before[-1] in _YEAR_DETERMINERS:
            return None
    value = None
    for k in range(len(low), 0, -1):
        try:
            value = parse_number_words(" ".join(low[:k]))
        except QuantityError:
            continue
        if k < len(low):
            return None  # "năm năm" read as one word number and a noun is handled by the regex
        break
    if value is None:
        return None
    start, end = m.start(), m.end()
    if sc.in_quoted_name(start):
        return None
    counted, noun_end = sc.counted_after(end)
    if counted is None:
        return None
    if low[0] == "năm" and counted != "năm":
        return None  # "năm" before any other noun is the year: "Năm 2023 là năm bản lề"
    if counted in TIME_NOUNS and not _counts_years(sc, start, noun_end):
        return None
    if counted == "tuổi":
        return None
    q = Quantity(value=value, unit=Unit.COUNT, counted=counted)
    return Mention(start, end, q, noun_end, counted)
