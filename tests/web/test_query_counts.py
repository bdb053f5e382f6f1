"""Every page runs the same number of queries whatever the size of the data: measured on the base
tree, then again after growing it (more committees, branches, members, ratings, targets, results,
registers, audit entries). Warm requests: the stored summaries and the cached panel of the first
request are part of the design (chitieu.plans.summaries)."""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chitieu.orgs.audit import audit
from chitieu.orgs.models import Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.models import (
    Award,
    BadgeAward,
    Candidate,
    Inspection,
    MemberRating,
    ResidenceContact,
    UnitRating,
)
from chitieu.plans.models import Result, Status, Term
from tests.party.helpers import D, add_member

from .base import BaseTestCase, make_target

PAGES = [
    # (persona, url template)
    ("editor", "/"),  # straight to the committee: the redirect
    ("editor", "/c/{a}/"),
    ("editor", "/party/{a}/"),
    ("editor", "/party/{a}/branches/"),
    ("editor", "/party/{a}/members/"),
    ("editor", "/party/{a}/members/?status=all"),
    ("editor", "/party/{a}/candidates/"),
    ("editor", "/party/{a}/ratings/2024/"),
    ("editor", "/party/{a}/ratings/2024/{branch}/"),
    ("editor", "/party/{a}/badges/2024/"),
    ("editor", "/party/{a}/probation/"),
    ("editor", "/party/{a}/inspections/"),
    ("editor", "/party/{a}/awards/"),
    ("editor", "/party/{a}/contacts/"),
    ("editor", "/party/{a}/forms/?period=2024"),
    ("editor", "/party/{a}/forms/3/?period=2024"),
    ("editor", "/targets/{growth}/results/"),
    ("editor", "/u/{a}/audit/"),
    ("province_viewer", "/"),
    ("province_viewer", "/p/{province}/"),
    ("province_viewer", "/p/{province}/?term=2020&year=2021"),  # a term and year picked: judged live
    ("province_viewer", "/p/{province}/oversight.xlsx?term=2020"),
    ("province_viewer", "/party/{a}/"),
    ("province_viewer", "/party/{province}/forms/?period=2024"),
    ("province_viewer", "/u/{province}/audit/"),
]


class QueryCountTest(BaseTestCase):
    def count(self, persona, url):
        client = Client()
        client.force_login(getattr(self, persona))
        first = client.get(url)
        self.assertIn(first.status_code, (200, 302), f"{url}: {first.status_code}")
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    def urls(self):
        ids = {"a": self.ward_a.pk, "branch": self.branch_a.pk, "growth": self.growth.pk, "province": self.province.pk}
        return [(persona, url.format(**ids)) for persona, url in PAGES]

    def grow(self, size: int, tag: str):
        """``size`` of everything; ``tag`` keeps names apart between calls."""
        a = self.ward_a
        branches = [self.branch_a, *(create_unit(Kind.BRANCH, f"Tổ {tag}{i}", a) for i in range(2, 2 + size))]
        for i in range(10 * size):
            m = add_member(
                a, branches[i % len(branches)], f"Đảng viên {tag}{i}", D(1990 + i % 30, 1 + i % 12, 1), full=i % 9 != 0
            )
            if i % 9:
                MemberRating.objects.create(member=m, committee=a, branch=m.branch, year=2024, level="good")
            if i % 15 == 0:
                BadgeAward.objects.create(member=m, committee=a, years=30, awarded_on=D(2024, 9, 2))
            Candidate.objects.create(
                committee=a, branch=m.branch, full_name=f"Quần chúng {i}", birth_date=D(2000, 1, 1), sex="F"
            )
            ResidenceContact.objects.create(
                committee=a, branch=m.branch, full_name=f"Liên hệ {i}", registered_on=D(2023, 1, 1)
            )
            Inspection.objects.create(
                committee=a, held_on=D(2024, 1 + i % 12, 1), body="executive", subject=f"Chi bộ {i}"
            )
            Award.objects.create(committee=a, year=2024, level="certificate", recipient=f"Người {i}")
            audit(self.editor, a, "member.update", m, {"x": 1}, {"x": 2})
        for b in branches:
            UnitRating.objects.update_or_create(unit=b, year=2024, defaults={"committee": a, "level": "good"})
        start = self.term_a.targets.count() + 10
        for n in range(3 * size):
            t = make_target(self.term_a, start + n, "Giảm tỷ lệ hộ nghèo còn dưới 3%")
            for y in (2021, 2022, 2023):
                Result.objects.create(target=t, year=y, value=Decimal("2.5"), status=Status.APPROVED)
        for i in range(2 * size):
            c = create_unit(Kind.COMMUNE, f"Xã {tag}{i}", self.province)
            create_unit(Kind.BRANCH, f"Thôn {tag}{i}", c)
            term = Term.objects.create(committee=c, start_year=2020, end_year=2025)
            for n in range(4):
                t = make_target(term, n + 1, "Kết nạp 10 đảng viên/năm")
                Result.objects.create(target=t, year=2021, value=Decimal(8 + n))

    def test_every_page(self):
        self.grow(1, "a")
        small = {(p, u): self.count(p, u) for p, u in self.urls()}
        self.grow(6, "b")
        for persona, url in self.urls():
            with self.subTest(persona=persona, url=url):
                self.assertEqual(self.count(persona, url), small[(persona, url)])
