"""The audit log in words (issue: the page showed Python dicts, None, True and "result.create result
#23"): the phrases and values of chitieu.orgs.audit_text, then the page: its sentences, filters,
paging, the rule that keeps names from the level above, and a query count that does not grow."""

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import chitieu
from chitieu.core.targets import parse_target
from chitieu.orgs import audit_text
from chitieu.orgs.audit import audit
from chitieu.orgs.models import AuditEntry
from chitieu.orgs.views import BAD_DATE
from chitieu.party import records
from chitieu.party.badges import record_badge_award
from chitieu.party.models import LEFT_STATUSES
from chitieu.plans.models import Result
from chitieu.plans.workflow import approve, save_target, set_result, submit
from tests.party.helpers import D, add_member

from .base import BaseTestCase, make_target

# --- audit_text, without the database ------------------------------------------------------------

PHRASES = [
    ("result.create", "nhập kết quả"),
    ("result.update", "sửa kết quả"),
    ("result.submit", "gửi duyệt kết quả"),
    ("result.approve", "duyệt kết quả"),
    ("result.reopen", "mở lại kết quả"),
    ("target.update", "sửa chỉ tiêu"),
    ("term.create", "mở nhiệm kỳ"),
    ("member.full", "công nhận chính thức"),
    ("member.deceased", "ghi nhận việc từ trần của"),
    ("member.transfer_out", "chuyển sinh hoạt đảng đi cho"),
    ("candidate.admit", "kết nạp"),
    ("rating.members", "xếp loại chất lượng đảng viên của"),
    ("unit.import", "nhập cây đơn vị từ tệp"),
    ("login.failed", "đăng nhập không thành công"),
    # actions no row names yet: their verb, else the generic phrase; never the code
    ("widget.delete", "xóa"),
    ("widget.create", "thêm"),
    ("result.frobnicate", "thay đổi"),
    ("something", "thay đổi"),
    ("", "thay đổi"),
]


@pytest.mark.parametrize("action,phrase", PHRASES)
def test_action_phrase(action, phrase):
    assert audit_text.action_phrase(action) == phrase


VALUES = [
    # (value as a snapshot stores it, field, object type, text)
    ("9.5", "value", "result", "9,5"),
    ("1234.5", "value", "", "1.234,5"),
    ("12.50000000", "value", "", "12,5"),
    ("-2.6", "value", "", "-2,6"),
    (Decimal("6000000000"), "value", "", "6.000.000.000"),
    (2023, "year", "result", "2023"),
    ("2023", "year", "", "2023"),
    (7, "congress_ordinal", "term", "VII"),
    (None, "value", "", "—"),
    ("None", "value_max", "target", "—"),  # save_target stores str(None)
    ("", "note", "member", "—"),
    (True, "early", "badgeaward", "có"),
    (False, "strict", "target", "không"),
    ("True", "confirmed", "target", "có"),
    ("2024-05-02", "held_on", "inspection", "02/05/2024"),
    ("2023-01-05T10:00:00+00:00", "last_login", "user", "05/01/2023 17:00"),  # Asia/Ho_Chi_Minh
    ("draft", "status", "result", "nháp"),
    ("submitted", "status", "result", "đã gửi"),
    ("approved", "status", "result", "đã duyệt"),
    ("probationary", "status", "member", "dự bị"),
    ("deceased", "status", "member", "từ trần"),
    ("dropped", "status", "candidate", "dừng xem xét"),
    ("good", "level", "unitrating", "HTTNV (hoàn thành tốt nhiệm vụ)"),
    ("merit", "level", "award", "bằng khen"),
    ("F", "sex", "member", "Nữ"),
    ("VND", "unit", "target", "đồng"),
    ("%", "unit", "target", "%"),
    ("production_value_total", "indicator", "target", "Tổng giá trị sản xuất"),
    ("residential", "kind", "unit", "khu dân cư"),
    ("reviewer", "role", "grant", "duyệt"),
    ({"12": [None, "good"], "15": ["good", "excellent"]}, "changed", "unit", "2 đảng viên"),
    ([{"year": 2021, "value": "2.5", "status": "draft"}], "results", "target", "1 kết quả"),
    # fields no table knows: by what the value looks like, never a repr
    ({"a": 1, "b": 2}, "mystery", "", "2 mục"),
    ([{"a": 1}], "mystery", "", "1 mục"),
    ([1, "x", None], "mystery", "", "1, x, —"),
    ("3.25", "mystery", "", "3,25"),
    (1234, "mystery", "", "1.234"),
    (True, "mystery", "", "có"),
    ("None", "mystery", "", "—"),
    ("2024-12-31", "mystery", "", "31/12/2024"),
    ("a code we do not know", "status", "result", "a code we do not know"),
]


