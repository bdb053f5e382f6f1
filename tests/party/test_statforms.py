"""The statistical forms computed from the registry: each event lands on its line, Biểu 1 balances,
missing fields are counted apart, the seeds' figures come out, pages and access."""

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import TestCase, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import load_workbook

from chitieu.orgs.models import Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.demo import ROSTERS, load_party_demo
from chitieu.party.indicators import computed_indicators
from chitieu.party.models import (
    BadgeAward,
    EntryKind,
    LeaveReason,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    Occupation,
    Sex,
    Transfer,
    TransferScope,
    UnitRating,
)
from chitieu.party.records import members_on
from chitieu.party.statform_xlsx import workbook
from chitieu.party.statforms import FormError, Period, build_form, build_forms, parse_period
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase

GOLDEN = Path(__file__).parent / "golden"
P2024 = Period(2024)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024", Period(2024)),
        (" 2024-6t ", Period(2024, half=True)),
        ("2024-6T", Period(2024, half=True)),
        ("1930", Period(1930)),
        ("24", None),
        ("2024-12", None),
        ("２０２４", None),  # full-width digits
        ("", None),
        ("3000", None),
        ("2024-6t-6t", None),
    ],
)
def test_parse_period(text, expected):
    if expected is None:
        with pytest.raises(FormError, match="Kỳ báo cáo không hợp lệ"):
            parse_period(text)
    else:
        assert parse_period(text) == expected


def test_period_bounds():
    half = Period(2024, half=True)
    assert (half.start, half.end, half.label, half.previous) == (
        D(2024, 1, 1),
        D(2024, 6, 30),
        "6 tháng đầu năm 2024",
        Period(2023, half=True),
    )
    assert D(2024, 7, 1) not in half and D(2024, 6, 30) in half and None not in half


