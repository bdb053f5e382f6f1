"""The roster's search and filters: a plain GET form that works without JavaScript, and with htmx
the results alone (views.members answers a request aimed at #member-results with that part)."""

import re

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.models import MemberStatus
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}


class MemberSearchTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.branch_2 = create_unit(Kind.BRANCH, "Tổ 2", cls.ward_a, branch_kind=BranchKind.RESIDENTIAL)
        add_member(cls.ward_a, cls.branch_a, "Nguyễn Văn An")
        add_member(cls.ward_a, cls.branch_2, "Trần Thị Bình", birth=D(1990, 2, 2))
        add_member(cls.ward_a, cls.branch_2, "Lê Văn Cường", admitted=D(2024, 9, 1), full=False)
        add_member(cls.ward_a, cls.branch_a, "Phạm Văn Đã Mất", status=MemberStatus.DECEASED, left=D(2023, 1, 1))

    def setUp(self):
        self.login(self.editor)
        self.url = f"/party/{self.ward_a.pk}/members/"

    def names(self, response) -> list[str]:
        html = response.content.decode()
        return [n for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Đã Mất") if n in html]

    def test_a_plain_request_gets_the_whole_page_with_a_form_that_submits(self):
        r = self.client.get(self.url, {"q": "Bình"})
        html = r.content.decode()
        self.assertContains(r, '<h1 id="page-title">Danh sách đảng viên</h1>', html=True)
        self.assertIn('id="member-filters"', html)
        self.assertIn('method="get"', html)
        self.assertIn('<button type="submit">Lọc</button>', html)
        self.assertIn('aria-current="page">Đảng viên</a>', html)  # the section's tab marks the page
        self.assertEqual(self.names(r), ["Trần Thị Bình"])
        self.assertIn("HX-Request", r["Vary"])
        # typing replaces the address; a filter or the button pushes one history entry
        search = re.search(r'<input name="q"[^>]*>', html).group(0)
        self.assertIn('hx-replace-url="true"', search)
        self.assertIn('hx-push-url="false"', search)
        form = re.search(r'<form [^>]*id="member-filters"[^>]*>', html).group(0)
        self.assertIn('hx-push-url="true"', form)

    def test_an_htmx_request_gets_the_results_alone(self):
        r = self.client.get(self.url, {"q": "Bình"}, **HTMX)
        html = r.content.decode()
        self.assertTrue(html.lstrip().startswith('<div id="member-results"'), html[:80])
        self.assertIn('id="member-results"', html)
        self.assertNotIn("<html", html)
        self.assertNotIn("<h1", html)
        self.assertNotIn('id="member-filters"', html)
        self.assertEqual(self.names(r), ["Trần Thị Bình"])
        # the count for screen readers, swapped into the page's live region
        self.assertIn('<p id="member-status" hx-swap-oob="innerHTML">Có 1 đảng viên.</p>', html)

    def test_the_history_restore_and_other_targets_get_the_whole_page(self):
        for headers in (
            {**HTMX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "main"},
        ):
            with self.subTest(headers=headers):
                self.assertContains(
                    self.client.get(self.url, **headers), '<h1 id="page-title">Danh sách đảng viên</h1>', html=True
                )

    def test_the_filters_narrow_the_list(self):
        everyone_active = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
        self.assertEqual(self.names(self.client.get(self.url, **HTMX)), everyone_active)
        cases = [
            ({"branch": self.branch_2.pk}, ["Lê Văn Cường", "Trần Thị Bình"]),
            ({"status": "probationary"}, ["Lê Văn Cường"]),
            ({"status": "deceased"}, ["Phạm Văn Đã Mất"]),
            ({"status": "all", "branch": self.branch_a.pk}, ["Nguyễn Văn An", "Phạm Văn Đã Mất"]),
            ({"q": "văn", "branch": self.branch_2.pk}, ["Lê Văn Cường"]),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                for headers in ({}, HTMX):
                    self.assertEqual(sorted(self.names(self.client.get(self.url, params, **headers))), sorted(expected))

    def test_nothing_found_is_said_in_words_with_the_way_back(self):
        r = self.client.get(self.url, {"q": "Không Ai"}, **HTMX)
        self.assertContains(r, "Không có đảng viên nào theo điều kiện lọc (tìm «Không Ai»).")
        self.assertContains(r, f'<a href="{self.url}">Xem mọi đảng viên đang sinh hoạt</a>', html=True)
        self.assertNotContains(r, 'id="members"')
        self.assertContains(r, "Không có đảng viên nào theo điều kiện lọc.</p>")

    def test_the_pager_keeps_the_filters_and_swaps_the_results(self):
        for i in range(101):
            add_member(self.ward_a, self.branch_2, f"Đảng viên {i:03}")
        r = self.client.get(self.url, {"branch": self.branch_2.pk, "page": 1}, **HTMX)
        html = r.content.decode()
        next_link = f"?branch={self.branch_2.pk}&amp;page=2"
        self.assertIn(f'href="{next_link}"', html)
        self.assertIn(f'hx-get="{next_link}"', html)
        self.assertIn('<a id="member-next" ', html)  # a stable id: htmx gives the focus back to it
        self.assertIn("<strong>103</strong> đảng viên theo điều kiện lọc, trang 1/2", html)
        page_2 = self.client.get(self.url, {"branch": self.branch_2.pk, "page": 2})
        self.assertContains(page_2, "Trang 2/2")
        self.assertContains(page_2, f'href="?branch={self.branch_2.pk}&amp;page=1"')
        self.assertContains(page_2, '<a id="member-prev" ')
        self.assertNotContains(page_2, 'id="member-next"')
        self.assertContains(page_2, 'querySelector(".table-scroll")')  # the focus's fallback
