"""A figure typed by hand that the Party records count otherwise is flagged (issue: "No rule flags typed
figures differing from registry (phường 4: 28 typed vs 44 records)"): plans.crosscheck on the committee
page, in the API's evaluation and in the reports, with both numbers; no flag where they agree or where
the records cannot tell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu.core.catalog import indicators
from chitieu.orgs.models import Kind
from chitieu.orgs.tree import create_unit
from chitieu.party import indicators as party_indicators
from chitieu.party.indicators import KEYS_READ_FROM, computed_by_year
from chitieu.party.models import BadgeAward, BranchInfo, Inspection, ResidenceContact, UnitRating
from chitieu.plans import crosscheck
from chitieu.plans.crosscheck import registry_conflicts, same
from chitieu.plans.models import Result, Status, Term
from chitieu.reports.content import build_report
from tests.party.helpers import D, add_member

from .base import BaseTestCase, make_target

TODAY = D(2026, 6, 1)  # the 2020-2025 term is counted over 2020-2024 (party.indicators.term_years)
# phường Kim Tân's records: 5 members from before the term, then admissions year by year.
ADMITTED = {2021: 3, 2022: 2, 2023: 4, 2024: 1}  # 2020: none; 10 over 2020-2024
MEMBERS_AT_END = {2020: 5, 2021: 8, 2022: 10, 2023: 14, 2024: 15}


class RegistryConflictsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for i in range(5):
            add_member(cls.ward_a, cls.branch_a, f"Đảng viên cũ {i}", D(2010, 5, 1))
        for year, n in ADMITTED.items():
            for i in range(n):
                add_member(cls.ward_a, cls.branch_a, f"Đảng viên {year}-{i}", D(year, 6, 1 + i))
        cls.admissions.results.all().delete()  # each case types its own

    def typed(self, target, values: dict[int | None, str]):
        target.results.all().delete()
        for year, value in values.items():
            Result.objects.create(target=target, year=year, value=Decimal(value), status=Status.APPROVED)

    def conflicts(self, term=None):
        return registry_conflicts(term or self.term_a, today=TODAY)


class TypedAgainstRecordsTest(RegistryConflictsTestCase):
    # (what is typed, (phrase of the target, {year or None: value}), expected [(year, typed, recorded)])
    CASES = [
        ("a year as the records count it", ("Kết nạp 10 đảng viên/năm", {2021: "3"}), []),
        ("a year that differs", ("Kết nạp 10 đảng viên/năm", {2023: "28"}), [(2023, "28", "4")]),
        ("one of two years differs", ("Kết nạp 10 đảng viên/năm", {2021: "3", 2022: "5"}), [(2022, "5", "2")]),
        ("a year with none admitted, typed none", ("Kết nạp 10 đảng viên/năm", {2020: "0"}), []),
        ("a per-year target's term result: the average", ("Kết nạp 10 đảng viên/năm", {None: "2"}), []),
        ("a term average that differs", ("Kết nạp 10 đảng viên/năm", {None: "3"}), [(None, "3", "2")]),
        ("a term total as counted", ("Kết nạp 10 đảng viên trong nhiệm kỳ", {None: "10"}), []),
        ("a term total that differs", ("Kết nạp 10 đảng viên trong nhiệm kỳ", {None: "28"}), [(None, "28", "10")]),
        ("a total with no period, as counted", ("Kết nạp từ 8 đảng viên mới trở lên", {None: "10"}), []),
        (
            "a total with no period, differing",
            ("Kết nạp từ 8 đảng viên mới trở lên", {None: "44"}),
            [(None, "44", "10")],
        ),
        ("members at a year's end", ("Đảng bộ có từ 20 đảng viên trở lên", {2023: "14"}), []),
        ("members that differ", ("Đảng bộ có từ 20 đảng viên trở lên", {2023: "312"}), [(2023, "312", "14")]),
        # A term's members are counted on a day a report does not say: not compared.
        ("members at the term's end", ("Đảng bộ có từ 20 đảng viên trở lên", {None: "312"}), []),
        # A floor every year must keep: a term's figure could be a total, an average or the worst year.
        ("an every-year floor's term figure", ("Mỗi năm kết nạp ít nhất 2 đảng viên mới", {None: "7"}), []),
        ("not a Party figure", ("Giảm tỷ lệ hộ nghèo còn dưới 3%", {2023: "2.5"}), []),
    ]

    def test_cases(self):
        for n, (name, (phrase, values), expected) in enumerate(self.CASES, start=10):
            with self.subTest(name):
                target = make_target(self.term_a, n, phrase)
                self.typed(target, values)
                found = [c for c in self.conflicts() if c.target == target]
                got = [(c.year, format(c.typed.normalize(), "f"), format(c.recorded.normalize(), "f")) for c in found]
                self.assertEqual(got, expected)
                target.delete()

    def test_the_sentence_says_both_numbers(self):
        self.typed(self.admissions, {2023: "28"})
        (c,) = self.conflicts()
        self.assertEqual(
            c.text, "«Kết nạp 10 đảng viên/năm»: kết nạp năm 2023 nhập 28, hồ sơ đảng viên có 4 đảng viên được kết nạp."
        )

    def test_a_half_terms_total_typed_as_the_terms(self):
        """Seed 002's phường 4: "phát triển 28 đảng viên mới" at mid-term, typed as the term's result,
        against the records' count so far: the sentence says which years the typed figure is of."""
        target = make_target(self.term_a, 9, "Kết nạp 10 đảng viên trong nhiệm kỳ")
        self.typed(target, {None: "5"})  # 2020-2022: 0 + 3 + 2
        (c,) = self.conflicts()
        self.assertEqual((c.typed, c.recorded, c.years), (5, 10, (2020, 2021, 2022, 2023, 2024)))
        self.assertEqual(c.typed_matches, (2020, 2021, 2022))
        self.assertEqual(
            c.detail,
            "kết nạp cả nhiệm kỳ nhập 5, hồ sơ đảng viên có 10 đảng viên được kết nạp trong các năm 2020-2024 "
            "(5 là số của các năm 2020-2022)",
        )

    def test_a_term_average_says_the_total_too(self):
        self.typed(self.admissions, {None: "3"})
        (c,) = self.conflicts()
        self.assertTrue(c.per_year)
        self.assertEqual(
            c.detail,
            "kết nạp bình quân mỗi năm nhập 3, hồ sơ đảng viên có 10 đảng viên được kết nạp trong các năm "
            "2020-2024, bình quân 2 mỗi năm",
        )

    def test_a_yearly_plan_target_is_checked_too(self):
        plan = make_target(self.term_a, 1, "Kết nạp 5 đảng viên", year=2023)
        self.typed(plan, {2023: "6"})
        self.assertEqual([(c.target, c.year, c.recorded) for c in self.conflicts()], [(plan, 2023, 4)])

    def test_figures_are_the_same_at_the_typed_figures_places(self):
        for typed, recorded, expected in (
            ("12.5", "12.4837", True),
            ("12.5", "12.5499", True),
            ("12.5", "12.55", False),
            ("12", "12.4837", True),
            ("28", "44", False),
            ("28.00000000", "28", True),
        ):
            with self.subTest(typed=typed, recorded=recorded):
                self.assertEqual(same(Decimal(typed), Decimal(recorded)), expected)


