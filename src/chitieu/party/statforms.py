"""The Central Organisation Commission's statistical forms (biểu thống kê, Hướng dẫn 11-HD/BTCTW,
13/12/2021), computed from the registry: Biểu 1 (increases and decreases), 2 (new members), 3 (the
membership at the period's end), 5 (Party organisations), 6 (quality ratings), 7 (members' business).

The rows and their labels are the forms' (docs/statistical_forms.md gives the sources). Every figure is
counted from member records, so each one can be traced to the members behind it (``Line.ids``). A
breakdown whose field some records lack gets a "chưa có thông tin" line with those members, and the
form says which part is incomplete, so the parts always add up to the whole and a missing field never
reads as "none".

A form for a province or district adds up its committees. A handful of queries whatever the size: the
members (one query, the fields the forms need), the ratings, the branches, badges and transfers.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from chitieu.orgs.models import COMMITTEE_KINDS, BranchKind, Kind, Unit

from . import rating_rules
from .indicators import BADGE_YEARS as BADGE_TIERS
from .models import (
    LEVEL_NAMES,
    AcademicTitle,
    Award,
    AwardLevel,
    BadgeAward,
    Education,
    EntryKind,
    LeaveReason,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    Occupation,
    Qualification,
    Sex,
    SubjectKind,
    Theory,
    Transfer,
    TransferScope,
    UnitRating,
    add_months,
)
from .records import STAT_FIELDS

FORMS = {
    1: "Thống kê tăng, giảm đảng viên",
    2: "Thống kê đảng viên mới kết nạp",
    3: "Thống kê đội ngũ đảng viên",
    5: "Thống kê tổ chức đảng và đảng viên trong các loại hình cơ sở",
    6: "Thống kê đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    7: "Thống kê về nghiệp vụ công tác đảng viên",
}
# Biểu 1 and 2 are made for six months and for the year; the others describe the year's end.
HALF_YEAR_FORMS = (1, 2, 3, 7)
NOT_RECORDED = "Chưa có thông tin trong hồ sơ"


class FormError(ValueError):
    """A form or period that does not exist; the message is shown to the user."""


@dataclass(frozen=True)
class Period:
    """A reporting period: the first six months (1/1–30/6) or the year (1/1–31/12). The cut-off
    dates are the calendar's: the guide's own were not found (docs/statistical_forms.md)."""

    year: int
    half: bool = False

    # Cached: a province's form asks them millions of times (frozen dataclasses allow cached_property).
    @cached_property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @cached_property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"6 tháng đầu năm {self.year}" if self.half else f"năm {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year}-6t" if self.half else str(self.year)

    @cached_property
    def previous(self) -> Period:
        """The same period a year earlier: the forms' "cùng kỳ năm trước"."""
        return Period(self.year - 1, self.half)

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def period_asked(text: str | None) -> Period:
    """The period a page or the API was asked for; none: the latest that ended (last year until
    July, then this year's first half). A malformed one raises FormError."""
    if not text:
        today = timezone.localdate()
        return Period(today.year - 1) if today.month < 7 else Period(today.year, half=True)
    return parse_period(text)


def parse_period(text: str) -> Period:
    """ "2024" (the year) or "2024-6t" (its first six months)."""
    s = (text or "").strip().lower()
    half = s.endswith("-6t")
    digits = s[:-3] if half else s
    if not (digits.isascii() and digits.isdigit() and len(digits) == 4 and 1930 <= int(digits) <= 2100):
        raise FormError(
            f"Kỳ báo cáo không hợp lệ «{text[:20]}»: ghi 2024 hoặc 2024-6t / period must be 2024 or 2024-6t"
        )
    return Period(int(digits), half)


