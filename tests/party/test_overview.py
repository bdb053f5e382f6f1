"""The Party-organisation overview and the panel on the committee page show the computed figures."""

from django.template import Context, Template
from django.test import RequestFactory

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.models import Level, MemberRating
from chitieu.plans.models import Term
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase


class OverviewTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        create_unit(Kind.BRANCH, "Trường", cls.ward_a, branch_kind=BranchKind.AGENCY)
        create_unit(Kind.BRANCH, "Tổ 2", cls.ward_a, branch_kind=BranchKind.RESIDENTIAL)
        for i in range(1131):
            m = add_member(cls.ward_a, cls.branch_a, f"Đảng viên {i}", D(2000, 1, 1), birth=D(1970, 1, 1 + i % 28))
            if i < 8:
                MemberRating.objects.create(
                    member=m,
                    committee=cls.ward_a,
                    branch=cls.branch_a,
                    year=2020,
                    level=Level.EXCELLENT if i < 2 else Level.GOOD,
                )

    def render_panel(self, user, term=None, year=None):
        request = RequestFactory().get("/")
        request.user = user
        t = Template('{% include "party/_committee_panel.html" %}')
        return t.render(Context({"request": request, "committee": self.ward_a, "term": term, "year": year}))

    def test_panel_numbers(self):
        html = self.render_panel(self.editor, self.term_a, 2020)
        self.assertIn('<strong id="party-branches">3</strong> chi bộ', html)
        self.assertIn('<strong id="party-members">1.131</strong> đảng viên', html)
        self.assertIn("HTXSNV 25,0%", html)
        self.assertIn("vượt tỷ lệ quy định", html)  # 2 of 8 rated good or better is over 20%
        self.assertIn(f"/party/{self.ward_a.pk}/members/", html)

    def test_panel_for_the_level_above(self):
        html = self.render_panel(self.province_viewer, self.term_a, None)
        self.assertIn("1.131", html)
        self.assertNotIn("Đảng viên 0", html)
        self.assertNotIn(f"/party/{self.ward_a.pk}/members/", html)

    def test_panel_without_records(self):
        term = Term.objects.create(committee=self.commune_b, start_year=2020, end_year=2025)
        request = RequestFactory().get("/")
        request.user = self.admin
        html = Template('{% include "party/_committee_panel.html" %}').render(
            Context({"request": request, "committee": self.commune_b, "term": term, "year": None})
        )
        self.assertIn("Chưa có danh sách chi bộ, đảng viên", html)

    def test_overview(self):
        self.login(self.viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/?year=2020")
        self.assertContains(r, "<strong>3</strong> chi bộ trực thuộc (2 chi bộ khu dân cư, 1 chi bộ cơ quan, đơn vị)")
        self.assertContains(r, "<strong>1.131</strong> đảng viên: 1.131 chính thức, 0 dự bị")
        self.assertContains(r, 'data-key="party_members"')
        self.assertContains(r, 'id="cap-members"')
        self.assertContains(self.client.get(f"/party/{self.ward_a.pk}/?year=abc"), "Năm không hợp lệ", status_code=400)
        self.assertContains(self.client.get(f"/party/{self.ward_a.pk}/?year=12"), "Năm phải từ 1930", status_code=400)

    def test_a_change_shows_at_once(self):
        """The overview's figures are kept per revision: an audited change is on the next page."""
        from chitieu.party.models import Member
        from chitieu.party.records import record_leave

        self.login(self.editor)
        url = f"/party/{self.ward_a.pk}/?year=2020"
        self.assertContains(self.client.get(url), "<strong>1.131</strong> đảng viên")
        record_leave(self.editor, Member.objects.filter(committee=self.ward_a).first(), None, D(2021, 3, 1),
                     reason="died")  # fmt: skip
        self.assertContains(self.client.get(url), "<strong>1.130</strong> đảng viên")

    def test_committee_page_includes_the_panel(self):
        self.login(self.editor)
        r = self.client.get(f"/u/{self.ward_a.pk}/", follow=True)
        self.assertContains(r, 'id="party-panel"')
        self.assertContains(r, "1.131")
