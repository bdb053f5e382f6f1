"""Indicators computed from Party-organisation records: never typed twice.

``computed_indicators(committee, year)`` is what the evaluation and the reports read for the catalog's
computed indicators. Counts are taken at the end of the year (31/12): reports state "đến nay" figures
at their date, and the year's end is the date every year shares. Rates are shares of those rated that
year, as reports write them ("đảng viên hoàn thành xuất sắc nhiệm vụ chiếm tỷ lệ 12,5%"). A key is left
out when the committee keeps no records of that kind, so that "no roster entered" never reads as 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, DateField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from chitieu.orgs.models import Kind, Unit

from .models import (
    BadgeAward,
    Inspection,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    UnitRating,
    add_months,
)
from .records import admitted_here, members_on, year_end

RATE_PLACES = Decimal("0.0001")


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelCounts:
    """How many members (or branches) a year's rating put at each level."""

    excellent: int = 0
    good: int = 0
    completed: int = 0
    not_completed: int = 0

    @property
    def total(self) -> int:
        return self.excellent + self.good + self.completed + self.not_completed

    @property
    def good_or_better(self) -> int:
        return self.excellent + self.good

    def rate(self, level: str) -> Decimal | None:
        return _rate(getattr(self, level), self.total) if self.total else None

    @property
    def good_or_better_rate(self) -> Decimal | None:
        return _rate(self.good_or_better, self.total) if self.total else None

    @property
    def excellent_share_of_good(self) -> Decimal | None:
        """HTXSNV as a share of those rated HTTNV or better: the share the rules cap."""
        return _rate(self.excellent, self.good_or_better) if self.good_or_better else None

    @property
    def over_cap(self) -> bool:
        """Quy định 124-QĐ/TW (2023) caps HTXSNV at a share (20% when written) of those rated
        HTTNV or better; the cap is the setting CHITIEU_EXCELLENT_CAP_PCT."""
        share = self.excellent_share_of_good
        return share is not None and share > Decimal(settings.CHITIEU_EXCELLENT_CAP_PCT)

    def rows(self) -> list[tuple[str, str, int, Decimal | None]]:
        """(level, label, count, rate) in order, for tables."""
        return [(lv.value, lv.label, getattr(self, lv.value), self.rate(lv.value)) for lv in Level]


def _counts(rows) -> LevelCounts:
    return LevelCounts(**{r["level"]: r["n"] for r in rows})


def member_level_counts(committee: Unit, year: int) -> LevelCounts:
    return _counts(MemberRating.objects.filter(committee=committee, year=year).values("level").annotate(n=Count("id")))


def branch_level_counts(committee: Unit, year: int) -> LevelCounts:
    rows = UnitRating.objects.filter(committee=committee, year=year).exclude(unit=committee)
    return _counts(rows.values("level").annotate(n=Count("id")))


def committee_rating(committee: Unit, year: int) -> str | None:
    return UnitRating.objects.filter(unit=committee, year=year).values_list("level", flat=True).first()


# --- badges (Huy hiệu Đảng) ----------------------------------------------------------------

# Hướng dẫn 01-HD/TW (2021), mục 18: members with 30, 40, 45, …, 90 years of membership receive the
# Party badge, handed over on the great anniversaries (3/2, 19/5, 2/9, 7/11: CHITIEU_BADGE_DATES).
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


def _badge_month_days() -> list[tuple[int, int]]:
    """The setting's usual award dates (MM-DD) as (month, day), in the order of the year."""
    return sorted(tuple(int(x) for x in md.strip().split("-")) for md in settings.CHITIEU_BADGE_DATES)


def badge_dates(year: int) -> list[dt.date]:
    """The usual award dates of a year; the setting lists them as MM-DD."""
    return [dt.date(year, month, day) for month, day in _badge_month_days()]


def _next_award(day: dt.date, month_days: list[tuple[int, int]]) -> dt.date:
    dates = [dt.date(y, month, d) for y in (day.year, day.year + 1) for month, d in month_days]
    for d in dates:
        if d >= day:
            return d
    raise ValueError(day)  # pragma: no cover - the next year always has one


def next_badge_date(day: dt.date) -> dt.date:
    """The first usual award date on or after ``day``."""
    return _next_award(day, _badge_month_days())


def badge_window_days() -> int:
    return max(0, int(getattr(settings, "CHITIEU_BADGE_WINDOW_DAYS", 0) or 0))


