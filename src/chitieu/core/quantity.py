"""Vietnamese quantities: "1.131 đảng viên", "270,9 tỷ đồng", "12 - 15%/năm", "7/7 tổ dân phố".

Numbers are parsed here, once, into an exact ``Decimal`` plus a ``Unit``; nothing downstream ever
sees the text again. The traps this module exists for:

- ``.`` groups thousands and ``,`` marks decimals: "1.131" is 1131, "10.001,26" is 10001.26.
  A single dot followed by anything but a three-digit group ("2.5") is ambiguous and refused.
- Money is normalised to đồng: "124.857 triệu đồng" is 124 857 000 000 VND.
- "‰" is often typed "%0"; leading zeros ("02", "05 HTX") are plain counts.
- A result can be negative: "-2,6%", "âm 1,5%" (growth below zero). Ranges and fractions cannot.
- Number words: "năm" is both *five* and *year* ("năm năm liên tục" = five years in a row),
  "mươi" multiplies, "mốt"/"lăm"/"tư" are the forms of 1/5/4 after a ten, "linh"/"lẻ" fill a zero,
  "rưỡi" adds a half ("hai năm rưỡi" = 2.5 years).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

__all__ = [
    "HEDGE_PHRASES",
    "MEASURES",
    "ZERO_WIDTH",
    "MONEY_SCALES",
    "SCALE_SPELLING",
    "Hedge",
    "Quantity",
    "QuantityError",
    "UNIT_NAMES",
    "Unit",
    "format_number",
    "format_quantity",
    "money_scale",
    "parse_number",
    "parse_number_words",
    "parse_quantity",
    "unit_name",
]


class QuantityError(ValueError):
    """Text that is not a quantity. The message is meant for the user (Vietnamese, then English)."""


class Unit(StrEnum):
    VND = "VND"
    PERCENT = "%"
    PERMILLE = "‰"
    HECTARE = "ha"
    COUNT = "count"
    TIMES = "times"
    OTHER = "other"
    # Not quantities, but what a target may be measured in: a title held (1) or not (0), and a
    # quality rating, 4 (HTXSNV) down to 1 (KHTNV).
    YES_NO = "yes_no"
    RATING = "rating"


# What a unit is called in a message to the user: the codes above are for the API and storage.
UNIT_NAMES = {
    Unit.VND: "tiền (đồng)",
    Unit.PERCENT: "%",
    Unit.PERMILLE: "‰",
    Unit.HECTARE: "ha",
    Unit.COUNT: "số lượng",
    Unit.TIMES: "lần",
    Unit.OTHER: "đơn vị đo",
    Unit.YES_NO: "đạt/không đạt",
    Unit.RATING: "mức xếp loại",
}


def unit_name(unit: Unit | str) -> str:
    """ "tiền (đồng)" for VND, "số lượng" for count; an unknown code is shown as it is."""
    try:
        return UNIT_NAMES[Unit(unit)]
    except ValueError:
        return str(unit)


class Hedge(StrEnum):
    MORE_THAN = "more_than"  # hơn, trên
    LESS_THAN = "less_than"  # dưới
    NEARLY = "nearly"  # gần
    ABOUT = "about"  # khoảng, xấp xỉ, chừng
    AT_LEAST = "at_least"  # từ … trở lên, ít nhất, tối thiểu
    AT_MOST = "at_most"  # tối đa, không quá


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: Unit
    value_max: Decimal | None = None  # high end of a range "12 - 15%"
    of: Decimal | None = None  # the Y of "X/Y": "50/25 đảng viên"
    counted: str | None = None  # the noun counted, lowercase: "đảng viên", "hộ"
    per: str | None = None  # "năm" in "110 hộ/năm", "người/năm" in "64,5 triệu đồng/người/năm"
    hedge: Hedge | None = None
    other_unit: str | None = None  # the unit's text when unit is OTHER: "km", "tấn"
    # How the text scaled money ("tỷ", "triệu", "nghìn" or "" for đồng). Presentation only.
    scale: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return format_quantity(self)


MONEY_SCALES: dict[str, Decimal] = {
    "": Decimal(1),
    "nghìn": Decimal(10) ** 3,
    "ngàn": Decimal(10) ** 3,
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
    "nghìn tỷ": Decimal(10) ** 12,  # "1,5 nghìn tỷ đồng"
    "ngàn tỷ": Decimal(10) ** 12,
}
# Spelling kept on output; "ngàn"/"tỉ" are regional variants of "nghìn"/"tỷ".
SCALE_SPELLING = {"ngàn": "nghìn", "tỉ": "tỷ", "ngàn tỷ": "nghìn tỷ"}

_OTHER_UNITS = ("km2", "km²", "m2", "m²", "m3", "m³", "km", "m", "tấn", "tạ", "kg", "lít", "mw", "kwh")
# Measures that convert: a yield of "65 tạ/ha" is "6,5 tấn/ha". (what it measures, how many base units)
MEASURES: dict[str, tuple[str, Decimal]] = {
    "kg": ("mass", Decimal(1)),
    "tạ": ("mass", Decimal(100)),
    "tấn": ("mass", Decimal(1000)),
    "m": ("length", Decimal(1)),
    "km": ("length", Decimal(1000)),
    "m2": ("area", Decimal(1)),
    "m²": ("area", Decimal(1)),
    "km2": ("area", Decimal(10) ** 6),
    "km²": ("area", Decimal(10) ** 6),
    "m3": ("volume", Decimal(1)),
    "m³": ("volume", Decimal(1)),
    "lít": ("volume", Decimal("0.001")),
}

# Longest first: "thấp hơn hoặc bằng" before "thấp hơn". The symbols may touch the number ("≤113").
_HEDGES: list[tuple[str, Hedge]] = [
    ("thấp hơn hoặc bằng", Hedge.AT_MOST),
    ("nhỏ hơn hoặc bằng", Hedge.AT_MOST),
    ("cao hơn hoặc bằng", Hedge.AT_LEAST),
    ("lớn hơn hoặc bằng", Hedge.AT_LEAST),
    ("không vượt quá", Hedge.AT_MOST),
    ("không thấp hơn", Hedge.AT_LEAST),
    ("không cao hơn", Hedge.AT_MOST),
    ("không quá", Hedge.AT_MOST),
    ("không dưới", Hedge.AT_LEAST),
    ("ít nhất", Hedge.AT_LEAST),
    ("tối thiểu", Hedge.AT_LEAST),
    ("tối đa", Hedge.AT_MOST),
    ("xấp xỉ", Hedge.ABOUT),
    ("khoảng", Hedge.ABOUT),
    ("chừng", Hedge.ABOUT),
    ("hơn", Hedge.MORE_THAN),
    ("trên", Hedge.MORE_THAN),
    ("gần", Hedge.NEARLY),
    ("dưới", Hedge.LESS_THAN),
    ("thấp hơn", Hedge.LESS_THAN),
    ("cao hơn", Hedge.MORE_THAN),
    ("≤", Hedge.AT_MOST),
    ("<=", Hedge.AT_MOST),
    ("≥", Hedge.AT_LEAST),
    (">=", Hedge.AT_LEAST),
    ("<", Hedge.LESS_THAN),
    (">", Hedge.MORE_THAN),
]
HEDGE_PHRASES: dict[str, Hedge] = dict(_HEDGES)
_SYMBOL_HEDGES = frozenset(w for w, _ in _HEDGES if not w[0].isalpha())
# The word written for each hedge on output.
_HEDGE_WORDS = {
    Hedge.MORE_THAN: "trên",
    Hedge.LESS_THAN: "dưới",
    Hedge.NEARLY: "gần",
    Hedge.ABOUT: "khoảng",
    Hedge.AT_LEAST: "từ",
    Hedge.AT_MOST: "tối đa",
}

_TOKEN_RE = re.compile(r"\d[\d.,]*")
_DIGITS_RE = re.compile(r"\d[\d.,]*\d|\d")  # a token ends on a digit: "1.131." is 1.131 and a full stop


# Zero-width spaces and joiners, the byte-order mark, the soft hyphen: residue of copy and paste.
ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")


def _normalise(text: str) -> str:
    text = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    # Typographic dashes and non-breaking spaces are common in pasted Word text.
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


# Decimal keeps 28 significant digits; 18 digits scaled by "tỷ" still fit exactly.
MAX_DIGITS = 18


def _exact(d: Decimal | None) -> Decimal | None:
    """Drop the trailing zeros that scaling leaves ("270,9 tỷ" is 270900000000, not 270900000000.0)."""
    if d is None:
        return None
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def parse_number(text: str) -> Decimal:
    """Parse digits written the Vietnamese way: "1.131" -> 1131, "270,9" -> 270.9, "02" -> 2."""
    token = text.strip()
    if not _TOKEN_RE.fullmatch(token) or token[-1] in ".,":
        raise QuantityError(f"Không phải là số: {text!r} / not a number")
    if sum(c.isdigit() for c in token) > MAX_DIGITS:
        raise QuantityError(f"Số quá lớn: {text!r} / number too large")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return Decimal(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:,\d+)?", token):
        return Decimal(token.replace(",", "."))
    if re.fullmatch(r"0\.\d+", token):
        # "0.2%": a group of thousands never starts with 0, so the dot can only be a decimal point
        return Decimal(token)
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", token):
        # "2,886,673": several comma groups can only be English thousands (a visitor counter).
        return Decimal(token.replace(",", ""))
    raise QuantityError(
        f"Số viết không rõ: {text!r} — dấu chấm ngăn cách hàng nghìn, dấu phẩy là phần thập phân "
        f"(ví dụ 1.234,5) / ambiguous number: '.' groups thousands, ',' marks decimals"
    )


# --- number words ---------------------------------------------------------------------------

# "không" (zero) is left out: in running text it nearly always means "not".
_DIGIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_SCALE_WORDS = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
NUMBER_WORDS = frozenset(_DIGIT_WORDS) | frozenset(_SCALE_WORDS) | {
    "mười", "mươi", "chục", "trăm", "linh", "lẻ"
}  # fmt: skip


def _number_words_value(words: list[str]) -> int | None:
    """Value of a sequence of number words, or None when the sequence is not a well-formed number."""
    total = 0
    group = 0  # the part below the next scale word
    last_kind = None  # what the previous word was: digit, ten, tens, hundred, filler, scale
    last_digit = 0
    for i, w in enumerate(words):
        if w in _DIGIT_WORDS:
            d = _DIGIT_WORDS[w]
            if last_kind == "digit":
                return None  # "năm năm" is two numbers (or a number and a noun), not one
            if w in ("mốt", "lăm", "nhăm") and last_kind not in ("ten", "tens"):
                return None
            if w == "tư" and last_kind not in ("ten", "tens", "filler") and i != 0:
                return None
            group += d
            last_digit = d
            last_kind = "digit"
        elif w == "mười":
            if last_kind in ("digit", "ten", "tens"):
                return None
            group += 10
            last_kind = "ten"
        elif w in ("mươi", "chục"):
            if last_kind != "digit" or last_digit < 1:
                return None
            group += last_digit * 9
            last_kind = "tens"
        elif w == "trăm":
            if last_kind != "digit" or group >= 10:
                return None
            group *= 100
            last_kind = "hundred"
        elif w in ("linh", "lẻ"):
            if last_kind not in ("hundred", "scale"):
                return None
            last_kind = "filler"
        elif w in _SCALE_WORDS:
            scale = _SCALE_WORDS[w]
            if last_kind in (None, "filler", "scale") and not (last_kind == "scale" and group == 0):
                return None
            if last_kind == "scale":  # "nghìn tỷ": scales multiply
                total *= scale
            elif total and total < scale:
                total = (total + group) * scale
            else:
                total += group * scale
            group = 0
            last_kind = "scale"
        else:
            return None
    if last_kind in (None, "filler") or total + group >= 10**MAX_DIGITS:
        return None
    return total + group


def parse_number_words(text: str) -> Decimal:
    """Parse Vietnamese number words: "hai mươi mốt" -> 21, "một trăm linh năm" -> 105."""
    words = _normalise(text).lower().split()
    value = _number_words_value(words)
    if value is None:
        raise QuantityError(f"Không đọc được số bằng chữ: {text!r} / not a number in words")
    return Decimal(value)


def _leading_number_words(words: list[str]) -> tuple[int, int] | None:
    """Longest prefix of ``words`` that is a well-formed number: (value, length)."""
    n = 0
    while n < len(words) and words[n] in NUMBER_WORDS:
        n += 1
    for k in range(n, 0, -1):
        value = _number_words_value(words[:k])
        if value is not None:
            return value, k
    return None


# --- quantities -----------------------------------------------------------------------------

_UNIT_RE = re.compile(
    r"""^\s*(?:
        (?P<permille>‰|%0|%o|phần\s+nghìn|phần\s+ngàn)
      | (?P<percent>(?:điểm\s*)?(?:%|phần\s+trăm))  # "giảm 1,2 điểm %": points of a rate are %
      | (?P<money>(?:(?P<scale>nghìn\s+tỷ|ngàn\s+tỷ|nghìn|ngàn|triệu|tỷ|tỉ)\s*)?
                 (?:đồng(?!\s+chí)|vnđ|vnd|đ(?!\s*/\s*[cv](?![\w])))(?![\w]))  # "12 đồng chí", "16 đ/c" are people
      | (?P<barescale>(?:nghìn\s+tỷ|ngàn\s+tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?![\w]))
      | (?P<times>lần(?![\w]))
      | (?P<ha>ha|héc-?ta|hecta)(?![\w])
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_OTHER_RE = re.compile(r"^\s*(?P<other>" + "|".join(re.escape(u) for u in _OTHER_UNITS) + r")(?![\w²³])", re.I)
_RANGE_SEP_RE = re.compile(r"^\s*(?:-|~|đến|tới)\s*", re.I)
_MONEY_REST_RE = re.compile(r"^\s*(\d[\d.,]*\d|\d)\s*(triệu|nghìn|ngàn)\s*(?:đồng|vnđ|đ)?(?![\w])", re.I)
# "-2,6%", "- 2,6%", "âm 1,5%": a negative figure (a growth below zero, a fall written as a change).
_SIGN_RE = re.compile(r"(?:-\s?|âm\s+)(?=\d|[^\W\d_])")


# "16/18 đ/c", "12 đ/v": comrades and Party members, as reports abbreviate them.
_PEOPLE = re.compile(r"(?<![\w])đ\s*/\s*([cv])(?![\w])", re.IGNORECASE)


@dataclass
class _Number:
    value: Decimal
    end: int  # index in the string after the number


def _read_number(s: str, pos: int) -> _Number | None:
    """A number (digits or words) starting at ``pos`` of ``s``, or None."""
    m = _DIGITS_RE.match(s, pos)
    if m:
        return _Number(parse_number(m.group()), m.end())
    words = []
    at = pos
    for wm in re.finditer(r"[^\W\d_]+", s[pos:]):
        if s[at : pos + wm.start()].strip():
            break
        words.append((wm.group().lower(), pos + wm.end()))
        at = pos + wm.end()
    found = _leading_number_words([w for w, _ in words])
    if not found:
        return None
    value, k = found
    return _Number(Decimal(value), words[k - 1][1])


def parse_quantity(text: str) -> Quantity:
    """Parse one quantity phrase: "hơn 625 doanh nghiệp", "12 - 15%/năm", "124.857 triệu đồng".

    Raises QuantityError for anything that is not exactly one quantity.
    """
    if not isinstance(text, str):
        raise QuantityError("Cần một chuỗi văn bản / expected text")
    s = _normalise(text)
    low = s.lower()
    hedge = None
    at_least_from = False
    pos = 0
    for word, h in _HEDGES:
        if low.startswith(word + " ") or (word in _SYMBOL_HEDGES and low.startswith(word)):
            hedge, pos = h, len(word)
            pos += len(low) > pos and low[pos] == " "
            break
    else:
        if low.startswith("từ "):
            at_least_from, pos = True, 3
    multiplier_verb = None
    for verb in ("gấp", "tăng"):  # "gấp 2 lần", "tăng 1,25 lần": a multiplier
        if hedge is None and not at_least_from and low.startswith(verb + " "):
            multiplier_verb, pos = verb, len(verb) + 1
    negative = _SIGN_RE.match(low, pos)
    if negative and multiplier_verb is None:
        pos = negative.end()
    first = _read_number(s, pos)
    if first is None:
        raise QuantityError(f"Không phải là một số lượng: {text!r} / not a quantity")
    pos = first.end
    value_max = of = None
    unit_m = _UNIT_RE.match(s[pos:])
    # A unit may stand after both ends of a range ("12% - 15%"); remember it to check they agree.
    first_unit = unit_m.group().strip().lower() if unit_m else None
    if unit_m:
        pos += unit_m.end()
    sep = _RANGE_SEP_RE.match(s[pos:])
    if sep:
        second = _read_number(s, pos + sep.end())
        if second is None:
            raise QuantityError(f"Khoảng giá trị không đầy đủ: {text!r} / incomplete range")
        value_max, pos = second.value, second.end
        if value_max < first.value:
            raise QuantityError(f"Khoảng giá trị ngược: {text!r} / range runs backwards")
    elif not unit_m:
        frac = re.match(r"\s*/\s*(?=\d)", s[pos:])
        if frac:
            second = _read_number(s, pos + frac.end())
            if second is None:
                raise QuantityError(f"Phân số không đầy đủ: {text!r} / incomplete fraction")
            of, pos = second.value, second.end
    unit_m2 = _UNIT_RE.match(s[pos:]) if (value_max is not None or of is not None or not unit_m) else None
    if unit_m2:
        if first_unit and first_unit != unit_m2.group().strip().lower():
            raise QuantityError(f"Hai đầu khoảng khác đơn vị: {text!r} / range ends differ in unit")
        unit_m = unit_m2
        pos += unit_m2.end()
    value = first.value
    if negative:
        if value_max is not None or of is not None:
            raise QuantityError(f"Khoảng hoặc phân số không nhận số âm: {text!r} / no negative range or fraction")
        value = -value
    scale = None
    other_unit = None
    if unit_m is None:
        other = _OTHER_RE.match(s[pos:])
        if other:
            unit, other_unit = Unit.OTHER, other.group("other").lower()
            pos += other.end()
        else:
            unit = Unit.COUNT
    elif unit_m.group("permille"):
        unit = Unit.PERMILLE
    elif unit_m.group("percent"):
        unit = Unit.PERCENT
    elif unit_m.group("times"):
        unit = Unit.TIMES
    elif unit_m.group("ha"):
        unit = Unit.HECTARE
    else:
        # money; a bare scale word ("36,602 tỷ") is read as money, the only thing these reports
        # count in billions, unless a noun follows ("18 nghìn người": a count).
        raw = " ".join((unit_m.group("scale") or unit_m.group("barescale") or "").lower().split())
        scale = SCALE_SPELLING.get(raw, raw) or None
        factor = MONEY_SCALES[raw]
        rest = s[pos:].strip()
        if unit_m.group("barescale") and rest and not rest.startswith("/"):
            unit = Unit.COUNT
            scale = None
        else:
            unit = Unit.VND
        value *= factor
        value_max = value_max * factor if value_max is not None else None
        of = of * factor if of is not None else None
        rest_money = _MONEY_REST_RE.match(s[pos:]) if value_max is None and of is None else None
        if rest_money and MONEY_SCALES[rest_money.group(2).lower()] < factor:
            # "31 tỷ 500 triệu đồng" is one amount, written in two scales
            value += parse_number(rest_money.group(1)) * MONEY_SCALES[rest_money.group(2).lower()]
            pos += rest_money.end()
            unit = Unit.VND
    if multiplier_verb and unit != Unit.TIMES:
        raise QuantityError(f"Không phải là một số lượng: {text!r} / not a quantity")
    rest = s[pos:].strip()
    for suffix, h in (("trở lên", Hedge.AT_LEAST), ("trở xuống", Hedge.AT_MOST)):
        if rest.lower().endswith(suffix):
            # "trên 90% … trở lên": the "trên" written before the number keeps its strictness
            rest, hedge = rest[: -len(suffix)].strip(), hedge or h
            break
    else:
        if at_least_from and value_max is None:
            raise QuantityError(f"'từ' cần 'trở lên' hoặc một khoảng: {text!r} / 'từ' needs 'trở lên' or a range")
    rest = _PEOPLE.sub(lambda m: "đồng chí" if m.group(1).lower() == "c" else "đảng viên", rest)
    noun, slash, per_text = rest.partition("/")
    noun = noun.strip()
    per = None
    if slash:
        per = re.sub(r"\s*/\s*", "/", per_text.strip().lower())
        # "người/năm", and a ratio's base: "113 trẻ trai/100 trẻ gái" is one figure per 100 girls.
        if not re.fullmatch(r"(?:\d[\d.]* )?[^\W\d_]+(?: [^\W\d_]+)?(?:/[^\W\d_]+(?: [^\W\d_]+)?)*", per):
            raise QuantityError(f"Không đọc được đơn vị '/…': {text!r} / unreadable '/…' unit")
    counted = None
    if noun:
        if unit not in (Unit.COUNT, Unit.PERCENT, Unit.PERMILLE):
            raise QuantityError(f"Thừa chữ sau đơn vị: {noun!r} trong {text!r} / unexpected text after the unit")
        if not re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+){0,11}", noun):
            raise QuantityError(f"Không phải là một số lượng duy nhất: {text!r} / not a single quantity")
        words = noun.lower().split()
        if words[-1] == "rưỡi" and len(words) > 1 and of is None and value_max is None:
            words = words[:-1]  # "hai năm rưỡi": two and a half years
            value += Decimal("0.5")
        counted = " ".join(words)
    return Quantity(
        value=_exact(value),
        unit=unit,
        value_max=_exact(value_max),
        of=_exact(of),
        counted=counted,
        per=per,
        hedge=hedge,
        other_unit=other_unit,
        scale=scale,
    )


