"""The rules of the yearly quality rating of Party members, by the regulation in force for a year.

No database and no models (the level values are ``party.models.Level``'s, spelled out here); one setting.
The sources and what is certain in them: docs/ratings.md.

- Quy định 366-QĐ/TW, 30/8/2025 (in force from signing; docs/ratings.md): a 100-point scale,
  HTXSNV from 90 points with its extra conditions, HTTNV 70 to < 90, HTNV 50 to < 70 (certain, §2);
  KHTNV under 50 (inferred by symmetry and from NĐ 335/2025, §2). First used for the year 2025
  (inferred, §0): the setting CHITIEU_RATING_POINTS_FROM.
- Quy định 124-QĐ/TW, 4/10/2023, for 2023-2024; Quy định 132-QĐ/TW, 8/3/2018, for 2018-2022: the four
  levels without points (§6). Past years keep the levels recorded then; nothing is recomputed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

EXCELLENT = "excellent"  # HTXSNV
GOOD = "good"  # HTTNV
COMPLETED = "completed"  # HTNV
NOT_COMPLETED = "not_completed"  # KHTNV
LEVELS = (EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED)  # best first
SHORT = {EXCELLENT: "HTXSNV", GOOD: "HTTNV", COMPLETED: "HTNV", NOT_COMPLETED: "KHTNV"}

DEFAULT_POINTS_FROM = 2025
MAX_SCORE = Decimal(100)
SCORE_PLACES = 2
# Điều 11 Quy định 366-QĐ/TW (docs/ratings.md): the lower bound of each level's points.
EXCELLENT_FROM = Decimal(90)
GOOD_FROM = Decimal(70)
COMPLETED_FROM = Decimal(50)


class RuleError(ValueError):
    """A value the rules cannot take; the message (Vietnamese / English) is shown to the user."""


@dataclass(frozen=True)
class Scheme:
    code: str  # "366-QĐ/TW"
    issued: str  # "30/8/2025"
    points: bool  # rated on 100 points
    # Disciplined in the year means KHTNV (see ``DISCIPLINE`` below).
    discipline_not_completed: bool

    @property
    def title(self) -> str:
        return f"Quy định {self.code} ngày {self.issued}" if self.code else "quy định trước năm 2018"


QD_366 = Scheme("366-QĐ/TW", "30/8/2025", points=True, discipline_not_completed=True)
QD_124 = Scheme("124-QĐ/TW", "04/10/2023", points=False, discipline_not_completed=True)
QD_132 = Scheme("132-QĐ/TW", "08/3/2018", points=False, discipline_not_completed=False)
BEFORE_2018 = Scheme("", "", points=False, discipline_not_completed=False)


def _points_from() -> int:
    return int(getattr(settings, "CHITIEU_RATING_POINTS_FROM", DEFAULT_POINTS_FROM))


def scheme_for(year: int, points_from: int | None = None) -> Scheme:
    """The regulation a year's rating follows. ``points_from``: the first year on 100 points (the
    setting CHITIEU_RATING_POINTS_FROM when None)."""
    first = _points_from() if points_from is None else points_from
    if year >= first:
        return QD_366
    if year >= 2023:
        return QD_124
    if year >= 2018:
        return QD_132
    return BEFORE_2018


def uses_points(year: int, points_from: int | None = None) -> bool:
    return scheme_for(year, points_from).points


# A score typed by a person: digits with at most one decimal mark. A score is at most 100 and has
# no thousands group, so either "," (the Vietnamese way) or "." is read as the decimal mark
# (core.quantity.parse_number would take "90.5" as ambiguous and "1.000" as a thousand).
_SCORE_TEXT = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def check_score(value) -> Decimal:
    """A score on 100 points as a Decimal: from 0 to 100, at most 2 decimals. Text may be written
    "85,5" or "85.5". Anything else raises RuleError saying what is wrong."""
    if isinstance(value, bool):
        raise RuleError(f"Điểm không phải là số: «{value}» / the score is not a number")
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "")
        if not _SCORE_TEXT.fullmatch(text):
            raise RuleError(f"Điểm không phải là số: «{value}» / the score is not a number")
        if len(re.split("[.,]", text + ".")[1]) > SCORE_PLACES:  # "1.000" could be read as a thousand
            raise RuleError(f"Điểm lấy tối đa 2 chữ số thập phân, không phải «{text}» / at most 2 decimals in a score")
        value = text.replace(",", ".")
    try:
        score = Decimal(value) if not isinstance(value, float) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise RuleError(f"Điểm không phải là số: «{value}» / the score is not a number") from None
    if not score.is_finite():
        raise RuleError(f"Điểm không phải là số: «{value}» / the score is not a number")
    if score < 0 or score > MAX_SCORE:
        raise RuleError(f"Điểm phải từ 0 đến 100, không phải {_vn(score)} / the score must be 0 to 100")
    if score != score.quantize(Decimal(1).scaleb(-SCORE_PLACES), rounding="ROUND_DOWN"):
        raise RuleError(f"Điểm lấy tối đa 2 chữ số thập phân, không phải {_vn(score)} / at most 2 decimals in a score")
    return score.quantize(Decimal(1).scaleb(-SCORE_PLACES))


def _vn(d: Decimal) -> str:
    return format(d, "f").replace(".", ",")


# Discipline. Quy định 124-QĐ/TW (for 2023-2024) rates KHTNV anyone "bị xử lý kỷ luật ... trong năm
# (trừ trường hợp tự phát hiện và khắc phục xong hậu quả)" — certain, docs/ratings.md, quoting
# xaydungchinhsach.chinhphu.vn. The individual clause of Quy định 366-QĐ/TW was not found (§5, §7.2);
# the notes infer it keeps the same KHTNV triggers, so 366 years follow 124 here. That is stricter
# than "at most HTNV"; change ``discipline_not_completed`` if the official text says otherwise.
# The "disciplined" tick means disciplined in the year and not in the self-found-and-remedied case.
# For QĐ 132 years the notes say nothing: no rule is applied.


def levels_for_score(score: Decimal, *, disciplined: bool = False) -> tuple[str, ...]:
    """The levels a score on 100 points allows, best first: from 90 both HTXSNV (with the extra
    conditions) and HTTNV (without them); otherwise the one level of the score's band."""
    if disciplined:
        return (NOT_COMPLETED,)
    if score >= EXCELLENT_FROM:
        return (EXCELLENT, GOOD)
    if score >= GOOD_FROM:
        return (GOOD,)
    if score >= COMPLETED_FROM:
        return (COMPLETED,)
    return (NOT_COMPLETED,)