class FormLinesTest(BaseTestCase):
    """Each kind of event in 2024 against the line of Biểu 1 that must count it (and only it)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b = cls.ward_a, cls.branch_a
        old = D(2010, 5, 1)
        cls.cases = {
            # key: (member, the Biểu 1 lines of 2024 it must appear on)
            "staying": (add_member(a, b, "Ở Lại", old), {"A", "D"}),
            "admitted": (add_member(a, b, "Mới Kết Nạp", D(2024, 3, 1), full=False), {"B", "B1", "D"}),
            "readmitted": (
                add_member(a, b, "Kết Nạp Lại", D(2024, 4, 1), full=False, entry_kind=EntryKind.READMITTED),
                {"B", "B1", "D"},
            ),
            "restored": (
                add_member(a, b, "Phục Hồi", old, entry_kind=EntryKind.RESTORED, joined_on=D(2024, 5, 1)),
                {"B", "B3", "D"},
            ),
            "in_other": (
                add_member(
                    a,
                    b,
                    "Tỉnh Khác Đến",
                    old,
                    transferred_in=True,
                    joined_on=D(2024, 2, 1),
                    transfer_scope=TransferScope.OTHER_PROVINCE,
                ),
                {"B", "B2", "B2.other_province", "D"},
            ),
            "in_unknown": (
                add_member(a, b, "Chưa Rõ Đến", old, transferred_in=True, joined_on=D(2024, 2, 1)),
                {"B", "B2", "B2.unknown", "D"},
            ),
            "died": (
                add_member(a, b, "Từ Trần", old, left=D(2024, 8, 1), status=MemberStatus.DECEASED),
                {"A", "C", "C1"},
            ),
            "expelled": (
                add_member(
                    a,
                    b,
                    "Khai Trừ",
                    old,
                    left=D(2024, 8, 1),
                    status=MemberStatus.REMOVED,
                    leave_reason=LeaveReason.EXPELLED,
                ),
                {"A", "C", "C2"},
            ),
            "struck_off_probationary": (
                add_member(
                    a,
                    b,
                    "Xóa Tên Dự Bị",
                    D(2023, 10, 1),
                    full=False,
                    left=D(2024, 6, 1),
                    status=MemberStatus.REMOVED,
                    leave_reason=LeaveReason.STRUCK_OFF,
                ),
                {"A", "C", "C3", "C3.probationary"},
            ),
            "resigned": (
                add_member(
                    a,
                    b,
                    "Xin Ra",
                    old,
                    left=D(2024, 9, 1),
                    status=MemberStatus.REMOVED,
                    leave_reason=LeaveReason.RESIGNED,
                ),
                {"A", "C", "C4"},
            ),
            "removed_unknown": (
                add_member(a, b, "Chưa Rõ Lý Do", old, left=D(2024, 9, 1), status=MemberStatus.REMOVED),
                {"A", "C", "C.unknown"},
            ),
            "out_in_province": (
                add_member(
                    a,
                    b,
                    "Đi Trong Tỉnh",
                    old,
                    left=D(2024, 10, 1),
                    status=MemberStatus.TRANSFERRED_OUT,
                    leave_scope=TransferScope.IN_PROVINCE,
                ),
                {"A", "C", "C5", "C5.in_province"},
            ),
            "came_and_went": (
                add_member(a, b, "Đến Rồi Đi", D(2024, 1, 10), full=False, left=D(2024, 11, 1), status="deceased"),
                {"B", "B1", "C", "C1"},
            ),
            "left_last_year": (
                add_member(a, b, "Đi Năm Trước", old, left=D(2023, 12, 31), status=MemberStatus.DECEASED),
                set(),
            ),
            "admitted_on_new_year": (add_member(a, b, "Vào 1/1", D(2024, 1, 1), full=False), {"B", "B1", "D"}),
            "left_on_new_year": (
                add_member(a, b, "Đi 1/1", old, left=D(2024, 1, 1), status=MemberStatus.DECEASED),
                {"A", "C", "C1"},
            ),
        }

    def test_each_event_on_its_lines(self):
        form = build_form(self.ward_a, 1, P2024)
        counted = {ln.key for ln in form.lines if ln.ids}
        for name, (member, expected) in self.cases.items():
            with self.subTest(name=name):
                self.assertEqual({ln.key for ln in form.lines if member.pk in ln.ids}, expected)
        self.assertEqual(form.problems, [])
        self.assertIn("C.unknown", counted)
        self.assertTrue(any("chuyển đến chưa ghi nơi" in n for n in form.notes))
        self.assertTrue(any("chưa ghi rõ khai trừ" in n for n in form.notes))

    def test_closing_is_the_registry_count(self):
        form = build_form(self.ward_a, 1, P2024)
        self.assertEqual(form.line("D").now, members_on(self.ward_a, D(2024, 12, 31)).count())
        self.assertEqual(form.line("A").now, members_on(self.ward_a, D(2023, 12, 31)).count())

    def test_same_period_last_year_and_percent(self):
        form = build_form(self.ward_a, 1, P2024)
        d = form.line("D")
        self.assertEqual(d.before, members_on(self.ward_a, D(2023, 12, 31)).count())
        self.assertEqual((d.now, d.before), (7, 8))  # counted by hand from the cases above
        self.assertEqual(d.percent, Decimal("87.50"))

    def test_half_year(self):
        form = build_form(self.ward_a, 1, Period(2024, half=True))
        self.assertEqual(form.line("D").now, members_on(self.ward_a, D(2024, 6, 30)).count())
        struck = self.cases["struck_off_probationary"][0]
        self.assertIn(struck.pk, form.line("C3").ids)  # left on 1/6, inside the first half
        self.assertNotIn(self.cases["died"][0].pk, form.line("C").ids)  # left on 1/8

    def test_a_record_leaving_before_it_entered_is_left_out_and_named(self):
        add_member(
            self.ward_a,
            self.branch_a,
            "Hồ Sơ Sai",
            D(2010, 1, 1),
            transferred_in=True,
            joined_on=D(2024, 5, 1),
            left=D(2024, 3, 1),
            status=MemberStatus.TRANSFERRED_OUT,
        )
        form = build_form(self.ward_a, 1, P2024)
        self.assertEqual(form.problems, [])
        self.assertTrue(any("trước ngày vào danh sách" in n for n in form.notes))


class ProfileFormsTest(BaseTestCase):
    """Biểu 2 and 3: the breakdowns, with what the records lack counted apart."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b = cls.ward_a, cls.branch_a
        cls.new = [
            add_member(
                a,
                b,
                "Nữ Kinh",
                D(2024, 3, 2),
                full=False,
                sex=Sex.FEMALE,
                birth=D(2000, 1, 1),
                ethnicity="Kinh",
                religion="Không",
                youth_union=True,
                occupation=Occupation.PUPIL,
                education="upper_secondary",
            ),
            add_member(
                a,
                b,
                "Nam Tày",
                D(2024, 5, 19),
                full=False,
                birth=D(1990, 6, 1),
                ethnicity="Tày",
                religion="Phật giáo",
                youth_union=False,
                occupation=Occupation.FARMER,
            ),
            add_member(a, b, "Chưa Có Hồ Sơ", D(2024, 9, 2), full=False, birth=D(1960, 1, 1)),
        ]
        cls.old = add_member(
            a,
            b,
            "Cựu Chiến Binh",
            D(1950, 1, 1),
            birth=D(1930, 1, 1),
            occupation=Occupation.RETIRED,
            exempt_since=D(2015, 1, 1),
            theory="advanced",
        )

    def test_new_members(self):
        form = build_form(self.ward_a, 2, P2024)
        n = form.line
        rows = [
            ("I", 3),
            ("I.women", 1),
            ("I.minority", 1),
            ("I.religion", 1),
            ("I.youth", 1),
            ("job.pupil", 1),
            ("job.farmer", 1),
            ("job.unknown", 1),
            ("age.18_30", 1),  # 24 when admitted
            ("age.31_35", 1),  # 33 (birthday in June, admitted in May)
            ("age.over_60", 1),  # 64
            ("edu.upper_secondary", 1),
            ("edu.unknown", 2),
        ]
        for key, expected in rows:
            with self.subTest(key=key):
                self.assertEqual(n(key).now, expected)
        self.assertEqual(str(n("age.mean").now), "40.3")  # (24 + 33 + 64) / 3
        self.assertIsNone(n("I.foreign").now)  # not held by the registry: blank, not 0
        self.assertEqual(n("I.minority").incomplete, 1)  # one of three has no ethnicity: a floor
        notes = " ".join(form.notes)
        self.assertIn("1 đảng viên chưa có dân tộc", notes)
        self.assertIn("2 đảng viên chưa có trình độ giáo dục phổ thông", notes)
        # Every breakdown adds up to the total, its "chưa có thông tin" line included.
        for prefix in ("job", "edu", "qual", "age"):
            with self.subTest(prefix=prefix):
                parts = [ln.now for ln in form.lines if ln.key.startswith(prefix + ".") and ln.key != "age.mean"]
                self.assertEqual(sum(parts), 3)

    def test_a_field_no_record_holds_is_blank_not_zero(self):
        form = build_form(self.ward_a, 2, Period(2023))  # nobody admitted in 2023: an honest 0
        self.assertEqual(form.line("I.minority").now, 0)
        Member.objects.filter(committee=self.ward_a).update(ethnicity="")
        form = build_form(self.ward_a, 2, P2024)
        self.assertIsNone(form.line("I.minority").now)
        self.assertEqual(form.line("I.women").now, 1)

    def test_membership_at_the_end(self):
        form = build_form(self.ward_a, 3, P2024)
        n = form.line
        self.assertEqual(n("I").now, 4)
        self.assertEqual(n("I.probationary").now, 3)
        self.assertEqual(n("job.retired").now, 1)
        self.assertEqual(n("exempt").now, 1)
        self.assertEqual(n("era.1945_1954").now, 1)
        self.assertEqual(n("era.since_1975").now, 3)
        self.assertEqual(n("theory.advanced").now, 1)
        self.assertEqual(n("theory.unknown").now, 3)
        self.assertEqual(n("age.over_60").now, 2)


class OrganisationAndRatingFormsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a = cls.ward_a
        cls.branch_2 = create_unit(Kind.BRANCH, "Tổ 2", a)
        cls.people = [add_member(a, cls.branch_a, f"Người {i}", D(2010, 1, 1 + i)) for i in range(6)]
        cls.exempt = add_member(a, cls.branch_2, "Miễn", D(1970, 1, 1), exempt_since=D(2020, 1, 1))
        levels = [Level.EXCELLENT, Level.EXCELLENT, Level.GOOD, Level.GOOD, Level.COMPLETED]
        for m, level in zip(cls.people, levels, strict=False):
            MemberRating.objects.create(member=m, committee=a, branch=cls.branch_a, year=2024, level=level)
        UnitRating.objects.create(unit=cls.branch_a, committee=a, year=2024, level=Level.GOOD)
        UnitRating.objects.create(unit=a, committee=a, year=2024, level=Level.EXCELLENT)
        add_member(cls.commune_b, create_unit(Kind.BRANCH, "Thôn 1", cls.commune_b), "Ở Xã B", D(2012, 1, 1))

    def test_organisations(self):
        form = build_form(self.ward_a, 5, P2024)
        self.assertEqual(
            [(ln.key, ln.now) for ln in form.lines if ln.key.startswith("org.ward") or ln.key == "total"],
            [("org.ward", 1), ("org.ward.branches", 2), ("org.ward.members", 7), ("total", 1)],
        )
        self.assertFalse(form.compare)
        province = build_form(self.province, 5, P2024)
        self.assertEqual(province.line("org.commune").now, 1)
        self.assertEqual(province.line("total").now, 2)
        self.assertEqual(province.line("total.members").now, 8)

    def test_ratings(self):
        form = build_form(self.ward_a, 6, P2024)
        n = form.line
        rows = [
            ("org", 1),
            ("org.excellent", 1),
            ("branch", 2),
            ("branch.good", 1),
            ("branch.unrated", 1),
            ("member", 6),
            ("member.excellent", 2),
            ("member.good", 2),
            ("member.completed", 1),
            ("member.unrated", 1),
            ("member.exempt", 1),
        ]
        for key, expected in rows:
            with self.subTest(key=key):
                self.assertEqual(n(key).now, expected)
        # 2 HTXSNV of 4 HTTNV or better is 50%: over the 20% cap, and the form says so.
        self.assertEqual(len(form.problems), 1)
        self.assertIn("vượt 20% của 4", form.problems[0])

    @override_settings(CHITIEU_EXCELLENT_CAP_PCT=50)
    def test_cap_is_a_setting(self):
        self.assertEqual(build_form(self.ward_a, 6, P2024).problems, [])

    def test_business_form(self):
        a = self.ward_a
        m = self.people[0]
        BadgeAward.objects.create(member=m, committee=a, years=30, awarded_on=D(2024, 2, 3))
        BadgeAward.objects.create(member=self.people[1], committee=a, years=40, awarded_on=D(2024, 5, 19), early=True)
        BadgeAward.objects.create(member=self.people[2], committee=a, years=30, awarded_on=D(2023, 9, 2))
        Member.objects.filter(pk=m.pk).update(card_issued_on=D(2024, 3, 1), card_number="123")
        Transfer.objects.create(member=m, on=D(2024, 4, 1), from_branch=self.branch_a, temporary=True)
        form = build_form(a, 7, P2024)
        rows = [
            ("badge", 2, 1),
            ("badge.30", 1, 1),
            ("badge.40", 1, 0),
            ("badge.early", 1, 0),
            ("card.issued", 1, 0),
            ("move.temp", 1, 0),
        ]
        for key, now, before in rows:
            with self.subTest(key=key):
                self.assertEqual((form.line(key).now, form.line(key).before), (now, before))
        self.assertIsNone(form.line("card.lost").now)