# --- formatting -----------------------------------------------------------------------------


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round the way reports do (0,5 goes up), not banker's rounding."""
    d = Decimal(value)
    with localcontext() as ctx:
        # a huge value (1E+30 stored by a caller) keeps every digit instead of failing to quantize
        ctx.prec = max(ctx.prec, d.adjusted() + places + 2)
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """Format the Vietnamese way: 1234.5 -> "1.234,5". ``places`` rounds; None keeps every digit."""
    d = Decimal(value)
    if not d.is_finite():
        raise QuantityError(f"Không phải là số: {value!r} / not a number")
    if places is not None:
        d = round_half_up(d, places)
    sign = "-" if d < 0 else ""
    d = d.copy_abs()  # abs() would round to the context's 28 digits
    if places is None:
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, len(d.as_tuple().digits))  # normalize() rounds to the context
            d = d.normalize()  # "f" below writes 1E+30 and 1E+2 out in full
    text = format(d, "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    return sign + out


def _money_scale(q: Quantity) -> str:
    if q.scale is not None:
        return q.scale
    return money_scale([v for v in (q.value, q.value_max, q.of) if v is not None])


def money_scale(values: list[Decimal]) -> str:
    """The scale a report would write money in: tỷ or triệu when every value shows in it with at
    most two decimals ("270,9 tỷ đồng", "124.857 triệu đồng" rather than a rounded "124,86 tỷ
    đồng"); else tỷ for billions and plain đồng below."""
    biggest = max(abs(v) for v in values)
    for name in ("tỷ", "triệu"):
        factor = MONEY_SCALES[name]
        if biggest >= factor and all((v / factor) == (v / factor).quantize(Decimal("0.01")) for v in values):
            return name
    return "tỷ" if biggest >= MONEY_SCALES["tỷ"] else ""


def format_quantity(q: Quantity, places: int | None = None) -> str:
    """The quantity as a Vietnamese report writes it; ``parse_quantity`` reads it back unchanged.

    ``places`` rounds the shown numbers to at most that many decimals (for display only).
    """
    factor = Decimal(1)
    unit_text = ""
    if q.unit == Unit.VND:
        scale = _money_scale(q)
        factor = MONEY_SCALES[scale]
        unit_text = f" {scale} đồng".replace("  ", " ") if scale else " đồng"
    elif q.unit in (Unit.PERCENT, Unit.PERMILLE):
        unit_text = str(q.unit)
    elif q.unit == Unit.HECTARE:
        unit_text = " ha"
    elif q.unit == Unit.TIMES:
        unit_text = " lần"
    elif q.unit == Unit.OTHER:
        unit_text = f" {q.other_unit}" if q.other_unit else ""

    def num(v: Decimal) -> str:
        shown = v / factor
        if places is not None and -shown.as_tuple().exponent > places:
            return format_number(round_half_up(shown, places).normalize())
        return format_number(_exact(shown))

    text = num(q.value)
    if q.value_max is not None:
        text += f" - {num(q.value_max)}"
    elif q.of is not None:
        text += f"/{num(q.of)}"
    text += unit_text
    if q.counted:
        text += f" {q.counted}"
    if q.per:
        text += f"/{q.per}"
    if q.hedge == Hedge.AT_LEAST:
        text = f"từ {text} trở lên"
    elif q.hedge is not None:
        text = f"{_HEDGE_WORDS[q.hedge]} {text}"
    return text
