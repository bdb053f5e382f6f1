"""The batched indicators (computed_by_year, computed_series) against the per-year queries they replace.

``reference_indicators`` below is computed_indicators as it was written before the batching: one year
at a time, a query per figure. The batched functions must give the same values, with the keys in
the same order (the reports list the Party figures in that order), on the demo's rosters and on a
small roster built to sit on every boundary (year ends, transfers, dissolved branches, badges).
"""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q
from django.test import TestCase
from django.test.utils import CaptureQueriesContext, override_settings

from chitieu.demo.load import load_demo
from chitieu.orgs.models import COMMITTEE_KINDS, BranchKind, Kind, Unit
from chitieu.orgs.tree import create_unit
from chitieu.party.indicators import (
    BADGE_YEARS,
    LevelCounts,
    badges_due,
    computed_by_year,
    computed_indicators,
    computed_series,
    next_badge_date,
)
from chitieu.party.indicators import _committee_years as count_committee_years
from chitieu.party.models import (
    BadgeAward,
    BranchInfo,
    Inspection,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    UnitRating,
    add_months,
)
from chitieu.party.records import branches_of, branches_on, members_on, year_end
from chitieu.plans.models import Term
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase

# --- the per-year reference ---------------------------------------------------------------------


def reference_badges(committee, year):
    rows = (
        Member.objects.filter(committee=committee, admitted_on__year__in=[year - n for n in BADGE_YEARS])
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
            continue
        out.append((m.pk, n, reached, next_badge_date(reached)))
    return out


def _levels(qs) -> LevelCounts:
    return LevelCounts(**{r["level"]: r["n"] for r in qs.values("level").annotate(n=Count("id"))})


def _committee_years(committee, year):
    ratings = dict(UnitRating.objects.filter(unit=committee, year__lte=year).values_list("year", "level"))
    if not ratings:
        return {}
    term = (
        Term.objects.filter(committee=committee, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    years = list(range(term.start_year, year + 1)) if term else []
    # The counting rule itself is tested in test_indicators; here the per-year queries that feed it.
    return count_committee_years(ratings, year, years)


def reference_indicators(committee, year):
    out = {}
    end, start = year_end(year), dt.date(year, 1, 1)
    if Member.objects.filter(committee=committee).exists():
        out["party_members"] = Decimal(members_on(committee, end).count())
        out["party_members_admitted"] = Decimal(
            Member.objects.filter(
                committee=committee, transferred_in=False, admitted_on__gte=start, admitted_on__lte=end
            ).count()
        )
    if BadgeAward.objects.filter(committee=committee).exists():  # the register of badges handed over
        out["party_badges"] = Decimal(BadgeAward.objects.filter(committee=committee, awarded_on__year=year).count())
    if branches_of(committee).exists():
        out["party_branches"] = Decimal(branches_on(committee, end).count())
    if ResidenceContact.objects.filter(committee=committee).exists():
        out["members_residence_contact"] = Decimal(
            ResidenceContact.objects.filter(committee=committee, registered_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
            .count()
        )
    members = _levels(MemberRating.objects.filter(committee=committee, year=year))
    if members.total:
        out["members_excellent_rate"] = members.rate(Level.EXCELLENT)
        out["members_good_rate"] = members.rate(Level.GOOD)
        out["members_good_or_better_rate"] = members.good_or_better_rate
    branches = _levels(UnitRating.objects.filter(committee=committee, year=year).exclude(unit=committee))
    if branches.total:
        out["branches_excellent"] = Decimal(branches.excellent)
        out["branches_excellent_rate"] = branches.rate(Level.EXCELLENT)
        out["branches_good_rate"] = branches.rate(Level.GOOD)
        out["branches_good_or_better_rate"] = branches.good_or_better_rate
        out["branches_clean_strong_rate"] = out["branches_good_or_better_rate"]
        out["branches_clean_strong_exemplary_rate"] = out["branches_excellent_rate"]
    out.update(_committee_years(committee, year))
    if Inspection.objects.filter(committee=committee).exists():
        out["inspections"] = Decimal(
            Inspection.objects.filter(committee=committee, held_on__gte=start, held_on__lte=end).count()
        )
    return out


# Terms, mid-terms, single years, a long table, years out of order, repeated and far apart.
YEAR_SETS = (
    list(range(2015, 2020)),
    list(range(2015, 2021)),
    list(range(2020, 2023)),
    list(range(2020, 2026)),
    [2023],
    [1995],
    list(range(2008, 2031)),
    [2024, 2016, 2019, 2016],
    [2011, 2023, 2030],
)


class Comparison:
    """Assertions shared by the demo and the boundary cases."""

    def reference(self, committee, year):
        memo = self.__dict__.setdefault("_reference", {})
        if (committee.pk, year) not in memo:
            memo[committee.pk, year] = reference_indicators(committee, year)
        return memo[committee.pk, year]

    def assert_same(self, committee, years):
        expected = {y: self.reference(committee, y) for y in years}
        got = computed_by_year(committee, years)
        self.assertEqual(list(got), list(dict.fromkeys(years)))
        for y in years:
            with self.subTest(committee=committee.title, year=y):
                self.assertEqual(got[y], expected[y])
                self.assertEqual(list(got[y]), list(expected[y]))  # same keys in the same order
        for y in years[:2]:
            self.assertEqual(computed_indicators(committee, y), expected[y])
        # The series as the per-year loop built it: keys in the order they first appear.
        reference = {}
        for y in years:
            for k, v in expected[y].items():
                reference.setdefault(k, {})[y] = v
        series = computed_series(committee, years)
        self.assertEqual(series, reference)
        self.assertEqual(list(series), list(reference))
        self.assertEqual({k: list(v) for k, v in series.items()}, {k: list(v) for k, v in reference.items()})

    def assert_same_badges(self, committee, years):
        for y in years:
            with self.subTest(committee=committee.title, badges=y):
                got = [(b.member.pk, b.years, b.reached_on, b.award_on) for b in badges_due(committee, y)]
                self.assertEqual(got, reference_badges(committee, y))


@override_settings(CHITIEU_BADGE_DATES=["02-03", "05-19", "09-02", "11-07"])
class DemoBatchedTest(Comparison, TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.committees = list(Unit.objects.filter(kind__in=COMMITTEE_KINDS).order_by("pk"))

    def test_every_committee_and_year_set(self):
        self.assertEqual(len(self.committees), 8)
        for committee in self.committees:
            for years in YEAR_SETS:
                self.assert_same(committee, years)

    def test_badges_due(self):
        for committee in self.committees:
            self.assert_same_badges(committee, range(2014, 2027))

    def test_queries_do_not_grow_with_the_years(self):
        kim_tan = next(c for c in self.committees if c.title == "phường Kim Tân")  # every kind of record
        counts = []
        for years in ([2019], list(range(2015, 2020)), list(range(2000, 2031))):
            with CaptureQueriesContext(connection) as queries:
                computed_by_year(kim_tan, years)
            counts.append(len(queries))
        self.assertLessEqual(max(counts), 11)
        self.assertLessEqual(counts[2], counts[0])

    def test_no_years(self):
        self.assertEqual(computed_by_year(self.committees[0], []), {})
        self.assertEqual(computed_series(self.committees[0], []), {})


@override_settings(CHITIEU_BADGE_DATES=["02-03", "05-19", "09-02", "11-07"])
class BoundaryBatchedTest(Comparison, BaseTestCase):
    """Records on the edges the batching must keep: year ends, transfers in, branches founded and
    dissolved, contacts ended, badge anniversaries on a leap day and on the day a member left."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b = cls.ward_a, cls.branch_a
        # The branch of the base tree has no BranchInfo: it always counts. One founded in 2021,
        # one dissolved on 31/12/2022 (gone at that year's end), one founded on 31/12/2019.
        for name, founded, dissolved in (
            ("Tổ 2", D(2021, 6, 1), None),
            ("Tổ 3", None, D(2022, 12, 31)),
            ("Tổ 4", D(2019, 12, 31), D(2023, 1, 1)),
        ):
            branch = create_unit(Kind.BRANCH, name, a, branch_kind=BranchKind.RESIDENTIAL)
            BranchInfo.objects.create(branch=branch, founded_on=founded, dissolved_on=dissolved)
        members = [
            add_member(a, b, "Một", D(2020, 12, 31)),  # admitted on a year's last day
            add_member(a, b, "Hai", D(2021, 1, 1), full=False),  # probationary
            add_member(a, b, "Ba", D(2019, 5, 5), left=D(2021, 12, 31), status=MemberStatus.DECEASED),
            add_member(a, b, "Bốn", D(2018, 3, 3), left=D(2022, 1, 1), status=MemberStatus.REMOVED),
            # Transferred in on 31/12/2021, admitted long before elsewhere: counts from the transfer,
            # never as an admission here.
            add_member(a, b, "Năm", D(1992, 2, 29), transferred_in=True, joined_on=D(2021, 12, 31)),
            add_member(a, b, "Sáu", D(1982, 7, 1)),  # 40 years in 2022
            add_member(a, b, "Bảy", D(1977, 7, 1), left=D(2022, 7, 1), status=MemberStatus.DECEASED),  # left that day
            add_member(a, b, "Tám", D(1977, 7, 1), left=D(2022, 7, 2), status=MemberStatus.DECEASED),  # a day after
            add_member(a, b, "Chín", D(1972, 2, 29)),  # 50 years on 28/2/2022
            add_member(a, b, "Mười", D(1933, 11, 8)),  # 90 years in 2023, proposed for 2024
            add_member(a, b, "Mười một", D(1995, 8, 1), left=D(2019, 12, 31), status=MemberStatus.TRANSFERRED_OUT),
        ]
        cls.members = members
        for i, (registered, ended) in enumerate(
            ((D(2020, 1, 1), None), (D(2020, 12, 31), D(2021, 12, 31)), (D(2021, 1, 1), D(2022, 1, 1)))
        ):
            ResidenceContact.objects.create(
                committee=a, branch=b, full_name=f"Liên hệ {i}", registered_on=registered, ended_on=ended
            )
        for held in (D(2021, 1, 1), D(2021, 12, 31), D(2023, 6, 1)):
            Inspection.objects.create(committee=a, held_on=held, body="executive", subject="Chi bộ Tổ 1")
        for year, levels in ((2021, ["excellent", "good", "good"]), (2022, ["good", "completed", "not_completed"])):
            for m, level in zip(members, levels, strict=False):
                MemberRating.objects.create(member=m, committee=a, branch=b, year=year, level=level)
        for year, level in ((2020, "good"), (2021, "excellent"), (2023, "excellent")):
            UnitRating.objects.create(unit=a, committee=a, year=year, level=level)
            UnitRating.objects.create(unit=b, committee=a, year=year, level="good")
        # A committee rated without a term: its run of consecutive years.
        UnitRating.objects.create(unit=cls.commune_b, committee=cls.commune_b, year=2021, level="good")
        UnitRating.objects.create(unit=cls.commune_b, committee=cls.commune_b, year=2022, level="excellent")

    def test_the_ward(self):
        for years in YEAR_SETS + (list(range(2018, 2027)), [2022], [2021, 2022]):
            self.assert_same(self.ward_a, years)
        self.assert_same_badges(self.ward_a, range(2015, 2027))

    def test_committees_with_few_records(self):
        for committee in (self.commune_b, self.commune_c):
            for years in ([2021], list(range(2019, 2025))):
                self.assert_same(committee, years)

    def test_the_edges_themselves(self):
        values = computed_by_year(self.ward_a, [2021, 2022])
        # 2021: Một, Hai, Bốn, Năm (from 31/12), Sáu, Bảy, Tám, Chín, Mười; Ba died on 31/12.
        self.assertEqual(values[2021]["party_members"], 9)
        self.assertEqual(values[2021]["party_members_admitted"], 1)  # Hai; Năm came by transfer
        self.assertEqual(values[2022]["party_branches"], 3)  # Tổ 1, Tổ 2, Tổ 4
        # Năm (30 years on 28/2, admitted on 29/2), Sáu (40), Tám (45), Chín (50); not Bảy, gone that day.
        self.assertEqual(len(badges_due(self.ward_a, 2022)), 4)
        self.assertNotIn("party_badges", values[2022])  # due, not handed over: the register is empty
        self.assertEqual(values[2021]["members_residence_contact"], 2)  # the one ended on 31/12 is gone
