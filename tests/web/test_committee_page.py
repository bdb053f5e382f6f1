from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu.plans.models import Result, Status

from .base import BaseTestCase, make_target


class CommitteePageTestCase(BaseTestCase):
    def test_shows_targets_verdicts_and_summary(self):
        self.login(self.viewer)
        r = self.client.get(f"/c/{self.ward_a.pk}/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        # growth 11% and 12,5% a year: compound average 11,75% < 12 -> not met
        self.assertIn("chưa đạt", html)
        self.assertIn("12 - 15%/năm", html)
        self.assertIn("đạt và vượt 2/3 chỉ tiêu", html)
        self.assertIn("Nghị quyết Đại hội lần thứ VII, nhiệm kỳ 2020-2025", html)
        self.assertIn("<svg", html)  # trend chart

    def test_viewer_sees_no_edit_links(self):
        self.login(self.viewer)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        self.assertNotIn("Dán chỉ tiêu", html)
        self.login(self.editor)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        self.assertIn("Dán chỉ tiêu", html)

    def test_claim_conflict_is_flagged(self):
        r = Result.objects.get(target=self.growth, year=2022)
        r.claim = "đạt"
        r.save()
        self.login(self.viewer)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        self.assertIn("Nhận định trong tài liệu khác với con số", html)
        self.assertIn("tài liệu ghi «đạt»", html)

    def test_bounded_queries_whatever_the_number_of_targets(self):
        self.login(self.viewer)
        url = f"/c/{self.ward_a.pk}/?year=2022"  # the same year on both sides: panels depend on it
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(30):
            t = make_target(self.term_a, 10 + i, f"Kết nạp {i + 1} đảng viên/năm")
            for year in (2021, 2022, 2023):
                Result.objects.create(target=t, year=year, value=Decimal(i), status=Status.DRAFT)
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(len(many), len(few))

    def test_unknown_term_is_404(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(f"/c/{self.ward_a.pk}/?term={self.term_c.pk}").status_code, 404)

    def test_a_branch_or_province_is_not_a_committee_page(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(f"/c/{self.branch_a.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/c/{self.province.pk}/").status_code, 404)