class RecordsCannotTellTest(RegistryConflictsTestCase):
    def test_no_roster_no_flag(self):
        target = make_target(self.term_c, 2, "Kết nạp 10 đảng viên/năm")
        self.typed(target, {2021: "7", None: "7"})
        self.assertEqual(self.conflicts(self.term_c), [])

    def test_a_year_before_the_roster_no_flag(self):
        """Xã Hợp Thành's roster begins in 2023: its 2021 figure cannot be checked, its 2023 one can;
        nor can a term's total whose years the roster does not all cover."""
        branch = create_unit(Kind.BRANCH, "Thôn 1", self.commune_b)
        for i in range(3):
            add_member(self.commune_b, branch, f"Đảng viên Hợp Thành {i}", D(2023, 3, 1 + i))
        term = Term.objects.create(committee=self.commune_b, start_year=2020, end_year=2025)
        yearly = make_target(term, 1, "Kết nạp 10 đảng viên/năm")
        total = make_target(term, 2, "Kết nạp 10 đảng viên trong nhiệm kỳ")
        self.typed(yearly, {2021: "9", 2023: "5"})
        self.typed(total, {None: "40"})
        self.assertEqual(
            [(c.target, c.year, c.typed, c.recorded) for c in self.conflicts(term)], [(yearly, 2023, 5, 3)]
        )

    def test_a_year_to_come_no_flag(self):
        self.typed(self.admissions, {2027: "5"})
        self.assertEqual(self.conflicts(), [])
        later = Term.objects.create(committee=self.ward_a, start_year=2030, end_year=2035)
        total = make_target(later, 1, "Kết nạp 10 đảng viên trong nhiệm kỳ")
        self.typed(total, {None: "40"})
        self.assertEqual(self.conflicts(later), [])

    def test_a_rating_not_entered_no_flag(self):
        target = make_target(self.term_a, 20, "Hằng năm có 90% chi bộ hoàn thành tốt nhiệm vụ trở lên")
        self.typed(target, {2023: "95"})
        self.assertEqual(self.conflicts(), [])