def _award_day(reached: dt.date, month_days: list[tuple[int, int]], window: int) -> dt.date:
    """The award day to propose for an anniversary: the latest award day at most ``window`` days before
    it when there is one (CHITIEU_BADGE_WINDOW_DAYS, local practice), else the first on or after it."""
    if window:
        for d in sorted(
            (dt.date(y, month, day) for y in (reached.year - 1, reached.year) for month, day in month_days),
            reverse=True,
        ):
            if d <= reached:
                if (reached - d).days <= window:
                    return d
                break
    return _next_award(reached, month_days)


def badge_award_day(reached: dt.date) -> dt.date:
    """The usual award day a member who reaches a badge's years on ``reached`` is proposed for."""
    return _award_day(reached, _badge_month_days(), badge_window_days())


@dataclass(frozen=True)
class BadgeDue:
    member: Member
    years: int  # 30, 40, …
    reached_on: dt.date  # the anniversary of admission
    award_on: dt.date  # the usual award date it is proposed for


def _badge_reached(year: int, admitted_on: dt.date, left_on, full_on, status) -> tuple[int, dt.date] | None:
    """(years of membership, anniversary) when a member admitted on ``admitted_on`` is due a badge in
    ``year``; None when the years are not a badge's, or the member was gone by the anniversary."""
    n = year - admitted_on.year
    if n not in BADGE_YEARS:
        return None
    reached = add_months(admitted_on, 12 * n)
    if left_on and left_on <= reached:
        return None
    if full_on is None and status == MemberStatus.PROBATIONARY:
        return None  # pragma: no cover - a probationary member cannot have 30 years
    return n, reached


def _admitted_in(years, *, slack: int = 0) -> Q:
    """Admission dates within any of ``years``, as date ranges: runs of years less than ``slack`` + 2
    apart are merged (a few more rows to read beat a longer query to build). A range uses the
    (committee, admitted_on) index, where admitted_on__year__in makes SQLite call back into Python
    for every row."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y <= runs[-1][1] + 1 + slack:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return reduce(or_, (Q(admitted_on__gte=dt.date(a, 1, 1), admitted_on__lte=year_end(b)) for a, b in runs))


def _badge_admission_years(years) -> list[int]:
    return [y - n for y in years for n in BADGE_YEARS]


def badges_due(committee: Unit, year: int) -> list[BadgeDue]:
    """Members who reach a badge's years of membership in ``year``, counted from the admission date
    (tuổi đảng), with the award date to propose them for; members gone by the anniversary are left out."""
    rows = (
        Member.objects.filter(committee=committee)
        .filter(_admitted_in(_badge_admission_years([year])))
        .select_related("branch")
        .order_by("admitted_on", "full_name")
    )
    month_days, window = _badge_month_days(), badge_window_days()
    out = []
    for m in rows:
        due = _badge_reached(year, m.admitted_on, m.left_on, m.full_on, m.status)
        if due:
            out.append(BadgeDue(m, due[0], due[1], _award_day(due[1], month_days, window)))
    return out


# --- the indicators ----------------------------------------------------------------------
#
# Every figure of several years is read in a fixed number of queries (about ten) whatever the number
# of years: counts at each year's end in one aggregate query, ratings grouped by year, and short
# lists of dates (admissions, badge anniversaries, inspections) counted here.


def _held_counts(qs, start: str, stop: str, ends: list[dt.date], extra: dict[str, Q] | None = None):
    """How many rows of ``qs`` hold on each day of ``ends`` (``start`` on or before the day, ``stop``
    after it or empty), and how many match each of ``extra`` (name -> condition), in one aggregate;
    None when ``qs`` has no rows at all. Two queries, the first one short: most committees keep no
    register of residence contacts."""
    if not qs.exists():
        return None
    stays = Q(**{f"{stop}__isnull": True})
    on = {
        f"on{i}": Count("pk", filter=Q(**{f"{start}__lte": end}) & (stays | Q(**{f"{stop}__gt": end})))
        for i, end in enumerate(ends)
    }
    counts = qs.aggregate(**on, **{name: Count("pk", filter=q) for name, q in (extra or {}).items()})
    held = [counts[f"on{i}"] for i in range(len(ends))]
    return (held, {name: counts[name] for name in extra}) if extra is not None else held


def _terms(committee: Unit) -> list[tuple[int, int]]:
    """The committee's terms as (start year, end year), latest first."""
    from chitieu.plans.models import Term

    return list(Term.objects.filter(committee=committee).order_by("-start_year").values_list("start_year", "end_year"))


