"""The stored summaries the province and country pages read: the committee page's numbers, kept
current by every audited change, recomputed when the rules or the year change."""

import io
from decimal import Decimal
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, TestCase

from chitieu.demo.load import load_demo
from chitieu.orgs.models import COMMITTEE_KINDS, Unit
from chitieu.party.records import record_leave
from chitieu.plans import summaries
from chitieu.plans.models import CommitteeSummary, Result
from chitieu.plans.workflow import set_result
from tests.party.helpers import D, add_member

from .base import BaseTestCase


class FreshnessTest(BaseTestCase):
    def row(self, committee):
        r = self.client.get(f"/p/{self.province.pk}/")
        return next(x for x in r.context["rows"] if x.committee == committee)

    def test_an_audited_change_reaches_the_province_page(self):
        self.login(self.province_viewer)
        self.assertEqual(self.row(self.ward_a).summary.line, "đạt và vượt 2/3 chỉ tiêu")
        stored = CommitteeSummary.objects.get(committee=self.ward_a)
        # poverty "còn dưới 3%" is judged on the latest year: 4% in 2022 no longer meets it
        set_result(self.editor, self.poverty, 2022, Decimal(4))
        self.assertEqual(self.row(self.ward_a).summary.line, "đạt và vượt 1/3 chỉ tiêu")
        self.assertGreater(CommitteeSummary.objects.get(committee=self.ward_a).revision, stored.revision)

    def test_a_change_to_the_party_records_reaches_it_too(self):
        # No admissions typed for 2022: the target is judged on the registry's own count.
        Result.objects.filter(target=self.admissions).delete()
        Unit.objects.filter(pk=self.ward_a.pk).update(revision=1)  # as an audited delete would
        for i in range(12):
            add_member(self.ward_a, self.branch_a, f"Người {i}", D(2022, 3, 1 + i), full=False)
        self.login(self.province_viewer)
        before = self.row(self.ward_a).targets
        admissions = next(t for t in before if t["target_id"] == self.admissions.pk)
        gone = add_member(self.ward_a, self.branch_a, "Sẽ Đi", D(2010, 1, 1))
        record_leave(self.editor, gone, None, D(2022, 6, 1), reason="died")  # audited: revision moves
        after = next(t for t in self.row(self.ward_a).targets if t["target_id"] == self.admissions.pk)
        self.assertEqual(admissions["verdict"], after["verdict"])  # the admissions are unchanged…
        self.assertNotEqual(
            CommitteeSummary.objects.get(committee=self.ward_a).revision, 1
        )  # …but the summary was judged again

    def test_the_rules_and_the_year_are_part_of_the_key(self):
        self.login(self.province_viewer)
        self.row(self.ward_a)
        with mock.patch.object(summaries, "RULES", "another-release"):
            with mock.patch.object(summaries, "refresh", wraps=summaries.refresh) as refresh:
                self.row(self.ward_a)
        refresh.assert_called_once()
        self.assertTrue(CommitteeSummary.objects.get(committee=self.ward_a).rules.startswith("another-release:"))

    def test_the_command_fills_only_what_is_stale(self):
        out = io.StringIO()
        call_command("refresh_summaries", stdout=out)
        committees = Unit.objects.filter(kind__in=COMMITTEE_KINDS).count()
        self.assertIn(f"Đã tính {committees} bản tóm tắt", out.getvalue())
        out = io.StringIO()
        call_command("refresh_summaries", stdout=out)
        self.assertIn("Đã tính 0 bản tóm tắt", out.getvalue())
        call_command("refresh_summaries", "--all", f"--unit={self.province.pk}", stdout=out)
        self.assertIn("Đã tính 2 bản tóm tắt", out.getvalue())


class SameNumbersTest(TestCase):
    """Every demo committee: the province page's line, the API's and the committee page's agree."""

    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_each_committee(self):
        client = Client()
        client.force_login(User.objects.get(username="demo"))
        committees = list(Unit.objects.filter(kind__in=COMMITTEE_KINDS))
        tops = {c.parent_id for c in committees}
        province_lines = {}
        api_lines = {}
        for top in tops:
            for row in client.get(f"/p/{top}/").context["rows"]:
                province_lines[row.committee.pk] = row.summary.line if row.summary else None
            for row in client.get(f"/api/oversight/{top}").json()["committees"]:
                api_lines[row["committee"]["id"]] = row["summary"]["line"] if row["summary"]["total"] else None
        for c in committees:
            page = client.get(f"/c/{c.pk}/").context
            with self.subTest(committee=c.title):
                mine = page["summary"].line if page.get("rows") else None
                if page.get("term") is not None and page["term"].targets.filter(year__isnull=True).exists():
                    self.assertEqual(province_lines[c.pk], mine)
                self.assertEqual(api_lines[c.pk], province_lines[c.pk])