def found(conflicts, target) -> list[tuple[int | None, str, str]]:
    return [
        (c.year, format(c.typed.normalize(), "f"), format(c.recorded.normalize(), "f"))
        for c in conflicts
        if c.target == target
    ]


class RegistersBeginTest(RegistryConflictsTestCase):
    """A register covers the years from its first entry on: phường Kim Tân began entering its
    inspections in 2024, its badges in 2023, its residence contacts in 2022. Before then "none entered"
    is no "none held", and a term's figure over years it does not all cover cannot be checked."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for day in (D(2024, 3, 1), D(2024, 5, 1), D(2024, 9, 1), D(2025, 4, 1), D(2025, 10, 1)):
            Inspection.objects.create(committee=cls.ward_a, held_on=day, body="executive", subject="Chi bộ Tổ 1")
        for i, day in enumerate((D(2023, 9, 2), D(2024, 2, 3), D(2024, 9, 2))):
            veteran = add_member(cls.ward_a, cls.branch_a, f"Đảng viên 30 năm {i}", D(day.year - 30, 1, 1))
            BadgeAward.objects.create(member=veteran, committee=cls.ward_a, years=30, awarded_on=day)
        for i, day in enumerate((D(2022, 3, 1), D(2022, 4, 1), D(2024, 1, 1))):
            ResidenceContact.objects.create(
                committee=cls.ward_a, branch=cls.branch_a, full_name=f"Liên hệ {i}", registered_on=day
            )

    # (case, (phrase of the target, {year or None: value}), expected [(year, typed, recorded)])
    CASES = [
        ("inspections before the register", ("Mỗi năm kiểm tra, giám sát 6 cuộc", {2021: "6"}), []),
        (
            "inspections, the register's first year",
            ("Mỗi năm kiểm tra, giám sát 6 cuộc", {2024: "6"}),
            [(2024, "6", "3")],
        ),
        ("inspections as counted", ("Mỗi năm kiểm tra, giám sát 6 cuộc", {2024: "3", 2025: "2"}), []),
        (
            "inspections, a term the register half covers",
            ("Kiểm tra, giám sát 30 cuộc trong nhiệm kỳ", {None: "30"}),
            [],
        ),
        ("inspections, a term average", ("Mỗi năm kiểm tra, giám sát 6 cuộc", {None: "6"}), []),
        ("badges before the register", ("Mỗi năm trao Huy hiệu Đảng cho 5 đảng viên", {2022: "4"}), []),
        ("badges, a year it covers", ("Mỗi năm trao Huy hiệu Đảng cho 5 đảng viên", {2023: "4"}), [(2023, "4", "1")]),
        ("badges as counted", ("Mỗi năm trao Huy hiệu Đảng cho 5 đảng viên", {2024: "2"}), []),
        (
            "badges, a term total",
            ("Trao tặng Huy hiệu Đảng cho 40 đảng viên trong nhiệm kỳ", {None: "3"}),
            [],
        ),
        ("contacts before the register", ("Có 20 đảng viên giữ mối liên hệ với nơi cư trú", {2021: "5"}), []),
        (
            "contacts, a year it covers",
            ("Có 20 đảng viên giữ mối liên hệ với nơi cư trú", {2023: "5"}),
            [(2023, "5", "2")],
        ),
        ("contacts as counted", ("Có 20 đảng viên giữ mối liên hệ với nơi cư trú", {2024: "3"}), []),
    ]

    def test_cases(self):
        for n, (name, (phrase, values), expected) in enumerate(self.CASES, start=10):
            with self.subTest(name):
                target = make_target(self.term_a, n, phrase)
                self.typed(target, values)
                self.assertEqual(found(self.conflicts(), target), expected)
                target.delete()

    def test_the_register_keys_are_the_party_apps(self):
        self.assertEqual(set(crosscheck.REGISTER_KEYS), set(party_indicators.REGISTER_KEYS))
        self.assertEqual(set(crosscheck.COMMITTEE_RATING_KEYS), set(party_indicators.COMMITTEE_RATING_KEYS))

    def test_where_the_records_begin_one_query(self):
        keys = {"inspections", "party_badges", "members_residence_contact", "party_branches"}
        keys |= set(party_indicators.COMMITTEE_RATING_KEYS)
        with CaptureQueriesContext(connection) as ctx:
            begin = party_indicators.records_begin(self.ward_a, keys)
        self.assertEqual(len(ctx.captured_queries), 1)
        self.assertEqual(
            begin.first_year, {"inspections": 2024, "party_badges": 2023, "members_residence_contact": 2022}
        )
        self.assertEqual(begin.undated_branches_until, dt.date.max)  # Tổ 1 has no founding date
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(party_indicators.records_begin(self.ward_a, {"party_members"}).first_year, {})
        self.assertEqual(len(ctx.captured_queries), 0)

    def test_the_committees_years_rated_from_its_first_rating(self):
        """Its ratings entered from 2022: its years rated HTTNV or better up to 2023 are not known (2020
        and 2021 would count as not rated); entered from the term's first year, they are."""
        for year in (2022, 2023):
            UnitRating.objects.create(unit=self.ward_a, committee=self.ward_a, year=year, level="good")
        target = make_target(self.term_a, 10, "Đảng bộ hoàn thành tốt nhiệm vụ trở lên 5 năm")
        self.typed(target, {2023: "4"})
        self.assertEqual(found(self.conflicts(), target), [])
        for year in (2020, 2021):
            UnitRating.objects.create(unit=self.ward_a, committee=self.ward_a, year=year, level="completed")
        self.assertEqual(found(self.conflicts(), target), [(2023, "4", "2")])

    def test_the_sentence_of_a_year_the_register_covers(self):
        target = make_target(self.term_a, 10, "Mỗi năm kiểm tra, giám sát 6 cuộc")
        self.typed(target, {2021: "6", 2024: "6"})
        (c,) = self.conflicts()
        self.assertEqual(c.detail, "kiểm tra, giám sát năm 2024 nhập 6, hồ sơ đảng viên có 3 cuộc kiểm tra, giám sát")