class BalanceProperty(HypothesisTestCase):
    """For any history of admissions, transfers, restorations, deaths and removals, Biểu 1 balances
    (A + B − C = D) and D is the registry's own count of members on the last day."""

    days = st.dates(dt.date(2021, 1, 1), dt.date(2025, 12, 31))
    # (day in, how, days until out — negative: a record leaving before it came, which the form must
    # leave out and name, not count on one side only —, why, full or probationary)
    event = st.tuples(
        days,
        st.sampled_from(["admitted", "transferred_in", "restored", "readmitted", ""]),
        st.one_of(st.none(), st.integers(-400, 1500)),
        st.sampled_from(list(LeaveReason.values) + [""]),
        st.booleans(),
    )

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(event, max_size=25), st.sampled_from([Period(2023), Period(2024, half=True), Period(2025)]))
    def test_balances(self, events, period):
        self.committee = create_unit(Kind.WARD, "Thử")
        self.branch = create_unit(Kind.BRANCH, "1", self.committee)
        for i, (day, kind, stay, reason, full) in enumerate(events):
            left = day + dt.timedelta(days=stay) if stay is not None else None
            status = None  # full or probationary, from ``full``
            if left:
                status = {
                    "died": MemberStatus.DECEASED,
                    "transferred": MemberStatus.TRANSFERRED_OUT,
                }.get(reason, MemberStatus.REMOVED)
            joined = day if kind in ("transferred_in", "restored") else None
            add_member(
                self.committee,
                self.branch,
                f"P{i}",
                D(2000, 1, 1) if joined else day,
                left=left,
                status=status,
                full=full,
                entry_kind=kind,
                transferred_in=kind == "transferred_in",
                joined_on=joined,
                leave_reason=reason,
            )
        form = build_form(self.committee, 1, period)
        self.assertEqual(form.problems, [])
        a, b, c, d = (form.line(k).now for k in "ABCD")
        self.assertEqual(a + b - c, d)
        self.assertEqual(d, members_on(self.committee, period.end).count())
        self.assertEqual(b, sum(form.line(k).now for k in ("B1", "B2", "B3")))
        self.assertEqual(c, sum(form.line(k).now for k in ("C1", "C2", "C3", "C4", "C.unknown", "C5")))
        broken = sum(1 for day, _k, stay, _r, _f in events if stay is not None and stay < 0)
        self.assertEqual(any("trước ngày vào danh sách" in n for n in form.notes), broken > 0)


