from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from chitieu.orgs.models import AuditEntry
from chitieu.plans.evaluation import evaluate_term
from chitieu.plans.forms import clean_value
from chitieu.plans.models import Result, Status
from chitieu.plans.workflow import WorkflowError, approve, reopen, set_result, submit

from .base import BaseTestCase, make_target


@pytest.mark.parametrize(
    "text,unit,value",
    [
        ("11,74%", "%", "11.74"),
        ("11,74", "%", "11.74"),
        ("131", "count", "131"),
        ("131 hộ", "count", "131"),
        ("124.857 triệu đồng", "VND", "124857000000"),
        ("270,9 tỷ đồng", "VND", "270900000000"),
        ("11,35‰", "‰", "11.35"),
    ],
)
def test_clean_value(text, unit, value):
    assert clean_value(text, unit) == Decimal(value)


@pytest.mark.parametrize(
    "text,unit,message",
    [
        ("", "%", "Chưa nhập"),
        ("31.336", "VND", "Ghi rõ đơn vị"),  # money without its unit is ambiguous
        ("12.5", "%", "dấu chấm"),
        ("11 hộ", "%", "khác đơn vị"),
        ("abc", "%", "Không tìm thấy con số"),
    ],
)
def test_clean_value_refuses(text, unit, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as exc:
        clean_value(text, unit)
    assert message in " ".join(exc.value.messages)


class ResultFormTestCase(BaseTestCase):
    def test_a_change_target_takes_levels_by_year_and_the_fall_for_the_term(self):
        fall = make_target(self.term_a, 12, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        self.login(self.editor)
        r = self.client.post(f"/targets/{fall.pk}/results/", {"y2020": "6,2%", "y2025": "3%", "term": "giảm 1,2%"})
        self.assertEqual(r.status_code, 302)
        values = {res.year: res.value for res in fall.results.all()}
        self.assertEqual(values, {2020: Decimal("6.2"), 2025: Decimal("3"), None: Decimal("1.2")})
        # the form shows them back in words it reads again
        html = self.client.get(f"/targets/{fall.pk}/results/").content.decode()
        self.assertIn('value="giảm 1,2%/năm"', html)
        status = {s.target.pk: s for s in evaluate_term(self.term_a)}[fall.pk]
        self.assertEqual((status.verdict, status.evaluation.completion_pct), ("not_met", Decimal(80)))

    def test_yes_no_and_ratings_are_typed_in_words(self):
        title = make_target(self.term_a, 10, "Giữ vững danh hiệu phường văn minh đô thị")
        rating = make_target(self.term_a, 11, "Hằng năm Đảng bộ hoàn thành tốt nhiệm vụ trở lên")
        self.login(self.editor)
        self.client.post(f"/targets/{title.pk}/results/", {"y2021": "giữ vững", "y2022": "không đạt"})
        self.client.post(f"/targets/{rating.pk}/results/", {"y2021": "HTXSNV", "y2022": "hoàn thành nhiệm vụ"})
        self.assertEqual({r.year: r.value for r in title.results.all()}, {2021: 1, 2022: 0})
        self.assertEqual({r.year: r.value for r in rating.results.all()}, {2021: 4, 2022: 2})
        r = self.client.post(f"/targets/{title.pk}/results/", {"y2023": "95%"})
        self.assertIn("đạt/không đạt", r.content.decode())

    def test_a_growth_below_zero_keeps_its_sign(self):
        self.login(self.editor)
        r = self.client.post(f"/targets/{self.growth.pk}/results/", {"y2023": "-2,6%", "y2024": "tăng trưởng âm 1%"})
        self.assertEqual(r.status_code, 302)
        values = {res.year: res.value for res in self.growth.results.all()}
        self.assertEqual((values[2023], values[2024]), (Decimal("-2.6"), Decimal("-1")))

    def test_entering_a_result_changes_the_verdict(self):
        self.login(self.editor)
        before = {s.target.pk: s.verdict for s in evaluate_term(self.term_a)}
        self.assertEqual(before[self.poverty.pk], "exceeded")  # 2,5% against below 3%
        r = self.client.post(f"/targets/{self.poverty.pk}/results/", {"y2021": "2,5%", "y2022": "3,4%"})
        self.assertEqual(r.status_code, 302)
        after = {s.target.pk: s.verdict for s in evaluate_term(self.term_a)}
        self.assertEqual(after[self.poverty.pk], "not_met")
        self.assertTrue(AuditEntry.objects.filter(action="result.create", unit=self.ward_a).exists())

    def test_bad_value_is_shown_and_nothing_is_saved(self):
        self.login(self.editor)
        r = self.client.post(f"/targets/{self.poverty.pk}/results/", {"y2022": "3.4%", "y2023": "2%"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("dấu chấm", r.content.decode())
        self.assertFalse(Result.objects.filter(target=self.poverty, year__in=(2022, 2023)).exists())

    def test_approved_result_is_locked(self):
        self.login(self.editor)
        r = self.client.post(f"/targets/{self.growth.pk}/results/", {"y2021": "20%"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("đã được duyệt", r.content.decode())
        self.assertEqual(Result.objects.get(target=self.growth, year=2021).value, Decimal("11"))

    def test_viewer_cannot_post(self):
        self.login(self.viewer)
        r = self.client.post(f"/targets/{self.poverty.pk}/results/", {"y2022": "1%"})
        self.assertEqual(r.status_code, 404)

    def test_year_outside_the_term_is_refused(self):
        with self.assertRaisesMessage(WorkflowError, "ngoài nhiệm kỳ"):
            set_result(self.editor, self.poverty, 2030, Decimal(1))


class WorkflowTestCase(BaseTestCase):
    def test_draft_submitted_approved_reopened(self):
        draft = Result.objects.get(target=self.poverty, year=2021)
        submit(self.editor, [draft])
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.SUBMITTED)
        with self.assertRaises(WorkflowError):
            approve(self.editor, [draft])  # the committee cannot approve its own figures
        approve(self.reviewer, [draft])
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.APPROVED)
        with self.assertRaisesMessage(WorkflowError, "đã được duyệt"):
            set_result(self.editor, self.poverty, 2021, Decimal(2))
        reopen(self.reviewer, [draft])
        set_result(self.editor, self.poverty, 2021, Decimal(2))
        actions = list(AuditEntry.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True))
        self.assertEqual(sorted(actions), sorted(["result.submit", "result.approve", "result.reopen", "result.update"]))
        update = AuditEntry.objects.get(object_id=str(draft.pk), action="result.update")
        self.assertEqual((update.old["value"], update.new["value"]), ("2.50000000", "2"))

    def test_viewer_province_and_outsider_cannot_change(self):
        r = Result.objects.get(target=self.poverty, year=2021)
        for user in (self.viewer, self.province_viewer, self.outsider, AnonymousUser()):
            with self.subTest(user=str(user)), self.assertRaises(WorkflowError):
                set_result(user, self.poverty, 2021, Decimal(1))
        for user in (self.viewer, self.province_viewer, self.outsider):
            with self.subTest(user=str(user)), self.assertRaises(WorkflowError):
                submit(user, [r])

    def test_page_buttons_drive_the_workflow(self):
        self.login(self.editor)
        self.client.post(f"/t/{self.term_a.pk}/submit/")
        self.assertFalse(Result.objects.filter(target__term=self.term_a, status=Status.DRAFT).exists())
        self.login(self.reviewer)
        self.client.post(f"/t/{self.term_a.pk}/approve/")
        self.assertEqual(
            set(Result.objects.filter(target__term=self.term_a).values_list("status", flat=True)), {Status.APPROVED}
        )
        r = self.client.get(f"/u/{self.ward_a.pk}/audit/")
        self.assertIn("Duyệt kết quả", r.content.decode())

    def test_the_page_says_what_to_type_and_shows_levels_and_change_apart(self):
        fall = make_target(self.term_a, 12, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        self.login(self.editor)
        self.client.post(f"/targets/{fall.pk}/results/", {"y2020": "6,2%", "term": "giảm 1,2%"})
        html = self.client.get(f"/targets/{fall.pk}/results/").content.decode()
        self.assertIn("mức giảm/tăng bình quân mỗi năm đã đạt", html)  # the hint for this shape
        self.assertIn("mức tăng/giảm mỗi năm, Tỷ lệ hộ nghèo", html)  # words, not codes
        self.assertIn('<td class="num">6,2%</td>', html)  # a year's level
        self.assertIn('<td class="num">giảm 1,2%/năm</td>', html)  # the term's fall


class ChangeTargetCellTest(BaseTestCase):
    def test_a_change_typed_in_a_years_cell_is_refused_not_stored_as_a_level(self):
        from chitieu.plans.forms import clean_result

        target = make_target(self.term_a, 9, "Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm")
        for text, expected in (("3,2%", Decimal("3.2")), ("còn 2,8%", Decimal("2.8"))):
            with self.subTest(text=text):
                self.assertEqual(clean_result(text, target, 2022), expected)
        for text in ("giảm 1,7%", "tăng 0,5%"):
            with self.subTest(text=text), self.assertRaisesMessage(ValidationError, "Ô của từng năm ghi mức"):
                clean_result(text, target, 2022)