class UndatedBranchesTest(RegistryConflictsTestCase):
    """A branch without a founding date counts in every year it was on the list: the records cannot
    tell those years' number of branches, but this year's they can (it is on the list now)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()  # Tổ 1: no founding date
        founded = create_unit(Kind.BRANCH, "Tổ 2", cls.ward_a)
        BranchInfo.objects.create(branch=founded, founded_on=D(2023, 5, 1))
        cls.gone = create_unit(Kind.BRANCH, "Tổ 3", cls.ward_a)
        BranchInfo.objects.create(branch=cls.gone, dissolved_on=D(2021, 6, 30))  # undated, dissolved

    def date_to_1(self):
        BranchInfo.objects.create(branch=self.branch_a, founded_on=D(2010, 1, 1))

    # (case, dated Tổ 1?, {year: typed}, expected [(year, typed, recorded)])
    CASES = [
        ("a year an undated branch was on the list", False, {2022: "5"}, []),
        ("this year", False, {2026: "5"}, [(2026, "5", "2")]),
        ("this year as counted", False, {2026: "2"}, []),
        ("every branch dated but one gone by then", True, {2022: "5"}, [(2022, "5", "1")]),
        ("the year the undated one was still there", True, {2020: "5"}, []),
        ("the year it was dissolved", True, {2021: "5"}, [(2021, "5", "1")]),
    ]

    def test_cases(self):
        for n, (name, dated, values, expected) in enumerate(self.CASES, start=10):
            with self.subTest(name):
                BranchInfo.objects.filter(branch=self.branch_a).delete()
                if dated:
                    self.date_to_1()
                target = make_target(self.term_a, n, "Đảng bộ có 5 chi bộ trực thuộc")
                self.typed(target, values)
                self.assertEqual(found(self.conflicts(), target), expected)

    def test_no_undated_branch(self):
        self.gone.party_info.delete()
        self.gone.delete()
        self.date_to_1()
        begin = party_indicators.records_begin(self.ward_a, {"party_branches"})
        self.assertIsNone(begin.undated_branches_until)


class TermUnderWayTest(RegistryConflictsTestCase):
    """The 2025-2030 term checked on 1/3/2026: 10 admitted in 2025, 1 so far in 2026. A term's result
    is compared with its finished years (2025), not with two months taken for a year."""

    ON = D(2026, 3, 1)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.term = Term.objects.create(committee=cls.ward_a, start_year=2025, end_year=2030)
        for i in range(10):
            add_member(cls.ward_a, cls.branch_a, f"Đảng viên 2025-{i}", D(2025, 4, 1 + i))
        add_member(cls.ward_a, cls.branch_a, "Đảng viên 2026", D(2026, 2, 3))

    # (case, (phrase, {year or None: typed}), today, expected [(year, typed, recorded)], years counted)
    CASES = [
        ("an average of the finished year", ("Kết nạp 10 đảng viên/năm", {None: "10"}), ON, [], None),
        ("an average that differs", ("Kết nạp 10 đảng viên/năm", {None: "8"}), ON, [(None, "8", "10")], (2025,)),
        ("a total of the finished year", ("Kết nạp 50 đảng viên trong nhiệm kỳ", {None: "10"}), ON, [], None),
        ("a total to date", ("Kết nạp 50 đảng viên trong nhiệm kỳ", {None: "11"}), ON, [], None),
        (
            "a total that differs",
            ("Kết nạp 50 đảng viên trong nhiệm kỳ", {None: "12"}),
            ON,
            [(None, "12", "10")],
            (2025,),
        ),
        ("the term's first year: nothing finished", ("Kết nạp 10 đảng viên/năm", {None: "3"}), D(2025, 6, 1), [], None),
        (
            "this year's own result is still compared",
            ("Kết nạp 10 đảng viên/năm", {2026: "3"}),
            ON,
            [(2026, "3", "1")],
            None,
        ),
        (
            "a year later, two finished years",
            ("Kết nạp 10 đảng viên/năm", {None: "10"}),
            D(2027, 3, 1),
            [(None, "10", "5.5")],
            (2025, 2026),
        ),
    ]

    def test_cases(self):
        for n, (name, (phrase, values), today, expected, years) in enumerate(self.CASES, start=1):
            with self.subTest(name):
                target = make_target(self.term, n, phrase)
                self.typed(target, values)
                conflicts = registry_conflicts(self.term, today=today)
                self.assertEqual(found(conflicts, target), expected)
                if years is not None:
                    self.assertEqual([c.years for c in conflicts if c.target == target], [years])

    def test_the_sentence_says_the_finished_year(self):
        target = make_target(self.term, 1, "Kết nạp 10 đảng viên/năm")
        self.typed(target, {None: "8"})
        (c,) = registry_conflicts(self.term, today=self.ON)
        self.assertEqual(
            c.detail,
            "kết nạp bình quân mỗi năm nhập 8, hồ sơ đảng viên có 10 đảng viên được kết nạp trong năm 2025, "
            "bình quân 10 mỗi năm",
        )


class BoundedQueriesTest(RegistryConflictsTestCase):
    def count(self) -> int:
        term = Term.objects.get(pk=self.term_a.pk)
        with CaptureQueriesContext(connection) as ctx:
            registry_conflicts(term, today=TODAY)
        return len(ctx.captured_queries)

    def test_the_queries_do_not_grow_with_targets_and_years(self):
        self.typed(self.admissions, {2021: "4"})
        small = self.count()
        for n in range(10, 20):
            target = make_target(self.term_a, n, "Kết nạp 10 đảng viên/năm" if n % 2 else "Đảng bộ có 30 đảng viên")
            self.typed(target, {y: str(n) for y in range(2020, 2026)} | {None: str(n)})
        self.assertEqual(self.count(), small)
        self.assertLessEqual(small, 5)  # the targets, their results, the roster's two

    def test_narrowed_reads_give_the_full_reads_figures(self):
        computed = {k for k, ind in indicators().items() if ind.computed}
        self.assertEqual(set().union(*KEYS_READ_FROM.values()), computed)
        years = list(range(2020, 2025))
        full = computed_by_year(self.ward_a, years)
        for records, keys in KEYS_READ_FROM.items():
            with self.subTest(records=records):
                narrow = computed_by_year(self.ward_a, years, keys=keys)
                for y in years:
                    self.assertEqual(
                        {k: v for k, v in narrow[y].items() if k in keys},
                        {k: v for k, v in full[y].items() if k in keys},
                    )


class ShownWhereConflictsAreTest(RegistryConflictsTestCase):
    def setUp(self):
        self.typed(self.admissions, {2023: "28"})

    def test_the_committee_page(self):
        self.login(self.viewer)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        self.assertIn('id="registry-conflicts"', html)
        self.assertIn("Số liệu nhập tay khác hồ sơ đảng viên:", html)
        self.assertIn("kết nạp năm 2023 nhập 28, hồ sơ đảng viên có 4 đảng viên được kết nạp.", html)

    def test_the_committee_page_says_nothing_when_they_agree(self):
        self.typed(self.admissions, {2023: "4"})
        self.login(self.viewer)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        self.assertNotIn('id="registry-conflicts"', html)
        self.assertNotIn("khác hồ sơ đảng viên", html)

    def test_the_api(self):
        self.login(self.viewer)
        for params in ({}, {"year": 2023}):
            with self.subTest(params=params):
                body = self.client.get(f"/api/terms/{self.term_a.pk}/evaluation", params).json()
                (c,) = body["registry_conflicts"]
                self.assertEqual(c["target"]["id"], self.admissions.pk)
                self.assertEqual(
                    (c["indicator"], c["year"], c["years"], c["typed"], c["recorded"], c["per_year"]),
                    ("party_members_admitted", 2023, [2023], "28", "4", False),
                )
                self.assertIn("nhập 28, hồ sơ đảng viên có 4 đảng viên được kết nạp", c["text"])

    def test_the_reports(self):
        note = "[Lưu ý: số liệu nhập tay khác hồ sơ đảng viên: kết nạp năm 2023 nhập 28, hồ sơ đảng viên có 4 đảng"
        for kind, year, shown in (("annual", 2023, True), ("annual", 2022, False), ("term", None, True)):
            with self.subTest(kind=kind, year=year):
                content = build_report(self.ward_a, kind, year=year, term=self.term_a, today=dt.date(2026, 3, 1))
                self.assertEqual(note in content.text, shown, content.text)