@pytest.mark.parametrize("value,field,object_type,text", VALUES)
def test_format_value(value, field, object_type, text):
    assert audit_text.format_value(value, field, object_type) == text


LABELS = [
    ("value", "result", "Giá trị"),
    ("status", "member", "Trạng thái"),
    ("admitted_on", "member", "Ngày vào Đảng"),
    ("level", "award", "Hình thức khen thưởng"),
    ("some_new_field", "", "some new field"),
]


@pytest.mark.parametrize("field,object_type,label", LABELS)
def test_field_label(field, object_type, label):
    assert audit_text.field_label(field, object_type) == label


GROUPS = [
    ("result.approve", "results"),
    ("term.create", "results"),
    ("figure.update", "documents"),
    ("residence_contact.end", "members"),
    ("rating.decide", "ratings"),
    ("login", "accounts"),
    ("branch.create", "units"),
    ("demo.load", "other"),
    ("anything.else", "other"),
]


@pytest.mark.parametrize("action,group", GROUPS)
def test_action_group(action, group):
    assert audit_text.action_group(action) == group


def _actions_written_by_the_code() -> set[str]:
    """Every action string passed to audit() (and the helpers that pass it on) in src/chitieu."""
    found: set[str] = set()
    action = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")

    def strings(node: ast.AST) -> None:
        for sub in ast.walk(node):  # "result.update" if existing else "result.create"
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and action.match(sub.value):
                found.add(sub.value)
            elif isinstance(sub, ast.JoinedStr) and ast.unparse(sub) == "f'member.{status}'":
                found.update(f"member.{s}" for s in LEFT_STATUSES)

    for path in Path(chitieu.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "audit" and len(node.args) > 2:
                strings(node.args[2])
            elif name in ("_transition", "_audit_login"):
                for arg in node.args:
                    if isinstance(arg, ast.Constant):
                        strings(arg)
            elif name == "create":  # AuditEntry.objects.create(action=…)
                for kw in node.keywords:
                    if kw.arg == "action":
                        strings(kw.value)
    return found


def test_every_action_the_code_writes_reads_as_its_own_phrase():
    written = _actions_written_by_the_code()
    assert {"result.create", "member.full", "member.deceased", "unit.import", "login"} <= written
    assert sorted(written - set(audit_text.ACTION_PHRASES)) == []


# --- the page ----------------------------------------------------------------------------------


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class AuditPageTest(BaseTestCase):
    def page(self, user=None, unit=None, **params) -> str:
        self.login(user or self.editor)
        r = self.client.get(f"/u/{(unit or self.ward_a).pk}/audit/", params)
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_a_result_reads_as_a_sentence_with_vietnamese_numbers(self):
        set_result(self.editor, self.poverty, 2023, Decimal("9.5"))
        set_result(self.editor, self.poverty, 2023, Decimal(10))
        html = self.page()
        self.assertIn("Nhập kết quả năm 2023 của chỉ tiêu số 3 «Giảm tỷ lệ hộ nghèo còn dưới 3%»", html)
        self.assertIn("Sửa kết quả năm 2023", html)
        self.assertIn("Giá trị: 9,5 → 10", html)
        self.assertIn("Trạng thái: nháp", html)
        for raw in ("{'", '{"', "None", "result.create", "result.update", "<code>", "#"):
            self.assertNotIn(raw, visible_text(html), raw)

    def test_the_workflow_reads_as_status_labels(self):
        r = set_result(self.editor, self.poverty, 2023, Decimal("2.8"))
        submit(self.editor, [r])
        approve(self.reviewer, [Result.objects.get(pk=r.pk)])
        html = self.page()
        self.assertIn("Gửi duyệt kết quả năm 2023", html)
        self.assertIn("Trạng thái: nháp → đã gửi", html)
        self.assertIn("Duyệt kết quả năm 2023", html)
        self.assertIn("Trạng thái: đã gửi → đã duyệt", html)
        self.assertNotIn("result.approve", html)

    def test_a_changed_target_shows_what_changed_not_python_words(self):
        # save_target stores every field as str(): "None", "True", "0.8" must read as words
        save_target(self.editor, self.term_a, parse_target("Giảm tỷ lệ hộ nghèo còn dưới 2,5%"), number=3,
                    target=self.poverty)  # fmt: skip
        text = visible_text(self.page())
        self.assertIn("Sửa chỉ tiêu số 3 «Giảm tỷ lệ hộ nghèo còn dưới 2,5%»", text)
        self.assertIn("Giá trị: 3 → 2,5", text)
        for raw in ("None", "True", "False", "{'"):
            self.assertNotIn(raw, text, raw)

    def test_a_term_and_a_deleted_result(self):
        from chitieu.plans.workflow import create_term

        create_term(self.editor, self.ward_a, start_year=2025, end_year=2030, congress_ordinal=8)
        r = set_result(self.editor, self.poverty, 2024, Decimal("1.5"))
        r.delete()
        text = visible_text(self.page())
        self.assertIn("Mở nhiệm kỳ 2025-2030", text)
        self.assertIn("Đại hội lần thứ: VIII", text)
        self.assertIn("Nhập kết quả năm 2024 (đã xóa)", text)  # said from the entry's own snapshot
        self.assertIn("Giá trị: 1,5", text)

    def test_members_read_by_name_for_the_committee_and_anonymously_above_it(self):
        member = records.save_member(
            self.editor,
            self.ward_a,
            full_name="Nguyễn Thị Hồng Nhung",
            birth_date=D(1990, 4, 5),
            sex="F",
            branch=self.branch_a,
            admitted_on=D(2015, 3, 2),
            full_on=None,
        )
        records.record_leave(self.editor, member, None, D(2024, 6, 1), note="Bà Nhung mất", reason="died")
        mine = visible_text(self.page(self.editor))
        self.assertIn("Thêm hồ sơ đảng viên Nguyễn Thị Hồng Nhung", mine)
        self.assertIn("Ghi nhận việc từ trần của đảng viên Nguyễn Thị Hồng Nhung", mine)
        self.assertIn("Ngày sinh: 05/04/1990", mine)
        self.assertIn("Chi bộ: chi bộ Tổ 1", mine)  # an id in the snapshot, named
        self.assertIn("Trạng thái: dự bị → từ trần", mine)
        self.assertIn("Ghi chú: Bà Nhung mất", mine)
        for viewer, unit in ((self.province_viewer, self.ward_a), (self.province_viewer, self.province),
                             (self.reviewer, self.province)):  # fmt: skip
            with self.subTest(viewer=viewer.username, unit=unit.title):
                above = visible_text(self.page(viewer, unit))
                self.assertIn("Thêm hồ sơ một đảng viên", above)
                self.assertIn("Ghi nhận việc từ trần của một đảng viên", above)
                for secret in ("Nhung", "05/04/1990", "02/03/2015", "dự bị"):
                    self.assertNotIn(secret, above)

    def test_a_deleted_target_is_said_from_its_entry(self):
        target = make_target(self.term_a, 9, "Thu ngân sách 124.857 triệu đồng")
        old = {"number": 9, "year": None, "text": target.text, "value": str(target.value), "results": []}
        old["results"] = [{"year": 2021, "value": "1", "status": "draft"}]
        audit(self.editor, self.ward_a, "target.delete", target, old, None)
        audit(self.editor, self.ward_a, "target.update", target, {"number": 9}, {"number": 10})
        target.delete()
        text = visible_text(self.page())
        self.assertIn("Xóa chỉ tiêu số 9 «Thu ngân sách 124.857 triệu đồng»", text)
        self.assertNotIn("Xóa chỉ tiêu số 9 «Thu ngân sách 124.857 triệu đồng» (đã xóa)", text)
        self.assertIn("Giá trị: 124.857.000.000", text)
        self.assertIn("Kết quả đi kèm: 1 kết quả", text)
        self.assertIn("Sửa chỉ tiêu số 10 (đã xóa)", text)  # gone since: said from its snapshot
        self.assertIn("Số thứ tự: 9 → 10", text)

    def test_a_member_named_by_id_is_named_only_where_the_rule_guards_it(self):
        m = add_member(self.ward_a, self.branch_a, "Lê Thị Bình", D(1985, 2, 3), birth=D(1960, 1, 1))
        record_badge_award(self.editor, m, 30, D(2020, 9, 2))
        # An entry the level above reads whole must not name a member through an id it carries.
        audit(self.editor, self.ward_a, "result.update", self.poverty.results.get(), {"member": None}, {"member": m.pk})
        mine = visible_text(self.page(self.editor))
        self.assertIn("Trao Huy hiệu 30 năm tuổi Đảng cho đảng viên Lê Thị Bình", mine)
        self.assertIn("Đảng viên: Lê Thị Bình", mine)
        self.assertIn("Ngày trao: 02/09/2020", mine)
        self.assertIn("Đảng viên: — → một đảng viên", mine)
        self.assertEqual(mine.count("Bình"), 2)  # the badge's object and its member field, not the result
        above = visible_text(self.page(self.province_viewer))
        self.assertNotIn("Bình", above)
        self.assertIn("Chi tiết chỉ người của Đảng bộ xem được.", above)

    def test_the_level_above_still_reads_results_values(self):
        set_result(self.editor, self.admissions, 2022, Decimal(11))
        text = visible_text(self.page(self.province_viewer))
        self.assertIn("Nhập kết quả năm 2022 của chỉ tiêu số 2", text)
        self.assertIn("Giá trị: 11", text)


class AuditFiltersTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        r = set_result(cls.editor, cls.poverty, 2023, Decimal("2.8"))  # in March 2024
        submit(cls.editor, [r])  # in May 2024
        approve(cls.reviewer, [Result.objects.get(pk=r.pk)])  # in May 2024
        add_member(cls.ward_a, cls.branch_a, "Trần Văn Khải")
        audit(cls.editor, cls.ward_a, "member.update", cls.ward_a.party_members.get(), {"note": ""}, {"note": "x"})
        tz = timezone.get_current_timezone()
        for action, day in (
            ("result.create", dt.datetime(2024, 3, 10, 23, 30, tzinfo=tz)),  # late: still the 10th locally
            ("result.submit", dt.datetime(2024, 5, 2, 9, 0, tzinfo=tz)),
            ("result.approve", dt.datetime(2024, 5, 3, 9, 0, tzinfo=tz)),
            ("member.update", dt.datetime(2024, 7, 1, 0, 5, tzinfo=tz)),
        ):
            AuditEntry.objects.filter(action=action).update(at=day)

    def sentences(self, **params) -> str:
        self.login(self.editor)
        r = self.client.get(f"/u/{self.ward_a.pk}/audit/", params)
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_the_person_select_lists_who_appears(self):
        html = self.sentences()
        self.assertIn('<label for="id_user">Người:</label>', html)
        self.assertIn(f'<option value="{self.reviewer.pk}">reviewer</option>', html)
        self.assertNotIn(">outsider<", html)
        only = visible_text(self.sentences(user=self.reviewer.pk))
        self.assertIn("Duyệt kết quả", only)
        self.assertNotIn("Nhập kết quả", only)

    def test_by_kind_of_change(self):
        members = visible_text(self.sentences(kind="members"))
        self.assertIn("Sửa hồ sơ đảng viên Trần Văn Khải", members)
        self.assertNotIn("kết quả", members)
        results = visible_text(self.sentences(kind="results"))
        self.assertIn("Nhập kết quả", results)
        self.assertNotIn("Trần Văn Khải", results)
        self.assertIn("Không có thay đổi nào", visible_text(self.sentences(kind="other")))

    def test_by_dates_written_either_way(self):
        for since, until in (("01/05/2024", "31/05/2024"), ("2024-05-01", "2024-05-31"), ("1/5/2024", "31/5/24")):
            with self.subTest(since=since, until=until):
                text = visible_text(self.sentences(since=since, until=until))
                self.assertIn("Gửi duyệt kết quả", text)
                self.assertIn("Duyệt kết quả", text)
                self.assertNotIn("Nhập kết quả", text)
                self.assertNotIn("Sửa hồ sơ", text)
        self.assertIn("Nhập kết quả", visible_text(self.sentences(since="10/03/2024", until="10/03/2024")))
        self.assertIn("Sửa hồ sơ", visible_text(self.sentences(since="01/07/2024")))
        self.assertNotIn("Sửa hồ sơ", visible_text(self.sentences(until="30/06/2024")))

    def test_a_bad_date_is_one_clear_error_beside_its_field(self):
        html = self.sentences(since="31/02/2024", kind="results")
        self.assertEqual(html.count(BAD_DATE), 1)
        self.assertIn('id="id_since_error"', html)
        self.assertIn('aria-invalid="true"', html)
        text = visible_text(html)
        self.assertIn("Nhập kết quả", text)  # the valid filter still applies, the bad one is left out
        self.assertNotIn("Sửa hồ sơ", text)
        for nonsense in ("hôm qua", "2024-13-01", "<script>"):
            with self.subTest(since=nonsense):
                self.assertEqual(self.sentences(since=nonsense).count(BAD_DATE), 1)

    def test_dates_out_of_range_are_errors_not_crashes(self):
        for name, day in (("since", "01/01/0001"), ("until", "31/12/9999"), ("since", "9999-12-31")):
            with self.subTest(**{name: day}):
                self.assertIn("Năm phải từ 1900 đến 2999.", self.sentences(**{name: day}))

    def test_dates_the_wrong_way_round(self):
        html = self.sentences(since="31/05/2024", until="01/05/2024")
        self.assertIn("Đến ngày phải từ 31/05/2024 trở đi.", html)

    def test_unknown_choices_are_errors_not_crashes(self):
        html = self.sentences(user="999999", kind="nope")
        self.assertIn("Chọn một người.", html)
        self.assertIn("Chọn một loại thay đổi.", html)

    def test_paging_keeps_the_filters(self):
        result = Result.objects.get(target=self.poverty, year=2023)
        for i in range(60):
            audit(self.editor, self.ward_a, "result.update", result, {"value": str(i)}, {"value": str(i + 1)})
        html = self.sentences(user=self.editor.pk, kind="results")
        self.assertIn(f'href="?user={self.editor.pk}&amp;kind=results&amp;page=2"', html)
        self.assertIn("Trang 1/2", html)
        second = self.sentences(user=self.editor.pk, kind="results", page=2)
        self.assertIn(f'href="?user={self.editor.pk}&amp;kind=results&amp;page=1"', second)


def since_errors(html: str) -> str:
    return re.search(r'<div id="audit-filter-since-errors"[^>]*>.*?</div>', html, re.S).group(0)


class AuditHtmxTest(BaseTestCase):
    """With htmx a filter or a page link asks for the results only; without it, the whole page."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        r = set_result(cls.editor, cls.poverty, 2023, Decimal("2.8"))
        submit(cls.editor, [r])
        approve(cls.reviewer, [Result.objects.get(pk=r.pk)])
        add_member(cls.ward_a, cls.branch_a, "Trần Văn Khải")
        audit(cls.editor, cls.ward_a, "member.update", cls.ward_a.party_members.get(), {"note": ""}, {"note": "x"})

    def get(self, headers=None, **params):
        self.login(self.editor)
        r = self.client.get(f"/u/{self.ward_a.pk}/audit/", params, headers=headers or {})
        self.assertEqual(r.status_code, 200)
        self.assertIn("HX-Request", r.get("Vary", ""))  # a cached partial never stands for the page
        return r

    def htmx(self, **params):
        return self.get({"HX-Request": "true", "HX-Target": "audit-results"}, **params)

    def test_a_plain_request_gets_the_whole_page_with_its_htmx_form(self):
        html = self.get(kind="results").content.decode()
        self.assertIn("<html", html)
        self.assertIn("<h1>Nhật ký thay đổi</h1>", html)
        form = re.search(r'<form method="get"[^>]*id="audit-filters"[^>]*>', html).group(0)
        for attr in ('hx-get="', 'hx-target="#audit-results"', 'hx-push-url="true"', 'hx-trigger="change, submit"'):
            self.assertIn(attr, form)
        self.assertIn('<button type="submit">Lọc</button>', html)  # the form still works without JavaScript
        self.assertIn('id="audit-results"', html)
        self.assertNotIn("hx-swap-oob", html)

    def test_an_htmx_request_gets_only_the_results_and_the_address(self):
        r = self.htmx(kind="results", user="", since="", until="")
        html = r.content.decode()
        for whole_page in ("<html", "<h1", "<form", "Đăng xuất"):
            self.assertNotIn(whole_page, html)
        self.assertIn('<div id="audit-results"', html)
        self.assertIn('<p id="audit-count" hx-swap-oob="innerHTML">', html)
        text = visible_text(html)
        self.assertIn("Nhập kết quả", text)  # the filter applies
        self.assertNotIn("Sửa hồ sơ", text)
        self.assertIn("3 thay đổi khớp bộ lọc", text)
        # the bar gets the filters set, without the empty ones
        self.assertEqual(r["HX-Push-Url"], f"/u/{self.ward_a.pk}/audit/?kind=results")
        self.assertEqual(self.htmx()["HX-Push-Url"], f"/u/{self.ward_a.pk}/audit/")

    def test_an_htmx_answer_says_a_bad_filter_beside_its_field(self):
        html = self.htmx(since="31/02/2024").content.decode()
        errors = since_errors(html)
        self.assertIn('hx-swap-oob="true"', errors)
        self.assertIn(BAD_DATE, errors)
        self.assertIn('id="id_since_error"', errors)
        self.assertEqual(html.count(BAD_DATE), 1)
        # only the error boxes come out of band, never the fields: what the user types meanwhile stays
        self.assertNotIn("<input", html)
        self.assertNotIn("<select", html)
        self.assertNotIn('id="audit-filter-since"', html)
        for name in ("user", "kind", "until"):
            self.assertIn(f'<div id="audit-filter-{name}-errors" class="filter-errors" hx-swap-oob="true"></div>', html)
        # once put right, the answer empties the box
        errors = since_errors(self.htmx(since="01/05/2024").content.decode())
        self.assertEqual(errors, '<div id="audit-filter-since-errors" class="filter-errors" hx-swap-oob="true"></div>')

    def test_each_field_is_described_by_its_error_box(self):
        html = self.get(since="31/02/2024").content.decode()
        since = re.search(r'<input[^>]*name="since"[^>]*>', html).group(0)
        self.assertIn('aria-describedby="audit-filter-since-errors"', since)
        self.assertIn('aria-invalid="true"', since)
        self.assertIn(BAD_DATE, since_errors(html))
        until = re.search(r'<input[^>]*name="until"[^>]*>', html).group(0)
        self.assertIn('aria-describedby="audit-filter-until-errors"', until)
        self.assertNotIn("aria-invalid", until)
        # the page marks a field invalid while its box holds an error (after an htmx answer)
        self.assertIn('errors.querySelector(".errorlist")', html)

    def test_paging_by_htmx_keeps_the_filters(self):
        result = Result.objects.get(target=self.poverty, year=2023)
        for i in range(60):
            audit(self.editor, self.ward_a, "result.update", result, {"value": str(i)}, {"value": str(i + 1)})
        r = self.htmx(kind="results", page=2)
        html = r.content.decode()
        self.assertIn('hx-get="?kind=results&amp;page=1"', html)
        self.assertIn("Trang 2/2", html)
        self.assertEqual(r["HX-Push-Url"], f"/u/{self.ward_a.pk}/audit/?kind=results&page=2")

    def test_going_back_in_history_gets_the_whole_page(self):
        r = self.get({"HX-Request": "true", "HX-History-Restore-Request": "true"}, kind="results")
        self.assertIn("<h1>Nhật ký thay đổi</h1>", r.content.decode())


class AuditQueryCountTest(BaseTestCase):
    """One query per kind of object on the page, whatever the number of entries."""

    def add_entries(self, n: int, tag: str) -> None:
        members = [add_member(self.ward_a, self.branch_a, f"Đảng viên {tag}{i}") for i in range(max(1, n // 5))]
        results = list(Result.objects.filter(target__term=self.term_a))
        for i in range(n):
            kind = i % 5
            if kind == 0:
                r = results[i % len(results)]
                audit(self.editor, self.ward_a, "result.update", r, {"value": "1", "status": "draft"},
                      {"value": str(i), "status": "submitted"})  # fmt: skip
            elif kind == 1:
                m = members[i % len(members)]
                audit(self.editor, self.ward_a, "member.update", m, {"branch": None}, {"branch": self.branch_a.pk})
            elif kind == 2:
                audit(self.editor, self.ward_a, "target.update", self.poverty, {"value": "3"}, {"value": "2.5"})
            elif kind == 3:
                audit(self.reviewer, self.ward_a, "term.update", self.term_a, {"secretary": ""}, {"secretary": "A"})
            else:
                audit(self.editor, self.ward_a, "rating.members", self.branch_a, None,
                      {"year": 2024, "changed": {str(members[0].pk): [None, "good"]}})  # fmt: skip

    def count(self, user, unit) -> int:
        self.login(user)
        url = f"/u/{unit.pk}/audit/"
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(url)
        return len(ctx.captured_queries)

    def test_the_count_does_not_grow_with_the_entries(self):
        views = [
            ("editor", "ward_a"),
            ("province_viewer", "ward_a"),
            ("province_viewer", "province"),
            ("admin", "province"),
        ]
        self.add_entries(5, "a")
        small = {(p, u): self.count(getattr(self, p), getattr(self, u)) for p, u in views}
        self.add_entries(60, "b")
        for p, u in views:
            with self.subTest(persona=p, unit=u):
                self.assertEqual(self.count(getattr(self, p), getattr(self, u)), small[(p, u)])
