"""What a sentence says about each of its figures: indicator, role, year, subject, claim.

The rules read Vietnamese report grammar, not particular articles:

- Indicator. The catalog's synonyms are matched in the figure's own phrase. A count takes the verb
  phrase that governs it ("kết nạp được 55 đảng viên", "phát triển 50/25 đảng viên") or its noun
  phrase ("28 chi bộ trực thuộc", "689 lượt hộ nghèo"); a bare noun after "có" describes the stock
  ("có 4.957 hộ" is the number of households). A percentage takes the noun after it ("93% người
  dân tham gia BHYT") or the subject before it ("tỷ lệ hộ nghèo … 8,27%"). Coordinated figures
  share a predicate ("96% số hộ, 98% tổ dân phố … đạt danh hiệu văn hóa") and an elided subject
  ("tỷ lệ chi bộ hoàn thành xuất sắc nhiệm vụ đạt 20,7%, hoàn thành tốt nhiệm vụ đạt 79,2%").
  Parts of a total ("28 chi bộ (22 … và 6 …)", "trong đó 10 cuộc …, 25 cuộc") and changes
  ("so với đầu nhiệm kỳ tăng 125 doanh nghiệp") are not the indicator itself: null.
- Role. "đạt 112% nghị quyết", "vượt 11% so với mục tiêu" are achievements (percent of plan) and
  belong to the figure before them; a figure in brackets after a verdict ("đạt chỉ tiêu Nghị quyết
  đề ra (12 - 15%/năm)") or after "chỉ tiêu … đề ra là" is the target; "từ X … lên/xuống Y" makes X
  the baseline.
- Year. "năm 2019" right after a figure, or before it in its sentence; else the period the
  article reviews ("Tổng kết … năm 2023", "thực hiện Nghị quyết … nhiệm kỳ 2015-2020"); plans
  ("Giai đoạn tới …") belong to the next term.
- Subject. "Đảng bộ phường 4", "Phường 9 đạt …" switch the unit for their paragraph; "của tỉnh"
  moves a figure to a higher level (no subject), "2 thôn của xã Hợp Thành" to another unit.
- Claim. "đạt/vượt/chưa đạt chỉ tiêu (kế hoạch, nghị quyết)" and achievements claim a verdict for
  the figures of their sentence before them.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from chitieu.core.catalog import Indicator, indicators
from chitieu.core.quantity import Hedge, Unit

from .scan import Mention, ends_place_name, lowered, noun_after_re, trie_pattern

__all__ = ["Context", "annotate"]

_WS_RE = re.compile(r"\s+")
_WORD_START_RE = re.compile(r"(?<!\w)\w")


def _norm(s: str) -> str:
    """Lower case, one kind of dash, single spaces: the form synonyms are matched in."""
    s = lowered(s)
    if "  " in s or "\n" in s or "\t" in s or "\r" in s:
        s = _WS_RE.sub(" ", s)
    return s


def _norm_low(ctx: Context, start: int, end: int) -> str:
    """``_norm`` of a slice of the text, from the document's lower-cased copy."""
    s = ctx.low[start:end]
    if "  " in s or "\n" in s or "\t" in s or "\r" in s:
        s = _WS_RE.sub(" ", s)
    return s


# The two accepted places of a tone mark in "oa", "oe", "uy" ending a syllable: "hòa"/"hoà",
# "thủy"/"thuỷ", "khỏe"/"khoẻ" (not "quý", where "u" belongs to "qu"). Reports use both.
_TONE_PLACES: dict[str, str] = {}
for _first, _second, _plain in (("òóỏõọ", "àáảãạ", "oa"), ("òóỏõọ", "èéẻẽẹ", "oe"), ("ùúủũụ", "ỳýỷỹỵ", "uy")):
    for _a, _b in zip(_first, _second, strict=True):
        _TONE_PLACES[_a + _plain[1]] = _plain[0] + _b
        _TONE_PLACES[_plain[0] + _b] = _a + _plain[1]


def _spellings(phrase: str) -> set[str]:
    """``phrase`` and the same with the other tone placement in every word that has one."""
    words = phrase.split(" ")
    other = [w[:-2] + _TONE_PLACES[w[-2:]] if w[-2:] in _TONE_PLACES and not w[:-2].endswith("q") else w for w in words]
    return {phrase, " ".join(other)}


@cache
def _synonyms() -> dict[Unit, list[str]]:
    """The catalog's names and synonyms, normalised, in both tone placements, by unit."""
    by_unit: dict[Unit, list[str]] = {}
    for ind in indicators().values():
        for phrase in {ind.name, *ind.synonyms}:
            by_unit.setdefault(ind.unit, []).extend(_spellings(_norm(phrase)))
    return by_unit


@cache
def _synonym_res() -> dict[Unit, re.Pattern[str]]:
    """One pattern per unit matching any synonym, the longest where several start at one place."""
    # "phi nông nghiệp" (non-farm) is not "nông nghiệp".
    return {unit: re.compile(rf"(?<!\w)(?<!phi )(?:{trie_pattern(p)})(?!\w)") for unit, p in _synonyms().items()}


@cache
def _synonym_starts_res() -> dict[Unit, re.Pattern[str]]:
    """Per unit: every word start where a synonym starts, the synonym captured in a lookahead.

    The lookahead matches nothing, so one ``finditer`` pass yields overlapping synonyms, each the
    same ``_synonym_res()`` would match there (``_governing_phrase`` needs them at several starts).
    """
    return {
        unit: re.compile(rf"(?<!\w)(?<!phi )(?=\w)(?=((?:{trie_pattern(p)}))(?!\w))") for unit, p in _synonyms().items()
    }


@cache
def _synonym_words() -> dict[Unit, frozenset[str]]:
    """Per unit: the words of its synonyms (a synonym covering a word has it among these)."""
    return {unit: frozenset(w for phrase in p for w in re.findall(r"\w+", phrase)) for unit, p in _synonyms().items()}


@cache
def _phrase_indicators() -> dict[tuple[Unit, str], Indicator]:
    out: dict[tuple[Unit, str], Indicator] = {}
    for ind in indicators().values():
        for phrase in (ind.name, *ind.synonyms):
            for spelling in _spellings(_norm(phrase)):
                out.setdefault((ind.unit, spelling), ind)
    return out


def _key(unit: Unit, phrase: str) -> Indicator:
    return _phrase_indicators()[(unit, phrase)]


def _last_match(unit: Unit, s: str) -> tuple[Indicator, int, int] | None:
    """The synonym ending nearest the end of ``s`` (the figure stands after ``s``)."""
    rx = _synonym_starts_res().get(unit)
    if rx is None:
        return None
    # Overlapping matches: in "tổng thu ngân sách địa phương" the synonym ending last is "thu ngân sách
    # địa phương", which a left-to-right scan would not see after taking "tổng thu ngân sách".
    best: tuple[int, int, str] | None = None
    for m in rx.finditer(s):
        phrase = m.group(1)
        end = m.start() + len(phrase)
        if best is None or end > best[1] or (end == best[1] and m.start() < best[0]):
            best = (m.start(), end, phrase)
    return (_key(unit, best[2]), best[0], best[1]) if best is not None else None


def _first_match(unit: Unit, s: str, anchored: bool) -> Indicator | None:
    rx = _synonym_res().get(unit)
    if rx is None:
        return None
    m = rx.match(s) if anchored else rx.search(s)
    return _key(unit, m.group()) if m else None


# --- cues -------------------------------------------------------------------------------------