class CountryRollupTest(BaseTestCase):
    """The country's page: a row per province from the stored counts, a link down to each."""

    def test_rows_per_province_add_up(self):
        from chitieu.orgs.models import Kind
        from chitieu.orgs.tree import create_unit

        from .base import make_target

        country = create_unit(Kind.COUNTRY, "Việt Nam")
        province = create_unit(Kind.PROVINCE, "Mới", country)
        for i in range(3):
            c = create_unit(Kind.COMMUNE, f"Xã {i}", province)
            term = c.terms.create(start_year=2020, end_year=2025)
            t = make_target(term, 1, "Kết nạp 10 đảng viên/năm")
            Result.objects.create(target=t, year=2021, value=Decimal(8 + 2 * i))  # 8 not met, 10 met, 12 exceeded
        self.client.force_login(User.objects.create_superuser("quocgia", password="x"))
        r = self.client.get(f"/p/{country.pk}/")
        self.assertContains(r, "Cả nước: kết quả thực hiện Nghị quyết")
        (row,) = r.context["rows"]
        self.assertEqual((row.area, row.committees, row.behind), (province, 3, 1))
        self.assertEqual((row.summary.met, row.summary.exceeded, row.summary.not_met, row.summary.total), (1, 1, 1, 3))
        self.assertContains(r, f'href="/p/{province.pk}/"')
        listed = self.client.get(f"/p/{country.pk}/?all=1").context["rows"]
        self.assertEqual(len(listed), 3)
        # A committee directly under the country (beside the provinces) is on a row of its own.
        direct = create_unit(Kind.COMMUNE, "Trực Thuộc", country)
        rows = self.client.get(f"/p/{country.pk}/").context["rows"]
        self.assertEqual([(r.area, r.committees) for r in rows], [(province, 3), (None, 1)])
        self.assertEqual(len(self.client.get(f"/p/{country.pk}/?all=1").context["rows"]), 4)
        self.assertIsNotNone(direct.pk)
        self.assertEqual(self.client.get(f"/p/{province.pk}/").context["totals"], r.context["totals"])


class RevisionTest(BaseTestCase):
    """What moves a committee's revision on, and what does not."""

    def revision(self):
        return Unit.objects.get(pk=self.ward_a.pk).revision

    def test_changes_move_it_readings_do_not(self):
        from chitieu.orgs.models import Kind
        from chitieu.orgs.tree import create_unit

        start = self.revision()
        self.client.force_login(self.editor)
        self.client.get(f"/api/committees/{self.ward_a.pk}/members")  # audited as a reading
        self.client.get(f"/party/{self.ward_a.pk}/members/export.csv")
        self.assertEqual(self.revision(), start)
        create_unit(Kind.BRANCH, "Tổ mới", self.ward_a)  # as the tree import does, without an audit
        self.assertEqual(self.revision(), start + 1)
        set_result(self.editor, self.poverty, 2023, Decimal(2))
        self.assertEqual(self.revision(), start + 2)

    def test_the_api_gives_the_same_rows_with_merged_committees_included(self):
        self.client.force_login(self.reviewer)
        plain = self.client.get(f"/api/oversight/{self.province.pk}").json()["committees"]
        merged = self.client.get(f"/api/oversight/{self.province.pk}?include_merged=true").json()["committees"]
        self.assertEqual(plain, merged)  # no merged committee here: nothing may change

    def test_the_kept_answer_is_the_live_one(self):
        """The default answer is kept as bytes; the same question asked live (each committee's term
        that starts in 2020: here its latest) goes through the API's own encoding. Same rows."""
        self.client.force_login(self.reviewer)
        first = self.client.get(f"/api/oversight/{self.province.pk}")
        kept = self.client.get(f"/api/oversight/{self.province.pk}")
        live = self.client.get(f"/api/oversight/{self.province.pk}?term_start=2020")
        self.assertEqual(first.content, kept.content)
        self.assertEqual(first["Content-Type"], live["Content-Type"])
        for field in ("committees", "ranking", "totals", "indicators_used", "unit"):
            self.assertEqual(kept.json()[field], live.json()[field], field)
        set_result(self.editor, self.poverty, 2022, Decimal(4))  # a change: a new answer at once
        after = self.client.get(f"/api/oversight/{self.province.pk}").json()
        self.assertNotEqual(after["totals"], kept.json()["totals"])
