import re
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


class TermUnderWayTestCase(BaseTestCase):
    """A term that began last year: its targets are being carried out, with the trend to its end."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import datetime as dt

        from chitieu.plans.models import Term

        this_year = dt.date.today().year
        cls.current = Term.objects.create(committee=cls.ward_a, start_year=this_year - 1, end_year=this_year + 4)
        cls.slow = make_target(cls.current, 1, "Kết nạp 50 đảng viên trong nhiệm kỳ")
        cls.steady = make_target(cls.current, 2, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        cls.title = make_target(cls.current, 3, "Giữ vững danh hiệu phường văn minh đô thị")
        cls.unclear = make_target(cls.current, 4, "Tổng thu ngân sách đạt 225 tỷ đồng")
        for target, year, value in (
            (cls.slow, this_year, "9"),  # 9 a year: 45 by the end, against 50
            (cls.steady, this_year - 1, "6"),
            (cls.steady, this_year, "4"),  # 2 points a year, against 1,5
            (cls.title, this_year, "1"),
        ):
            Result.objects.create(target=target, year=year, value=Decimal(value))
        Result.objects.create(target=cls.unclear, year=None, value=Decimal(900))  # typed without its scale

    def test_the_committee_page_says_what_is_under_way(self):
        self.login(self.viewer)
        html = self.client.get(f"/c/{self.ward_a.pk}/?term={self.current.pk}").content.decode()
        self.assertIn("đang thực hiện, có nguy cơ không đạt", html)  # the admissions
        self.assertIn("đang thực hiện, đúng tiến độ", html)  # the poverty rate
        self.assertIn("dự kiến 45", html)
        self.assertIn("đạt và vượt 0/4 chỉ tiêu, 3 chỉ tiêu đang thực hiện (2 đúng tiến độ)", html)
        self.assertIn("không xác định được", html)  # 900 đồng against 225 tỷ đồng
        self.assertIn("gấp hàng trăm lần", html)
        self.assertNotIn("chưa đạt</span>", html)  # nothing of a term under way is "chưa đạt" yet

    def test_the_api_gives_the_outlook(self):
        self.login(self.viewer)
        out = self.client.get(f"/api/terms/{self.current.pk}/evaluation").json()
        rows = {r["target"]["id"]: r for r in out["targets"]}
        slow = rows[self.slow.pk]
        self.assertEqual((slow["status"], slow["verdict"]), ("in_progress", None))
        self.assertEqual((slow["outlook"]["on_track"], slow["outlook"]["projected"]), (False, "45"))
        self.assertEqual(rows[self.title.pk]["status"], "in_progress")  # a title to keep settles at the end
        self.assertEqual(rows[self.unclear.pk]["status"], "undetermined")
        self.assertEqual((out["summary"]["in_progress"], out["summary"]["on_track"]), (3, 2))

    def test_the_annual_report_of_this_year_says_it_too(self):
        import datetime as dt

        from chitieu.reports.content import build_report

        content = build_report(self.ward_a, "annual", today=dt.date.today(), year=dt.date.today().year)
        text = "\n".join(b.text for b in content.blocks)
        self.assertIn("đang thực hiện, có nguy cơ không đạt", text)
        self.assertIn("chưa đánh giá được", text)

    def test_the_province_page_counts_the_terms_under_way(self):
        self.login(self.province_viewer)
        html = self.client.get(f"/p/{self.province.pk}/").content.decode()
        self.assertIn("đang thực hiện 3 (2 đúng tiến độ)", html)
        self.assertIn("Kết nạp 50 đảng viên trong nhiệm kỳ — có nguy cơ không đạt, dự kiến 45", html)

    def test_the_midterm_report_says_it_too(self):
        import datetime as dt

        from chitieu.reports.content import build_report

        content = build_report(self.ward_a, "midterm", today=dt.date.today(), term=self.current)
        text = "\n".join(b.text for b in content.blocks)
        self.assertIn("chỉ tiêu đang thực hiện (2 đúng tiến độ, 1 có nguy cơ không đạt)", text)
        self.assertIn("có nguy cơ không đạt nếu giữ xu hướng hiện nay: Kết nạp 50 đảng viên trong nhiệm kỳ", text)
        verdicts = {r.number: r.verdict for r in content.rows}
        self.assertEqual(verdicts[1], "Đang thực hiện, có nguy cơ không đạt")


class KeptBodyTestCase(BaseTestCase):
    """The page's body is rendered once per state and kept: what any change shows at once, what each
    user may do still theirs, the forms' CSRF token still the user's own."""

    def get(self, user, query=""):
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            r = self.client.get(f"/c/{self.ward_a.pk}/{query}")
        self.assertEqual(r.status_code, 200)
        return r.content.decode(), len(queries)

    def test_served_again_from_what_was_kept(self):
        first, n_first = self.get(self.viewer)
        again, n_again = self.get(self.viewer)
        unmasked = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # masked anew each time
        self.assertEqual(unmasked.sub("", first), unmasked.sub("", again))
        self.assertLess(n_again, n_first)
        self.assertLessEqual(n_again, 6)  # session, user, unit, grants, predecessors (and a savepoint)

    def test_a_change_shows_at_once(self):
        from chitieu.plans.workflow import set_result

        self.get(self.viewer)
        set_result(self.editor, self.poverty, 2022, Decimal(4))  # "còn dưới 3%": 4% no longer meets it
        html, _ = self.get(self.viewer)
        self.assertIn("đạt và vượt 1/3 chỉ tiêu", html)

    def test_the_parent_s_new_name_shows(self):
        from chitieu.orgs.audit import bump_revision
        from chitieu.orgs.models import Unit

        self.get(self.viewer)
        Unit.objects.filter(pk=self.province.pk).update(name="Lào Cai Mới")
        bump_revision(self.province)  # as the admin's audited save does
        html, _ = self.get(self.viewer)
        self.assertIn("Lào Cai Mới", html)

    def test_each_user_sees_what_they_may_do(self):
        editor_page, _ = self.get(self.editor)
        viewer_page, _ = self.get(self.viewer)
        self.assertIn("Dán chỉ tiêu", editor_page)
        self.assertNotIn("Dán chỉ tiêu", viewer_page)
        self.assertNotIn("Duyệt 1 số liệu", editor_page)
        reviewer_page, _ = self.get(self.reviewer)
        self.assertIn("Duyệt 1 số liệu", reviewer_page)

    def test_what_each_user_may_do_with_a_predecessor_s_term_is_theirs(self):
        """A merged committee shows its predecessors' terms: who may review a predecessor is part of
        the kept body's key, not only who may review the committee (one reviewer of the province,
        one of the district the successor sits in but not the other predecessor)."""
        import datetime as dt

        from django.contrib.auth.models import User

        from chitieu.orgs.models import Grant, Kind, Role
        from chitieu.orgs.tree import create_unit, merge_units
        from chitieu.plans.models import Term

        d1, d2 = (create_unit(Kind.DISTRICT, name, self.province) for name in ("Một", "Hai"))
        x1, x2 = (create_unit(Kind.WARD, name, d) for name, d in (("Cũ Một", d1), ("Cũ Hai", d2)))
        old = Term.objects.create(committee=x1, start_year=2015, end_year=2020)
        make_target(old, 1, "Kết nạp 10 đảng viên/năm")
        successor = merge_units([x2, x1], Kind.WARD, "Mới", dt.date(2025, 7, 1))  # under d2
        district_reviewer = User.objects.create_user("reviewer-d2")
        Grant.objects.create(user=district_reviewer, unit=d2, role=Role.REVIEWER)
        pages = {}
        for user in (self.reviewer, district_reviewer):  # the province's reviewer first: its body kept
            self.login(user)
            pages[user] = self.client.get(f"/c/{successor.pk}/?term={old.pk}").content.decode()
        self.assertIn("Mở lại số liệu đã duyệt", pages[self.reviewer])
        self.assertNotIn("Mở lại số liệu đã duyệt", pages[district_reviewer])

    def test_the_kept_forms_carry_the_user_s_own_token(self):
        from django.contrib.auth.models import User
        from django.test import Client

        from chitieu.orgs.models import Grant, Role

        other = User.objects.create_user("reviewer2")
        Grant.objects.create(user=other, unit=self.province, role=Role.REVIEWER)
        for user in (self.reviewer, other):  # the second is served the first one's kept body
            client = Client(enforce_csrf_checks=True)
            client.force_login(user)
            html = client.get(f"/c/{self.ward_a.pk}/").content.decode()
            self.assertNotIn("__chitieu_csrf_slot__", html)
            token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
            r = client.post(f"/t/{self.term_a.pk}/approve/", {"csrfmiddlewaretoken": token})
            self.assertEqual(r.status_code, 302, user)
