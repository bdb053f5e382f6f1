"""computed_indicators on a small roster: counts at the end of the year, rates of those rated."""

from decimal import Decimal

from django.test import override_settings

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.indicators import branch_level_counts, computed_indicators, member_level_counts
from chitieu.party.models import (
    BranchInfo,
    Inspection,
    InspectionBody,
    Level,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    UnitRating,
)
from chitieu.plans.models import Term
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase


class IndicatorsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b = cls.ward_a, cls.branch_a
        cls.b2 = create_unit(Kind.BRANCH, "Trường THCS", a, branch_kind=BranchKind.AGENCY)
        BranchInfo.objects.create(branch=cls.b2, founded_on=D(2021, 6, 1))
        cls.m = [
            add_member(a, b, "A", D(2000, 1, 1)),
            add_member(a, b, "B", D(2021, 5, 1)),  # admitted 2021, full 2022
            add_member(a, b, "C", D(2005, 1, 1), left=D(2021, 7, 1), status=MemberStatus.DECEASED),
            add_member(
                a, cls.b2, "D", D(2010, 1, 1), transferred_in=True, joined_on=D(2021, 2, 1)
            ),  # not an admission here
            add_member(a, cls.b2, "E", D(2021, 11, 1), full=False),
        ]
        for m, level in zip(cls.m, (Level.EXCELLENT, Level.GOOD, None, Level.GOOD, Level.COMPLETED), strict=True):
            if level:
                MemberRating.objects.create(member=m, committee=a, branch=m.branch, year=2021, level=level)
        UnitRating.objects.create(unit=b, committee=a, year=2021, level=Level.EXCELLENT)
        UnitRating.objects.create(unit=cls.b2, committee=a, year=2021, level=Level.GOOD)
        Inspection.objects.create(committee=a, held_on=D(2021, 3, 1), body=InspectionBody.COMMISSION, subject="x")
        Inspection.objects.create(committee=a, held_on=D(2022, 3, 1), body=InspectionBody.STANDING, subject="y")
        ResidenceContact.objects.create(
            committee=a, branch=b, full_name="F", registered_on=D(2020, 3, 1), ended_on=D(2022, 1, 1)
        )

    def test_2021(self):
        v = computed_indicators(self.ward_a, 2021)
        expected = {
            "party_members": 4,  # A, B, D, E; C died in July
            "party_branches": 2,
            "party_members_admitted": 2,  # B and E; D came by transfer
            "members_residence_contact": 1,
            "members_excellent_rate": 25,
            "members_good_rate": 50,
            "members_good_or_better_rate": 75,
            "branches_excellent": 1,
            "branches_excellent_rate": 50,
            "branches_good_or_better_rate": 100,
            "branches_clean_strong_rate": 100,
            "branches_clean_strong_exemplary_rate": 50,
            "inspections": 1,
        }
        for key, value in expected.items():
            with self.subTest(key=key):
                self.assertEqual(v[key], Decimal(value))

    def test_years_before_and_after(self):
        cases = [
            (2020, "party_members", 2),  # A and C
            (2020, "party_branches", 1),  # the school's branch was founded in 2021
            (2022, "members_residence_contact", 0),
            (2022, "inspections", 1),
        ]
        for year, key, expected in cases:
            with self.subTest(year=year, key=key):
                self.assertEqual(computed_indicators(self.ward_a, year)[key], expected)
        # No ratings that year: no rate at all rather than a 0%.
        self.assertNotIn("members_excellent_rate", computed_indicators(self.ward_a, 2022))

    def test_no_records_no_keys(self):
        self.assertEqual(computed_indicators(self.commune_b, 2021), {})

    def test_cap_warning(self):
        self.assertEqual(member_level_counts(self.ward_a, 2021).excellent_share_of_good, Decimal("33.3333"))
        self.assertTrue(member_level_counts(self.ward_a, 2021).over_cap)
        self.assertTrue(branch_level_counts(self.ward_a, 2021).over_cap)
        with override_settings(CHITIEU_EXCELLENT_CAP_PCT=50):
            self.assertFalse(member_level_counts(self.ward_a, 2021).over_cap)

    def test_committee_years_within_the_term(self):
        # term_a is 2020-2025; the ratings of 2020-2023 belong to it.
        for year, level in (
            (2019, Level.EXCELLENT),
            (2020, Level.EXCELLENT),
            (2021, Level.GOOD),
            (2022, Level.COMPLETED),
        ):
            UnitRating.objects.create(unit=self.ward_a, committee=self.ward_a, year=year, level=level)
        v = computed_indicators(self.ward_a, 2022)
        self.assertEqual(v["committee_clean_strong_years"], 2)
        self.assertEqual(v["committee_excellent_years"], 1)
        # Without a term: the run of consecutive years ("5 năm liền").
        Term.objects.filter(committee=self.ward_a).delete()
        v = computed_indicators(self.ward_a, 2021)
        self.assertEqual(v["committee_clean_strong_years"], 3)
        self.assertEqual(v["committee_excellent_years"], 0)
