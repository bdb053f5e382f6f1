"""The demo rosters reproduce what the seed articles state, through the computed indicators."""

from decimal import ROUND_HALF_UP, Decimal

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.demo import ROSTERS, levels_for_shares, load_party_demo
from chitieu.party.indicators import badges_due, computed_indicators, member_counts
from chitieu.party.models import Level, Member, UnitRating
from chitieu.plans.models import Term
from tests.party.helpers import D
from tests.web.base import BaseTestCase


def r1(x) -> Decimal:
    return Decimal(x).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def mean(values) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


class DemoRosterTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        parent = create_unit(Kind.UNNAMED, "")
        cls.c = {}
        for subject in ROSTERS:
            kind, _, name = subject.partition(" ")
            cls.c[subject] = create_unit(Kind.WARD if kind == "phường" else Kind.COMMUNE, name, parent)
        for subject, terms in (
            ("phường Kim Tân", ((2015, 2020), (2020, 2025))),
            ("phường Khuê Trung", ((2015, 2020), (2020, 2025))),
            ("phường Kỳ Phương", ((2015, 2020), (2020, 2025))),
        ):
            for a, b in terms:
                Term.objects.create(committee=cls.c[subject], start_year=a, end_year=b)
        cls.counts = load_party_demo(cls.c)

    def value(self, subject, year, key):
        return computed_indicators(self.c[subject], year)[key]

    def total(self, subject, years, key):
        return sum(self.value(subject, y, key) for y in years)

    def test_seed_figures(self):
        # (seed subject, year(s), indicator, expected) — the articles' own numbers.
        cases = [
            ("phường Kim Tân", 2019, "party_branches", 28),
            ("phường Kim Tân", 2019, "party_members", 1131),
            ("phường Kim Tân", 2020, "party_members", 1131),
            ("phường Kim Tân", 2020, "members_residence_contact", 2299),
            ("phường Kim Tân", 2019, "committee_excellent_years", 5),
            ("phường Tây Sơn", 2023, "party_members", 312),
            ("phường Tây Sơn", 2023, "party_branches", 13),
            ("phường Tây Sơn", 2023, "party_members_admitted", 7),
            ("phường Tây Sơn", 2023, "branches_excellent", 2),
            ("phường Tây Sơn", 2023, "branches_good_or_better_rate", 100),
            ("xã Long Đức", 2022, "party_branches", 22),
            ("xã Long Đức", 2022, "party_members", 529),
            ("xã Long Đức", 2022, "branches_clean_strong_rate", 100),
            ("phường Kỳ Phương", 2019, "committee_excellent_years", 5),
            ("phường Khuê Trung", 2019, "committee_clean_strong_years", 5),
            ("phường Khuê Trung", 2019, "committee_excellent_years", 3),
        ]
        for subject, year, key, expected in cases:
            with self.subTest(subject=subject, year=year, key=key):
                self.assertEqual(self.value(subject, year, key), expected)

    def test_term_totals(self):
        cases = [
            ("phường Kim Tân", range(2015, 2020), "party_members_admitted", 43),
            ("phường Kỳ Phương", range(2015, 2020), "party_members_admitted", 55),
            ("phường Kỳ Phương", range(2015, 2020), "inspections", 35),
            ("phường Khuê Trung", range(2015, 2020), "party_members_admitted", 55),
            ("xã Long Đức", range(2020, 2023), "party_members_admitted", 50),
            ("phường 4", range(2020, 2023), "party_members_admitted", 28),
            ("phường 4", range(2020, 2023), "party_badges", 24),
        ]
        for subject, years, key, expected in cases:
            with self.subTest(subject=subject, key=key):
                self.assertEqual(self.total(subject, years, key), expected)
        # The congress year closing the term adds nothing, whichever way a report sums.
        self.assertEqual(self.total("phường Kim Tân", range(2015, 2021), "party_members_admitted"), 43)
        self.assertEqual(self.total("phường Kỳ Phương", range(2015, 2021), "inspections"), 35)

    def test_kim_tan_branch_kinds_and_excellent_share(self):
        branches = self.c["phường Kim Tân"].children.filter(kind=Kind.BRANCH)
        self.assertEqual(branches.filter(branch_kind=BranchKind.RESIDENTIAL).count(), 22)
        self.assertEqual(branches.filter(branch_kind=BranchKind.AGENCY).count(), 6)
        # "100% chi bộ hoàn thành tốt nhiệm vụ, trong đó 20%" over the five years.
        years = range(2015, 2020)
        self.assertEqual(mean(self.value("phường Kim Tân", y, "branches_excellent_rate") for y in years), 20)
        self.assertTrue(all(self.value("phường Kim Tân", y, "branches_good_or_better_rate") == 100 for y in years))

    def test_tay_son_full_and_probationary(self):
        self.assertEqual(
            member_counts(self.c["phường Tây Sơn"], D(2023, 12, 31)), {"total": 312, "full": 308, "probationary": 4}
        )
        # 13/13 HTTNV or better, two of them HTXSNV; the committee HTTNV.
        ratings = UnitRating.objects.filter(committee=self.c["phường Tây Sơn"], year=2023)
        self.assertEqual(ratings.exclude(unit=self.c["phường Tây Sơn"]).count(), 13)
        self.assertEqual(ratings.get(unit=self.c["phường Tây Sơn"]).level, Level.GOOD)

    def test_phuong_4_shares(self):
        years = range(2020, 2023)
        for y in years:
            with self.subTest(year=y):
                self.assertEqual(r1(self.value("phường 4", y, "members_excellent_rate")), Decimal("12.5"))
                self.assertEqual(r1(self.value("phường 4", y, "members_good_rate")), Decimal("86.2"))
                self.assertEqual(r1(self.value("phường 4", y, "branches_excellent_rate")), Decimal("20.7"))
                # 20,7% + 79,2% cannot both hold with fewer than 500 branch ratings: 79,3% is the nearest.
                good = r1(self.value("phường 4", y, "branches_good_rate"))
                self.assertLessEqual(abs(good - Decimal("79.2")), Decimal("0.1"))

    def test_kỳ_phuong_branches_one_per_group(self):
        residential = self.c["phường Kỳ Phương"].children.filter(branch_kind=BranchKind.RESIDENTIAL)
        self.assertEqual(residential.count(), 7)
        self.assertEqual(
            {b.party_info.residential_group.name for b in residential}, {f"Tổ dân phố {i}" for i in range(1, 8)}
        )

    def test_khue_trung_admissions_and_branches(self):
        for y in range(2015, 2020):
            with self.subTest(year=y):
                self.assertEqual(self.value("phường Khuê Trung", y, "party_members_admitted"), 11)
                self.assertGreater(self.value("phường Khuê Trung", y, "branches_good_or_better_rate"), 93)
        self.assertTrue(self.c["phường Khuê Trung"].children.filter(name="24").exists())  # "Chi bộ 24"

    def test_badges_of_phuong_4_are_listed_by_year(self):
        due = {y: len(badges_due(self.c["phường 4"], y)) for y in (2020, 2021, 2022)}
        self.assertEqual(due, {2020: 8, 2021: 9, 2022: 7})

    def test_counts_returned_and_deterministic_names(self):
        self.assertEqual(self.counts["party_residence_contacts"], 2299)
        self.assertGreater(self.counts["party_members"], 4000)
        first = Member.objects.filter(committee=self.c["phường Tây Sơn"]).order_by("pk").first()
        self.assertTrue(first.full_name)

    def test_levels_for_shares(self):
        self.assertEqual(levels_for_shares(385, "12.5", "86.2"), (48, 332, 5, 0))
        self.assertIsNone(levels_for_shares(29, "20.7", "79.2"))