def term_years(start_year: int, end_year: int, today: dt.date | None = None) -> list[int]:
    """The years a term's Party work is counted over, the one rule of the pages, the API and the
    reports: from its first year to the year before its last, not past this year. Congresses meet
    early in their year, so the congress year belongs to the new term (its December ratings, its
    admissions): the 2015-2020 term counts 2015-2019, its members at its end are those of 31/12/2019,
    and no year's admissions count in two terms."""
    this_year = (today or timezone.localdate()).year
    last = max(start_year, min(end_year - 1, this_year))
    return list(range(start_year, last + 1))


@dataclass(frozen=True)
class TermParty:
    """Members at the end of a span of years and admissions over it, from the records: what the
    committee page, the API and the reports say of a term (or a year, a half term)."""

    years: list[int]
    members: int | None  # on the roll at the end of the last year; None without a roster
    admitted: int | None  # admitted over the years; None without a roster

    @property
    def day(self) -> dt.date:
        return year_end(self.years[-1])

    @property
    def span(self) -> str:
        """ "2015-2019", or "2023" for one year."""
        return f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])


def party_over(years: list[int], by_year: dict[int, dict[str, Decimal]]) -> TermParty:
    """TermParty of ``years`` from computed_by_year's answer (which may hold more years)."""
    members = by_year.get(years[-1], {}).get("party_members")
    admitted = [by_year.get(y, {}).get("party_members_admitted") for y in years]
    return TermParty(
        list(years),
        None if members is None else int(members),
        None if all(a is None for a in admitted) else int(sum(a for a in admitted if a is not None)),
    )


def members_over(committee, years: list[int]) -> TermParty:
    """TermParty of ``years`` read alone: computed_by_year's own members and admissions (the same
    aggregate, two queries), for an answer that needs nothing else of the records."""
    found = _members_by_year(committee, years, [year_end(y) for y in years])
    return party_over(years, found or {})


def term_party(committee, start_year: int, end_year: int, today: dt.date | None = None) -> TermParty:
    """Members at a term's end and admissions over it (term_years), from the records."""
    return members_over(committee, term_years(start_year, end_year, today))


def _term_years(year: int, terms: list[tuple[int, int]]) -> list[int]:
    """The rating years of the term ``year`` belongs to, up to ``year``. Ratings are made in December
    and congresses meet early in the year, so a congress year's rating belongs to the new term: the
    2015-2020 term was rated in 2015-2019."""
    for start, end in terms:
        if start <= year <= end:
            return list(range(start, year + 1))
    return []


def _committee_years(ratings: dict[int, str], year: int, years: list[int]) -> dict[str, Decimal]:
    """How many years of the term so far the committee was rated HTTNV or better (the older
    "trong sạch, vững mạnh") and HTXSNV ("trong sạch, vững mạnh tiêu biểu"). Without a term: the
    run of consecutive years ending with ``year`` ("5 năm liền"). ``ratings``: the committee's own
    ratings (year -> level; only those up to ``year`` are looked at); ``years``: the term's years
    up to ``year``."""
    if not any(y <= year for y in ratings):
        return {}
    good = {Level.EXCELLENT, Level.GOOD}

    def count(levels) -> int:
        if years:
            return sum(1 for y in years if ratings.get(y) in levels)
        n, y = 0, year
        while ratings.get(y) in levels:
            n, y = n + 1, y - 1
        return n

    return {
        "committee_clean_strong_years": Decimal(count(good)),
        "committee_excellent_years": Decimal(count({Level.EXCELLENT})),
    }


def _members_by_year(committee, years: list[int], ends: list[dt.date]) -> dict[int, dict[str, Decimal]] | None:
    """party_members and party_members_admitted of each year, in one aggregate; None without a roster."""
    members = Member.objects.filter(committee=committee).order_by()
    admitted = {
        f"admitted{i}": admitted_here() & Q(admitted_on__gte=dt.date(y, 1, 1), admitted_on__lte=end)
        for i, (y, end) in enumerate(zip(years, ends, strict=True))
    }
    found = _held_counts(members.alias(entry=Coalesce("joined_on", "admitted_on")), "entry", "left_on", ends, admitted)
    if found is None:
        return None
    on_roll, counts = found
    return {
        y: {"party_members": Decimal(n), "party_members_admitted": Decimal(counts[f"admitted{i}"])}
        for i, (y, n) in enumerate(zip(years, on_roll, strict=True))
    }


def _badges_by_year(committee, years: list[int]) -> dict[int, Decimal] | None:
    """party_badges: the badges handed over in each year, from the register (BadgeAward), the figure
    Biểu 7 files. None when the committee keeps no register: members merely due a badge are not
    "được tặng" (badges_due lists them for the proposal). One query: a register is short."""
    days = list(BadgeAward.objects.filter(committee=committee).order_by().values_list("awarded_on", flat=True))
    if not days:
        return None
    counted = Counter(d.year for d in days)
    return {y: Decimal(counted[y]) for y in years}


