"""The whole demo: the reports and the committee page read the computed Party figures."""

import datetime as dt

from django.urls import reverse

from chitieu.demo.load import load_demo
from chitieu.orgs.models import Unit
from chitieu.plans.models import Term
from tests.web.base import BaseTestCase


class DemoReportTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        # The demo wants an empty database; the personas of the base case are not needed here.
        cls.counts = load_demo()
        cls.kim_tan = Unit.objects.get(name="Kim Tân")

    def report_text(self, committee, kind, **kw) -> str:
        from chitieu.reports.content import build_report

        content = build_report(committee, kind, today=dt.date(2026, 1, 1), **kw)
        return "\n".join(str(getattr(b, "text", "") or "") for b in content.blocks)

    def test_load_counts(self):
        self.assertEqual(self.counts["party_branches"], 164)
        self.assertEqual(self.counts["party_residence_contacts"], 2299)

    def test_kim_tan_term_report(self):
        text = self.report_text(self.kim_tan, "term", term="2015-2020")
        self.assertIn("28 chi bộ trực thuộc (22 chi bộ khu dân cư, 6 chi bộ cơ quan, đơn vị), 1.131 đảng viên", text)
        self.assertIn("2.299", text)

    def test_tay_son_annual_report(self):
        text = self.report_text(Unit.objects.get(name="Tây Sơn"), "annual", year=2023)
        self.assertIn("13 chi bộ trực thuộc", text)
        self.assertIn("312 đảng viên", text)

    def test_committee_page(self):
        self.client.force_login(self.kim_tan.grants.get(role="editor").user)
        term = Term.objects.get(committee=self.kim_tan, start_year=2015)
        r = self.client.get(reverse("committee", args=[self.kim_tan.pk]) + f"?term={term.pk}")
        self.assertContains(r, '<strong id="party-branches">28</strong>')
        self.assertContains(r, '<strong id="party-members">1.131</strong>')
