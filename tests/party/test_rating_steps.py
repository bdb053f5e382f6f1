"""The three rating steps on 100 points (party/rating_steps.py) and their pages."""

import re
from decimal import Decimal

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from chitieu.orgs.models import AuditEntry, BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party import rating_steps as steps
from chitieu.party.models import Level, MemberRating, RatingProposal
from chitieu.party.records import PartyError
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase

YEAR = 2025


def row(proposed=None, self_score=None, **kw):
    return {"proposed_score": proposed, "self_score": self_score, **kw}


class StepsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.people = [add_member(cls.ward_a, cls.branch_a, f"Đảng viên {i:02}", D(2010, 1, 1 + i)) for i in range(10)]

    def propose(self, scores, conditions=True, user=None):
        rows = {m.pk: row(s, excellent_conditions=conditions) for m, s in zip(self.people, scores, strict=False)}
        return steps.save_proposals(user or self.editor, self.branch_a, YEAR, rows)

    # --- steps 1 and 2 ---------------------------------------------------------------------

    def test_proposed_level_comes_from_the_score(self):
        a, b, c, d = self.people[:4]
        n = steps.save_proposals(
            self.editor,
            self.branch_a,
            YEAR,
            {
                a.pk: row("92,5", "95", excellent_conditions=True),
                b.pk: row("92", "92", self_level=Level.EXCELLENT),  # claims HTXSNV; the branch finds no conditions
                c.pk: row("49.99", "60"),
                d.pk: row("88", "88", disciplined=True),
            },
        )
        self.assertEqual(n, 4)
        got = {
            p.member_id: (p.self_score, p.self_level, p.proposed_score, p.proposed_level)
            for p in RatingProposal.objects.all()
        }
        self.assertEqual(got[a.pk], (Decimal("95.00"), Level.EXCELLENT, Decimal("92.50"), Level.EXCELLENT))
        self.assertEqual(got[b.pk], (Decimal("92.00"), Level.EXCELLENT, Decimal("92.00"), Level.GOOD))
        self.assertEqual(got[c.pk][1:], (Level.COMPLETED, Decimal("49.99"), Level.NOT_COMPLETED))
        self.assertEqual(got[d.pk][3], Level.NOT_COMPLETED)
        entry = AuditEntry.objects.get(action="rating.proposals")
        self.assertEqual(entry.new["year"], YEAR)
        # The same rows again change nothing and write no audit entry.
        self.assertEqual(
            steps.save_proposals(self.editor, self.branch_a, YEAR, {a.pk: row("92.50", "95", excellent_conditions=1)}),
            0,
        )
        self.assertEqual(AuditEntry.objects.filter(action="rating.proposals").count(), 1)

    def test_a_level_that_contradicts_its_score_is_refused(self):
        a, b = self.people[:2]
        rows = {
            a.pk: row("80"),
            b.pk: row("80", proposed_level=Level.EXCELLENT, excellent_conditions=True),
        }
        with self.assertRaises(steps.ProposalError) as caught:
            steps.save_proposals(self.editor, self.branch_a, YEAR, rows)
        self.assertEqual(set(caught.exception.errors), {b.pk})
        self.assertIn("Đảng viên 01: Chi bộ đề xuất HTXSNV không khớp với 80,00 điểm", str(caught.exception))
        self.assertIn("the proposed level does not match the score", str(caught.exception))
        self.assertFalse(RatingProposal.objects.exists())  # all or nothing
        for bad, message in (
            (row("95", proposed_level=Level.EXCELLENT), "HTXSNV cần đủ các điều kiện"),
            (row(None, "60", self_level=Level.GOOD), "Tự xếp loại HTTNV không khớp với 60,00 điểm (theo điểm là HTNV)"),
            (row(None, proposed_level=Level.GOOD, disciplined=True), "Bị kỷ luật trong năm thì xếp loại KHTNV"),
            (row("101"), "Điểm đề xuất: Điểm phải từ 0 đến 100"),
            (row(None, "abc"), "Điểm tự chấm: Điểm không phải là số"),
        ):
            with self.subTest(message), self.assertRaisesRegex(PartyError, re.escape(message)):
                steps.save_proposals(self.editor, self.branch_a, YEAR, {a.pk: bad})

    def test_no_points_before_the_setting_year(self):
        a = self.people[0]
        with self.assertRaisesRegex(PartyError, "Theo Quy định 124-QĐ/TW ngày 04/10/2023 không chấm điểm"):
            steps.save_proposals(self.editor, self.branch_a, 2024, {a.pk: row("80")})
        steps.save_proposals(self.editor, self.branch_a, 2024, {a.pk: row(proposed_level=Level.GOOD)})
        self.assertEqual(RatingProposal.objects.get().proposed_level, Level.GOOD)
        with override_settings(CHITIEU_RATING_POINTS_FROM=2024):
            steps.save_proposals(self.editor, self.branch_a, 2024, {a.pk: row("80")})
        self.assertEqual(RatingProposal.objects.get().proposed_score, Decimal(80))

    def test_only_the_branch_members_and_only_editors(self):
        gone = add_member(self.ward_a, self.branch_a, "Đã Chuyển", D(2010, 1, 1), left=D(2025, 3, 1))
        with self.assertRaisesRegex(PartyError, "không thuộc chi bộ"):
            steps.save_proposals(self.editor, self.branch_a, YEAR, {gone.pk: row("80")})
        for user in (self.viewer, self.province_viewer, self.outsider):
            with self.subTest(user.username), self.assertRaisesRegex(PartyError, "Không có quyền"):
                steps.save_proposals(user, self.branch_a, YEAR, {self.people[0].pk: row("80")})
            with self.subTest(user.username), self.assertRaisesRegex(PartyError, "Không có quyền"):
                steps.decide_ratings(user, self.ward_a, YEAR)

    # --- step 3 ---------------------------------------------------------------------------

    def test_decide_turns_proposals_into_ratings(self):
        self.propose(["95", "85", "80", "80", "75", "72", "70", "65", "40"])  # the tenth is not proposed
        n = steps.decide_ratings(self.editor, self.ward_a, YEAR)
        self.assertEqual(n, 9)
        r = MemberRating.objects.get(member=self.people[0], year=YEAR)
        self.assertEqual(
            (r.level, r.score, r.branch, r.committee), (Level.EXCELLENT, Decimal(95), self.branch_a, self.ward_a)
        )
        levels = list(MemberRating.objects.order_by("member__full_name").values_list("level", flat=True))
        self.assertEqual(levels, ["excellent"] + ["good"] * 6 + ["completed", "not_completed"])
        self.assertEqual(AuditEntry.objects.filter(action="rating.decide").count(), 1)
        self.assertEqual(steps.decide_ratings(self.editor, self.ward_a, YEAR), 0)  # nothing new

    def test_decide_refuses_over_the_cap(self):
        # 3 HTXSNV among 10 rated HTTNV or better: 20% of 10 allows 2.
        self.propose(["95", "95", "95"] + ["80"] * 7)
        with self.assertRaises(PartyError) as caught:
            steps.decide_ratings(self.editor, self.ward_a, YEAR)
        self.assertIn("3 HTXSNV vượt 20% của 10 đảng viên HTTNV trở lên (tối đa 2)", str(caught.exception))
        self.assertFalse(MemberRating.objects.exists())
        with override_settings(CHITIEU_EXCELLENT_CAP_PCT=30):
            self.assertEqual(steps.decide_ratings(self.editor, self.ward_a, YEAR), 10)

    def test_the_cap_counts_ratings_decided_before(self):
        self.propose(["95", "95"] + ["80"] * 8)
        # The first two, alone, are all HTXSNV: 2 of 2 is over the cap.
        with self.assertRaisesRegex(PartyError, r"2 HTXSNV vượt 20% của 2 đảng viên HTTNV trở lên \(tối đa 0\)"):
            steps.decide_ratings(self.editor, self.ward_a, YEAR, [m.pk for m in self.people[:2]])
        # With the eight HTTNV decided first, they fit: 2 of 10.
        self.assertEqual(steps.decide_ratings(self.editor, self.ward_a, YEAR, [m.pk for m in self.people[2:]]), 8)
        self.assertEqual(steps.decide_ratings(self.editor, self.ward_a, YEAR, [m.pk for m in self.people[:2]]), 2)
        with self.assertRaisesRegex(PartyError, "chưa có mức đề xuất"):
            other = add_member(self.ward_a, self.branch_a, "Chưa Đề Xuất")
            steps.decide_ratings(self.editor, self.ward_a, YEAR, [other.pk])

    def test_members_not_rated(self):
        exempt = add_member(self.ward_a, self.branch_a, "Miễn Sinh Hoạt", exempt_since=D(2024, 5, 1))
        exempt_later = add_member(self.ward_a, self.branch_a, "Miễn Năm Sau", exempt_since=D(2026, 1, 1))
        new = add_member(self.ward_a, self.branch_a, "Mới Kết Nạp", D(2025, 7, 1), full=False)
        six_months = add_member(self.ward_a, self.branch_a, "Đủ Sáu Tháng", D(2025, 6, 30), full=False)
        add_member(self.ward_a, self.branch_a, "Đã Chuyển", D(2010, 1, 1), left=D(2025, 3, 1))
        add_member(self.ward_a, self.branch_a, "Vào Năm Sau", D(2026, 1, 5), full=False)
        add_member(self.commune_b, create_unit(Kind.BRANCH, "Thôn 1", self.commune_b), "Xã Khác")
        self.propose(["80"] * 8)
        steps.decide_ratings(self.editor, self.ward_a, YEAR)
        result = steps.members_not_rated(self.ward_a, YEAR)
        self.assertEqual(
            [m.full_name for m in result.missing], ["Miễn Năm Sau", "Đảng viên 08", "Đảng viên 09", "Đủ Sáu Tháng"]
        )
        self.assertEqual(result.exempt, [exempt])
        self.assertEqual(result.new, [new])
        self.assertEqual(result.counts, (4, 1, 1))
        self.assertIn(exempt_later, result.missing)
        self.assertIn(six_months, result.missing)


class PagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.people = [add_member(cls.ward_a, cls.branch_a, f"Đảng viên {i:02}", D(2010, 1, 1 + i)) for i in range(5)]
        cls.exempt = add_member(cls.ward_a, cls.branch_a, "Miễn Sinh Hoạt", exempt_since=D(2024, 5, 1))

    def setUp(self):
        self.login(self.editor)
        self.page = f"/party/{self.ward_a.pk}/ratings/{YEAR}/"
        self.branch_page = f"{self.page}{self.branch_a.pk}/"

    def grid(self, values: dict):
        """The grid as posted: every member's fields, as shown, with ``values`` (member -> fields) changed."""
        data = {}
        for m in self.people:
            given = values.get(m, {})
            data[f"ss{m.pk}"] = given.get("ss", "")
            data[f"sl{m.pk}"] = given.get("sl", "")
            data[f"ps{m.pk}"] = given.get("ps", "")
            for tick in ("kl", "dk"):
                if given.get(tick):
                    data[f"{tick}{m.pk}"] = "on"
        return data

    def test_branch_grid_for_a_points_year(self):
        r = self.client.get(self.branch_page)
        self.assertContains(r, 'id="proposal-grid"')
        self.assertContains(r, "Quy định 366-QĐ/TW ngày 30/8/2025")
        self.assertContains(r, 'aria-label="Điểm chi bộ đề xuất — Đảng viên 00"')
        self.assertNotContains(r, 'id="member-ratings"')
        a, b = self.people[:2]
        r = self.client.post(
            self.branch_page, self.grid({a: {"ss": "93", "ps": "91,5", "dk": True}, b: {"ss": "75,25", "ps": "68"}})
        )
        self.assertRedirects(r, self.branch_page)
        got = dict(RatingProposal.objects.values_list("member_id", "proposed_level"))
        self.assertEqual(got, {a.pk: Level.EXCELLENT, b.pk: Level.COMPLETED})  # only the changed rows
        r = self.client.get(self.branch_page)
        self.assertContains(r, 'value="91,50"')
        self.assertContains(r, "<td>HTXSNV</td>", html=False)
        # A new self score with the select left as shown: the self level follows the score.
        self.assertEqual(RatingProposal.objects.get(member=a).self_level, Level.EXCELLENT)
        post = self.grid(
            {a: {"ss": "60", "sl": Level.EXCELLENT, "ps": "91,50", "dk": True}, b: {"ss": "75,25", "ps": "68"}}
        )
        self.assertRedirects(self.client.post(self.branch_page, post), self.branch_page)
        self.assertEqual(RatingProposal.objects.get(member=a).self_level, Level.COMPLETED)

    def test_branch_grid_errors(self):
        a = self.people[0]
        r = self.client.post(self.branch_page, self.grid({a: {"ss": "60", "sl": Level.GOOD}}))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Tự xếp loại HTTNV không khớp với 60,00 điểm")
        r = self.client.post(self.branch_page, self.grid({a: {"ps": "abc"}}))
        self.assertContains(r, "Điểm không phải là số: «abc»")
        r = self.client.post(self.branch_page, self.grid({a: {"ps": "100,01"}}))
        self.assertContains(r, "Điểm phải từ 0 đến 100, không phải 100,01")
        self.assertFalse(RatingProposal.objects.exists())
        self.login(self.viewer)  # sees the names, cannot save
        r = self.client.post(self.branch_page, self.grid({a: {"ps": "80"}}))
        self.assertEqual(r.status_code, 404)

    def test_past_year_keeps_the_old_screen(self):
        url = f"/party/{self.ward_a.pk}/ratings/2024/{self.branch_a.pk}/"
        r = self.client.get(url)
        self.assertContains(r, 'id="member-ratings"')
        self.assertNotContains(r, 'id="proposal-grid"')
        r = self.client.post(url, {f"m{self.people[0].pk}": "excellent", "branch_level": ""})
        self.assertRedirects(r, f"/party/{self.ward_a.pk}/ratings/2024/")
        self.assertEqual(MemberRating.objects.get().level, Level.EXCELLENT)
        r = self.client.get(f"/party/{self.ward_a.pk}/ratings/2024/")
        self.assertNotContains(r, 'id="rating-steps"')
        # A points year can still record decided levels directly.
        r = self.client.get(self.branch_page + "?mode=direct")
        self.assertContains(r, 'id="member-ratings"')

    def test_committee_page_counts_cap_and_decision(self):
        rows = {m.pk: row(s, excellent_conditions=True) for m, s in zip(self.people, ["95", "95", "80"], strict=False)}
        steps.save_proposals(self.editor, self.branch_a, YEAR, rows)
        r = self.client.get(self.page)
        self.assertContains(r, "Chi bộ đã đề xuất: 3 đảng viên")
        self.assertContains(r, "Đảng ủy đã quyết định: 0 đảng viên")
        self.assertContains(r, "Chưa được xếp loại: 5 đảng viên; miễn sinh hoạt, không xếp loại: 1")
        self.assertContains(
            r, "Vượt tỷ lệ: nếu quyết định theo đề xuất thì có 2 HTXSNV trong 3 đảng viên HTTNV trở lên"
        )
        self.assertContains(r, "Tối đa 20% là 0 đảng viên, thừa 2")
        self.assertContains(r, 'id="decide"')
        self.assertContains(r, "Đảng viên 04")  # in the not-rated list
        r = self.client.post(f"{self.page}decide/", follow=True)
        self.assertContains(r, "Không thể quyết định: 2 HTXSNV vượt 20% của 3 đảng viên HTTNV trở lên (tối đa 0)")
        self.assertFalse(MemberRating.objects.exists())

        steps.save_proposals(self.editor, self.branch_a, YEAR, {self.people[1].pk: row("85")})
        with override_settings(CHITIEU_EXCELLENT_CAP_PCT=50):
            r = self.client.get(self.page)
            self.assertContains(r, "Trong tỷ lệ: nếu quyết định theo đề xuất thì có 1 HTXSNV trong 3")
            r = self.client.post(f"{self.page}decide/", follow=True)
        self.assertContains(r, "Đã quyết định xếp loại, 3 thay đổi.")
        self.assertEqual(MemberRating.objects.count(), 3)
        self.assertContains(r, "Đảng ủy đã quyết định: 3 đảng viên")
        self.assertContains(r, "Chưa được xếp loại: 2 đảng viên")
        self.assertNotContains(r, 'id="decide"')  # nothing left to decide

    def test_names_only_for_those_who_see_personal_data(self):
        self.login(self.province_viewer)
        r = self.client.get(self.page)
        self.assertContains(r, "Chưa được xếp loại: 5 đảng viên")
        self.assertNotContains(r, "Đảng viên 04")
        self.assertNotContains(r, "Miễn Sinh Hoạt")
        self.assertNotContains(r, 'id="decide"')
        self.assertEqual(self.client.get(self.branch_page).status_code, 404)
        self.assertEqual(self.client.post(f"{self.page}decide/").status_code, 404)
        self.login(self.viewer)
        r = self.client.get(self.page)
        self.assertContains(r, "Miễn Sinh Hoạt")

    def test_committee_page_queries_do_not_grow(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                r = self.client.get(self.page)
            self.assertEqual(r.status_code, 200)
            return len(queries)

        steps.save_proposals(self.editor, self.branch_a, YEAR, {m.pk: row("80") for m in self.people[:2]})
        steps.decide_ratings(self.editor, self.ward_a, YEAR)
        small = count()
        for b in range(4):
            branch = create_unit(Kind.BRANCH, f"Tổ {b + 2}", self.ward_a, branch_kind=BranchKind.RESIDENTIAL)
            people = [add_member(self.ward_a, branch, f"Tổ {b + 2} người {i}", D(2012, 1, 1 + i)) for i in range(12)]
            steps.save_proposals(self.editor, branch, YEAR, {m.pk: row("75") for m in people[:8]})
            steps.decide_ratings(self.editor, self.ward_a, YEAR, [m.pk for m in people[:4]])
            add_member(self.ward_a, branch, f"Tổ {b + 2} miễn", exempt_since=D(2020, 1, 1))
            add_member(self.ward_a, branch, f"Tổ {b + 2} mới", D(2025, 10, 1), full=False)
        r = self.client.get(self.page)
        self.assertContains(r, "Chưa được xếp loại: 35 đảng viên")  # 3 + 4 × 8
        self.assertEqual(count(), small)