@dataclass
class Line:
    key: str
    number: str  # "A", "B.1", "II.3" as the form numbers it; "" for a "trong đó" line
    label: str
    indent: int = 0
    now: int | Decimal | None = None  # None: the registry does not hold it
    before: int | Decimal | None = None
    ids: tuple[int, ...] = ()  # the members (or branches, for Biểu 5 and 6) behind ``now``
    missing: bool = False  # the "chưa có thông tin" line of a breakdown
    bold: bool = False
    incomplete: int = 0  # members behind the line's base whose record lacks the field: ``now`` is a floor
    counts: str = "members"  # or "organisations" (committees, branches): what ``ids`` are
    ratio: bool = True  # False for a mean age: "kỳ này so với cùng kỳ" in % means nothing there

    @property
    def percent(self) -> Decimal | None:
        """Kỳ này × 100 / cùng kỳ, as the forms compute column 4."""
        if not self.ratio or not isinstance(self.now, int | Decimal) or not isinstance(self.before, int | Decimal):
            return None
        if not self.before:
            return None
        return (Decimal(self.now) * 100 / Decimal(self.before)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class StatForm:
    number: int
    unit: Unit
    period: Period
    lines: list[Line]
    notes: list[str] = field(default_factory=list)  # what is incomplete and why
    problems: list[str] = field(default_factory=list)  # checks that failed: the form must not be filed
    compare: bool = True  # has the "cùng kỳ" columns

    @property
    def code(self) -> str:
        return f"Biểu số {self.number}-BTCTW"

    @property
    def title(self) -> str:
        return FORMS[self.number]

    @property
    def unit_label(self) -> str:
        """Biểu 5 and 6 count organisations as well as people."""
        return "Đơn vị tính: tổ chức; đảng viên: người" if self.number in (5, 6) else "Đơn vị tính: người"

    def line(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)

    def as_dict(self, *, ids: bool = False) -> dict:
        def num(v):
            return None if v is None else str(v)

        return {
            "form": self.number,
            "code": self.code,
            "title": self.title,
            "unit": self.unit.pk,
            "unit_title": self.unit.party_title,
            "period": self.period.key,
            "period_label": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "compare": self.compare,
            "lines": [
                {
                    "key": ln.key,
                    "number": ln.number,
                    "label": ln.label,
                    "indent": ln.indent,
                    "now": num(ln.now),
                    "before": num(ln.before) if self.compare else None,
                    "percent": num(ln.percent) if self.compare else None,
                    "not_recorded": ln.missing,
                    "incomplete": ln.incomplete,
                    **({"member_ids": list(ln.ids)} if ids else {}),
                }
                for ln in self.lines
            ],
            "notes": self.notes,
            "problems": self.problems,
        }


# --- the members, read once --------------------------------------------------------------------

FIELDS = (
    "id",
    "committee_id",
    "branch_id",
    "sex",
    "birth_date",
    "admitted_on",
    "full_on",
    "status",
    "left_on",
    "transferred_in",
    "joined_on",
    *STAT_FIELDS,
    "card_number",
)  # in M's order: a row is made an M by position


@dataclass(frozen=True, slots=True)
class M:
    id: int
    committee_id: int
    branch_id: int
    sex: str
    birth_date: dt.date
    admitted_on: dt.date
    full_on: dt.date | None
    status: str
    left_on: dt.date | None
    transferred_in: bool
    joined_on: dt.date | None
    entry_kind: str
    transfer_scope: str
    leave_reason: str
    leave_scope: str
    ethnicity: str
    religion: str
    occupation: str
    business_owner: bool | None
    academic_title: str
    education: str
    qualification: str
    theory: str
    youth_union: bool | None
    card_issued_on: dt.date | None
    exempt_since: dt.date | None
    card_number: str

    @property
    def entry(self) -> dt.date:
        """When the member came onto this roll: the transfer or restoration, else the admission."""
        return self.joined_on or self.admitted_on

    def on_roll(self, day: dt.date) -> bool:
        return self.entry <= day and (self.left_on is None or self.left_on > day)

    @property
    def kind(self) -> str:
        """How the member came: admitted here (also re-admitted), restored, or transferred in. An older
        record with only the ``transferred_in`` tick is a transfer."""
        if self.entry_kind:
            return self.entry_kind
        return EntryKind.TRANSFERRED_IN if self.transferred_in else EntryKind.ADMITTED

    @property
    def admitted_here(self) -> bool:
        return self.kind in (EntryKind.ADMITTED, EntryKind.READMITTED)

    def probationary_on(self, day: dt.date) -> bool:
        return self.full_on is None or self.full_on > day


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", (text or "").strip().lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


# Ethnicity and religion are typed as words. The Kinh are the majority: any other recorded people is a
# minority. "Không" (and its spellings) is a recorded "no religion", not a missing field.
MAJORITY = {"kinh", "viet", "nguoi kinh"}
NO_RELIGION = {"khong", "khong co", "khong ton giao", "-", "0", "none"}


def minority(m: M) -> bool | None:
    f = _fold(m.ethnicity)
    return None if not f else f not in MAJORITY


def religious(m: M) -> bool | None:
    f = _fold(m.religion)
    return None if not f else f not in NO_RELIGION


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# Tuổi đời bands of Biểu 2 and 3: 18–30, then five-year bands to 60, then over 60.
AGE_BANDS = [
    ("18_30", "Từ 18 - 30 tuổi", 0, 30),
    ("31_35", "Từ 31 - 35 tuổi", 31, 35),
    ("36_40", "Từ 36 - 40 tuổi", 36, 40),
    ("41_45", "Từ 41 - 45 tuổi", 41, 45),
    ("46_50", "Từ 46 - 50 tuổi", 46, 50),
    ("51_55", "Từ 51 - 55 tuổi", 51, 55),
    ("56_60", "Từ 56 - 60 tuổi", 56, 60),
    ("over_60", "Trên 60 tuổi", 61, 999),
]
# Thời gian kết nạp vào Đảng (Biểu 3): the eras of the revolution.
ERAS = [
    ("before_1945", "Trước 19/8/1945", dt.date(1930, 1, 1), dt.date(1945, 8, 18)),
    ("1945_1954", "Từ 19/8/1945 đến 20/7/1954", dt.date(1945, 8, 19), dt.date(1954, 7, 20)),
    ("1954_1975", "Từ 21/7/1954 đến 30/4/1975", dt.date(1954, 7, 21), dt.date(1975, 4, 30)),
    ("since_1975", "Từ 01/5/1975 đến nay", dt.date(1975, 5, 1), dt.date(9999, 12, 31)),
]


def _scope(unit: Unit, via: str = "committee") -> Q:
    """Rows of the unit's committees, through the ``via`` relation: a committee's own, or those of
    every committee under a province or district."""
    return Q(**{via: unit}) if unit.is_committee else Q(**{f"{via}__path__startswith": unit.path})


def _committees(unit: Unit) -> list[Unit]:
    """The committee, or the active committees under the unit: the base organisations of Biểu 5, 6."""
    if unit.is_committee:
        return [unit]
    return list(
        Unit.objects.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS, merged_into__isnull=True).order_by()
    )


def read_members(unit: Unit) -> list[M]:
    """Every member record of the unit's committees (a committee's own, or a province's)."""
    return [M(*row) for row in Member.objects.filter(_scope(unit)).order_by().values_list(*FIELDS)]


