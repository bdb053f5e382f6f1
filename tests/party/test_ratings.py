"""Yearly quality ratings: entered per branch or imported, shares as reports state them, the cap."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from chitieu.orgs.models import AuditEntry
from chitieu.party.indicators import computed_indicators
from chitieu.party.models import Level, MemberRating, UnitRating
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase


class RatingsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.people = [add_member(cls.ward_a, cls.branch_a, f"Đảng viên {i}", D(2010, 1, 1 + i)) for i in range(8)]
        cls.gone = add_member(
            cls.ward_a, cls.branch_a, "Đã Chuyển", D(2010, 2, 1), left=D(2021, 3, 1), status="transferred_out"
        )

    def setUp(self):
        self.login(self.editor)
        self.url = f"/party/{self.ward_a.pk}/ratings/2021/{self.branch_a.pk}/"

    def post_levels(self, levels, branch_level="good"):
        data = {f"m{m.pk}": lv for m, lv in zip(self.people, levels, strict=False)} | {"branch_level": branch_level}
        return self.client.post(self.url, data)

    def test_entry_per_branch(self):
        r = self.client.get(self.url)
        self.assertContains(r, "Đảng viên 0")
        self.assertNotContains(r, "Đã Chuyển")  # not a member at the end of 2021
        r = self.post_levels(["excellent"] + ["good"] * 6 + ["completed"])
        self.assertRedirects(r, f"/party/{self.ward_a.pk}/ratings/2021/")
        v = computed_indicators(self.ward_a, 2021)
        self.assertEqual((v["members_excellent_rate"], v["members_good_rate"]), (12.5, 75))
        self.assertEqual(UnitRating.objects.get(unit=self.branch_a, year=2021).level, Level.GOOD)
        self.assertEqual(AuditEntry.objects.filter(action="rating.members").count(), 1)
        # Changing one rating changes one row and says so.
        r = self.post_levels(["good"] + ["good"] * 6 + ["completed"])
        self.assertEqual(MemberRating.objects.filter(level=Level.EXCELLENT).count(), 0)
        page = self.client.get(f"/party/{self.ward_a.pk}/ratings/2021/")
        self.assertContains(page, "7 (87,5%)")

    def test_cap_warning_on_the_year_page(self):
        self.post_levels(["excellent"] * 2 + ["good"] * 6)
        r = self.client.get(f"/party/{self.ward_a.pk}/ratings/2021/")
        self.assertContains(r, 'id="cap-members"')  # 2 of 8 good-or-better = 25% > 20%
        with override_settings(CHITIEU_EXCELLENT_CAP_PCT=30):
            r = self.client.get(f"/party/{self.ward_a.pk}/ratings/2021/")
            self.assertNotContains(r, 'id="cap-members"')

    def test_import(self):
        lines = ["Họ và tên,Ngày sinh,Xếp loại"]
        for m, level in zip(self.people, ["HTXSNV", "httnv", "Hoàn thành tốt nhiệm vụ", "HTNV"], strict=False):
            lines.append(f"{m.full_name},{m.birth_date:%d/%m/%Y},{level}")
        good = SimpleUploadedFile("xl.csv", "\n".join(lines).encode())
        r = self.client.post(self.url, {"file": good})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(
            dict(MemberRating.objects.values_list("member__full_name", "level")),
            {"Đảng viên 0": "excellent", "Đảng viên 1": "good", "Đảng viên 2": "good", "Đảng viên 3": "completed"},
        )
        bad = SimpleUploadedFile(
            "xl.csv", (lines[0] + "\nNgười Lạ,01/01/1980,HTTNV\nĐảng viên 5,01/01/1980,tốt\n").encode()
        )
        r = self.client.post(self.url, {"file": bad})
        self.assertContains(r, "dòng 2, cột «Họ và tên»")
        self.assertContains(r, "dòng 3, cột «Xếp loại»")
        self.assertEqual(MemberRating.objects.count(), 4)

    def test_committee_rating(self):
        r = self.client.post(f"/party/{self.ward_a.pk}/ratings/2021/", {"level": "excellent"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(UnitRating.objects.get(unit=self.ward_a, year=2021).level, Level.EXCELLENT)
        self.assertEqual(computed_indicators(self.ward_a, 2021)["committee_excellent_years"], 1)

    def test_rating_template(self):
        r = self.client.get(f"/party/{self.ward_a.pk}/ratings/template.csv")
        self.assertEqual(io.BytesIO(r.content).read().decode("utf-8-sig").strip(), "Họ và tên,Ngày sinh,Xếp loại")