class SeedFiguresTest(TestCase):
    """The forms of the demo committees give the figures the seed articles state, and the same
    figures the committee pages and reports compute (computed_indicators)."""

    @classmethod
    def setUpTestData(cls):
        parent = create_unit(Kind.CITY, "Thử")
        cls.c = {}
        for subject in ROSTERS:
            kind, _, name = subject.partition(" ")
            cls.c[subject] = create_unit(Kind.WARD if kind == "phường" else Kind.COMMUNE, name, parent)
        cls.parent = parent
        load_party_demo(cls.c)

    def test_seed_statements(self):
        # (committee, year, form, line, the article's figure)
        cases = [
            ("phường Kim Tân", 2019, 3, "I", 1131),
            ("phường Kim Tân", 2019, 5, "total.branches", 28),
            ("phường Kim Tân", 2019, 5, "total.branches.residential", 22),
            ("phường Tây Sơn", 2023, 3, "I", 312),
            ("phường Tây Sơn", 2023, 3, "I.probationary", 4),
            ("phường Tây Sơn", 2023, 5, "total.branches", 13),
            ("phường Tây Sơn", 2023, 2, "I", 7),
            ("phường Tây Sơn", 2023, 6, "branch.excellent", 2),
            ("phường Tây Sơn", 2023, 6, "org.good", 1),
            ("xã Long Đức", 2022, 3, "I", 529),
            ("xã Long Đức", 2022, 5, "total.branches", 22),
        ]
        for subject, year, number, key, expected in cases:
            with self.subTest(subject=subject, form=number, key=key):
                self.assertEqual(build_form(self.c[subject], number, Period(year)).line(key).now, expected)
        admitted = sum(build_form(self.c["xã Long Đức"], 2, Period(y)).line("I").now for y in (2020, 2021, 2022))
        self.assertEqual(admitted, 50)

    def test_forms_agree_with_the_indicators(self):
        for subject, committee in self.c.items():
            for year in range(2016, 2025):
                values = computed_indicators(committee, year)
                forms = {f.number: f for f in build_forms(committee, Period(year))}
                with self.subTest(subject=subject, year=year):
                    self.assertEqual(forms[1].problems, [])
                    self.assertEqual(forms[3].line("I").now, values.get("party_members", 0))
                    self.assertEqual(forms[1].line("D").now, values.get("party_members", 0))
                    self.assertEqual(forms[2].line("I").now, values.get("party_members_admitted", 0))
                    if "party_branches" in values:
                        self.assertEqual(forms[5].line("total.branches").now, values["party_branches"])
                    if "party_badges" in values:  # the register: the overview's "được tặng" is Biểu 7's
                        self.assertEqual(forms[7].line("badge").now, values["party_badges"])
                    if "branches_excellent" in values:
                        self.assertEqual(forms[6].line("branch.excellent").now, values["branches_excellent"])

    def test_province_adds_up_its_committees(self):
        total = build_form(self.parent, 3, P2024)
        self.assertEqual(total.line("I").now, sum(build_form(c, 3, P2024).line("I").now for c in self.c.values()))
        self.assertEqual(total.line("I").before, sum(build_form(c, 3, P2024).line("I").before for c in self.c.values()))

    def test_queries_do_not_grow_with_the_data(self):
        small = self.c["phường Tây Sơn"]
        big = self.c["phường Kim Tân"]
        for unit in (small, big, self.parent):
            with self.subTest(unit=unit.name), self.assertNumQueries(8 if unit.is_committee else 10):
                build_forms(unit, P2024)