# --- building lines ----------------------------------------------------------------------------


class _Builder:
    """Lines for the current period and the same period a year before, from the same records."""

    def __init__(self, members: list[M], period: Period):
        self.members = members
        self.period = period
        self.lines: list[Line] = []
        self.notes: list[str] = []
        self._subsets: dict[tuple, list[M]] = {}
        self._periods = (period, period.previous)

    def subset(self, base: Callable[[M, Period], bool] | None, period: Period) -> list[M]:
        """The members ``base`` selects in ``period``, worked out once per form: every line of a
        section counts within its section's members (a province holds 200,000 of them)."""
        if base is None:
            return self.members
        key = (base, period)
        if key not in self._subsets:
            self._subsets[key] = [m for m in self.members if base(m, period)]
        return self._subsets[key]

    def count(
        self,
        key: str,
        number: str,
        label: str,
        base: Callable[[M, Period], bool] | None,
        test: Callable[[M, Period], bool] | None = None,
        *,
        indent: int = 0,
        bold: bool = False,
        missing: bool = False,
    ) -> Line:
        """A line: the members ``base`` selects (and ``test``, when given), now and a year before."""

        def pick(period: Period) -> list[M]:
            pool = self.subset(base, period)
            return [m for m in pool if test(m, period)] if test else pool

        now = tuple(m.id for m in pick(self.period))
        line = Line(key, number, label, indent, len(now), len(pick(self.period.previous)), now, missing, bold)
        self.lines.append(line)
        return line

    def blank(self, key: str, number: str, label: str, *, indent: int = 0, bold: bool = False) -> Line:
        """A heading, or a row of the form the registry does not hold (shown empty, not as 0)."""
        line = Line(key, number, label, indent, None, None, (), False, bold)
        self.lines.append(line)
        return line

    def _groups(self, base, period: Period, value: Callable[[M], object]) -> dict[object, list[int]]:
        groups: dict[object, list[int]] = {}
        for m in self.subset(base, period):
            groups.setdefault(value(m), []).append(m.id)
        return groups

    def breakdown(
        self,
        key: str,
        number: str,
        label: str,
        base: Callable[[M, Period], bool],
        value: Callable[[M], str | None],
        choices: Iterable[tuple[str, str]],
        *,
        what: str,
        indent: int = 1,
    ) -> None:
        """A heading and one line per choice of ``value`` among the members ``base`` selects, and the
        members whose field is empty on a "chưa có thông tin" line, with a note. One pass a period."""
        self.blank(key, number, label, bold=True)
        now = self._groups(base, self.period, lambda m: value(m) or "")
        before = self._groups(base, self.period.previous, lambda m: value(m) or "")
        for choice, text in choices:
            ids = tuple(now.get(choice, ()))
            self.lines.append(Line(f"{key}.{choice}", "", text, indent, len(ids), len(before.get(choice, ())), ids))
        ids = tuple(now.get("", ()))
        self.lines.append(
            Line(f"{key}.unknown", "", NOT_RECORDED, indent, len(ids), len(before.get("", ())), ids, missing=True)
        )
        if ids:
            self.notes.append(
                f"Mục «{label}»: {len(ids)} đảng viên chưa có {what} trong hồ sơ, các dòng của mục chưa đủ."
            )

    def ages(self, key: str, number: str, base: Callable[[M, Period], bool], on: Callable[[M, Period], dt.date]):
        self.blank(key, number, "Tuổi đời", bold=True)

        def band(age: int) -> str:
            return next((name for name, _text, lo, hi in AGE_BANDS if lo <= age <= hi), "")

        ages = {p: [(m.id, age_on(m.birth_date, on(m, p))) for m in self.subset(base, p)] for p in self._periods}
        groups = {p: {} for p in self._periods}
        for p, rows in ages.items():
            for member_id, age in rows:
                groups[p].setdefault(band(age), []).append(member_id)
        now, before = groups[self.period], groups[self.period.previous]
        for name, text, _lo, _hi in AGE_BANDS:
            ids = tuple(now.get(name, ()))
            self.lines.append(Line(f"{key}.{name}", "", text, 1, len(ids), len(before.get(name, ())), ids))

        def mean(p: Period) -> Decimal | None:
            values = [age for _id, age in ages[p]]
            return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP) if values else None

        self.lines.append(
            Line(f"{key}.mean", "", "Tuổi bình quân", 1, mean(self.period), mean(self.period.previous), ratio=False)
        )


# --- Biểu 1 ------------------------------------------------------------------------------------


def _entered(m: M, p: Period) -> bool:
    return m.entry in p and (m.left_on is None or m.left_on >= m.entry)


def _left(m: M, p: Period) -> bool:
    return m.left_on in p and m.left_on >= m.entry


def _opening(m: M, p: Period) -> bool:
    return m.on_roll(p.start - dt.timedelta(days=1))


def _closing(m: M, p: Period) -> bool:
    return m.on_roll(p.end)


def _reason(m: M) -> str:
    """Why the record closed; the status says it where the reason was not recorded (a death, a
    transfer); a removal without its reason stays unknown: khai trừ, xóa tên and xin ra khỏi Đảng
    are counted apart."""
    if m.leave_reason:
        return m.leave_reason
    if m.status == MemberStatus.DECEASED:
        return LeaveReason.DIED
    if m.status == MemberStatus.TRANSFERRED_OUT:
        return LeaveReason.TRANSFERRED
    return ""


