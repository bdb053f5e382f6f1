"""Every number the same everywhere: the committee page, the API and the term report give each target
of the demo's committees the same verdict and the same completion, from the one core rule."""

import datetime as dt
import re

from django.test import TestCase

from chitieu.demo.load import load_demo
from chitieu.orgs.models import Kind, Unit
from chitieu.plans.models import Term
from chitieu.reports.content import build_report


class SameNumbersTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()
        from django.contrib.auth.models import User

        cls.admin = User.objects.create_superuser("checker", password="x")

    def page_rows(self, committee, term) -> dict[int, tuple[str, str]]:
        html = self.client.get(f"/c/{committee.pk}/?term={term.pk}").content.decode()
        rows = {}
        for m in re.finditer(r'<tr class="v-\w+" data-target="(\d+)">(.*?)</tr>', html, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(2), re.S)
            pct = cells[4].strip()
            label = re.search(r'<span class="verdict">(.*?)</span>', m.group(2)).group(1)
            rows[int(m.group(1))] = (label, pct)
        return rows

    def test_page_api_and_report_agree(self):
        self.client.force_login(self.admin)
        checked = 0
        for term in Term.objects.select_related("committee").order_by("pk"):
            committee = term.committee
            if committee.kind == Kind.BRANCH or not term.targets.filter(year__isnull=True).exists():
                continue
            page = self.page_rows(committee, term)
            api = {
                t["target"]["id"]: (t["verdict_label"], t["completion_pct_display"] or "—")
                for t in self.client.get(f"/api/terms/{term.pk}/evaluation").json()["targets"]
            }
            report = build_report(committee, "term", today=dt.date(term.end_year, 12, 31), term=term)
            by_number = {r.number: r for r in report.rows}
            for target in term.targets.filter(year__isnull=True):
                with self.subTest(committee=committee.title, target=target.text):
                    label, pct = page[target.pk]
                    self.assertEqual((label, pct), api[target.pk])
                    row = by_number[target.number]
                    self.assertEqual(row.verdict.lower(), label.lower())
                    self.assertEqual(row.pct, pct.removesuffix("%"))
                    checked += 1
        self.assertGreaterEqual(checked, 10)
        self.assertTrue(Unit.objects.filter(kind=Kind.WARD).exists())
