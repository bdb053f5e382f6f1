"""Member records: create, recognise as full after 12 months, transfers that keep history, leaving."""

from django.utils import timezone

from chitieu.orgs.models import AuditEntry, BranchKind, Grant, Kind, Role
from chitieu.orgs.tree import create_unit
from chitieu.party.indicators import computed_indicators
from chitieu.party.models import Member, MemberStatus, Transfer, add_months, probation_ends
from chitieu.party.records import PartyError, due_for_full, transfer_member
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase


class MemberViewsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.branch_2 = create_unit(Kind.BRANCH, "Tổ 2", cls.ward_a, branch_kind=BranchKind.RESIDENTIAL)
        cls.branch_b = create_unit(Kind.BRANCH, "Thôn 1", cls.commune_b, branch_kind=BranchKind.RESIDENTIAL)

    def setUp(self):
        self.login(self.editor)
        self.base = f"/party/{self.ward_a.pk}"

    def test_create_member(self):
        data = {
            "full_name": "  Lê   Văn  Cường ",
            "birth_date": "02/09/1995",
            "sex": "M",
            "branch": self.branch_a.pk,
            "admitted_on": "19/05/2024",
        }
        r = self.client.post(f"{self.base}/members/new/", data)
        m = Member.objects.get()
        self.assertRedirects(r, f"{self.base}/members/{m.pk}/")
        self.assertEqual(
            (m.full_name, m.status, m.admitted_on), ("Lê Văn Cường", MemberStatus.PROBATIONARY, D(2024, 5, 19))
        )
        self.assertTrue(AuditEntry.objects.filter(action="member.create", object_id=str(m.pk)).exists())
        r = self.client.get(f"{self.base}/members/{m.pk}/")
        self.assertContains(r, "đủ 12 tháng ngày 19/05/2025")

    def test_create_refuses_bad_dates(self):
        cases = [
            ({"birth_date": "01/01/2010"}, "đủ 18 tuổi"),
            ({"full_on": "01/06/2021"}, "đủ 12 tháng dự bị"),
            ({"admitted_on": "01/01/1929"}, "thành lập Đảng"),
            ({"birth_date": "30/02/1990"}, "Ngày không hợp lệ"),
        ]
        for change, words in cases:
            with self.subTest(change=change):
                data = {
                    "full_name": "A",
                    "birth_date": "02/09/1990",
                    "sex": "F",
                    "branch": self.branch_a.pk,
                    "admitted_on": "02/09/2020",
                } | change
                r = self.client.post(f"{self.base}/members/new/", data)
                self.assertContains(r, words)
                self.assertFalse(Member.objects.exists())

    def test_branch_of_another_committee_is_refused(self):
        data = {
            "full_name": "A",
            "birth_date": "02/09/1990",
            "sex": "F",
            "branch": self.branch_b.pk,
            "admitted_on": "02/09/2020",
        }
        r = self.client.post(f"{self.base}/members/new/", data)
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Member.objects.exists())

    def test_make_full_after_12_months_only(self):
        m = add_member(self.ward_a, self.branch_a, admitted=D(2024, 3, 2), full=False)
        self.client.post(f"{self.base}/members/{m.pk}/full/", {"on": "01/03/2025"})
        m.refresh_from_db()
        self.assertEqual(m.status, MemberStatus.PROBATIONARY)
        self.client.post(f"{self.base}/members/{m.pk}/full/", {"on": "02/03/2025"})
        m.refresh_from_db()
        self.assertEqual((m.status, m.full_on), (MemberStatus.FULL, D(2025, 3, 2)))
        self.assertTrue(AuditEntry.objects.filter(action="member.full").exists())

    def test_due_list(self):
        today = timezone.localdate()
        due = add_member(self.ward_a, self.branch_a, "Đến Hạn", add_months(today, -12), full=False)
        soon = add_member(self.ward_a, self.branch_a, "Sắp Đến", add_months(today, -11), full=False)
        add_member(self.ward_a, self.branch_a, "Chưa Đến", add_months(today, -6), full=False)
        self.assertEqual(due_for_full(self.ward_a, today, within_days=0), [due])
        self.assertEqual(due_for_full(self.ward_a, today, within_days=40), [due, soon])
        r = self.client.get(f"{self.base}/")
        self.assertContains(r, "Đến Hạn")
        self.assertNotContains(r, "Chưa Đến")

    def test_transfer_within_the_committee(self):
        m = add_member(self.ward_a, self.branch_a)
        self.client.post(f"{self.base}/members/{m.pk}/transfer/", {"to_branch": self.branch_2.pk, "on": "01/06/2022"})
        m.refresh_from_db()
        self.assertEqual((m.branch, m.status), (self.branch_2, MemberStatus.FULL))
        t = Transfer.objects.get()
        self.assertEqual((t.from_branch, t.to_branch, t.on), (self.branch_a, self.branch_2, D(2022, 6, 1)))
        self.assertContains(self.client.get(f"{self.base}/members/{m.pk}/"), "01/06/2022: chi bộ Tổ 1 → chi bộ Tổ 2")

    def test_transfer_to_another_committee_keeps_both_histories(self):
        Grant.objects.create(user=self.editor, unit=self.commune_b, role=Role.EDITOR)
        self.editor._chitieu_grants = None
        m = add_member(self.ward_a, self.branch_a, admitted=D(2010, 1, 5))
        transfer_member(self.editor, m, self.branch_b, D(2022, 6, 1))
        m.refresh_from_db()
        new = Member.objects.get(committee=self.commune_b)
        self.assertEqual((m.status, m.left_on), (MemberStatus.TRANSFERRED_OUT, D(2022, 6, 1)))
        self.assertEqual(
            (new.previous, new.transferred_in, new.admitted_on, new.joined_on), (m, True, D(2010, 1, 5), D(2022, 6, 1))
        )
        # Each committee's counts: A had the member until June 2022, B from then; no admission in B.
        cases = [(self.ward_a, 2021, 1), (self.ward_a, 2022, 0), (self.commune_b, 2021, 0), (self.commune_b, 2022, 1)]
        for unit, year, expected in cases:
            with self.subTest(unit=unit.name, year=year):
                self.assertEqual(computed_indicators(unit, year)["party_members"], expected)
        self.assertEqual(computed_indicators(self.commune_b, 2022)["party_members_admitted"], 0)

    def test_web_transfer_destinations(self):
        m = add_member(self.ward_a, self.branch_a)
        page = self.client.get(f"{self.base}/members/{m.pk}/")
        self.assertContains(page, "chi bộ Tổ 2 — Đảng bộ phường Kim Tân")
        self.assertNotContains(page, "Thôn 1")  # commune B is not the editor's
        Grant.objects.create(user=self.editor, unit=self.commune_b, role=Role.EDITOR)
        self.assertContains(self.client.get(f"{self.base}/members/{m.pk}/"), "chi bộ Thôn 1 — Đảng bộ xã Hợp Thành")
        self.client.post(f"{self.base}/members/{m.pk}/transfer/", {"to_branch": self.branch_b.pk, "on": "01/07/2023"})
        self.assertTrue(Member.objects.filter(committee=self.commune_b, previous=m).exists())
        other = add_member(self.ward_a, self.branch_a, "Người Khác")
        self.client.post(f"{self.base}/members/{other.pk}/transfer/", {"on": "01/07/2023"})  # nowhere: refused
        other.refresh_from_db()
        self.assertTrue(other.is_active)
        self.client.post(
            f"{self.base}/members/{other.pk}/transfer/", {"destination": "Đảng bộ Quân sự tỉnh", "on": "01/07/2023"}
        )
        other.refresh_from_db()
        self.assertEqual(
            (other.status, other.transfers.get().destination), (MemberStatus.TRANSFERRED_OUT, "Đảng bộ Quân sự tỉnh")
        )

    def test_transfer_to_a_committee_one_cannot_edit(self):
        m = add_member(self.ward_a, self.branch_a)
        with self.assertRaises(PartyError):
            transfer_member(self.editor, m, self.branch_b, D(2022, 6, 1))
        self.assertFalse(Member.objects.filter(committee=self.commune_b).exists())

    def test_leave(self):
        m = add_member(self.ward_a, self.branch_a)
        self.client.post(f"{self.base}/members/{m.pk}/leave/", {"reason": "died", "on": "05/05/2023", "note": "x"})
        m.refresh_from_db()
        self.assertEqual((m.status, m.left_on), (MemberStatus.DECEASED, D(2023, 5, 5)))
        self.assertEqual(computed_indicators(self.ward_a, 2023)["party_members"], 0)
        r = self.client.get(f"{self.base}/members/")
        self.assertNotContains(r, m.full_name)  # the default list shows active members
        r = self.client.get(f"{self.base}/members/?status=deceased")
        self.assertContains(r, m.full_name)

    def test_edit_and_list_filters(self):
        m = add_member(self.ward_a, self.branch_a, "Phạm Văn Dũng")
        add_member(self.ward_a, self.branch_2, "Vũ Thị Em", birth=D(1985, 1, 1))
        r = self.client.post(
            f"{self.base}/members/{m.pk}/edit/",
            {
                "full_name": "Phạm Văn Dũng",
                "birth_date": "01/01/1980",
                "sex": "M",
                "branch": self.branch_a.pk,
                "admitted_on": "02/03/2015",
                "full_on": "02/03/2016",
                "card_number": "123",
            },
        )
        self.assertEqual(r.status_code, 302)
        m.refresh_from_db()
        self.assertEqual(m.card_number, "123")
        cases = [("?q=Dũng", 1), ("?q=123", 1), (f"?branch={self.branch_2.pk}", 1), ("?status=all", 2), ("", 2)]
        for query, n in cases:
            with self.subTest(query=query):
                r = self.client.get(f"{self.base}/members/{query}")
                self.assertEqual(r.context["page"].paginator.count, n)

    def test_probation_end_dates(self):
        cases = [(D(2024, 2, 29), D(2025, 2, 28)), (D(2023, 1, 31), D(2024, 1, 31)), (D(2023, 12, 15), D(2024, 12, 15))]
        for admitted, ends in cases:
            with self.subTest(admitted=admitted):
                self.assertEqual(probation_ends(admitted), ends)