def form1(b: _Builder) -> None:
    b.count("A", "A", "Tổng số đảng viên cuối kỳ trước chuyển sang", _opening, bold=True)
    b.count("B", "B", "Đảng viên tăng trong kỳ", _entered, bold=True)
    b.count("B1", "1", "Kết nạp", _entered, lambda m, p: m.admitted_here, indent=1)
    b.count("B2", "2", "Chuyển đến", _entered, lambda m, p: m.kind == EntryKind.TRANSFERRED_IN, indent=1)
    for scope, text in (
        (TransferScope.OTHER_PROVINCE, "a. Tỉnh khác chuyển đến"),
        (TransferScope.IN_PROVINCE, "b. Trong tỉnh (huyện, đảng bộ khác) chuyển đến"),
    ):
        b.count(
            f"B2.{scope}",
            "",
            text,
            _entered,
            lambda m, p, s=scope: m.kind == EntryKind.TRANSFERRED_IN and m.transfer_scope == s,
            indent=2,
        )
    unknown_in = b.count(
        "B2.unknown",
        "",
        NOT_RECORDED,
        _entered,
        lambda m, p: m.kind == EntryKind.TRANSFERRED_IN and not m.transfer_scope,
        indent=2,
        missing=True,
    )
    b.count("B3", "3", "Phục hồi đảng tịch", _entered, lambda m, p: m.kind == EntryKind.RESTORED, indent=1)
    b.count("C", "C", "Đảng viên giảm trong kỳ", _left, bold=True)
    b.count("C1", "1", "Từ trần", _left, lambda m, p: _reason(m) == LeaveReason.DIED, indent=1)
    b.count("C2", "2", "Khai trừ", _left, lambda m, p: _reason(m) == LeaveReason.EXPELLED, indent=1)
    b.count("C3", "3", "Xóa tên", _left, lambda m, p: _reason(m) == LeaveReason.STRUCK_OFF, indent=1)
    b.count(
        "C3.probationary",
        "",
        "Trong đó: Đảng viên dự bị",
        _left,
        lambda m, p: _reason(m) == LeaveReason.STRUCK_OFF and m.probationary_on(m.left_on),
        indent=2,
    )
    b.count("C4", "4", "Xin ra khỏi Đảng", _left, lambda m, p: _reason(m) == LeaveReason.RESIGNED, indent=1)
    unknown_removed = b.count(
        "C.unknown",
        "",
        "Ra khỏi Đảng chưa ghi rõ lý do (khai trừ, xóa tên hay xin ra khỏi Đảng)",
        _left,
        lambda m, p: not _reason(m),
        indent=1,
        missing=True,
    )
    b.count("C5", "5", "Chuyển đi", _left, lambda m, p: _reason(m) == LeaveReason.TRANSFERRED, indent=1)
    for scope, text in (
        (TransferScope.OTHER_PROVINCE, "a. Chuyển đi tỉnh khác"),
        (TransferScope.IN_PROVINCE, "b. Chuyển đi trong tỉnh (huyện, đảng bộ khác)"),
    ):
        b.count(
            f"C5.{scope}",
            "",
            text,
            _left,
            lambda m, p, s=scope: _reason(m) == LeaveReason.TRANSFERRED and m.leave_scope == s,
            indent=2,
        )
    unknown_out = b.count(
        "C5.unknown",
        "",
        NOT_RECORDED,
        _left,
        lambda m, p: _reason(m) == LeaveReason.TRANSFERRED and not m.leave_scope,
        indent=2,
        missing=True,
    )
    b.count("D", "D", "Đảng viên trong danh sách cuối kỳ báo cáo", _closing, bold=True)
    if unknown_in.now:
        b.notes.append(f"{unknown_in.now} đảng viên chuyển đến chưa ghi nơi chuyển đến từ (tỉnh khác hay trong tỉnh).")
    if unknown_removed.now:
        b.notes.append(
            f"{unknown_removed.now} đảng viên ra khỏi Đảng chưa ghi rõ khai trừ, xóa tên hay xin ra khỏi Đảng."
        )
    if unknown_out.now:
        b.notes.append(f"{unknown_out.now} đảng viên chuyển đi chưa ghi nơi chuyển đến (tỉnh khác hay trong tỉnh).")
    broken = [m for m in b.members if m.left_on is not None and m.left_on < m.entry]
    if broken:
        b.notes.append(
            f"{len(broken)} hồ sơ có ngày ra khỏi Đảng bộ trước ngày vào danh sách: không tính vào biểu, cần sửa hồ sơ."
        )


def check_balance(form: StatForm) -> None:
    """Biểu 1's identity: A + B − C = D, for both columns. A failure means inconsistent records; the
    form then says so instead of showing totals that do not add up."""
    for col, name in (("now", "kỳ này"), ("before", "cùng kỳ")):
        a, b, c, d = (getattr(form.line(k), col) for k in "ABCD")
        if a + b - c != d:
            form.problems.append(f"Số liệu {name} không cân đối: {a} + {b} − {c} ≠ {d}. Cần kiểm tra hồ sơ.")
    # The detail lines partition B and C by construction (every entry has one kind, every exit one
    # reason or the "chưa ghi rõ" line): the property test checks it, not the form at run time.


# --- Biểu 2 and 3: who the members are ----------------------------------------------------------


def _new(m: M, p: Period) -> bool:
    return m.admitted_here and m.admitted_on in p


