from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chitieu.orgs.models import Kind
from chitieu.orgs.tree import create_unit
from chitieu.plans.models import Result, Term

from .base import BaseTestCase, make_target


class OversightTestCase(BaseTestCase):
    def test_counts_and_who_is_behind(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/p/{self.province.pk}/")
        html = r.content.decode()
        self.assertIn("Đảng bộ phường Kim Tân", html)
        self.assertIn("Đảng bộ xã Hợp Thành", html)
        self.assertNotIn("Ngoài", html)  # another province's committee
        row = next(x for x in r.context["rows"] if x.committee == self.ward_a)
        self.assertEqual(row.summary.line, "đạt và vượt 2/3 chỉ tiêu")
        self.assertEqual([s["target_id"] for s in row.behind], [self.growth.pk])

    def test_ranking_per_indicator(self):
        term_b = Term.objects.create(committee=self.commune_b, start_year=2020, end_year=2025)
        t = make_target(term_b, 1, "Giảm tỷ lệ hộ nghèo còn dưới 3%")
        Result.objects.create(target=t, year=2021, value=Decimal("1.5"))
        self.login(self.province_viewer)
        r = self.client.get(f"/p/{self.province.pk}/?indicator=poverty_rate")
        ranking = r.context["ranking"]
        # lower is better: 1,5% ranks before 2,5%
        self.assertEqual(
            [(u, v) for u, v, _ in ranking], [(self.commune_b, Decimal("1.5")), (self.ward_a, Decimal("2.5"))]
        )

    def test_bounded_queries_whatever_the_number_of_committees(self):
        self.login(self.province_viewer)
        url = f"/p/{self.province.pk}/"
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for i in range(15):
            c = create_unit(Kind.COMMUNE, f"Xã {i}", self.province)
            term = Term.objects.create(committee=c, start_year=2020, end_year=2025)
            t = make_target(term, 1, "Kết nạp 10 đảng viên/năm")
            Result.objects.create(target=t, year=2021, value=Decimal(i))
        self.client.get(url)  # judges the 15 new committees once and stores their summaries
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(many), len(few))
