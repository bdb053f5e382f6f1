"""The role matrix of the web app, extended to Party records: no name leaks outside the committee.

Personas (tests/web/base.py): admin; editor and viewer of ward A; province viewer and reviewer of
the city above A; outsider (editor of a commune elsewhere). Member names are for A's own users only.
"""

from chitieu.orgs.models import AuditEntry
from chitieu.party.models import Candidate, Inspection, InspectionBody, Level, MemberRating, ResidenceContact, Sex
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase

NAME = "Hoàng Thị Bí Mật"


class AccessTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a = cls.ward_a
        cls.member = add_member(a, cls.branch_a, NAME, D(1990, 5, 19))
        MemberRating.objects.create(member=cls.member, committee=a, branch=cls.branch_a, year=2021, level=Level.GOOD)
        Candidate.objects.create(
            committee=a, branch=cls.branch_a, full_name=NAME + " Hai", birth_date=D(2000, 1, 1), sex=Sex.FEMALE
        )
        ResidenceContact.objects.create(
            committee=a, branch=cls.branch_a, full_name=NAME + " Ba", registered_on=D(2020, 3, 1)
        )
        Inspection.objects.create(
            committee=a, held_on=D(2021, 3, 1), body=InspectionBody.COMMISSION, subject=f"đồng chí {NAME}"
        )

    def urls(self):
        a, m, b = self.ward_a.pk, self.member.pk, self.branch_a.pk
        counts = [
            f"/party/{a}/",
            f"/party/{a}/branches/",
            f"/party/{a}/ratings/2021/",
            f"/party/{a}/import/template.csv",
        ]
        names = [
            f"/party/{a}/members/",
            f"/party/{a}/members/{m}/",
            f"/party/{a}/members/export.csv",
            f"/party/{a}/candidates/",
            f"/party/{a}/contacts/",
            f"/party/{a}/inspections/",
            f"/party/{a}/awards/",
            f"/party/{a}/ratings/2021/{b}/",
            f"/party/{a}/badges/2020/",
            f"/party/{a}/badges/2020/?format=csv",
        ]
        edits = [f"/party/{a}/members/new/", f"/party/{a}/members/{m}/edit/", f"/party/{a}/import/"]
        return counts, names, edits

    def test_matrix(self):
        counts, names, edits = self.urls()
        # persona -> expected status for (count pages, name pages, edit pages)
        matrix = {
            "admin": (200, 200, 200),
            "editor": (200, 200, 200),
            "viewer": (200, 200, 404),
            "province_viewer": (200, 404, 404),
            "reviewer": (200, 404, 404),
            "outsider": (404, 404, 404),
        }
        for persona, expected in matrix.items():
            self.login(getattr(self, persona))
            for group, status in zip((counts, names, edits), expected, strict=True):
                for url in group:
                    with self.subTest(persona=persona, url=url):
                        r = self.client.get(url)
                        self.assertEqual(r.status_code, status)
                        if persona in ("province_viewer", "reviewer", "outsider"):
                            self.assertNotIn(NAME, r.content.decode())

    def test_anonymous_is_sent_to_login(self):
        for url in sum(self.urls(), []):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/login/", r["Location"])

    def test_province_sees_counts_not_names(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/")
        self.assertContains(r, "<strong>1</strong> đảng viên", html=False)
        self.assertNotContains(r, NAME)
        self.assertNotContains(r, f"/party/{self.ward_a.pk}/members/")

    def test_posts_outside_scope(self):
        a, m = self.ward_a.pk, self.member.pk
        posts = [
            (f"/party/{a}/members/{m}/full/", {"on": "01/01/2022"}),
            (f"/party/{a}/members/{m}/leave/", {"reason": "died", "on": "01/01/2022"}),
            (f"/party/{a}/branches/", {"name": "Mới", "branch_kind": "agency"}),
            (
                f"/party/{a}/inspections/",
                {
                    "held_on": "01/01/2022",
                    "body": "standing",
                    "kind": "inspection",
                    "subject_kind": "collective",
                    "subject": "x",
                },
            ),
            (f"/party/{a}/ratings/2021/", {"level": "good"}),
        ]
        for persona in ("viewer", "province_viewer", "reviewer", "outsider"):
            self.login(getattr(self, persona))
            for url, data in posts:
                with self.subTest(persona=persona, url=url):
                    self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertFalse(AuditEntry.objects.exists())

    def test_exports_are_logged(self):
        self.login(self.viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/members/export.csv")
        self.assertIn(NAME, r.content.decode("utf-8"))
        r = self.client.get(f"/party/{self.ward_a.pk}/badges/2020/?format=csv")
        entries = AuditEntry.objects.filter(action="member.export", user=self.viewer, unit=self.ward_a)
        self.assertEqual(entries.count(), 2)

    def test_branch_page_of_committee_only(self):
        # A branch id is not a committee: its party pages do not exist.
        self.login(self.admin)
        self.assertEqual(self.client.get(f"/party/{self.branch_a.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/party/{self.ward_a.pk}/members/{self.member.pk + 999}/").status_code, 404)