def _schooling(b: _Builder, base, number: Callable[[], str]) -> None:
    b.breakdown(
        "edu",
        number(),
        "Trình độ giáo dục phổ thông",
        base,
        lambda m: m.education,
        Education.choices,
        what="trình độ giáo dục phổ thông",
    )
    b.breakdown(
        "qual",
        number(),
        "Trình độ chuyên môn nghiệp vụ",
        base,
        lambda m: m.qualification,
        Qualification.choices,
        what="trình độ chuyên môn",
    )


def _titles(b: _Builder, base, number: str) -> None:
    b.blank("title", number, "Chức danh khoa học", bold=True)
    for title in AcademicTitle:
        b.count(
            f"title.{title.value}",
            "",
            title.label,
            base,
            lambda m, p, t=title: m.academic_title == t,
            indent=1,
        )


def _flag_lines(b: _Builder, base, prefix: str) -> None:
    """The "trong đó" lines of both forms' first part, each with its own unknown count."""

    def flag(key: str, label: str, test: Callable[[M], bool | None], what: str) -> None:
        line = b.count(f"{prefix}.{key}", "", label, base, lambda m, p: test(m) is True, indent=1)
        # A count over records that mostly lack the field would read as "none": when no record of
        # the period says it, the line is empty; when some do, the count is marked incomplete.
        for col, period in (("now", b.period), ("before", b.period.previous)):
            people = b.subset(base, period)
            unknown = sum(1 for m in people if test(m) is None)
            if people and unknown == len(people):
                setattr(line, col, None)
            elif col == "now":
                line.incomplete = unknown
        unknown = sum(1 for m in b.subset(base, b.period) if test(m) is None)
        if unknown:
            b.notes.append(f"Dòng «{label}»: {unknown} đảng viên chưa có {what} trong hồ sơ, số liệu chưa đủ.")

    flag("minority", "Dân tộc thiểu số", minority, "dân tộc")
    flag("religion", "Người theo tôn giáo", religious, "tôn giáo")
    flag("youth", "Đoàn viên Đoàn TNCS Hồ Chí Minh", lambda m: m.youth_union, "thông tin đoàn viên")
    flag("owner", "Chủ doanh nghiệp tư nhân", lambda m: m.business_owner, "thông tin chủ doanh nghiệp")
    b.blank(f"{prefix}.foreign", "", "Có quan hệ hôn nhân với người nước ngoài", indent=1)


def form2(b: _Builder) -> None:
    b.count("I", "I", "Tổng số đảng viên mới kết nạp", _new, bold=True)
    b.count("I.women", "", "Trong đó: Nữ", _new, lambda m, p: m.sex == Sex.FEMALE, indent=1)
    _flag_lines(b, _new, "I")
    b.blank("I.family", "", "Quần chúng vi phạm chính sách KHHGĐ", indent=1)
    b.count("I.readmitted", "", "Kết nạp lại", _new, lambda m, p: m.kind == EntryKind.READMITTED, indent=1)
    b.blank("II", "II", "Phân tích đảng viên mới kết nạp", bold=True)
    _job_and_age(b, _new, lambda m, p: m.admitted_on)
    counter = iter(["3", "4"])
    _schooling(b, _new, lambda: next(counter))
    _titles(b, _new, "5")
    b.notes.append("Các dòng để trống là những thông tin hệ thống chưa lưu; cần điền tay khi nộp biểu.")


def _job_and_age(b: _Builder, base, on, *, after_job: Callable[[], None] | None = None) -> None:
    b.breakdown(
        "job",
        "1",
        "Nghề nghiệp",
        base,
        lambda m: m.occupation,
        [(o.value, o.label) for o in Occupation],
        what="nghề nghiệp",
    )
    if after_job:
        after_job()
    b.ages("age", "2", base, on)


def form3(b: _Builder) -> None:
    b.count("I", "I", "Đảng viên trong danh sách có đến cuối kỳ báo cáo", _closing, bold=True)
    b.count("I.women", "", "Trong đó: Nữ", _closing, lambda m, p: m.sex == Sex.FEMALE, indent=1)
    b.count("I.probationary", "", "Dự bị", _closing, lambda m, p: m.probationary_on(p.end), indent=1)
    _flag_lines(b, _closing, "I")
    b.blank("II", "II", "Phân tích đội ngũ đảng viên", bold=True)

    def exempt() -> None:
        # Under "đã nghỉ hưu và nghỉ công tác" on the form: "Trong đó: Được miễn công tác và sinh hoạt đảng".
        line = b.count(
            "exempt",
            "",
            "Trong đó: Được miễn công tác và sinh hoạt đảng",
            _closing,
            lambda m, p: m.exempt_since is not None and m.exempt_since <= p.end,
            indent=2,
        )
        b.lines.remove(line)
        b.lines.insert(b.lines.index(next(ln for ln in b.lines if ln.key == "job.retired")) + 1, line)

    _job_and_age(b, _closing, lambda m, p: p.end, after_job=exempt)
    b.blank("era", "3", "Thời gian kết nạp vào Đảng", bold=True)
    for key, text, lo, hi in ERAS:
        b.count(f"era.{key}", "", text, _closing, lambda m, p, lo=lo, hi=hi: lo <= m.admitted_on <= hi, indent=1)
    counter = iter(["4", "5"])
    _schooling(b, _closing, lambda: next(counter))
    _titles(b, _closing, "6")
    b.breakdown(
        "theory",
        "7",
        "Trình độ lý luận chính trị",
        _closing,
        lambda m: m.theory,
        Theory.choices,
        what="trình độ lý luận chính trị",
    )