# --- golden workbooks --------------------------------------------------------------------------


def _cells(data: bytes) -> dict:
    wb = load_workbook(filename=__import__("io").BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "cells": {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        }
    return out


class GoldenWorkbookTest(BaseTestCase):
    """Each form's workbook, cell by cell, against a committed copy (UPDATE_GOLDEN=1 rewrites it
    after a deliberate change; review the diff)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b = cls.ward_a, cls.branch_a
        add_member(a, b, "Ở Lại", D(1990, 1, 1), birth=D(1965, 2, 2), ethnicity="Kinh", religion="không")
        add_member(a, b, "Mới", D(2024, 3, 2), full=False, sex=Sex.FEMALE, birth=D(2001, 1, 1), youth_union=True)
        add_member(
            a, b, "Từ Trần", D(1960, 1, 1), left=D(2024, 4, 1), status=MemberStatus.DECEASED, birth=D(1935, 1, 1)
        )
        m = add_member(a, b, "Năm Trước", D(2023, 5, 1), birth=D(1999, 9, 9), full=False)
        MemberRating.objects.create(member=m, committee=a, branch=b, year=2024, level=Level.GOOD)

    def test_each_form(self):
        GOLDEN.mkdir(exist_ok=True)
        for form in build_forms(self.ward_a, P2024):
            with self.subTest(form=form.number):
                got = json.loads(json.dumps(_cells(workbook([form])), default=str))
                path = GOLDEN / f"bieu_{form.number}.json"
                if os.environ.get("UPDATE_GOLDEN"):
                    path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n")
                self.assertEqual(got, json.loads(path.read_text()))


# --- pages ---------------------------------------------------------------------------------------


class PagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = add_member(cls.ward_a, cls.branch_a, "Nguyễn Thị Bí Mật", D(2024, 3, 2), full=False)

    def test_committee_user_sees_forms_and_names(self):
        self.login(self.editor)
        r = self.client.get(f"/party/{self.ward_a.pk}/forms/?period=2024")
        self.assertEqual(r.status_code, 200)
        for n in (1, 2, 3, 5, 6, 7):
            self.assertContains(r, f"Biểu số {n}-BTCTW")
        line = f"/party/{self.ward_a.pk}/forms/2/I/?period=2024"
        self.assertContains(r, line)
        self.assertContains(self.client.get(line), "Nguyễn Thị Bí Mật")

    def test_province_sees_counts_not_names(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/forms/2/?period=2024")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "/forms/2/I/")
        self.assertEqual(self.client.get(f"/party/{self.ward_a.pk}/forms/2/I/?period=2024").status_code, 404)
        r = self.client.get(f"/party/{self.province.pk}/forms/?period=2024")
        self.assertContains(r, "cộng lại")
        self.assertNotContains(r, "Bí Mật")

    def test_outsider_and_bad_parameters(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(f"/party/{self.ward_a.pk}/forms/").status_code, 404)
        self.login(self.editor)
        cases = [
            (f"/party/{self.ward_a.pk}/forms/?period=20x4", 400),
            (f"/party/{self.ward_a.pk}/forms/4/", 404),
            (f"/party/{self.ward_a.pk}/forms/1/ZZ/?period=2024", 404),
            (f"/party/{self.ward_a.pk}/forms/1/?period=2024-6t", 200),
        ]
        for url, code in cases:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, code)

    def test_xlsx(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/forms.xlsx?period=2024")
        self.assertEqual(r.status_code, 200)
        wb = load_workbook(filename=__import__("io").BytesIO(r.content))
        self.assertEqual(wb.sheetnames, ["Biểu 1", "Biểu 2", "Biểu 3", "Biểu 5", "Biểu 6", "Biểu 7"])
        ws = wb["Biểu 2"]
        values = {
            ws.cell(r, 2).value.strip(): ws.cell(r, 3).value for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value
        }
        self.assertEqual(values["Tổng số đảng viên mới kết nạp"], 1)
        self.assertNotIn("Bí Mật", str([c.value for row in ws.iter_rows() for c in row]))


def test_the_doc_names_every_form():
    from chitieu.party.statforms import FORMS

    doc = (Path(__file__).parents[2] / "docs" / "statistical_forms.md").read_text()
    for n in FORMS:
        assert f"| Biểu {n} |" in doc


class CliTest(BaseTestCase):
    def test_forms_command(self):
        import argparse
        import contextlib
        import io
        import tempfile

        from chitieu.party import cli

        add_member(self.ward_a, self.branch_a, "Mới", D(2024, 3, 2), full=False)
        parser = argparse.ArgumentParser()
        cli.add_arguments(parser)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(cli.run(parser.parse_args(["forms", "phường Kim Tân", "2024"])), 0)
        text = out.getvalue()
        self.assertIn("Biểu số 2-BTCTW — Thống kê đảng viên mới kết nạp — Đảng bộ phường Kim Tân, năm 2024", text)
        self.assertRegex(text, r"I Tổng số đảng viên mới kết nạp\s+1\n")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bieu.xlsx"
            args = ["forms", str(self.province.pk), "2024-6t", "-o", str(path)]
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(cli.run(parser.parse_args(args)), 0)
            self.assertEqual(load_workbook(path).sheetnames[0], "Biểu 1")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(cli.run(parser.parse_args(["forms", "phường Kim Tân", "20x4"])), 2)
        self.assertIn("Kỳ báo cáo không hợp lệ", err.getvalue())


class ReviewFindingsTest(BaseTestCase):
    """What a reviewer found in the first version, each a case that failed before."""

    def test_organisation_lines_list_organisations_and_member_lines_members(self):
        m = add_member(self.ward_a, self.branch_a, "Lê Văn Tổng", D(2010, 1, 1))
        self.login(self.editor)
        page = self.client.get(f"/party/{self.ward_a.pk}/forms/5/total.members/?period=2024")
        self.assertContains(page, "Lê Văn Tổng")
        page = self.client.get(f"/party/{self.ward_a.pk}/forms/5/total.branches/?period=2024")
        self.assertContains(page, "chi bộ Tổ 1")
        self.assertNotContains(page, m.full_name)

    def test_fields_no_record_holds_are_blank(self):
        add_member(self.ward_a, self.branch_a, "Chưa Rõ", D(2024, 2, 3), full=False, card_number="99")
        form2, form7 = build_form(self.ward_a, 2, P2024), build_form(self.ward_a, 7, P2024)
        self.assertIsNone(form2.line("I.owner").now)  # not recorded is not "no"
        self.assertIsNone(form7.line("card.issued").now)
        self.assertIsNone(form7.line("honour").now)  # no register of awards
        self.assertTrue(any("ngày phát thẻ" in n for n in form7.notes))

    def test_cards_count_full_members_only(self):
        a, b = self.ward_a, self.branch_a
        add_member(a, b, "Chính Thức", D(2022, 1, 1), card_issued_on=D(2024, 3, 1))
        add_member(a, b, "Dự Bị", D(2024, 1, 1), full=False, card_issued_on=D(2024, 5, 1))
        self.assertEqual(build_form(a, 7, P2024).line("card.issued").now, 1)

    def test_awards_register(self):
        from chitieu.party.models import Award

        a = self.ward_a
        Award.objects.create(committee=a, year=2024, level="flag", recipient="Đảng bộ phường")
        Award.objects.create(committee=a, year=2024, level="certificate", recipient="Chi bộ Tổ 1")
        Award.objects.create(committee=a, year=2024, level="merit", recipient_kind="individual", recipient="x", count=3)
        Award.objects.create(committee=a, year=2023, level="certificate", recipient_kind="individual", recipient="y")
        Award.objects.create(committee=a, year=2024, level="order", recipient="Đảng bộ phường")  # not on the form
        form = build_form(a, 7, P2024)
        rows = [("honour", 5, 1), ("honour.org", 2, 0), ("honour.org.flag", 1, 0), ("honour.member", 3, 1)]
        for key, now, before in rows:
            with self.subTest(key=key):
                self.assertEqual((form.line(key).now, form.line(key).before), (now, before))
        self.assertIsNone(build_form(a, 7, Period(2024, half=True)).line("honour").now)

    def test_leaving_before_joining_or_in_the_future_is_refused(self):
        from chitieu.party.records import PartyError, record_leave, transfer_member

        m = add_member(
            self.ward_a, self.branch_a, "Mới Đến", D(2000, 1, 1), transferred_in=True, joined_on=D(2024, 5, 1)
        )
        cases = [
            lambda: record_leave(self.editor, m, None, D(2024, 4, 1), reason="died"),
            lambda: record_leave(self.editor, m, None, D(2999, 1, 1), reason="died"),
            lambda: transfer_member(self.editor, m, None, D(2024, 4, 30), destination="Nơi khác"),
            lambda: transfer_member(self.editor, m, None, D(2999, 6, 1), destination="x", temporary=True),
        ]
        for i, call in enumerate(cases):
            with self.subTest(case=i), self.assertRaises(PartyError):
                call()
        m.refresh_from_db()
        self.assertTrue(m.is_active)

    def test_the_cap_holds_in_each_committee_and_for_branches(self):
        a, b = self.ward_a, self.branch_a
        branch_2 = create_unit(Kind.BRANCH, "Tổ 2", a)
        for unit, level in ((b, Level.EXCELLENT), (branch_2, Level.GOOD)):
            UnitRating.objects.create(unit=unit, committee=a, year=2024, level=level)  # 1 of 2: over 20%
        people = [add_member(a, b, f"A{i}", D(2010, 1, 1 + i)) for i in range(5)]
        for i, m in enumerate(people):  # 1 HTXSNV of 5: within 20% here
            MemberRating.objects.create(
                member=m, committee=a, branch=b, year=2024, level="excellent" if i == 0 else "good"
            )
        branch_b = create_unit(Kind.BRANCH, "Thôn 1", self.commune_b)
        others = [add_member(self.commune_b, branch_b, f"B{i}", D(2010, 1, 1 + i)) for i in range(10)]
        for m in others:  # 0 HTXSNV: pooled with A the province's share would hide A's branches
            MemberRating.objects.create(member=m, committee=self.commune_b, branch=branch_b, year=2024, level="good")
        ward = build_form(a, 6, P2024)
        self.assertEqual(len(ward.problems), 1)
        self.assertIn("1 chi bộ HTXSNV, vượt 20% của 2 chi bộ HTTNV trở lên (tối đa 0)", ward.problems[0])
        province = build_form(self.province, 6, P2024)
        self.assertEqual(len(province.problems), 1)
        self.assertTrue(province.problems[0].startswith("Đảng bộ Kim Tân: 1 chi bộ HTXSNV"))

    def test_periods_not_begun_are_refused_and_unfinished_ones_say_so(self):
        from django.utils import timezone

        today = timezone.localdate()
        with self.assertRaises(FormError):
            build_form(self.ward_a, 1, Period(today.year + 1))
        form = build_form(self.ward_a, 1, Period(today.year))
        if today < D(today.year, 12, 31):
            self.assertIn("Kỳ báo cáo chưa kết thúc", form.notes[0])
        self.login(self.editor)
        r = self.client.get(f"/party/{self.ward_a.pk}/forms/?period={today.year + 1}")
        self.assertEqual(r.status_code, 400)

    def test_mean_age_has_no_percent_and_the_unit_is_said(self):
        add_member(self.ward_a, self.branch_a, "Một", D(2023, 3, 2), birth=D(1990, 1, 1))
        add_member(self.ward_a, self.branch_a, "Hai", D(2024, 3, 2), birth=D(1991, 1, 1))
        form = build_form(self.ward_a, 2, P2024)
        self.assertIsNone(form.line("age.mean").percent)
        self.assertEqual(form.unit_label, "Đơn vị tính: người")
        self.assertEqual(build_form(self.ward_a, 5, P2024).unit_label, "Đơn vị tính: tổ chức; đảng viên: người")
        form3 = build_form(self.ward_a, 3, P2024)
        keys = [ln.key for ln in form3.lines]
        self.assertEqual(keys[keys.index("job.retired") + 1], "exempt")  # "trong đó" under the retired


def test_the_members_query_reads_the_fields_in_the_records_order():
    import dataclasses

    from chitieu.party.statforms import FIELDS, M

    assert FIELDS == tuple(f.name for f in dataclasses.fields(M))
