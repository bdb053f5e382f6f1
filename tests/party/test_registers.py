"""Branches, the admissions pipeline, and the registers of inspections, awards and residence contacts."""

from chitieu.orgs.models import AuditEntry, BranchKind, Kind
from chitieu.party.indicators import computed_indicators
from chitieu.party.models import (
    Award,
    BranchInfo,
    Candidate,
    CandidateStatus,
    Inspection,
    Member,
    MemberStatus,
    ResidenceContact,
)
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase, make_target


class RegistersTest(BaseTestCase):
    def setUp(self):
        self.login(self.editor)
        self.base = f"/party/{self.ward_a.pk}"

    def test_branches(self):
        # (posted, branches of that name afterwards)
        cases = [
            ({"name": "Tổ 5", "branch_kind": "residential", "residential_group": "Tổ dân phố 5"}, 1),
            ({"name": "Trường THCS", "branch_kind": "agency"}, 1),
            ({"name": "Công an", "branch_kind": "agency", "residential_group": "Tổ dân phố 6"}, 0),  # agency: no group
            ({"name": "Tổ 5", "branch_kind": "residential"}, 1),  # exists already
        ]
        for data, expected in cases:
            with self.subTest(data=data):
                self.client.post(f"{self.base}/branches/", data)
                self.assertEqual(self.ward_a.children.filter(name=data["name"], kind=Kind.BRANCH).count(), expected)
        branch = self.ward_a.children.get(name="Tổ 5")
        self.assertEqual(
            (branch.branch_kind, branch.party_info.residential_group.name), (BranchKind.RESIDENTIAL, "Tổ dân phố 5")
        )
        r = self.client.get(f"{self.base}/branches/")
        self.assertContains(r, "Tổ dân phố 5")
        self.assertEqual(computed_indicators(self.ward_a, 2025)["party_branches"], 3)

    def test_dissolve_branch_only_when_empty(self):
        m = add_member(self.ward_a, self.branch_a)
        self.client.post(f"{self.base}/branches/{self.branch_a.pk}/dissolve/")
        self.assertFalse(BranchInfo.objects.filter(branch=self.branch_a, dissolved_on__isnull=False).exists())
        m.status, m.left_on = MemberStatus.DECEASED, D(2020, 1, 1)
        m.save()
        self.client.post(f"{self.base}/branches/{self.branch_a.pk}/dissolve/")
        self.assertTrue(BranchInfo.objects.filter(branch=self.branch_a, dissolved_on__isnull=False).exists())
        self.assertEqual(computed_indicators(self.ward_a, 2030)["party_branches"], 0)
        self.assertEqual(computed_indicators(self.ward_a, 2019)["party_branches"], 1)

    def test_admission_pipeline(self):
        make_target(self.term_a, 9, "Kết nạp 10 đảng viên/năm").__class__.objects.filter(number=9).update(
            indicator="party_members_admitted"
        )
        self.client.post(
            f"{self.base}/candidates/",
            {
                "full_name": "Đỗ Thị Hoa",
                "birth_date": "01/01/2000",
                "sex": "F",
                "branch": self.branch_a.pk,
                "course_on": "01/03/2024",
            },
        )
        c = Candidate.objects.get()
        self.client.post(f"{self.base}/candidates/{c.pk}/admit/", {"on": "19/05/2024"})
        c.refresh_from_db()
        self.assertEqual(c.status, CandidateStatus.ADMITTED)
        m = Member.objects.get()
        self.assertEqual((m.status, m.admitted_on, c.member), (MemberStatus.PROBATIONARY, D(2024, 5, 19), m))
        self.assertEqual(computed_indicators(self.ward_a, 2024)["party_members_admitted"], 1)
        r = self.client.get(f"{self.base}/candidates/")
        self.assertContains(r, "Đỗ Thị Hoa")
        self.assertContains(r, "Kết nạp 10 đảng viên/năm")  # the resolution's target, to read the counts against
        # Admitting again is refused; dropping a candidate keeps the record.
        self.client.post(f"{self.base}/candidates/{c.pk}/admit/", {"on": "20/05/2024"})
        self.assertEqual(Member.objects.count(), 1)
        self.assertEqual(
            set(AuditEntry.objects.values_list("action", flat=True)),
            {"candidate.create", "member.create", "candidate.admit"},
        )

    def test_inspections_awards_contacts(self):
        self.client.post(
            f"{self.base}/inspections/",
            {
                "held_on": "10/10/2023",
                "body": "commission",
                "kind": "supervision",
                "subject_kind": "collective",
                "subject": "Chi bộ Tổ 1",
            },
        )
        self.client.post(
            f"{self.base}/awards/",
            {
                "year": 2023,
                "level": "certificate",
                "recipient_kind": "individual",
                "recipient": "cá nhân",
                "count": 11,
                "issuer": "Đảng ủy phường",
            },
        )
        self.client.post(
            f"{self.base}/contacts/",
            {
                "full_name": "Bùi Văn Khoa",
                "branch": self.branch_a.pk,
                "home_organisation": "Sở Y tế",
                "registered_on": "02/03/2020",
            },
        )
        self.assertEqual(
            (Inspection.objects.count(), Award.objects.get().count, ResidenceContact.objects.count()), (1, 11, 1)
        )
        v = computed_indicators(self.ward_a, 2023)
        self.assertEqual((v["inspections"], v["members_residence_contact"]), (1, 1))
        self.assertContains(self.client.get(f"{self.base}/inspections/"), "2023: 1 cuộc của Ủy ban Kiểm tra Đảng ủy")
        self.assertContains(self.client.get(f"{self.base}/awards/"), "giấy khen")
        self.assertContains(self.client.get(f"{self.base}/contacts/"), "Bùi Văn Khoa")
        self.assertContains(self.client.get(f"{self.base}/?year=2023"), "giấy khen: 1")
        self.assertEqual(AuditEntry.objects.count(), 3)