# --- Biểu 5: organisations ---------------------------------------------------------------------


def form5(unit: Unit, members: list[M], period: Period) -> StatForm:
    """Base organisations by kind (the registry holds ward, commune and township committees) with
    their branches and members at the year's end. No "cùng kỳ" columns: the form has none."""
    end = period.end
    committees = _committees(unit)
    branches = list(
        Unit.objects.filter(kind=Kind.BRANCH, parent__in=[c.pk for c in committees])
        .order_by()
        .values_list("id", "parent_id", "branch_kind", "party_info__founded_on", "party_info__dissolved_on")
    )
    open_branches = [b for b in branches if (b[3] is None or b[3] <= end) and (b[4] is None or b[4] > end)]
    roll: dict[int, list[int]] = {}
    for m in members:
        if m.on_roll(end):
            roll.setdefault(m.committee_id, []).append(m.id)
    lines = []
    all_orgs: list[int] = []
    all_branches: list[int] = []
    all_members: list[int] = []
    for i, (kind, text) in enumerate(((Kind.COMMUNE, "Xã"), (Kind.WARD, "Phường"), (Kind.TOWNSHIP, "Thị trấn")), 1):
        ids = sorted(c.pk for c in committees if c.kind == kind)
        branch_ids = [b[0] for b in open_branches if b[1] in set(ids)]
        on_roll = [x for c in ids for x in roll.get(c, [])]
        lines.append(Line(f"org.{kind}", str(i), text, 0, len(ids), ids=tuple(ids), counts="organisations"))
        lines.append(
            Line(
                f"org.{kind}.branches",
                "",
                "Chi bộ trực thuộc",
                1,
                len(branch_ids),
                ids=tuple(branch_ids),
                counts="organisations",
            )
        )
        lines.append(Line(f"org.{kind}.members", "", "Tổng số đảng viên", 1, len(on_roll), ids=tuple(on_roll)))
        all_orgs += ids
        all_branches += branch_ids
        all_members += on_roll
    total = "Cộng: số tổ chức cơ sở đảng (đảng bộ cơ sở)"
    lines.append(Line("total", "", total, 0, len(all_orgs), ids=tuple(all_orgs), bold=True, counts="organisations"))
    lines.append(
        Line(
            "total.branches",
            "",
            "Chi bộ trực thuộc đảng bộ cơ sở",
            1,
            len(all_branches),
            ids=tuple(all_branches),
            counts="organisations",
        )
    )
    kinds = {b[0]: b[2] for b in open_branches}
    for kind in BranchKind:
        ids = tuple(b for b in all_branches if kinds[b] == kind)
        label = f"Trong đó: chi bộ {kind.label}"
        lines.append(Line(f"total.branches.{kind.value}", "", label, 2, len(ids), ids=ids, counts="organisations"))
    lines.append(Line("total.members", "", "Tổng số đảng viên", 1, len(all_members), ids=tuple(all_members), bold=True))
    form = StatForm(5, unit, period, lines, compare=False)
    form.notes.append(
        "Hệ thống quản lý các đảng bộ phường, xã, thị trấn: các loại hình cơ sở khác (cơ quan, đơn vị sự nghiệp, "
        "doanh nghiệp, lực lượng vũ trang), chi bộ cơ sở và đảng bộ bộ phận không có trong dữ liệu."
    )
    return form


# --- Biểu 6: ratings ---------------------------------------------------------------------------