def level_for_score(score, *, disciplined: bool, excellent_conditions: bool) -> str:
    """The level Quy định 366-QĐ/TW gives a score: from 90 with the extra conditions of khoản 1
    Điều 11 (100% of tasks done on time, at least 30% beyond what was required: docs/ratings.md)
    HTXSNV, from 90 without them HTTNV; 70 to < 90 HTTNV; 50 to < 70 HTNV; below 50 KHTNV
    (inferred, §2). Disciplined in the year: KHTNV (see above). ``score`` is checked first."""
    allowed = levels_for_score(check_score(score), disciplined=disciplined)
    if allowed[0] == EXCELLENT and not excellent_conditions:
        return GOOD
    return allowed[0]


def check_level(level: str, *, scheme: Scheme, disciplined: bool, excellent_conditions: bool | None = None) -> str:
    """A level typed without a score: the rules that still apply. ``excellent_conditions`` None:
    not judged (the member's own rating), otherwise HTXSNV needs it on a points year."""
    if level not in LEVELS:
        raise RuleError(f"Mức xếp loại không hợp lệ «{level}» / unknown rating level")
    if disciplined and scheme.discipline_not_completed and level != NOT_COMPLETED:
        raise RuleError(
            f"Bị kỷ luật trong năm thì xếp loại KHTNV theo Quy định {scheme.code}, không thể {SHORT[level]}"
            " / disciplined in the year: not completed"
        )
    if level == EXCELLENT and scheme.points and excellent_conditions is False:
        raise RuleError(
            "HTXSNV cần đủ các điều kiện của mức xuất sắc (đánh dấu ô điều kiện) / HTXSNV needs its extra conditions"
        )
    return level


# --- the cap on HTXSNV ------------------------------------------------------------------------

# The cap: HTXSNV no more than a share of those rated HTTNV or better in the unit. The ratio clause of
# Điều 11 Quy định 366-QĐ/TW was NOT seen (docs/ratings.md: its existence is certain, its wording, scope
# and exceptions are not); Quy định 124 and Hướng dẫn 21-HD/BTCTW (2019) had 20%. The share comes from
# the setting CHITIEU_EXCELLENT_CAP_PCT; the denominator is "HTTNV trở lên" (as LevelCounts.over_cap
# reads it), counted over the whole committee.


def excellent_allowed(good_or_better: int, cap_pct) -> int:
    """The most HTXSNV a unit may have: the cap's share of those rated HTTNV or better, rounded down."""
    return int(Decimal(good_or_better) * Decimal(cap_pct) / 100)


def over_cap(excellent: int, good_or_better: int, cap_pct) -> int:
    """How many HTXSNV are over the cap (0 when within it). ``good_or_better`` includes them."""
    if excellent < 0 or good_or_better < excellent:
        raise RuleError("Số HTXSNV không thể lớn hơn số HTTNV trở lên / excellent exceed good-or-better")
    return max(0, excellent - excellent_allowed(good_or_better, cap_pct))


def cap_message(excellent: int, good_or_better: int, cap_pct) -> str:
    """The refusal, in numbers: "12 HTXSNV vượt 20% của 50 đảng viên HTTNV trở lên (tối đa 10)"."""
    most = excellent_allowed(good_or_better, cap_pct)
    return (
        f"{excellent} HTXSNV vượt {cap_pct}% của {good_or_better} đảng viên HTTNV trở lên (tối đa {most})"
        f" / {excellent} excellent exceed {cap_pct}% of {good_or_better} rated good or better (at most {most})"
    )