# The computed keys by the records they are read from: computed_by_year(keys=…) reads only those asked.
KEYS_READ_FROM = {
    "members": {"party_members", "party_members_admitted"},
    "badges": {"party_badges"},
    "branches": {"party_branches"},
    "contacts": {"members_residence_contact"},
    "member_ratings": {"members_excellent_rate", "members_good_rate", "members_good_or_better_rate"},
    "unit_ratings": {
        "branches_excellent",
        "branches_excellent_rate",
        "branches_good_rate",
        "branches_good_or_better_rate",
        "branches_clean_strong_rate",
        "branches_clean_strong_exemplary_rate",
        "committee_clean_strong_years",
        "committee_excellent_years",
    },
    "inspections": {"inspections"},
}


def computed_by_year(committee, years, *, keys=None) -> dict[int, dict[str, Decimal]]:
    """year -> ``computed_indicators(committee, year)`` for several years at once, in a fixed number
    of queries whatever the number of years: what the reports and tables of a term read. ``keys``: only
    the records those keys are read from (KEYS_READ_FROM) are read, for an answer that needs a few."""
    years = list(dict.fromkeys(years))
    if not years:
        return {}
    ends = [year_end(y) for y in years]
    first, last = min(years), max(years)
    committee_id = getattr(committee, "pk", committee)
    wanted = None if keys is None else set(keys)

    def reads(records: str) -> bool:
        return wanted is None or bool(KEYS_READ_FROM[records] & wanted)

    members = _members_by_year(committee, years, ends) if reads("members") else None
    badges = _badges_by_year(committee, years) if reads("badges") else None
    branches = (
        list(
            Unit.objects.filter(parent=committee, kind=Kind.BRANCH)
            .order_by()
            .values_list("party_info", "party_info__founded_on", "party_info__dissolved_on")
        )
        if reads("branches")
        else []
    )
    contacts = (
        _held_counts(ResidenceContact.objects.filter(committee=committee).order_by(), "registered_on", "ended_on", ends)
        if reads("contacts")
        else None
    )
    member_levels: dict[int, dict[str, int]] = {y: {} for y in years}
    if reads("member_ratings"):
        for y, level, n in (
            MemberRating.objects.filter(committee=committee, year__in=years)
            .order_by()
            .values_list("year", "level")
            .annotate(n=Count("id"))
        ):
            member_levels[y][level] = n
    # The branches' ratings of the years and the committee's own up to the last: one query.
    branch_levels: dict[int, Counter[str]] = {y: Counter() for y in years}
    ratings: dict[int, str] = {}
    if reads("unit_ratings"):
        for unit_id, y, level in (
            UnitRating.objects.filter(Q(committee=committee, year__in=years) | Q(unit=committee, year__lte=last))
            .order_by()
            .values_list("unit_id", "year", "level")
        ):
            if unit_id == committee_id:
                ratings[y] = level
            else:
                branch_levels[y][level] += 1
    terms = _terms(committee) if ratings else []
    inspections: Counter[int] = Counter()
    has_inspections = False
    if reads("inspections"):
        inspections = Counter(
            d.year
            for d in Inspection.objects.filter(
                committee=committee, held_on__gte=dt.date(first, 1, 1), held_on__lte=year_end(last)
            )
            .order_by()
            .values_list("held_on", flat=True)
        )
        has_inspections = bool(inspections) or Inspection.objects.filter(committee=committee).exists()

    out: dict[int, dict[str, Decimal]] = {}
    for i, (y, end) in enumerate(zip(years, ends, strict=True)):
        values = out[y] = dict(members[y]) if members is not None else {}
        if badges is not None:
            values["party_badges"] = badges[y]
        if branches:
            values["party_branches"] = Decimal(
                sum(
                    1
                    for info, founded, dissolved in branches
                    if info is None or ((founded is None or founded <= end) and (dissolved is None or dissolved > end))
                )
            )
        if contacts is not None:
            values["members_residence_contact"] = Decimal(contacts[i])
        rated = LevelCounts(**member_levels[y])
        if rated.total:
            values["members_excellent_rate"] = rated.rate(Level.EXCELLENT)
            values["members_good_rate"] = rated.rate(Level.GOOD)
            values["members_good_or_better_rate"] = rated.good_or_better_rate
        rated = LevelCounts(**branch_levels[y])
        if rated.total:
            values["branches_excellent"] = Decimal(rated.excellent)
            values["branches_excellent_rate"] = rated.rate(Level.EXCELLENT)
            values["branches_good_rate"] = rated.rate(Level.GOOD)
            values["branches_good_or_better_rate"] = rated.good_or_better_rate
            # Before Quy định 132-QĐ/TW (2018) organisations were rated "trong sạch, vững mạnh (tiêu
            # biểu)"; articles still use the old names for HTTNV-or-better and HTXSNV.
            values["branches_clean_strong_rate"] = values["branches_good_or_better_rate"]
            values["branches_clean_strong_exemplary_rate"] = values["branches_excellent_rate"]
        if ratings:
            values.update(_committee_years(ratings, y, _term_years(y, terms)))
        if has_inspections:
            values["inspections"] = Decimal(inspections[y])
    return out