def form6(unit: Unit, members: list[M], period: Period) -> StatForm:
    """The year's quality ratings: the base committees, their branches and the members, each level,
    those not rated and, for members, those excused (miễn công tác và sinh hoạt đảng)."""
    year, end = period.year, period.end
    scope = _scope(unit)
    unit_ratings = list(
        UnitRating.objects.filter(scope, year=year).order_by().values_list("unit_id", "committee_id", "level")
    )
    committee_units = _committees(unit)
    committees = [c.pk for c in committee_units]
    committee_set = set(committees)
    branches = [
        b
        for b in Unit.objects.filter(kind=Kind.BRANCH, parent__in=committees)
        .order_by()
        .values_list("id", "party_info__founded_on", "party_info__dissolved_on")
        if (b[1] is None or b[1] <= end) and (b[2] is None or b[2] > end)
    ]
    lines: list[Line] = []

    def levels(key: str, title: str, number: str, rated: dict[int, str], population: list[int]) -> None:
        counts = "members" if key == "member" else "organisations"
        lines.append(Line(key, number, title, 0, len(population), ids=tuple(population), bold=True, counts=counts))
        for level in Level:
            ids = tuple(i for i, lv in rated.items() if lv == level)
            label = f"{level.label} — {LEVEL_NAMES[level]}"
            lines.append(Line(f"{key}.{level.value}", "", label, 1, len(ids), ids=ids, counts=counts))
        unrated = tuple(i for i in population if i not in rated)
        lines.append(
            Line(f"{key}.unrated", "", "Chưa được đánh giá, xếp loại", 1, len(unrated), ids=unrated, counts=counts)
        )

    own = {u: lv for u, _c, lv in unit_ratings if u in committee_set}
    levels("org", "Tổ chức cơ sở đảng", "1", own, committees)
    branch_ids = {b[0] for b in branches}
    of_branches = {u: lv for u, _c, lv in unit_ratings if u in branch_ids}
    levels("branch", "Chi bộ trực thuộc", "2", of_branches, sorted(branch_ids))
    member_rows = list(
        MemberRating.objects.filter(scope, year=year).order_by().values_list("member_id", "committee_id", "level")
    )
    member_ratings = {m: lv for m, _c, lv in member_rows}
    on_roll = [m for m in members if m.on_roll(end)]
    exempt = tuple(m.id for m in on_roll if m.exempt_since and m.exempt_since <= end and m.id not in member_ratings)
    exempt_set = set(exempt)
    population = sorted({m.id for m in on_roll if m.id not in exempt_set} | set(member_ratings))
    levels("member", "Đảng viên", "3", member_ratings, population)
    lines.append(
        Line("member.exempt", "", "Được miễn công tác và sinh hoạt đảng (không xếp loại)", 1, len(exempt), ids=exempt)
    )
    form = StatForm(6, unit, period, lines, compare=False)
    # The cap holds in each committee, for its members and for its branches: a province's total
    # would hide one committee over it behind the others (docs/ratings.md).
    titles = {c.pk: c.name for c in committee_units} if not unit.is_committee else {}
    for what, rows in (
        ("đảng viên", member_rows),
        ("chi bộ", [(u, c, lv) for u, c, lv in unit_ratings if u in branch_ids]),
    ):
        excellent: Counter[int] = Counter()
        good: Counter[int] = Counter()
        for _id, committee_id, level in rows:
            good[committee_id] += level in (Level.EXCELLENT, Level.GOOD)
            excellent[committee_id] += level == Level.EXCELLENT
        for committee_id in sorted(good):
            if rating_rules.over_cap(excellent[committee_id], good[committee_id], settings.CHITIEU_EXCELLENT_CAP_PCT):
                most = rating_rules.excellent_allowed(good[committee_id], settings.CHITIEU_EXCELLENT_CAP_PCT)
                where = f"Đảng bộ {titles[committee_id]}: " if committee_id in titles else ""
                form.problems.append(
                    f"{where}{excellent[committee_id]} {what} HTXSNV, vượt {settings.CHITIEU_EXCELLENT_CAP_PCT}% "
                    f"của {good[committee_id]} {what} HTTNV trở lên (tối đa {most})."
                )
    if period.half:
        form.notes.append("Xếp loại chất lượng làm theo năm: biểu 6 luôn tính cả năm.")
    rated_left = len(set(member_ratings) - {m.id for m in on_roll})
    if rated_left:
        form.notes.append(f"{rated_left} đảng viên được xếp loại rồi ra khỏi Đảng bộ trước 31/12 vẫn được tính.")
    return form


# --- Biểu 7: badges, cards, transfers ----------------------------------------------------------


def form7(b: _Builder, unit: Unit) -> None:
    members = {m.id: m for m in b.members}
    scope = _scope(unit)
    previous = b.period.previous
    # Every award of the unit (a short register): the period's lines, and who is due but not awarded.
    awards = list(BadgeAward.objects.filter(scope).order_by().values_list("member_id", "years", "awarded_on", "early"))

    def award_line(key, number, label, test, indent=1, bold=False):
        now = tuple(mid for mid, y, on, early in awards if on in b.period and test(y, early))
        before = sum(1 for mid, y, on, early in awards if on in previous and test(y, early))
        b.lines.append(Line(key, number, label, indent, len(now), before, now, bold=bold))

    _honours(b, unit)
    award_line("badge", "II", "Tặng Huy hiệu Đảng trong kỳ", lambda y, e: True, indent=0, bold=True)
    for years in BADGE_TIERS:
        award_line(f"badge.{years}", "", f"Huy hiệu Đảng {years} năm", lambda y, e, n=years: y == n)
    award_line("badge.early", "", "Trong đó: trao sớm", lambda y, e: e)
    b.blank("card", "III", "Phát thẻ đảng viên trong kỳ", bold=True)
    issued = b.count(
        "card.issued",
        "1",
        "Số thẻ đảng viên được phát cho đảng viên chính thức",
        None,
        lambda m, p: m.card_issued_on in p and m.full_on is not None and m.full_on <= m.card_issued_on,
        indent=1,
    )
    if not any(m.card_issued_on for m in b.members):
        # No record says when its card was issued: the count would read as "no card issued".
        issued.now = issued.before = None
        b.notes.append("Chưa hồ sơ nào ghi ngày phát thẻ đảng viên: dòng phát thẻ để trống.")
    b.blank("card.lost", "2", "Số thẻ đảng viên được cấp lại cho đảng viên do mất", indent=1)
    b.blank("card.damaged", "3", "Số thẻ đảng viên được đổi lại cho đảng viên do bị hỏng", indent=1)
    no_card = sum(1 for m in b.subset(_closing, b.period) if not m.probationary_on(b.period.end) and not m.card_number)
    if no_card:
        b.notes.append(f"{no_card} đảng viên chính thức chưa có số thẻ trong hồ sơ.")
    temporary = list(
        Transfer.objects.filter(
            _scope(unit, "member__committee"),
            temporary=True,
            on__gte=previous.start,
            on__lte=b.period.end,
        )
        .order_by()
        .values_list("member_id", "on")
    )
    b.blank("move", "IV", "Giới thiệu sinh hoạt đảng trong kỳ", bold=True)
    now = tuple(mid for mid, on in temporary if on in b.period)
    b.lines.append(
        Line(
            "move.temp",
            "1",
            "Số lượt đảng viên chuyển sinh hoạt đảng tạm thời: giới thiệu chuyển đi",
            1,
            len(now),
            sum(1 for _m, on in temporary if on in previous),
            now,
        )
    )
    b.count(
        "move.out",
        "2",
        "Số lượt đảng viên chuyển sinh hoạt đảng chính thức: giới thiệu chuyển đi",
        _left,
        lambda m, p: _reason(m) == LeaveReason.TRANSFERRED,
        indent=1,
    )
    b.count(
        "move.in",
        "",
        "Tiếp nhận chuyển đến",
        _entered,
        lambda m, p: m.kind == EntryKind.TRANSFERRED_IN,
        indent=2,
    )
    due = [m for m in members.values() if _badge_due_in(m, b.period)]
    awarded = {(mid, y) for mid, y, _on, _early in awards}
    waiting = [m for m in due if (m.id, _badge_years(m, b.period)) not in awarded]
    if waiting:
        b.notes.append(f"{len(waiting)} đảng viên đủ tuổi Đảng nhận huy hiệu trong kỳ nhưng chưa ghi nhận đã trao.")
    b.notes.append("Các dòng để trống là thông tin chưa có trong hồ sơ, cần điền tay khi nộp biểu.")


