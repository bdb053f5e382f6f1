"""Indicators computed from Party-organisation records: never typed twice.

``computed_indicators(committee, year)`` is what the evaluation and the reports read for the catalog's
computed indicators. Counts are taken at the end of the year (31/12): reports state "đến nay" figures
at their date, and the year's end is the date every year shares. Rates are shares of those rated that
year, as reports write them ("đảng viên hoàn thành xuất sắc nhiệm vụ chiếm tỷ lệ 12,5%"). A key is left
out when the committee keeps no records of that kind, so that "no roster entered" never reads as 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q

from chitieu.orgs.models import Unit

from .models import (
    Inspection,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    UnitRating,
    add_months,
)
from .records import branches_of, branches_on, members_on, year_end

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


def badge_dates(year: int) -> list[dt.date]:
    """The usual award dates of a year; the setting lists them as MM-DD."""
    out = []
    for md in settings.CHITIEU_BADGE_DATES:
        month, day = (int(x) for x in md.strip().split("-"))
        out.append(dt.date(year, month, day))
    return sorted(out)


def next_badge_date(day: dt.date) -> dt.date:
    """The first usual award date on or after ``day``."""
    for d in badge_dates(day.year) + badge_dates(day.year + 1):
        if d >= day:
            return d
    raise ValueError(day)  # pragma: no cover - the next year always has one


@dataclass(frozen=True)
class BadgeDue:
    member: Member
    years: int  # 30, 40, …
    reached_on: dt.date  # the anniversary of admission
    award_on: dt.date  # the usual award date it is proposed for


def badges_due(committee: Unit, year: int) -> list[BadgeDue]:
    """Members who reach a badge's years of membership in ``year``, counted from the admission date
    (tuổi đảng), with the award date to propose them for; members gone by the anniversary are left out."""
    admitted_years = [year - n for n in BADGE_YEARS]
    rows = (
        Member.objects.filter(committee=committee, admitted_on__year__in=admitted_years)
        .select_related("branch")
        .order_by("admitted_on", "full_name")
    )
    out = []
    for m in rows:
        n = year - m.admitted_on.year
        reached = add_months(m.admitted_on, 12 * n)
        if m.left_on and m.left_on <= reached:
            continue
        if m.full_on is None and m.status == MemberStatus.PROBATIONARY:
            continue  # pragma: no cover - a probationary member cannot have 30 years
        out.append(BadgeDue(m, n, reached, next_badge_date(reached)))
    return out


# --- the indicators ----------------------------------------------------------------------


def _term_years(committee: Unit, year: int) -> list[int]:
    """The rating years of the term ``year`` belongs to, up to ``year``. Ratings are made in December
    and congresses meet early in the year, so a congress year's rating belongs to the new term: the
    2015-2020 term was rated in 2015-2019."""
    from chitieu.plans.models import Term

    term = (
        Term.objects.filter(committee=committee, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    return list(range(term.start_year, year + 1)) if term else []


def _committee_years(committee: Unit, year: int) -> dict[str, Decimal]:
    """How many years of the term so far the committee was rated HTTNV or better (the older
    "trong sạch, vững mạnh") and HTXSNV ("trong sạch, vững mạnh tiêu biểu"). Without a term: the
    run of consecutive years ending with ``year`` ("5 năm liền")."""
    ratings = dict(UnitRating.objects.filter(unit=committee, year__lte=year).values_list("year", "level"))
    if not ratings:
        return {}
    years = _term_years(committee, year)
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


def computed_indicators(committee, year: int) -> dict[str, Decimal]:
    """Catalog key -> value for the committee in that year (party_members, party_branches, …)."""
    out: dict[str, Decimal] = {}
    end = year_end(year)
    start = dt.date(year, 1, 1)
    has_members = Member.objects.filter(committee=committee).exists()
    if has_members:
        out["party_members"] = Decimal(members_on(committee, end).count())
        out["party_members_admitted"] = Decimal(
            Member.objects.filter(
                committee=committee, transferred_in=False, admitted_on__gte=start, admitted_on__lte=end
            ).count()
        )
        out["party_badges"] = Decimal(len(badges_due(committee, year)))
    if branches_of(committee).exists():
        out["party_branches"] = Decimal(branches_on(committee, end).count())
    if ResidenceContact.objects.filter(committee=committee).exists():
        out["members_residence_contact"] = Decimal(
            ResidenceContact.objects.filter(committee=committee, registered_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
            .count()
        )
    members = member_level_counts(committee, year)
    if members.total:
        out["members_excellent_rate"] = members.rate(Level.EXCELLENT)
        out["members_good_rate"] = members.rate(Level.GOOD)
        out["members_good_or_better_rate"] = members.good_or_better_rate
    branches = branch_level_counts(committee, year)
    if branches.total:
        out["branches_excellent"] = Decimal(branches.excellent)
        out["branches_excellent_rate"] = branches.rate(Level.EXCELLENT)
        out["branches_good_rate"] = branches.rate(Level.GOOD)
        out["branches_good_or_better_rate"] = branches.good_or_better_rate
        # Before Quy định 132-QĐ/TW (2018) organisations were rated "trong sạch, vững mạnh (tiêu
        # biểu)"; articles still use the old names for HTTNV-or-better and HTXSNV.
        out["branches_clean_strong_rate"] = out["branches_good_or_better_rate"]
        out["branches_clean_strong_exemplary_rate"] = out["branches_excellent_rate"]
    out.update(_committee_years(committee, year))
    if Inspection.objects.filter(committee=committee).exists():
        out["inspections"] = Decimal(
            Inspection.objects.filter(committee=committee, held_on__gte=start, held_on__lte=end).count()
        )
    return out


def computed_series(committee, years) -> dict[str, dict[int, Decimal]]:
    """key -> {year: value} over several years (a term's table)."""
    out: dict[str, dict[int, Decimal]] = {}
    for y in years:
        for k, v in computed_indicators(committee, y).items():
            out.setdefault(k, {})[y] = v
    return out


def member_counts(committee: Unit, day: dt.date) -> dict[str, int]:
    """Members on a day by status, the way reports write them ("312 đảng viên, có 308 đảng viên
    chính thức và 04 đảng viên dự bị")."""
    qs = members_on(committee, day)
    total = qs.count()
    full = qs.filter(full_on__isnull=False, full_on__lte=day).count()
    return {"total": total, "full": full, "probationary": total - full}