def computed_indicators(committee, year: int) -> dict[str, Decimal]:
    """Catalog key -> value for the committee in that year (party_members, party_branches, …)."""
    return computed_by_year(committee, [year])[year]


def computed_series(committee, years, *, keys=None) -> dict[str, dict[int, Decimal]]:
    """key -> {year: value} over several years (a term's table); ``keys``: as computed_by_year's."""
    out: dict[str, dict[int, Decimal]] = {}
    by_year = computed_by_year(committee, years) if keys is None else computed_by_year(committee, years, keys=keys)
    for y, values in by_year.items():
        for k, v in values.items():
            out.setdefault(k, {})[y] = v
    return out


# The keys counted from a register of dated entries: badges handed over, inspections held, contacts
# registered. A register covers a year only from its first entry on: an office that began keeping it in
# 2024 has none entered for 2021, which is no "none held" in 2021.
REGISTER_KEYS = {
    "party_badges": (BadgeAward, "awarded_on"),
    "inspections": (Inspection, "held_on"),
    "members_residence_contact": (ResidenceContact, "registered_on"),
}
# The keys counted from the committee's own yearly ratings over a term's years.
COMMITTEE_RATING_KEYS = ("committee_clean_strong_years", "committee_excellent_years")


@dataclass(frozen=True)
class RecordsBegin:
    """Where a committee's records begin, for the keys asked: what says that a year before them is
    unknown rather than none."""

    first_year: dict[str, int]  # key -> the year of the first entry its figure is counted from
    # The last day a branch without a founding date was on the list (dt.date.max: it still is): it counts
    # in every year up to then, founded or not; None when every branch has its founding date.
    undated_branches_until: dt.date | None = None


def records_begin(committee, keys) -> RecordsBegin:
    """The first year of each register (REGISTER_KEYS) and of the committee's own ratings
    (COMMITTEE_RATING_KEYS) among ``keys``, and the undated branches' last day when party_branches is
    one of them: one query, none when no key asks."""
    keys = set(keys)
    committee_id = getattr(committee, "pk", committee)
    firsts = {}
    for key, (model, field) in REGISTER_KEYS.items():
        if key in keys:
            firsts[key] = Subquery(model.objects.filter(committee=OuterRef("pk")).order_by(field).values(field)[:1])
    if keys & set(COMMITTEE_RATING_KEYS):
        first_rating = Subquery(UnitRating.objects.filter(unit=OuterRef("pk")).order_by("year").values("year")[:1])
        firsts |= dict.fromkeys(COMMITTEE_RATING_KEYS, first_rating)
    asked = {f"first_{i}": q for i, q in enumerate(firsts.values())}
    if "party_branches" in keys:
        asked["undated"] = Subquery(
            Unit.objects.filter(parent=OuterRef("pk"), kind=Kind.BRANCH)
            .filter(Q(party_info__isnull=True) | Q(party_info__founded_on__isnull=True))
            .annotate(until=Coalesce("party_info__dissolved_on", Value(dt.date.max), output_field=DateField()))
            .order_by("-until")
            .values("until")[:1]
        )
    if not asked:
        return RecordsBegin({})
    row = Unit.objects.filter(pk=committee_id).order_by().values(**asked).first() or {}
    first_year = {}
    for i, key in enumerate(firsts):
        value = row.get(f"first_{i}")
        if value is not None:
            first_year[key] = value if isinstance(value, int) else value.year
    return RecordsBegin(first_year, row.get("undated"))


def member_counts(committee: Unit, day: dt.date) -> dict[str, int]:
    """Members on a day by status, the way reports write them ("312 đảng viên, có 308 đảng viên
    chính thức và 04 đảng viên dự bị")."""
    qs = members_on(committee, day)
    total = qs.count()
    full = qs.filter(full_on__isnull=False, full_on__lte=day).count()
    return {"total": total, "full": full, "probationary": total - full}