def _honours(b: _Builder, unit: Unit) -> None:
    """Part I, the year's awards, from the register of awards (Award: by year, so a six-month period
    leaves it empty). Collective awards are counted as the Party organisations' (the register holds
    the committee's and its branches')."""
    scope = _scope(unit)
    rows = list(Award.objects.filter(scope).order_by().values_list("year", "level", "recipient_kind", "count"))
    kept = bool(rows) and not b.period.half

    def line(key, number, label, test, indent, bold=False):
        def total(year):
            return sum(n for y, level, kind, n in rows if y == year and test(level, kind)) if kept else None

        b.lines.append(Line(key, number, label, indent, total(b.period.year), total(b.period.year - 1), bold=bold))

    collective, individual = SubjectKind.COLLECTIVE, SubjectKind.INDIVIDUAL
    # The form's kinds: cờ, bằng khen, giấy khen for organisations; bằng khen, giấy khen for members.
    org_levels = (AwardLevel.FLAG, AwardLevel.MERIT, AwardLevel.CERTIFICATE)
    member_levels = (AwardLevel.MERIT, AwardLevel.CERTIFICATE)

    def counted(lv, k) -> bool:
        return (k == collective and lv in org_levels) or (k == individual and lv in member_levels)

    line("honour", "I", "Khen thưởng tổ chức đảng và đảng viên trong năm", counted, 0, True)
    line("honour.org", "1", "Khen thưởng tổ chức đảng", lambda lv, k: k == collective and lv in org_levels, 1)
    for level, text in (
        (AwardLevel.FLAG, "Tặng cờ"),
        (AwardLevel.MERIT, "Tặng bằng khen"),
        (AwardLevel.CERTIFICATE, "Tặng giấy khen"),
    ):
        line(f"honour.org.{level}", "", text, lambda lv, k, level=level: k == collective and lv == level, 2)
    line("honour.member", "2", "Số đảng viên được khen", lambda lv, k: k == individual and lv in member_levels, 1)
    for level, text in ((AwardLevel.MERIT, "Tặng bằng khen"), (AwardLevel.CERTIFICATE, "Tặng giấy khen")):
        line(f"honour.member.{level}", "", text, lambda lv, k, level=level: k == individual and lv == level, 2)
    if not rows:
        b.notes.append("Đảng bộ chưa ghi sổ khen thưởng: phần I để trống.")
    elif b.period.half:
        b.notes.append("Sổ khen thưởng ghi theo năm: phần I chỉ có ở biểu cả năm.")


def _badge_years(m: M, p: Period) -> int | None:
    n = p.year - m.admitted_on.year  # a period lies within one year: so does the anniversary
    return n if n in BADGE_TIERS and add_months(m.admitted_on, 12 * n) in p else None


def _badge_due_in(m: M, p: Period) -> bool:
    n = _badge_years(m, p)
    if n is None:
        return False
    reached = add_months(m.admitted_on, 12 * n)
    return m.on_roll(reached)


# --- the entry point ---------------------------------------------------------------------------


def build_form(unit: Unit, number: int, period: Period, *, members: list[M] | None = None) -> StatForm:
    """One form for a committee, or for a province or district (its committees added up)."""
    if number not in FORMS:
        raise FormError(f"Không có biểu số {number}: các biểu là {', '.join(map(str, FORMS))} / no such form")
    if period.half and number not in HALF_YEAR_FORMS:
        period = Period(period.year)
    today = timezone.localdate()
    if period.start > today:
        raise FormError(f"Kỳ báo cáo {period.label} chưa bắt đầu / the period has not begun")
    members = read_members(unit) if members is None else members
    if number == 5:
        form = form5(unit, members, period)
    elif number == 6:
        form = form6(unit, members, period)
    else:
        b = _Builder(members, period)
        {1: form1, 2: form2, 3: form3}.get(number, lambda b: form7(b, unit))(b)
        form = StatForm(number, unit, period, b.lines, b.notes)
        if number == 1:
            check_balance(form)
    if period.end > today:
        form.notes.insert(
            0, f"Kỳ báo cáo chưa kết thúc (đến {period.end:%d/%m/%Y}): số liệu tính đến hôm nay, {today:%d/%m/%Y}."
        )
    return form


def build_forms(unit: Unit, period: Period) -> list[StatForm]:
    """All the forms, the members read once."""
    members = read_members(unit)
    return [build_form(unit, n, period, members=members) for n in FORMS]