_ACHIEVEMENT_AFTER_RE = re.compile(
    r"\s*(?:so(?:\s+với)?\s+)?(?:kế hoạch|kh\b|nghị quyết|nq\b|mục tiêu|dự toán"
    r"|chỉ tiêu(?!\s+(?:trên giao|cấp trên giao|được giao|giao))"
    r"|(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|cấp trên) giao)",  # "đạt 135,7% xã giao"
)
# "= 101,1% KH" stands for "đạt"; "cao hơn 3,1% so với Nghị quyết" for "vượt".
_ACHIEVEMENT_VERB_RE = re.compile(
    r"(đạt|bằng|vượt|tăng|hoàn thành|cao hơn|=)\s*(?:được\s*)?(?:tỷ lệ\s*(?:là\s*)?)?"
    r"(?:(?:hơn|trên|gần|khoảng|xấp xỉ)\s*)?$"
)
# Rates that are themselves the share of an assigned quota: "gọi công dân nhập ngũ đạt 100% chỉ tiêu"
# states the rate, not an achievement of another figure.
_QUOTA_RATES = frozenset({"military_recruitment_rate"})
# "đạt 103% chỉ tiêu giao" after a figure is an achievement; alone ("Giao quân đạt 100% chỉ tiêu
# trên giao") it is the figure itself, the share of an assigned quota.
_ACHIEVEMENT_ASSIGNED_RE = re.compile(r"\s*(?:so với\s+)?chỉ tiêu\s+(?:cấp\s+)?(?:trên\s+|được\s+)?giao(?!\s+quân)")
# A figure written as the target: "(12 - 15%/năm)" after a verdict, "chỉ tiêu … đề ra là từ …".
_TARGET_PAREN_RE = re.compile(
    r"(?:chỉ tiêu|mục tiêu|kế hoạch|nghị quyết|nq|đề ra|giao|đặt ra|đại hội)\s*[:(]\s*"
    r"(?:là\s+)?(?:từ|trên|dưới|ít nhất|tối thiểu|khoảng)?\s*$"
)
# "tăng 11,44% (Nghị quyết tăng 6,5%)": the target in brackets after the result
_TARGET_BRACKET_RE = re.compile(
    r"\(\s*(?:nghị quyết|nq|kế hoạch|kh|chỉ tiêu|mục tiêu)(?:\s+[^()\d]{0,30}?)?(?:\s+(?:là|tăng|giảm|đạt))?"
    r"\s*(?:từ|trên|dưới|khoảng)?\s*$"
)  # also "(mục tiêu đại hội là 90%)", "(chỉ tiêu nghị quyết đề ra giảm hằng năm 3%)"
_TARGET_IS_RE = re.compile(
    r"(?:chỉ tiêu|mục tiêu|kế hoạch|nghị quyết)[^,;()]{0,40}?(?:đề ra|giao|đặt ra)\s+là\s*"
    r"(?:từ|trên|dưới|ít nhất|tối thiểu|khoảng)?\s*$"
)
# A plan: its verb governs the figures of the sentence after it, across ";" ("phấn đấu thu nhập …
# đạt 60 triệu đồng; kết nạp 15 đảng viên; giảm … dưới 1,5%"). "nỗ lực phấn đấu", "sự phấn đấu"
# are the noun (effort), not the plan.
_PLAN_RE = re.compile(
    r"(?<!nỗ lực )(?<!sự )(?<!quá trình )(?<!\w)(?:phấn đấu|dự kiến|mục tiêu là|mục tiêu đến|chỉ tiêu là|chỉ tiêu đến"
    r"|(?<!hoàn thành )(?<!vượt )(?<!đạt )mục tiêu (?:tăng|giảm)|đặt mục tiêu"
    # "Nhiệm kỳ 2020 – 2025, Đảng bộ xã đề ra chỉ tiêu: …": the list after the colon.
    r"|đề ra (?:các |một số |những )?(?:chỉ tiêu|mục tiêu)(?: chủ yếu)?\s*:"
    # "Đại hội thông qua nghị quyết nhiệm kỳ mới với một số chỉ tiêu chủ yếu: …"
    r"|(?:nghị quyết|phương hướng) nhiệm kỳ mới|với (?:các |một số |những )?chỉ tiêu (?:chủ yếu|cơ bản)"
    # "thông qua … các chỉ tiêu chủ yếu trong nhiệm kỳ 2020 - 2025: …"
    r"|(?:chỉ tiêu|mục tiêu)(?: chủ yếu)?(?: trong| cho| của)? nhiệm kỳ \d{4}\s*-\s*\d{4}\s*:)"
    r"(?!\w)(?![^.]{400})"  # searched in the text up to the figure: at most 400 characters before it
)
_SETS_TARGETS_RE = re.compile(
    r"(?<!\w)(?:đề ra|đặt ra|đặt|xác định|nêu)(?:\s+cụ thể)?(?:[^.;:]{0,60}?\s+)?(?:chỉ tiêu|mục tiêu)"
)
# The first words of what a plan is counted in ("3 khâu đột phá", "15 chỉ tiêu", "5 nhóm giải pháp"):
# such counts describe the plan, they are not its targets.
_PLAN_PARTS = frozenset({"chỉ", "mục", "nhiệm", "khâu", "đột", "giải", "nhóm", "chương", "đề", "nghị", "chủ"})
_LIST_OPENS_RE = re.compile(r"(?:chỉ tiêu|mục tiêu)[^.:]{0,60}(?:đó là|như sau|gồm|là)?\s*:$")
_RESULTS_SO_FAR_RE = re.compile(r"đến nay|đã đạt|đạt được|kết quả|hoàn thành")
_BASELINE_BEFORE_RE = re.compile(r"(?<!\w)từ(?:\s+(?:trên|dưới|hơn|gần|khoảng))?\s*$")
_BASELINE_AFTER_RE = re.compile(r"[^;.]{0,60}?(?<!\w)(?:lên|xuống|còn)\s")
_VERDICT_OBJECTS = ("kế hoạch", "chỉ tiêu", "mục tiêu", "nghị quyết")
_VERDICT_RE = re.compile(
    r"(?<!\w)(?P<v>chưa đạt|không đạt|chưa hoàn thành|không hoàn thành|vượt(?: mức)?|đạt|hoàn thành)"
    rf"\s+(?:(?:so với|cao hơn)\s+)?(?:{'|'.join(_VERDICT_OBJECTS)})(?!\w)"
)
_BY_YEAR_RE = re.compile(r"(?<!\w)đến (?:cuối )?năm\s+((?:19|20)\d\d)(?!\d)")
_NUMBER_LIST_RE = re.compile(r"\d+(?:\s+năm)?(?:\s*(?:,|và)\s*\d+(?:\s+năm)?)+")  # "30, 40 và 50 năm"
_UNTIL_NOW_RE = re.compile(r"(?<!\w)(?:đến nay|tới nay|hiện nay|hiện (?:chỉ )?còn|hiện có)(?!\w)")
# "năm 2019", "(năm 2015)", "trong 6 tháng đầu năm 2023" right after a figure
_YEAR_AFTER_RE = re.compile(
    r"\s*\(?\s*(?:trong\s+)?(?:(?:\d+|sáu|chín)\s+tháng\s+(?:đầu\s+|cuối\s+)?)?năm\s+((?:19|20)\d\d)(?!\d)"
)
# "năm" not after a letter nor after "so với", written with the word first so that the engine
# looks for the word's letters alone between candidates.
_YEAR_IN_RE = re.compile(r"năm(?<!\wnăm)(?<!so với năm)\s+((?:19|20)\d\d)(?![\d/-])")
# "Năm 2019, …", "Trong 6 tháng đầu năm 2022, …"
_YEAR_OPENS_RE = re.compile(r"\s*(?:trong\s+)?(?:(?:\d+|sáu|chín) tháng (?:đầu |cuối )?)?năm\s+((?:19|20)\d\d)\s*,")
# A term or a year opening a clause: "Nhiệm kỳ 2020 – 2025, …", ", trong giai đoạn 2021-2025, …",
# "Minh chứng là trong năm 2022, …" (the sentence's start is checked apart; group 1 is what may
# stand before it).
_TERM_OPENS_RE = re.compile(
    r"([,;:]\s*|(?<!\w)là\s+)?(?:trong\s+)?"
    r"(?:(?:nhiệm kỳ|giai đoạn)\s+\(?\s*((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)\s*\)?|năm\s+((?:19|20)\d\d))"
    r"\s*(?:,|(?:như\s*)?:)"
)
# A congress named before its term, with no election or resolution between: "Đại hội … lần thứ I,
# nhiệm kỳ" (not "Nghị quyết Đại hội … nhiệm kỳ", "Đại hội … bầu Ban Chấp hành … nhiệm kỳ")
_CONGRESS_NAME_RE = re.compile(
    r"(?<!nghị quyết )(?<!\(nq\) )(?<!nq )đại hội(?:(?!bầu|ban chấp hành|bch|nghị quyết)[^.;])*$"
)
_SEG_TERM_RE = re.compile(r"nhiệm kỳ\s+((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)(?!\d)")
_TERM_RE = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")
_REVIEW_YEAR_RE = re.compile(
    r"(?:tổng kết|sơ kết|kết quả thực hiện|báo cáo|đánh giá)[^.\n]{0,160}?năm\s+((?:19|20)\d\d)(?!\s*[-–—]\s*\d)"
    r"|(?:\d+|sáu|chín) tháng (?:đầu |cuối )?năm\s+((?:19|20)\d\d)(?!\s*[-–—]\s*\d)"  # a half-year review
)
_PART_OF_YEAR_RE = re.compile(r"(?:\d+|sáu|chín) tháng (?:đầu )?năm")
_MIDTERM_RE = re.compile(
    r"(?:giữa nhiệm kỳ|nửa nhiệm kỳ|nửa đầu nhiệm kỳ)[^.\n]{0,160}?nhiệm kỳ\s+((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)"
)
_RESOLUTION_TERM_RE = re.compile(
    r"thực hiện(?: thắng lợi)?\s+(?:các\s+)?nghị quyết[^.\n]{0,100}?nhiệm kỳ\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)"
)
_CONGRESS_TERM_RE = re.compile(
    r"(?<!nghị quyết )(?<!nq )đại hội(?:[^.\n]|\.(?=\d)){0,120}?(?:nhiệm kỳ|khóa|khoá)\s+((?:19|20)\d\d)\s*[-–—]"
    r"\s*(?:19|20)\d\d"
)  # ("diễn ra ngày 22.5 đã bầu Ban Chấp hành khóa X, nhiệm kỳ 2020 - 2025"; not "Nghị quyết Đại hội …")
_CONGRESS_RESOLUTION_RE = re.compile(
    r"nghị quyết\s*(?:\(\s*nq\s*\)\s*)?đại hội[^.\n]{0,80}?nhiệm kỳ\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)"
)
_BODY_TERM_RE = re.compile(r"(?:(?:khóa|khoá)\s+(?:[ivxlc]+|\d+)|kỳ họp(?: thứ \w+)?)[^.\n]{0,40}?$")
# "25/12/2019", "2-9-2025", "2025-08-29"
_DATE_YEAR_RE = re.compile(
    r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d\d)(?!\d)|(?<!\d)((?:19|20)\d\d)-\d\d-\d\d(?!\d)"
)
_YEAR_OPENS_TEXT_RE = re.compile(r"(?:^|[.\n]\s*)(?:trong\s+)?năm\s+((?:19|20)\d\d)\s*,")
_ANY_TERM_RE = re.compile(r"nhiệm kỳ\s+((?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d)")
_FUTURE_WORDS = (" tới", "phương hướng", "nhiệm kỳ mới", "năm tiếp theo", "còn lại")
_FUTURE_RE = re.compile(
    r"(?:giai đoạn|nhiệm kỳ|thời gian|năm) tới|phương hướng|(?<!đại hội )nhiệm kỳ mới|những năm tiếp theo"
    r"|nửa nhiệm kỳ còn lại"
)  # ("tổ chức thành công Đại hội nhiệm kỳ mới" is a past event, not a plan)
_KIND = r"(?:[Pp]hường|[Xx]ã|[Tt]hị trấn)"
_UNIT_NAME_RE = re.compile(rf"(?<!\w)({_KIND})\s+((?:\d+|[^\W\d_][\w]*)(?:\s+[^\W\d_][\w]*){{0,3}})")
_NAME_NUMBER_RE = re.compile(r" (\d{1,3})(?![\w,.]?\d)(?! lần(?!\w))")
_DECIMAL_AFTER_RE = re.compile(r"[,.]\d|\s*%")
# The commonest family names: after two words of a unit's name, a person's name begins.
_SURNAMES = frozenset("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split())
_NOT_NAMES = frozenset({"khóa", "khoá", "nhiệm", "lần", "năm"})
_FORMER_RE = re.compile(r"\s*(?:\(\s*cũ\s*\)|cũ(?!\w))")
_CLAUSE_START_RE = re.compile(r"(?:^|[,.;:\n])\s*$")
_COMMITTEE_BEFORE_RE = re.compile(r"(?:đảng bộ|đảng ủy|đảng uỷ|ubnd|hđnd)\s*$", re.IGNORECASE)
_HIGHER_LEVEL_RE = re.compile(
    r"(?:của|toàn|cả|bình quân chung của)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|nước|quốc gia)(?!\w)[^,;]{0,15}$"
)
_ONE_OF_RE = re.compile(r"một trong\s*$")
_OF_UNIT_AFTER_RE = re.compile(rf"\s*của\s+({_KIND})\s+((?:\d+|[^\W\d_][\w]*)(?:\s+[^\W\d_][\w]*){{0,3}})")
# "đại diện cho 766 đảng viên", "tiêu biểu cho 876 đảng viên", "sinh hoạt tại 12 chi bộ" state the
# stock, not who benefits
_BENEFICIARY_RE = re.compile(
    r"(?<!\w)(?<!đại diện )(?<!thay mặt )(?<!tiêu biểu )(?<!sinh hoạt )(?<!sinh hoạt đảng )(?:cho|ở|tại)\s*$"
)
_FOR_WHOM_RE = re.compile(r"(?<!\w)(?<!đại diện )(?<!thay mặt )(?<!tiêu biểu )cho\s*$")
_DELTA_RE = re.compile(r"(?<!\w)(?:tăng|giảm)(?:\s+(?:thêm|hơn|gần|khoảng|trên))?\s*$")
# "đã giảm được 6 hộ nghèo": a change achieved, with or without "so với"
_DELTA_DONE_RE = re.compile(r"(?<!\w)(?:tăng|giảm)\s+được(?:\s+(?:thêm|hơn|gần|khoảng|trên))?\s*$")
_EXCESS_BEFORE_RE = re.compile(r"(?<!\w)(?:vượt|cao hơn)(?:\s+(?:hơn|mức))?\s*$")
_CHANGE_VERB_RE = re.compile(r"(?<!\w)(?:tăng|giảm)(?!\w)")
# "tỷ lệ hộ nghèo … mỗi năm giảm 4,6%", "giá trị nông nghiệp tăng 3,5%": a rate's change, not the rate
# ("giảm còn 6,95%", "giảm xuống 3%" state the rate itself).
_RATE_CHANGE_RE = re.compile(
    r"(?<!\w)(?:tăng|giảm)(?:\s+(?:thêm|hơn|gần|khoảng|bình quân|trung bình|hàng năm|hằng năm|mỗi năm))*\s*$"
)
_OPENS_BREAKDOWN_RE = re.compile(r"\s*trong đó(?!\w)")
_BREAKDOWN_RE = re.compile(r"trong đó\s*,?(?:\s*có)?\s*[:,]?\s*$")
_EXISTENTIAL_RE = re.compile(
    r"(?<!\w)(?:có|gồm|còn|với|là|tổng số|hiện có|đại diện cho|thay mặt cho|tiêu biểu cho|sinh hoạt tại)"
    r"(?:\s+(?:hơn|trên|gần|khoảng|tổng cộng|tổng số))?\s*$"
)
# Between two conjuncts: the rest of the first noun phrase, then "," or "và".
_COORD_RE = re.compile(r"^[^,;()]{0,30}?(?:,|(?<!\w)và)\s*$|^\s*$")
# Filler a noun phrase carries before its predicate: "7/7 tổ dân phố trên địa bàn giữ vững …".
_FILLER_WORDS = ("trên địa bàn", "của ", "toàn ", "trực thuộc")  # one in each filler
_FILLER_RE = re.compile(r"\s(?:trên địa bàn|của phường|của xã|toàn phường|toàn xã|trực thuộc)(?=\s)")
# What may stand between a governing verb phrase and its count: "kết nạp được 55", "cho 1.868".
_GAP_RE = re.compile(
    r"(?:\s+(?:được|đạt|là|có|cho|thêm|mới|tổng cộng|tổng số|hơn|trên|gần|khoảng|từ"
    r"|còn|chỉ|chỉ còn|hiện|đến nay|hiện nay|hiện có|giảm|xuống))*\s*$"  # "tỷ lệ hộ nghèo đến nay còn 174 hộ"
)
_CONTINUES_RE = re.compile(
    # "74 tỷ đồng, đến năm 2014 tăng lên 143,3 tỷ"
    r"[\s,(]*(?:\(?\s*(?:(?:đến|tới|sau)\s+)?(?:năm\s+)?\d{4}\s*\)?|đầu nhiệm kỳ|cuối nhiệm kỳ)?[\s,]*"
    r"(?:(?:đến nay|hiện nay)\s*)?"
    # "119,3 tỷ đồng, bình quân 23,8 tỷ đồng/năm"; "0,85% (năm 2015 là 6,66%)"
    r"(?:bình quân(?:\s+(?:mỗi|hằng|hàng)\s+năm)?\s*)?"
    r"(?:đã\s*)?(?:(?:giảm|tăng)\s*)?(?:(?:xuống|lên)\s*)?(?:(?:còn|đến|tới|là|đạt)\s*)?(?:(?:trên|dưới|gần|khoảng)\s*)?"
)
# Totals of the whole economy, of which a sector's value is a part, not the total.
_TOTALS_OF_SECTORS = frozenset({"production_value_total", "grdp_total"})
_SECTOR_AFTER_RE = re.compile(
    r"\s*(?:thu từ\s+)?(?:các\s+)?(?:ngành\s+|khu vực\s+|lĩnh vực\s+)?"
    r"(?:nông|lâm|thủy|thuỷ|ngư|công nghiệp|tiểu thủ công|ttcn|tmdv|cn"
    r"|tiểu, thủ công|xây dựng|dịch vụ|thương mại|chăn nuôi|trồng trọt|bình quân đầu người|bình quân/người)(?!\w)"
)
_RATE_OF_COUNT = {"poor_households": "poverty_rate", "near_poor_households": "near_poverty_rate"}
_COUNT_OF_RATE = {rate: count for count, rate in _RATE_OF_COUNT.items()}
# "giảm hộ nghèo xuống còn 1,12%": the poverty rate lowered to
_RATE_OF_NAMED = {**_RATE_OF_COUNT, "households_escaped_poverty": "poverty_rate"}
# "174 hộ, chiếm 5,35%", "15 hộ, tỷ lệ 3,61%"
_SHARE_RE = re.compile(r"\s*,?\s*(?:(?:chiếm|bằng)(?:\s+tỷ lệ)?|tỷ lệ(?:\s+là)?)\s*")
_SHARE_OF_NAMED_RE = re.compile(
    r"[^,;()]{0,24}?(?<!\w)(?:chiếm(?:\s+tỷ lệ)?|(?:giảm\s+)?(?:xuống\s+)?còn)\s*(?:dưới|trên|khoảng)?\s*"
)
# "tổng thu ngân sách là 37 tỷ đồng, đạt 103,3%": a percentage right after a figure, of no noun, is
# the share of the plan it met
_PLAN_SHARE_RE = re.compile(r"\s*,?\s*(?:đạt|bằng|=)\s*")
_NO_NOUN_AFTER_RE = re.compile(
    r"\s*(?:[,;.)]|$|(?:so với\s+)?(?:năm|kế hoạch|kh|nghị quyết|nq|chỉ tiêu|dự toán)(?!\w))"
)
_GROWTH_AFTER_LEVEL_RE = re.compile(
    r"[^,;()]{0,40}?(?<!\w)tăng(?: trưởng)?(?: bình quân)?(?: hằng năm| hàng năm| mỗi năm)?(?: đạt)?"
    r"(?: trên| hơn| khoảng)?\s*$"
)
_GROWTH_BEFORE_LEVEL_RE = re.compile(r"(?<!\w)tăng\s+(?:tổng\s+)?$")
_LEVEL_RATE_TAIL_RE = re.compile(r"[^,;()]{0,40}?(?:bình quân|hằng năm|hàng năm|mỗi năm)[^,;()]{0,20}?\s*$")
_GROWTH_RE = re.compile(r"(?<!\w)tăng(?: trưởng)?(?: bình quân)?")
_NOUN_RESTRICTIVE_RE = re.compile(r"^\s*(?:$|[,;.)(]|và\b|với\b|trực thuộc\b)")


@dataclass(slots=True)
class _Item:
    mention: Mention
    seg: int  # index of its segment
    seg_start: int
    seg_end: int
    depth: int  # bracket depth inside its segment
    indicator: Indicator | None = None
    role: str = "actual"
    year: str | None = None
    subject: str | None = None
    claim: str | None = None
    own_phrase: str | None = field(default=None, repr=False)  # the synonym that gave the indicator
    left: str | None = field(default=None, repr=False)  # cached contexts
    right: str | None = field(default=None, repr=False)
    chain_left: str | None = field(default=None, repr=False)
    in_stock_list: bool | None = field(default=None, repr=False)
    stock: bool | None = field(default=None, repr=False)
    planned: bool = field(default=False, repr=False)  # a target of a plan ("phấn đấu …"): the next period's


@dataclass
class Context:
    """Per-document facts the rules need: segments, review period, units named."""

    text: str
    low: str
    review_period: str | None
    next_period: str | None
    default_subject: str | None
    para_subjects: list[tuple[int, str]]  # (position, subject) switches, in order
    future_paras: dict[int, bool] = field(default_factory=dict)
    seg_years: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    seg_named: dict[int, set[str]] = field(default_factory=dict)
    sentence_starts: dict[int, int] = field(default_factory=dict)
    sentence_years: dict[int, str | None] = field(default_factory=dict)
    sentence_terms: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    plan_lists: dict[int, bool] = field(default_factory=dict)  # by the colon that may open a plan's list
    plan_paras: dict[int, int] = field(default_factory=dict)  # by paragraph: end of the plan opening it, or -1
    switch_positions: list[int] = field(init=False)  # positions of para_subjects, for bisect

    def __post_init__(self) -> None:
        self.switch_positions = [p for p, _ in self.para_subjects]


def _period_of(low: str) -> tuple[str | None, str | None]:
    """The period an article reviews, and the one it plans for."""
    head = low[:600]
    m = _REVIEW_YEAR_RE.search(head)
    if m:
        y = int(m.group(1) or m.group(2))
        # a half-year review plans the rest of its year ("nhiệm vụ 6 tháng cuối năm 2024")
        return str(y), str(y if _PART_OF_YEAR_RE.search(m.group(0)) else y + 1)
    m = _MIDTERM_RE.search(head)
    if m:
        # "sơ kết giữa nhiệm kỳ thực hiện Nghị quyết … nhiệm kỳ 2020 - 2025": the term under way
        a, b = m.group(1), m.group(2)
        return f"{a}-{b}", f"{b}-{int(b) + int(b) - int(a)}"
    m = _CONGRESS_TERM_RE.search(low)
    res = _RESOLUTION_TERM_RE.search(low)
    if res:
        a, b = _TERM_RE.search(res.group(1)).groups()  # type: ignore[union-attr]
        # "Đại hội … nhiệm kỳ 2025-2030 … chương trình hành động thực hiện Nghị quyết Đại hội nhiệm kỳ
        # 2025-2030": the congress named first opens that term and reviews the one before
        if not (m is not None and m.start() < res.start() and m.group(1) == a):
            return f"{a}-{b}", f"{b}-{int(b) + int(b) - int(a)}"
    r = _CONGRESS_RESOLUTION_RE.search(low)
    if r and (m is None or r.start() < m.start()):
        # "vượt so với Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020 - 2025": the term under way, not a
        # congress opening it
        a, b = _TERM_RE.search(r.group(1)).groups()  # type: ignore[union-attr]
        return f"{a}-{b}", f"{b}-{int(b) + int(b) - int(a)}"
    if m:
        a = int(m.group(1))
        return f"{a - 5}-{a}", f"{a}-{a + 5}"
    # A council's or a committee's own term ("HĐND xã khóa VII nhiệm kỳ 2016 - 2021", "kỳ họp thứ tư
    # nhiệm kỳ 2021 - 2026") does not say which period a session reviews: "Năm 2019, HĐND …" or the
    # session's date does.
    all_terms = list(_ANY_TERM_RE.finditer(low))
    own_terms = [t for t in all_terms if not _BODY_TERM_RE.search(low, max(0, t.start() - 60), t.start())]
    opens = _YEAR_OPENS_TEXT_RE.search(low)
    dates = [int(d.group(1) or d.group(2)) for d in _DATE_YEAR_RE.finditer(head)]
    terms = [_TERM_RE.search(t.group(1)).groups() for t in (own_terms if opens or dates else all_terms)]  # type: ignore[union-attr]
    if terms:
        # "Nhiệm kỳ 2025 - 2030, Đảng bộ phấn đấu …" before "kết quả đạt được trong nhiệm kỳ
        # 2020-2025": of two successive terms, the article reviews the earlier.
        starts = {a for a, _ in terms}
        a, b = next(((a, b) for a, b in terms if b in starts), terms[0])
        return f"{a}-{b}", f"{b}-{int(b) + int(b) - int(a)}"
    if opens:
        # "Năm 2023, Đảng bộ xã đã tập trung lãnh đạo …": an annual review
        return opens.group(1), str(int(opens.group(1)) + 1)
    if dates:
        # No period named: a piece of news ("Sáng 28-8, … trao tặng Huy hiệu Đảng") is of the year
        # it is dated
        y = max(dates)
        return str(y), str(y + 1)
    return None, None


def _unit_names(text: str, low: str | None = None) -> list[tuple[int, int, str]]:
    """Ward/commune names: (start, end, "phường Kỳ Phương"). A name is digits or capitalised words."""
    low = lowered(text) if low is None else low
    starts = []
    find = low.find
    for kind in ("phường ", "xã ", "thị trấn "):
        n = len(kind)
        i = find(kind)
        while i != -1:
            # str.find first; the regex only where a capital or a digit follows ("xã hội" is common).
            c = text[i + n : i + n + 1]
            if (c.isupper() or c.isdigit()) and (i == 0 or not low[i - 1].isalnum()):
                starts.append(i)
            i = find(kind, i + n)
    out = []
    for i in sorted(starts):
        m = _UNIT_NAME_RE.match(text, i)
        if m is None:
            continue
        kind = m.group(1)
        if kind.isupper() and len(kind) > 1:
            continue
        words = m.group(2).split()
        name: list[str] = []
        for w in words:
            if w.isdigit() and not name:
                if not _DECIMAL_AFTER_RE.match(text, m.start(2) + len(w)):
                    name.append(w)  # "phường 4"; not "HĐND xã 151,3% so với kế hoạch"
                break
            if w.lower() in _NOT_NAMES or (len(name) >= 2 and w in _SURNAMES):
                break  # "HĐND xã Khóa XI", "HĐND phường Tam Kỳ Nguyễn Thị Thu Lan": not the unit's name
            if w[0].isupper() and not w.isupper() or (w[0].isupper() and len(w) <= 2):
                name.append(w)
            else:
                break
        if not name:
            continue
        end = m.start(2) + len(" ".join(name))
        num = _NAME_NUMBER_RE.match(text, end)
        if (
            num is not None
            and not name[0].isdigit()
            and ends_place_name(text, low, num.start(1))
            and noun_after_re().match(low, num.end(1)) is None  # "xã Tam Xuân 5 năm liền" counts years
        ):
            name.append(num.group(1))  # "xã Tam Xuân 2": the number is the name's
            end = num.end(1)
        out.append((m.start(), end, f"{kind.lower()} {' '.join(name)}"))
    return out


def build_context(text: str, low: str | None = None) -> Context:
    low = lowered(text) if low is None else low
    review, nxt = _period_of(low)
    names = _unit_names(text, low)
    counts = Counter(n for _, _, n in names)
    default_subject = None
    if counts:
        # Most named; ties go to the first named.
        best = max(counts.values())
        default_subject = next(n for _, _, n in names if counts[n] == best)
    switches: list[tuple[int, str]] = []
    for i, (s, e, name) in enumerate(names):
        # A unit becomes the subject when it is the committee acting ("Đảng bộ phường 4") or a
        # clause starts with it ("…, Phường 9 đạt được …"); not in a list ("phường 1, phường 4 …").
        in_list = (i + 1 < len(names) and names[i + 1][0] - e < 6) or (i > 0 and s - names[i - 1][1] < 6)
        if in_list:
            continue
        before = text[max(0, s - 12) : s]
        clause_start = _CLAUSE_START_RE.search(before) is not None
        if _COMMITTEE_BEFORE_RE.search(before) or clause_start:
            if _FORMER_RE.match(text, e):
                # "Đảng bộ phường Chăm Mát (cũ) có 12/12 chỉ tiêu …": a unit merged away speaks for
                # its own sentence; the article's unit takes over after it.
                back = switches[-1][1] if switches and "\n" not in text[switches[-1][0] : s] else default_subject
                if back is not None:
                    switches.append((s, name))
                    switches.append((_first_sentence_end(text, e) + 1, back))
                    continue
            switches.append((s, name))
    switches.sort(key=lambda sw: sw[0])
    return Context(text, low, review, nxt, default_subject, switches)


# --- the annotation -----------------------------------------------------------------------------


def annotate(text: str, mentions: list[Mention], low: str | None = None) -> list[_Item]:
    """Indicator, role, year, subject and claim of every mention. ``low``: ``scan.lowered(text)``."""
    if not mentions:
        return []
    ctx = build_context(text, low)
    items = _items(ctx, mentions)
    for i in range(len(items)):
        _role(ctx, items, i)
    for i in range(len(items)):
        _indicator(ctx, items, i)
    _parts_and_changes(ctx, items)
    for it in items:
        q = it.mention.quantity
        if (
            it.indicator is not None
            and q.per
            and q.per.split("/")[0] not in _PERIODS
            and it.indicator.aggregate == "sum"
        ):
            it.indicator = None  # "giá trị sản xuất … đạt 100 triệu đồng/ha": a yield per hectare, not the total
    for i, it in enumerate(items):
        if it.role in ("achievement", "target") and it.indicator is None:
            src = _governing(items, i, past_changes=True)
            if src is not None:
                it.indicator = src.indicator
            elif it.role == "achievement":
                # "thu ngân sách vượt 95% so với nghị quyết": the level named before it, in any unit
                it.indicator = _named_level(ctx, items, i)
    for i in range(len(items)):
        _year(ctx, items, i)
        it = items[i]
        if it.role == "actual" and _by_year_ahead(ctx, it):
            it.role = "target"
            it.year = _plan_period(ctx, it.year)  # as for any target of the plan for the term ahead
        _subject(ctx, items, i)
    _claims(ctx, items)
    return items


# Segment boundaries: ";", "!", "?", a line break, and "." or ":" not inside a number ("1.131").
# Sentences end at "!", "?", a line break and "."; the label before a colon ends at a segment's
# boundaries but ":".
_SEGMENT_BOUNDS = ("\n;!?", ".:")
_SENTENCE_BOUNDS = ("\n!?", ".")
_LABEL_BOUNDS = ("\n;!?", ".")


def _last_boundary(text: str, lo: int, hi: int, bounds: tuple[str, str]) -> int:
    """Index of the last boundary character in text[lo:hi], or -1. ``bounds``: the characters that
    always end a segment, and those ("." and ":") that do unless a digit follows. str.rfind runs
    at memchr speed, far faster than a regular expression over the whole text; each character is
    looked for only after the last boundary found so far (the most frequent first)."""
    hard, soft = bounds
    best = -1
    for c in soft:
        j = hi
        while (i := text.rfind(c, max(lo, best + 1), j)) != -1:
            if not text[i + 1 : i + 2].isdigit():
                best = i
                break
            j = i
    for c in hard:
        i = text.rfind(c, max(lo, best + 1), hi)
        if i != -1:
            best = i
    return best


def _first_boundary(text: str, lo: int, hi: int, bounds: tuple[str, str] = _SEGMENT_BOUNDS) -> int:
    """Index of the first boundary character in text[lo:hi], or hi (``bounds`` as for
    ``_last_boundary``); each character looked for only before the first boundary found so far."""
    hard, soft = bounds
    best = hi
    for c in soft:
        j = lo
        while (i := text.find(c, j, best)) != -1:
            if not text[i + 1 : i + 2].isdigit():
                best = i
                break
            j = i + 1
    for c in hard:
        i = text.find(c, lo, best)
        if i != -1:
            best = i
    return best


# A "segment" longer than this is cut: the rules look no further back or ahead, so text without
# punctuation cannot make the work quadratic.
_MAX_SEGMENT = 1500


def _items(ctx: Context, mentions: list[Mention]) -> list[_Item]:
    items: list[_Item] = []
    text = ctx.text
    n = len(text)
    seg = -1
    seg_start = seg_end = 0
    prev_end = 0
    depth = 0
    depth_at = 0  # position up to which ``depth`` counts the brackets of the segment
    for m in mentions:
        if seg < 0 or m.start >= seg_end:
            # A new segment: it starts after the last boundary since the previous figure.
            lo = prev_end if seg >= 0 else max(0, m.start - _MAX_SEGMENT)
            b = _last_boundary(text, lo, m.start, _SEGMENT_BOUNDS)
            seg_start = max(b + 1 if b != -1 else lo, m.start - _MAX_SEGMENT)
            seg_end = max(m.end, _first_boundary(text, m.end, min(n, m.end + _MAX_SEGMENT)))
            seg += 1
            depth, depth_at = 0, seg_start
        depth = max(0, depth + text.count("(", depth_at, m.start) - text.count(")", depth_at, m.start))
        depth_at = m.start
        prev_end = m.end
        items.append(_Item(m, seg, seg_start, seg_end, depth))
    return items


def _prev_in_seg(items: list[_Item], i: int) -> _Item | None:
    if i > 0 and items[i - 1].seg == items[i].seg:
        return items[i - 1]
    return None


def _left(ctx: Context, items: list[_Item], i: int) -> str:
    """Normalised text from the previous figure of the segment (or its start) up to this figure."""
    it = items[i]
    if it.left is None:
        it.left = _compute_left(ctx, items, i)
    return it.left


def _compute_left(ctx: Context, items: list[_Item], i: int) -> str:
    it = items[i]
    prev = _prev_in_seg(items, i)
    start = prev.mention.phrase_end if prev is not None else it.seg_start
    left = _norm_low(ctx, min(start, it.mention.start), it.mention.start)
    if prev is None and not left.strip() and it.seg_start > 0 and ctx.text[it.seg_start - 1] == ":":
        # "Tổng số đảng viên: 412 đồng chí": the label before the colon names the figure.
        label_start = _last_boundary(ctx.text, max(0, it.seg_start - 80), it.seg_start - 1, _LABEL_BOUNDS) + 1
        left = _norm_low(ctx, max(label_start, it.seg_start - 80), it.seg_start - 1) + " " + left
    return left


def _right(ctx: Context, items: list[_Item], i: int, limit: int = 90) -> str:
    """Normalised text from the figure's end to the next figure or the segment's end."""
    it = items[i]
    if limit == 90:
        if it.right is None:
            it.right = _compute_right(ctx, items, i, limit)
        return it.right
    return _compute_right(ctx, items, i, limit)


def _compute_right(ctx: Context, items: list[_Item], i: int, limit: int) -> str:
    it = items[i]
    end = it.seg_end
    if i + 1 < len(items) and items[i + 1].seg == it.seg:
        end = min(end, items[i + 1].mention.start)
    end = min(end, it.mention.end + limit)
    return _norm_low(ctx, it.mention.end, end).strip()


def _role(ctx: Context, items: list[_Item], i: int) -> None:
    it = items[i]
    m = it.mention
    q = m.quantity
    low = ctx.low
    before = low[max(it.seg_start, m.start - 80) : m.start]
    if q.unit == Unit.PERCENT and (
        _ACHIEVEMENT_AFTER_RE.match(low, m.end)
        or (_ACHIEVEMENT_ASSIGNED_RE.match(low, m.end) and _governing(items, i) is not None)
    ):
        quota = _last_match(Unit.PERCENT, before[-60:])
        if _ACHIEVEMENT_VERB_RE.search(before[-32:]) and not (quota and quota[0].key in _QUOTA_RATES):
            sentence = _sentence_before(ctx, it)
            if "phấn đấu" in sentence and _PLAN_RE.search(sentence):
                it.role, it.planned = "target", True  # "phấn đấu … đạt 100% kế hoạch giao": the plan's
            else:
                it.role = "achievement"
            return
    prev = _prev_in_seg(items, i)
    if (
        q.unit == Unit.PERCENT
        and prev is not None
        and prev.role == "actual"
        and prev.mention.quantity.unit in (Unit.VND, Unit.COUNT, Unit.HECTARE, Unit.OTHER)
        and _PLAN_SHARE_RE.fullmatch(low, prev.mention.phrase_end, m.start)
        and _NO_NOUN_AFTER_RE.match(low, m.end)
    ):
        it.role = "achievement"  # "diện tích gieo trồng hơn 3.755ha, đạt 163%;"
        return
    tail = before[-40:]
    if (("(" in tail or ":" in tail) and (_TARGET_PAREN_RE.search(before) or _TARGET_BRACKET_RE.search(tail))) or (
        "là" in before and _TARGET_IS_RE.search(before)
    ):
        it.role = "target"
        return
    if (q.counted or "").split(" ")[0] in _PLAN_PARTS:
        return  # "đề ra 3 khâu đột phá và 15 chỉ tiêu": what the plan is made of, not a target
    sentence = _sentence_before(ctx, it)
    if (
        ("phấn đấu" in sentence or "dự kiến" in sentence or "tiêu" in sentence)
        and (_PLAN_RE.search(sentence) or _sets_next_targets(ctx, sentence))
        or _opens_with_term_ahead(ctx, it)
        or _in_plan_list(ctx, it)
        or (_in_plan_paragraph(ctx, it) and not _RESULTS_SO_FAR_RE.search(sentence))
    ):
        it.role = "target"
        it.planned = True
        return
    if (
        q.hedge != Hedge.AT_LEAST
        and _BASELINE_BEFORE_RE.search(before[-20:])
        and _BASELINE_AFTER_RE.match(low, m.phrase_end)
    ):
        it.role = "baseline"


def _sentence_before(ctx: Context, it: _Item) -> str:
    """The figure's sentence up to the figure, at most 400 characters of it (lower case)."""
    m = it.mention
    return ctx.low[max(_sentence_start(ctx, it.seg_start), m.start - 400) : m.start]


def _sets_next_targets(ctx: Context, sentence: str) -> bool:
    """ "Nhiệm kỳ 2025-2030, phường đề ra 27 chỉ tiêu cụ thể, trong đó …", "Đại hội … đề ra mục tiêu
    tăng trưởng …": targets set for the term ahead, not those the past term was judged against
    ("Nghị quyết đề ra 15 chỉ tiêu, đến nay đạt 12")."""
    cue = _SETS_TARGETS_RE.search(sentence)
    if cue is None or _RESULTS_SO_FAR_RE.search(sentence, cue.end()):
        return False
    nxt = ctx.next_period or ""
    ahead = "-" in nxt and (
        _term_in(sentence, nxt) or ("đại hội" in sentence and ctx.review_period and "-" in ctx.review_period)
    )
    return bool(ahead or _FUTURE_RE.search(sentence))


def _opens_with_term_ahead(ctx: Context, it: _Item) -> bool:
    """ "Nhiệm kỳ 2015-2020, Đảng bộ phường tập trung hoàn thành các chỉ tiêu cơ bản: …" in the
    article of the congress that opens that term: the figures after it are the plan's."""
    if not ctx.next_period or "-" not in ctx.next_period:
        return False
    return _clause_term(ctx, it) == ctx.next_period


def _in_plan_list(ctx: Context, it: _Item) -> bool:
    """ "Nghị quyết nêu cụ thể 12 chỉ tiêu chủ yếu đó là: (1) … (2) …": the sentences of a list that a
    plan's colon opens, to the end of its paragraph."""
    colon = ctx.text.rfind(":", max(0, it.mention.start - 1500), it.seg_start)
    if colon == -1 or ctx.text.find("\n", colon, it.seg_start) != -1:
        return False  # no colon in the paragraph before the figure
    got = ctx.plan_lists.get(colon)
    if got is None:
        lead = ctx.low[_sentence_start(ctx, colon) : colon + 1]
        got = ctx.plan_lists[colon] = bool(_LIST_OPENS_RE.search(lead)) and bool(
            _PLAN_RE.search(lead) or _sets_next_targets(ctx, lead)
        )
    return got


def _in_plan_paragraph(ctx: Context, it: _Item) -> bool:
    """ "Mục tiêu tổng quát năm 2023 phấn đấu tổng thu nhập … đạt 621 tỷ đồng. Trong đó giá trị nông
    nghiệp đạt 50 tỷ đồng. …": the sentences after a paragraph's opening plan go on with the plan."""
    start, _ = _paragraph(ctx, it.mention.start)
    plan_end = ctx.plan_paras.get(start)
    if plan_end is None:
        end = _first_sentence_end(ctx.text, start)
        first = ctx.low[start:end]
        is_plan = (
            ("phấn đấu" in first or "mục tiêu" in first or "chỉ tiêu" in first)
            and _PLAN_RE.search(first)
            and not _RESULTS_SO_FAR_RE.search(first)  # "Sau hai năm … nhiều chỉ tiêu đạt và vượt …"
        )
        plan_end = ctx.plan_paras[start] = end if is_plan else -1
    return 0 <= plan_end < it.mention.start


def _term_in(s: str, term: str) -> bool:
    a, b = term.split("-")
    return re.search(rf"{a}\s*-\s*{b}", s) is not None


def _governing(items: list[_Item], i: int, past_changes: bool = False) -> _Item | None:
    """The actual figure an achievement or a bracketed target belongs to: the last one before it
    (``past_changes``: not a change like "tăng 17,7 triệu đồng so với đầu nhiệm kỳ, đạt 83,86%")."""
    j = _governing_index(items, i, past_changes)
    return items[j] if j is not None else None


def _governing_index(items: list[_Item], i: int, past_changes: bool = False) -> int | None:
    it = items[i]
    for j in range(i - 1, max(-1, i - 30), -1):
        other = items[j]
        if other.seg != it.seg:
            break
        if other.role == "actual" and other.depth <= it.depth and (other.depth == 0 or it.depth > 0):
            if past_changes and other.own_phrase == "Δ":
                continue
            return j
    return None


def _units_for(q_unit: Unit, is_fraction: bool) -> tuple[Unit, ...]:
    # "7/7 tổ dân phố giữ vững danh hiệu văn hóa" is the rate of cultural groups, written as X/Y.
    return (Unit.PERCENT, Unit.COUNT) if is_fraction else (q_unit,)


# Nouns that count the same thing: a "đồng chí" (comrade) is a party member.
_SAME_COUNTED = {
    "đồng chí": "đảng viên",
    # the branches and grassroots organisations a committee counts as its "chi bộ trực thuộc"
    "cơ sở đảng": "chi bộ",
    "tổ chức cơ sở đảng": "chi bộ",
    "tổ chức đảng": "chi bộ",
    "tổ chức đảng cơ sở": "chi bộ",
    "chi, đảng bộ": "chi bộ",
}


def _counted_ok(ind: Indicator, counted: str | None) -> bool:
    if not ind.counted or not counted:
        return True
    counted = _SAME_COUNTED.get(counted, counted)
    parts = counted.split()
    c = ind.counted
    if counted == "người" and c in _PERSONS:
        return True  # "dân số 53.936 người", "việc làm cho 300 người", "lên 366 người"
    if counted == "quần chúng" and ind.key == "party_members_admitted":
        return True  # "kết nạp 60 quần chúng ưu tú vào Đảng": counted as the masses they were
    return c == counted or counted.startswith(c + " ") or counted.endswith(" " + c) or c == parts[0]


def _indicator(ctx: Context, items: list[_Item], i: int) -> None:
    it = items[i]
    if it.role == "achievement":
        return  # takes the indicator of the figure it qualifies
    q = it.mention.quantity
    left = _left(ctx, items, i)
    # The noun phrase after the figure names the indicator of counts and rates only.
    noun_right = ""
    if q.unit in (Unit.COUNT, Unit.PERCENT, Unit.PERMILLE):
        noun_right = _right(ctx, items, i)
        if any(w in noun_right for w in _FILLER_WORDS):  # rare: substituted only where one may be
            noun_right = _FILLER_RE.sub("", " " + noun_right).strip()
    prev = _prev_in_seg(items, i)
    if (
        q.unit == Unit.COUNT
        and prev is not None
        and prev.indicator is not None
        and prev.indicator.key in _COUNT_OF_RATE
        and it.depth > prev.depth
        and not left.strip(" (")
    ):
        it.indicator = indicators()[_COUNT_OF_RATE[prev.indicator.key]]  # "0,36% (05 hộ)": the rate's count
        return
    if q.unit == Unit.COUNT:
        it.indicator = _count_indicator(ctx, items, i, left, noun_right, _units_for(q.unit, q.of is not None))
        return
    if q.unit in (Unit.PERCENT, Unit.PERMILLE) and noun_right:
        # What the percentage is of: "93% người dân tham gia BHYT", "trong đó 20% đạt trong sạch,
        # vững mạnh"; the phrase must start in the figure's own clause.
        ind = None
        rx = _synonym_res().get(q.unit)
        pm = rx.search(noun_right) if rx else None
        if pm is not None and (pm.start() == 0 or pm.start() < _first_break(noun_right)):
            ind = _key(q.unit, pm.group())
        if ind is None and it.mention.noun:
            ind = _shared_predicate(ctx, items, i, noun_right)
        if ind is not None:
            it.indicator = ind
            return
    found = _last_match(q.unit, left)
    if found is not None and found[0].key in _TOTALS_OF_SECTORS and _SECTOR_AFTER_RE.match(left, found[2]):
        return  # "giá trị sản xuất tiểu thủ công nghiệp đạt 185,2 tỷ đồng": a sector's part of the total
    if found is not None and found[0].key.startswith("economy_share_") and "lao động" in left[: found[1]]:
        return  # "tỷ lệ lao động trong nông nghiệp chiếm 53%": a share of the workforce, not of the economy
    if found is not None:
        it.indicator = found[0]
        it.own_phrase = left[found[1] : found[2]]
        return
    if prev is not None and q.unit == Unit.PERCENT and _SHARE_RE.fullmatch(left):
        # "tỷ lệ hộ nghèo đến nay còn 174 hộ, chiếm 5,35%": the share of the count before, named
        # before the count
        found = _last_match(Unit.PERCENT, _left(ctx, items, i - 1))
        if found is not None:
            it.indicator = found[0]
            return
        if prev.indicator is not None and prev.indicator.key in _RATE_OF_COUNT:
            it.indicator = indicators()[_RATE_OF_COUNT[prev.indicator.key]]  # "hộ nghèo: 85 hộ chiếm 7,03%"
            return
    if q.unit == Unit.PERCENT:
        # "số hộ nghèo hiện nay chiếm 2,76%", "giảm hộ nghèo xuống còn 1,12%": a count named, then its share
        named = _last_match(Unit.COUNT, left)
        if named is not None and named[0].key in _RATE_OF_NAMED and _SHARE_OF_NAMED_RE.fullmatch(left, named[2]):
            it.indicator = indicators()[_RATE_OF_NAMED[named[0].key]]
            return
    # An elided subject: "tỷ lệ chi bộ hoàn thành xuất sắc nhiệm vụ đạt 20,7%, hoàn thành tốt
    # nhiệm vụ đạt 79,2%" — the subject of the parallel clause before is understood.
    if prev is not None and prev.own_phrase and left.strip(" ,"):
        words = prev.own_phrase.split()
        clause = left.strip(" ,")
        rx = _synonym_res().get(q.unit)
        for k in range(1, len(words) + 1):
            phrase = " ".join(words[:k]) + " " + clause
            if rx is None or rx.match(phrase) is None:
                continue  # no synonym starts the phrase, so the last one found does not either
            found = _last_match(q.unit, phrase)
            if found is not None and found[1] == 0 and found[2] > len(phrase) - len(clause):
                # the clause's words belong to the synonym: not the phrase before repeated alone
                it.indicator = found[0]
                return
    if prev is not None and prev.role == "achievement":
        # "đạt 173% dự toán, tăng 80% so với cùng kỳ": the growth of the level the achievement is of
        prev = _governing(items, i - 1)
    if prev is not None and prev.indicator is not None:
        # "Tỷ lệ hộ nghèo từ 11,52% năm 2015 giảm xuống còn 8,27%": the same figure, later.
        if prev.mention.quantity.unit == q.unit and _CONTINUES_RE.fullmatch(left):
            it.indicator = prev.indicator
            return
        # "Tổng thu ngân sách đạt 36,602 tỷ đồng, tăng bình quân hằng năm 30%": its growth.
        if q.unit == Unit.PERCENT and _GROWTH_RE.search(left) and not _synonym_res()[Unit.PERCENT].search(left):
            growth = _growth_indicators().get(prev.indicator.key)
            if growth is not None:
                it.indicator = growth
                return
    if q.unit == Unit.PERCENT and it.indicator is None and "tăng" in left:
        # "tổng giá trị sản xuất toàn nền kinh tế tăng bình quân hằng năm 10%", "tăng tổng thu ngân sách
        # bình quân hằng năm đạt 10%": the growth of a level named in the clause, with no figure of the
        # level itself
        level = _last_match(Unit.VND, left)
        if level is not None and (
            _GROWTH_AFTER_LEVEL_RE.match(left, level[2])
            or (_GROWTH_BEFORE_LEVEL_RE.search(left, 0, level[1]) and _LEVEL_RATE_TAIL_RE.fullmatch(left, level[2]))
        ):
            it.indicator = _growth_indicators().get(level[0].key)


def _named_level(ctx: Context, items: list[_Item], i: int) -> Indicator | None:
    """The amount, count, area or measure the clause before the figure names last (the one it ends nearest)."""
    left = _left(ctx, items, i)
    best = None
    for unit in (Unit.VND, Unit.COUNT, Unit.HECTARE, Unit.OTHER):
        found = _last_match(unit, left)
        if found is not None and (best is None or found[2] > best[2]):
            best = found
    return best[0] if best is not None else None


def _first_break(s: str) -> int:
    """Where the first "," "(" or "và" of ``s`` stands, or its length: "40% và nông nghiệp 18%" is
    not a share of agriculture."""
    k_and = 0 if s.startswith("và ") else s.find(" và ")
    return min((k for k in (s.find(","), s.find("("), k_and) if k >= 0), default=len(s))


def _governing_phrase(unit: Unit, head: str, noun: str) -> Indicator | None:
    """The synonym that ends where the count starts, or runs on into its noun.

    Tried at each of the last words of ``head``; the match reaching furthest wins, so "đã kết nạp
    đảng viên" gives "kết nạp đảng viên", not "đã kết nạp" and a separate "đảng viên".
    """
    rx = _synonym_starts_res().get(unit)
    if rx is None:
        return None
    cut = len(head)
    last_word = head[head.rfind(" ") + 1 :]
    if last_word.isalnum() and last_word not in _synonym_words()[unit]:
        # A match reaching the end of ``head`` covers its last word whole: no synonym has it.
        return None
    joined = head + " " + noun if noun else head
    best: tuple[int, int, str] | None = None
    # The synonyms starting at the word starts of the last 80 characters, in one pass.
    for m in rx.finditer(joined, max(0, cut - 80)):
        pos = m.start()
        if pos >= cut:
            break
        end = m.end(1)
        if (end < cut and not head[end:cut].isspace()) or (best is not None and end <= best[0]):
            continue  # "… gia đình văn hóa, 6/6 ấp": a phrase closed by a comma governs nothing after it
        if len(_WORD_START_RE.findall(head, pos)) > 10:
            continue  # only the last ten words of ``head`` may start it
        best = (end, pos, m.group(1))
    return _key(unit, best[2]) if best else None


def _chain_left(ctx: Context, items: list[_Item], i: int) -> str:
    """The text before the first figure of a coordination: "cho 65 gia đình … và 46 hộ nghèo"."""
    if items[i].chain_left is None:
        items[i].chain_left = _compute_chain_left(ctx, items, i)
    return items[i].chain_left


def _compute_chain_left(ctx: Context, items: list[_Item], i: int) -> str:
    j = i
    while True:
        left = _left(ctx, items, j)
        if items[j].chain_left is not None and j != i:
            return items[j].chain_left  # a long list is walked once
        if _prev_in_seg(items, j) is None or not _COORD_RE.match(left) or i - j >= 30:
            return left
        j -= 1


def _shared_predicate(ctx: Context, items: list[_Item], i: int, own: str) -> Indicator | None:
    """ "96% số hộ, 98% tổ dân phố, 95% cơ quan … đạt danh hiệu văn hóa": the last conjunct's
    predicate belongs to every conjunct."""
    it = items[i]
    q = it.mention.quantity
    j = i
    while (
        j + 1 < len(items)
        and j - i < 20
        and items[j + 1].seg == it.seg
        and items[j + 1].mention.quantity.unit == q.unit
    ):
        gap = ctx.text[items[j].mention.phrase_end : items[j + 1].mention.start]
        if len(gap) > 40 or ";" in gap:
            break
        j += 1
    if j == i:
        return None
    own_noun = own.split(",")[0].split(" và ")[0].strip()
    tail = _right(ctx, items, j).split()
    for k in range(len(tail) - 1, -1, -1):
        ind = _first_match(q.unit, own_noun + " " + " ".join(tail[k:]), anchored=True)
        if ind is not None:
            return ind
    return None


def _count_indicator(
    ctx: Context, items: list[_Item], i: int, left: str, noun_right: str, units: tuple[Unit, ...]
) -> Indicator | None:
    it = items[i]
    q = it.mention.quantity
    counted = q.counted
    # Counts of years: "5 năm liền Đảng bộ đạt trong sạch vững mạnh", "… 5 năm liền".
    if counted == "năm":
        # "Đảng bộ đạt danh hiệu trong sạch vững mạnh 5 năm liền" (before) or "5 năm liền Đảng bộ
        # đạt …" (after).
        ind = _governing_phrase(Unit.COUNT, left.rstrip(), "")
        if ind is None or ind.counted != "năm":
            ind = _first_match(Unit.COUNT, noun_right, anchored=False)
        return ind if ind is not None and ind.counted == "năm" else None
    if (
        q.of is None
        and counted in ("đảng viên", "chi bộ", "đồng chí")
        and _RATING_AFTER_RE.match(noun_right[len(counted) :])
    ):
        # "28 đảng viên HTXSNV, chiếm 11%": the members of one rating, not all of them ("13/13 chi bộ
        # được đánh giá HTTNV" is the rating's rate)
        return None
    if counted == "quần chúng" and "vào đảng" not in noun_right[:40]:
        return None  # "hướng dẫn thủ tục kết nạp 10 quần chúng": not admitted yet ("… vào Đảng" are)
    if counted and _DELEGATES_AFTER_RE.match(noun_right, len(counted)):
        return None  # "221 đảng viên tiêu biểu đại diện cho 581 đảng viên": the delegates
    if counted in ("đảng viên", "đồng chí") and _BADGE_AFTER_RE.match(noun_right[len(counted) :]):
        return indicators()["party_badges"]  # "7 đảng viên vinh dự được nhận Huy hiệu Đảng"
    if counted in _ELECTED_NOUNS and _ELECTION_RE.search(ctx.low, it.seg_start, it.mention.start):
        return None  # "bầu Ban Chấp hành … gồm 13 đồng chí": a committee's seats, not the Party's members
    chain_left = _chain_left(ctx, items, i)
    prev = _prev_in_seg(items, i)
    if prev is not None and prev.mention.quantity.counted in _MEMBERS and _IN_PLACE_RE.fullmatch(left):
        # "1.021 đảng viên ở 45 cơ sở đảng trực thuộc": where the members are, the stock of branches
        ind = _first_match(Unit.COUNT, noun_right, anchored=True) or (
            _first_match(Unit.COUNT, "số " + _SAME_COUNTED.get(counted, counted), anchored=True) if counted else None
        )
        return ind if ind is not None and _counted_ok(ind, counted) else None
    beneficiary = _BENEFICIARY_RE.search(chain_left[-24:]) is not None
    # "bồi dưỡng … cho 143 lượt đồng chí"; "nâng tổng số đảng viên toàn Đảng bộ lên 187 đồng chí"
    for_whom = _FOR_WHOM_RE.search(chain_left[-16:]) is not None or (
        "tổng số" in left and _RAISED_TO_RE.search(left[-12:]) is not None
    )
    # The verb phrase governing the count, right before it or joined to its noun:
    # "kết nạp được 55 đảng viên", "phát triển 50/25 đảng viên" (= "phát triển đảng viên").
    gap = _GAP_RE.search(left, max(0, len(left) - 48))
    head = left[: gap.start()] if gap else left
    for unit in units:
        found = _governing_phrase(unit, head, noun_right if unit == Unit.COUNT else "")
        if found is None and for_whom:
            # "bồi dưỡng, đào tạo tập huấn các lớp cho 143 lượt đồng chí": the act may have an object.
            last = _last_match(unit, head)
            # within the clause: "học lớp đảng viên mới, chuyển đảng chính thức cho 5 đảng viên" admits no
            # one ("trao Huy hiệu 30, 40, 50 năm tuổi đảng cho 11 đảng viên": a list of tiers is no clause)
            found = last[0] if last and "," not in _NUMBER_LIST_RE.sub("", head[last[2] :]) else None
        if found is not None:
            if _counted_ok(found, counted):
                return found
            return None  # "kiểm tra, giám sát 12 chi bộ": the count is the object of another act
        if beneficiary:
            continue  # "cho 65 gia đình", "ở 07 tổ dân phố": who benefits, not what is measured
        # The noun phrase itself names the indicator: "279 cơ sở kinh doanh thương mại, dịch vụ".
        # A bare noun ("thôn", "chi bộ") names the stock only where the text states the stock:
        # "Đảng bộ có 22 chi bộ", not "giúp đỡ 2 thôn".
        ind = _first_match(unit, noun_right, anchored=unit == Unit.COUNT)
        bare = False
        if ind is None and unit == Unit.COUNT and noun_right:
            # "còn 15 hộ cận nghèo" states "số hộ cận nghèo" (where a bare noun would state a stock);
            # a noun alone ("số hộ") says too little
            pm = _synonym_res()[unit].match("số " + noun_right)
            if pm is not None and len(pm.group()) > len(f"số {counted}"):
                ind, bare = _key(unit, pm.group()), True
        if ind is not None and ind.counted != "năm":  # "5 đảng bộ hoàn thành xuất sắc" counts no years
            phrase = _synonym_res()[unit].match(noun_right)
            bare = bare or (phrase is not None and phrase.group() in (ind.counted, counted))
            if not bare or _stock_position(ctx, items, i):
                return ind
    if counted and not _BENEFICIARY_RE.search(left[-24:]):
        # "Kim Tân có 4.957 hộ, 37 tổ dân phố": a bare noun after "có" is the stock of it.
        after_noun = noun_right[len(counted) :] if noun_right.startswith(counted) else "x"
        if _stock_position(ctx, items, i) and _NOUN_RESTRICTIVE_RE.match(after_noun):
            ind = _first_match(Unit.COUNT, "số " + _SAME_COUNTED.get(counted, counted), anchored=True)
            if ind is not None and _counted_ok(ind, counted):
                return ind
        # "hoàn thành … 24 tiêu chí … “Phường đạt chuẩn văn minh đô thị”": the noun is the counted
        # noun of an indicator that the sentence names.
        if counted not in _GENERIC_NOUNS:
            for ind in _counting_indicators().get(counted, ()):
                if ind.key in _named_in_segment(ctx, it):
                    return ind
    return None


@cache
def _growth_indicators() -> dict[str, Indicator]:
    """The growth rate of each level that has one: the first in catalog order."""
    out: dict[str, Indicator] = {}
    for ind in indicators().values():
        if ind.growth_of:
            out.setdefault(ind.growth_of, ind)
    return out


@cache
def _counting_indicators() -> dict[str, list[Indicator]]:
    """Count indicators by their counted noun, in catalog order (looked up for each count)."""
    out: dict[str, list[Indicator]] = {}
    for ind in indicators().values():
        if ind.unit == Unit.COUNT:
            out.setdefault(ind.counted, []).append(ind)
    return out


def _named_in_segment(ctx: Context, it: _Item) -> set[str]:
    """Keys of the count indicators that the figure's segment names, found once per segment."""
    named = ctx.seg_named.get(it.seg)
    if named is None:
        rx = _synonym_res()[Unit.COUNT]
        low = _norm_low(ctx, it.seg_start, it.seg_end)
        named = ctx.seg_named[it.seg] = {_key(Unit.COUNT, m.group()).key for m in rx.finditer(low)}
    return named


# Nouns counting people, which "người" (persons) may stand for.
_PERSONS = frozenset({"nhân khẩu", "lao động", "đảng viên"})
_PERIODS = frozenset({"năm", "tháng", "quý", "ngày", "tuần", "nhiệm kỳ"})
_RAISED_TO_RE = re.compile(r"(?<!\w)(?:lên|lên tới|lên đến)\s*$")
# The yearly ratings (Quy định 124-QĐ/TW, 2023; 132-QĐ/TW before), written out or abbreviated.
_RATING_AFTER_RE = re.compile(
    r"\s*(?:được\s+(?:đánh giá|xếp loại)\s+)?(?:ht[xs]{2}nv|httnv|htnv|khtnv|không hoàn thành nhiệm vụ"
    r"|hoàn thành (?:xuất sắc |tốt )?nhiệm vụ|(?:đạt\s+)?(?:trong|trọng) sạch,? vững mạnh)(?!\w)"
)
# "41 đảng viên được nhận Huy hiệu Đảng", "… Huy hiệu 50, 60, 65 năm"; not a tier's share of them
# ("7 đảng viên nhận Huy hiệu 60 năm")
_BADGE_AFTER_RE = re.compile(
    r"\s*(?:vinh dự\s+)?(?:được\s+)?(?:nhận|trao|tặng|trao tặng)\s+"
    r"(?:các\s+huy hiệu|huy hiệu(?:\s+đảng)?(?!\s*\d)|huy hiệu\s*\d+(?:\s*năm)?(?:\s*(?:,|và)\s*\d+(?:\s*năm)?)+)"
)
_DELEGATES_AFTER_RE = re.compile(r"\s*(?:chính thức\s+|tiêu biểu\s+)*(?:đại diện|thay mặt)(?:\s+cho)?(?!\w)")
_IN_PLACE_RE = re.compile(r"\s*,?\s*(?:đang\s+)?(?:tham gia\s+)?(?:sinh hoạt(?:\s+đảng)?\s+)?(?:ở|tại|trong|của)\s*")
_MEMBERS = frozenset({"đảng viên", "đồng chí", "người"})
_ELECTED_NOUNS = frozenset({"đồng chí", "đại biểu", "ủy viên", "uỷ viên"})
_ELECTION_RE = re.compile(r"(?<!\w)(?:bầu|ban chấp hành|ban thường vụ|bch)(?!\w)")

# Counted nouns too common to identify an indicator by themselves.
_GENERIC_NOUNS = frozenset({"hộ", "đảng viên", "chi bộ", "người", "lượt", "năm", "tổ dân phố", "doanh nghiệp"})


def _stock_position(ctx: Context, items: list[_Item], i: int) -> bool:
    """The figure states a stock: after "có/gồm/còn", opening its clause, or in a list that does."""
    it = items[i]
    if it.stock is None:  # asked up to twice for a count
        left = _chain_left(ctx, items, i)
        it.stock = bool(
            _EXISTENTIAL_RE.search(left[-40:])
            or not left.strip(" ,:(")
            or ("tổng số" in left and _RAISED_TO_RE.search(left[-12:]))  # "nâng tổng số … lên 226 đảng viên"
            or _coordinated_with_stock(ctx, items, i)
        )
    return it.stock


_LIST_GAP_RE = re.compile(r"[^.;]{0,80}")
_NOT_A_LIST_RE = re.compile(r"(?<!\w)(?:của|cho|ở|tại)(?!\w)")


def _coordinated_with_stock(ctx: Context, items: list[_Item], i: int) -> bool:
    """In a list that a "có" opened: "có 28 chi bộ …, 1.131 đảng viên và 2.299 …"."""
    it = items[i]
    if it.in_stock_list is None:
        prev = _prev_in_seg(items, i)
        ok = False
        if prev is not None and prev.mention.quantity.unit == Unit.COUNT:
            gap = ctx.low[prev.mention.phrase_end : it.mention.start]
            if _LIST_GAP_RE.fullmatch(gap) and not _NOT_A_LIST_RE.search(gap):
                # the figure before opens the list, or is in it (computed before: items go in order)
                ok = bool(_EXISTENTIAL_RE.search(_left(ctx, items, i - 1)[-40:])) or (
                    _coordinated_with_stock(ctx, items, i - 1)  # cached; lists are short
                )
        it.in_stock_list = ok
    return it.in_stock_list


def _parts_and_changes(ctx: Context, items: list[_Item]) -> None:
    """Null the indicator of parts of a total and of changes: they are not the indicator's value."""
    for i, it in enumerate(items):
        q = it.mention.quantity
        if it.indicator is None or q.unit != Unit.COUNT:
            continue
        # Parts that add up to the figure before them: "312 đảng viên, có 308 … và 04 …".
        total, j, parts, got = q.value, i + 1, [], 0
        # "tổng số 733 đảng viên; trong đó có 669 … chính thức, 64 … dự bị": the parts may follow a ";"
        seg = it.seg + 1 if j < len(items) and _breakdown_follows(ctx, it, items[j]) else it.seg
        stated = seg != it.seg  # the text says "trong đó": its parts whatever their own reading
        while j < len(items) and j - i <= 20 and items[j].seg in (it.seg, seg) and got < total:
            other = items[j].mention.quantity
            if other.unit != Unit.COUNT or other.counted != q.counted:
                break
            parts.append(items[j])
            got += other.value
            j += 1
        if len(parts) < 2 and j < len(items) and items[j].seg == it.seg:
            # "13 chi bộ trực thuộc với 365 đảng viên, trong đó có 9 chi bộ …, 4 chi bộ …": the parts
            # come after "trong đó", past figures of other things.
            k = next(
                (
                    k
                    for k in range(j, min(len(items), i + 20))
                    if items[k].seg == it.seg
                    and items[k].mention.quantity.counted == q.counted
                    and _BREAKDOWN_RE.search(_left(ctx, items, k)[-40:])
                ),
                None,
            )
            if k is not None:
                parts, stated = [], True
                while k < len(items) and items[k].seg == it.seg and items[k].mention.quantity.counted == q.counted:
                    parts.append(items[k])
                    k += 1
        if len(parts) >= 2 and sum(p.mention.quantity.value for p in parts) == total:
            for p in parts:
                if stated or p.indicator is None or p.indicator.key == it.indicator.key:
                    p.indicator = None
    for i, it in enumerate(items):
        left = _left(ctx, items, i)
        prev = _prev_in_seg(items, i)
        if prev is not None and prev.indicator is not None and _BREAKDOWN_RE.search(left[-40:]):
            if it.indicator is not None and it.indicator.key == prev.indicator.key:
                it.indicator = None
        # Changes: "so với đầu nhiệm kỳ tăng 125 doanh nghiệp, 713 hộ …".
        if it.mention.quantity.unit == Unit.COUNT:
            if (
                (
                    _DELTA_RE.search(left[-24:])
                    and (
                        ctx.low.find("so với", it.seg_start, it.mention.start) != -1
                        or ctx.low.startswith(" so với", it.mention.phrase_end)  # "tăng 8 tiêu chí so với đầu nhiệm kỳ"
                    )
                )
                or _DELTA_DONE_RE.search(left[-24:])
            ):
                it.indicator = None
                it.own_phrase = "Δ"
            elif prev is not None and prev.own_phrase == "Δ" and _COORD_RE.match(left):
                it.indicator = None
                it.own_phrase = "Δ"
        elif it.indicator is None:
            continue
        elif (
            (
                # "Tỷ lệ hộ nghèo 0,8%, giảm 0,4% so với năm 2021", "đạt 39,49 triệu đồng, tăng 3,49
                # triệu đồng": the change of the figure before, in the same unit (a rate "tăng 8,5%"
                # after an amount in đồng is its growth: kept).
                prev is not None
                and prev.indicator is not None
                and prev.indicator.key == it.indicator.key
                and prev.mention.quantity.unit == it.mention.quantity.unit
                and _DELTA_RE.search(left[-24:])
            )
            or (
                # "thu nhập bình quân đầu người hằng năm tăng trên 3 triệu đồng": by how much, not the level
                it.mention.quantity.unit == Unit.VND and _DELTA_RE.search(left[-24:])
            )
            or (
                it.mention.quantity.unit in (Unit.PERCENT, Unit.PERMILLE)
                and it.indicator.unit == it.mention.quantity.unit
                and not it.indicator.growth_of
                and (
                    _RATE_CHANGE_RE.search(left[-40:])
                    # "giảm tỷ suất sinh thô 0,30‰/năm": a rate lowered by so much each year
                    or (it.mention.quantity.per == "năm" and _CHANGE_VERB_RE.search(left))
                )
            )
        ):
            it.indicator = None
            it.own_phrase = "Δ"


def _breakdown_follows(ctx: Context, it: _Item, nxt: _Item) -> bool:
    """The next figure opens the segment after ``it``'s with "trong đó", right after a ";", or opens
    the next sentence ("… 44 đảng viên được trao huy hiệu. Trong đó, có 1 …, 2 … và 41 …")."""
    bound = ctx.text[nxt.seg_start - 1 : nxt.seg_start]
    return (
        nxt.seg == it.seg + 1
        and (bound == "." or (bound == ";" and ctx.low[it.mention.phrase_end : nxt.seg_start - 1].strip(" ,.") == ""))
        and (
            _BREAKDOWN_RE.search(ctx.low, nxt.seg_start, nxt.mention.start) is not None
            # "Trong đó 50 năm tuổi đảng có 2 đồng chí, 45 năm … có 1 đồng chí"
            or (bound == "." and _OPENS_BREAKDOWN_RE.match(ctx.low, nxt.seg_start) is not None)
        )
    )


def _year(ctx: Context, items: list[_Item], i: int) -> None:
    it = items[i]
    m = it.mention
    if it.role == "achievement":
        src = _governing(items, i)
        if src is not None and src.year is not None:
            it.year = src.year
            return
    if _ONE_OF_RE.search(ctx.low, max(it.seg_start, m.start - 12), m.start):
        return  # "là một trong 02 đơn vị được chọn": a fact about a wider set, of no period
    y = _YEAR_AFTER_RE.match(ctx.low, m.phrase_end) or (m.end != m.phrase_end and _YEAR_AFTER_RE.match(ctx.low, m.end))
    if y:
        it.year = y.group(1)
        return
    found, since = None, -1  # since: where the year found ends, when it is in the figure's segment
    for end, year in _segment_years(ctx, it):
        if end > m.start:
            break
        if not _year_of_figure_before(ctx, items, i, end):
            found, since = year, end
    if found is None:
        # "Nhiệm kỳ 2020 – 2025, Đảng bộ xã đề ra chỉ tiêu: …", "…, trong nhiệm kỳ 2020-2025, Đảng
        # bộ tiếp tục phấn đấu …": a term that opens a clause before the figure, in its sentence.
        found = _clause_term(ctx, it)
    if found is None:
        # "Năm 2019, tổng giá trị … đạt 270,9 tỷ đồng": a year that opens the sentence.
        found = _sentence_year(ctx, it.seg_start)
    lo = since if since >= 0 else it.seg_start
    if found is not None and ("nay" in ctx.low[lo : m.start] or "hiện" in ctx.low[lo : m.start]):
        now = _UNTIL_NOW_RE.search(ctx.low, lo, m.start)
        if now is not None and (since < 0 or not ctx.low[since : now.start()].isspace()):
            # "Năm 2016, phường có 44 hộ nghèo, đến nay còn 3 hộ": now, the period reviewed (not "từ
            # năm 2021 đến nay", a span from that year)
            found = None
    if found is not None:
        if it.planned:
            found = _plan_period(ctx, found)  # "thu nhập … đến năm 2030 đạt 130 triệu đồng" in the 2025-2030 plan
        it.year = found
        return
    q = m.quantity
    if (
        ctx.next_period
        and q.counted in _ELECTED_NOUNS
        and _ELECTION_RE.search(ctx.low, it.seg_start, m.start)
        and "-" in ctx.next_period
    ):
        it.year = ctx.next_period  # "Đại hội đã bầu Ban Chấp hành … gồm 15 đồng chí": for the new term
        return
    para = _paragraph(ctx, m.start)
    if ctx.next_period and (it.planned or _is_future(ctx, para)):
        it.year = ctx.next_period
        return
    it.year = ctx.review_period


def _plan_period(ctx: Context, year: str) -> str:
    """The term ahead when a plan's ``year`` is its last year ("đến năm 2030" in the 2025-2030 plan)."""
    return ctx.next_period if ctx.next_period and ctx.next_period.endswith(f"-{year}") else year


def _by_year_ahead(ctx: Context, it: _Item) -> bool:
    """ "thu nhập bình quân đầu người đến năm 2025 đạt 70 triệu đồng" in the article of a period
    ending before 2025: a figure to reach by a year still ahead has no result yet."""
    if not ctx.review_period or not it.year or ctx.low.find("đến", it.seg_start, it.mention.start) == -1:
        return False
    by = _BY_YEAR_RE.search(ctx.low, it.seg_start, it.mention.start)
    return by is not None and by.group(1) == it.year and int(it.year) > int(ctx.review_period[-4:])


def _year_of_figure_before(ctx: Context, items: list[_Item], i: int, year_end: int) -> bool:
    """The year ending at ``year_end`` stands right after an earlier figure of the segment and is that
    figure's: "tỷ lệ hộ nghèo từ 3,8% năm 2015 giảm xuống còn 1,53%" (the 1,53% is not of 2015)."""
    seg = items[i].seg
    for j in range(i - 1, max(-1, i - 8), -1):
        other = items[j]
        if other.seg != seg:
            return False
        if other.mention.end < year_end:
            return _YEAR_AFTER_RE.fullmatch(ctx.low, other.mention.end, year_end) is not None
    return False


def _is_future(ctx: Context, para: tuple[int, int]) -> bool:
    """A paragraph about plans opens with its cue: "Giai đoạn tới, …", "Phương hướng nhiệm kỳ mới"."""
    start = para[0]
    if start not in ctx.future_paras:
        end = min(para[1], start + 300)
        low = ctx.low
        # Each cue of the regex has one of these words: looked for in place first, as most
        # paragraphs have none.
        ctx.future_paras[start] = any(low.find(w, start, end) != -1 for w in _FUTURE_WORDS) and (
            _FUTURE_RE.search(low, start, end) is not None
        )
    return ctx.future_paras[start]


def _segment_years(ctx: Context, it: _Item) -> list[tuple[int, str]]:
    """ "năm 2019" (not "so với năm 2020") and "nhiệm kỳ 2020-2025" mentions of a segment, with where
    they end, found once."""
    got = ctx.seg_years.get(it.seg)
    if got is None:
        seg_low = ctx.low[it.seg_start : it.seg_end]
        got = ctx.seg_years[it.seg] = [(it.seg_start + ym.end(), ym.group(1)) for ym in _YEAR_IN_RE.finditer(seg_low)]
        if "nhiệm kỳ" in seg_low:
            # "bầu Ban Chấp hành … khóa XIII, nhiệm kỳ 2020-2025 gồm 13 đồng chí"; not the name of the
            # congress the figures are counted at ("Đại hội … lần thứ I, nhiệm kỳ 2025–2030, với 152 đại biểu")
            got += [
                (it.seg_start + tm.end(), f"{tm.group(1)}-{tm.group(2)}")
                for tm in _SEG_TERM_RE.finditer(seg_low)
                if not _CONGRESS_NAME_RE.search(seg_low, max(0, tm.start() - 80), tm.start())
            ]
            got.sort()
    return got


def _sentence_start(ctx: Context, seg_start: int) -> int:
    """Start of the sentence: segments split on ";" and ":" too, sentences only on "." and lines."""
    got = ctx.sentence_starts.get(seg_start)
    if got is None:
        lo = max(0, seg_start - _MAX_SEGMENT)
        got = ctx.sentence_starts[seg_start] = _last_boundary(ctx.text, lo, seg_start, _SENTENCE_BOUNDS) + 1
        if got == 0:
            got = ctx.sentence_starts[seg_start] = lo
    return got


def _sentence_year(ctx: Context, seg_start: int) -> str | None:
    """The year opening the sentence of the segment at ``seg_start``, read once per segment."""
    if seg_start not in ctx.sentence_years:
        sent_start = _sentence_start(ctx, seg_start)
        ym = _YEAR_OPENS_RE.match(ctx.low[sent_start : sent_start + 40])
        ctx.sentence_years[seg_start] = ym.group(1) if ym else None
    return ctx.sentence_years[seg_start]


def _sentence_terms(ctx: Context, seg_start: int) -> list[tuple[int, str]]:
    """Terms and years opening a clause of the sentence of the segment at ``seg_start``, with where
    they end."""
    start = _sentence_start(ctx, seg_start)
    got = ctx.sentence_terms.get(start)
    if got is None:
        end = _first_sentence_end(ctx.text, seg_start)
        got = ctx.sentence_terms[start] = []
        if ctx.low.find("20", start, end) != -1:  # "nhiệm kỳ/giai đoạn" and a year: most sentences have none
            for tm in _TERM_OPENS_RE.finditer(ctx.low, start, end):
                if (tm.group(1) or not ctx.low[start : tm.start()].strip()) and not (
                    tm.group(2) and "đại hội" in ctx.low[max(start, tm.start() - 80) : tm.start()]
                ):  # not "Đại hội … lần thứ I, nhiệm kỳ 2025–2030, với 152 đại biểu": the congress's name
                    got.append((tm.end(), tm.group(4) or f"{tm.group(2)}-{tm.group(3)}"))
    return got


def _clause_term(ctx: Context, it: _Item) -> str | None:
    """The last term or year opening a clause of the figure's sentence before the figure, or None."""
    found = None
    for end, term in _sentence_terms(ctx, it.seg_start):
        if end > it.mention.start:
            break
        found = term
    return found


def _first_sentence_end(text: str, pos: int) -> int:
    """Where the sentence around ``pos`` ends (its "." not inside a number, "!", "?" or a line break)."""
    return _first_boundary(text, pos, min(len(text), pos + _MAX_SEGMENT), _SENTENCE_BOUNDS)


def _paragraph(ctx: Context, pos: int) -> tuple[int, int]:
    text = ctx.text
    start = text.rfind("\n", max(0, pos - 20000), pos) + 1
    end = text.find("\n", pos, pos + 20000)
    return start, (min(len(text), pos + 20000) if end == -1 else end + 1)


def _subject(ctx: Context, items: list[_Item], i: int) -> None:
    it = items[i]
    m = it.mention
    before = ctx.low[it.seg_start : m.start]
    if (
        (" của " in before or "toàn " in before or "cả " in before)
        and _HIGHER_LEVEL_RE.search(before)
        or ("một trong" in before and _ONE_OF_RE.search(before))
    ):
        it.subject = None  # "thu nhập bình quân của tỉnh là 63 triệu đồng", "một trong 02 đơn vị"
        return
    of = _OF_UNIT_AFTER_RE.match(ctx.text, m.phrase_end)
    if of:
        names = _unit_names(ctx.text[m.phrase_end : of.end() + 1].lstrip().removeprefix("của").strip())
        if names:
            it.subject = names[0][2]
            return
    para_start, _ = _paragraph(ctx, m.start)
    subject = ctx.default_subject
    k = bisect.bisect_right(ctx.switch_positions, m.start) - 1
    if k >= 0 and ctx.para_subjects[k][0] >= para_start:
        subject = ctx.para_subjects[k][1]
    it.subject = subject


def _claims(ctx: Context, items: list[_Item]) -> None:
    """Verdicts the text claims, given to the actual figures they follow in their segment."""
    by_seg: dict[int, list[int]] = {}
    for i, it in enumerate(items):
        by_seg.setdefault(it.seg, []).append(i)
    for idxs in by_seg.values():
        first = items[idxs[0]]
        seg_low = ctx.low[first.seg_start : first.seg_end]
        cues: list[tuple[int, str | None, int | None]] = []  # (position, claim, achievement index)
        # A verdict names what it is measured against; most segments name none of these at all.
        if any(w in seg_low for w in _VERDICT_OBJECTS):
            for vm in _VERDICT_RE.finditer(seg_low):
                clause = seg_low[seg_low.rfind(",", 0, vm.start()) + 1 : vm.start()]
                # "100% đảng viên học tập Nghị quyết, nhiều chỉ tiêu đạt và vượt kế hoạch": a verdict on
                # the targets its clause names, not on the figures before it
                claim = None if "chỉ tiêu" in clause else _claim_word(vm.group("v"))
                cues.append((first.seg_start + vm.start(), claim, None))
        for i in idxs:
            it = items[i]
            if it.role == "achievement":
                verb = _ACHIEVEMENT_VERB_RE.search(ctx.low[max(it.seg_start, it.mention.start - 30) : it.mention.start])
                word = verb.group(1) if verb else "đạt"
                claim: str | None = "vượt" if word in ("vượt", "tăng", "cao hơn") else "đạt"
                if it.mention.quantity.value < 100 and word in ("đạt", "hoàn thành", "="):
                    claim = None  # "đạt 58% kế hoạch năm": progress, no verdict claimed
                if word == "bằng":
                    claim = None  # "bằng 193,2% kế hoạch" states a ratio; it claims no verdict
                cues.append((it.mention.start, claim, i))
            elif (
                it.role == "actual"
                and it.mention.quantity.unit == Unit.PERCENT
                and it.mention.quantity.value >= 100
                and ctx.low.startswith(" chỉ tiêu", it.mention.end)
                and _ACHIEVEMENT_VERB_RE.search(ctx.low, max(it.seg_start, it.mention.start - 20), it.mention.start)
            ):
                # "Hoàn thành 100% chỉ tiêu giao quân": a quota rate, and the verdict on it
                it.claim = "vượt" if it.mention.quantity.value > 100 else "đạt"
            elif (
                it.role == "actual"
                and it.mention.quantity.unit != Unit.PERCENT
                and _EXCESS_BEFORE_RE.search(ctx.low, max(it.seg_start, it.mention.start - 16), it.mention.start)
                and _ACHIEVEMENT_AFTER_RE.match(ctx.low, it.mention.phrase_end)
            ):
                # "34,5ha chè (vượt 24,5ha so với chỉ tiêu Nghị quyết)": by how much the target was
                # beaten, in the figure's own unit; a verdict for it and the figures before it.
                cues.append((it.mention.start, "vượt", i))
        cues.sort()
        j = 0  # figures before the previous cue have had theirs
        for pos, claim, ach in cues:
            if ach is not None:
                items[ach].claim = claim
                if items[ach].role == "achievement":
                    reach = _claim_reach(items, ach)
                    while j < len(idxs) and items[idxs[j]].mention.start < reach:
                        j += 1
            while j < len(idxs) and items[idxs[j]].mention.start < pos:
                it = items[idxs[j]]
                j += 1
                if it.mention.quantity.counted == "chỉ tiêu":
                    continue  # "có 18 chỉ tiêu đạt và vượt kế hoạch" counts the targets met: no claim
                if it.role == "actual" and it.depth == 0 and it.claim is None and claim is not None:
                    it.claim = claim


def _claim_reach(items: list[_Item], ach: int) -> int:
    """Where the figures an achievement speaks for begin: the figure it follows, and before that the
    figures of the same indicator, its growth or none ("thu ngân sách đạt 36 tỷ đồng, tăng 8% so với
    cùng kỳ, đạt 112% kế hoạch"), not those of another ("việc làm cho 458 lao động, tỷ lệ lao động
    qua đào tạo đạt 78,2%, đạt 100,3% chỉ tiêu")."""
    it = items[ach]
    k = _governing_index(items, ach)
    if k is None:
        return it.mention.start
    start, ref = items[k].mention.start, items[k].indicator
    for other in reversed(items[max(0, k - 30) : k]):
        if other.seg != it.seg:
            break
        if other.role != "actual" or other.depth > 0:
            continue
        if ref is not None and other.indicator is not None and not _related(ref, other.indicator):
            break
        start, ref = other.mention.start, ref or other.indicator
    return start


def _related(a: Indicator, b: Indicator) -> bool:
    return a.key == b.key or a.growth_of == b.key or b.growth_of == a.key


def _claim_word(v: str) -> str:
    if v.startswith(("chưa", "không")):
        return "chưa đạt"
    if v.startswith("vượt"):
        return "vượt"
    return "đạt"
