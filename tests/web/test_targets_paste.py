from chitieu.plans.models import Target
from chitieu.plans.workflow import split_target_lines

from .base import BaseTestCase

RESOLUTION = """Các chỉ tiêu chủ yếu của nhiệm kỳ 2020-2025
1- Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm.
2- Thu ngân sách tăng bình quân từ 8 - 10%/năm.
3. Tỷ suất sinh bình quân hằng năm 10-12‰/năm.
4) Giảm tỷ lệ hộ nghèo còn dưới 3%
   (theo chuẩn nghèo đa chiều).
5- Hằng năm kết nạp 10 đảng viên/năm.
6- Xây dựng Đảng bộ trong sạch vững mạnh.
"""


def test_split_target_lines():
    lines = split_target_lines(RESOLUTION)
    assert [n for n, _ in lines] == [1, 1, 2, 3, 4, 5, 6]
    assert lines[4][1] == "Giảm tỷ lệ hộ nghèo còn dưới 3% (theo chuẩn nghèo đa chiều)."


def test_items_numbered_in_brackets_letters_and_roman_numerals_are_new_lines():
    block = """(1) Tỷ lệ hộ nghèo còn dưới 2%
(2) Kết nạp 10 đảng viên mới/năm
   theo Điều lệ Đảng.
(3) Thu ngân sách 30 tỷ đồng
a) Tổng giá trị sản xuất tăng 12%/năm
b) Thu nhập bình quân đầu người đạt 70 triệu đồng
I. Về kinh tế
II. Về xã hội
Chỉ tiêu 5: Tỷ lệ che phủ rừng đạt 45%
a dân cư đạt chuẩn văn hóa
IV) Tỷ lệ hộ dùng nước sạch đạt 100%
c) Tỷ lệ che phủ rừng 45%
đ) Không còn hộ nghèo
"""
    lines = split_target_lines(block)
    assert [n for n, _ in lines] == [1, 2, 3, 1, 2, 1, 2, 5, 4, 3, 5]
    assert lines[1][1] == "Kết nạp 10 đảng viên mới/năm theo Điều lệ Đảng."
    assert lines[4][1] == "Thu nhập bình quân đầu người đạt 70 triệu đồng"
    assert lines[7][1] == "Tỷ lệ che phủ rừng đạt 45% a dân cư đạt chuẩn văn hóa"  # a wrapped line stays glued
    assert lines[8][1] == "Tỷ lệ hộ dùng nước sạch đạt 100%"


class PasteTargetsTestCase(BaseTestCase):
    def test_propose_then_confirm(self):
        self.login(self.editor)
        url = f"/t/{self.term_a.pk}/targets/paste/"
        r = self.client.post(url, {"text": RESOLUTION.split("\n", 1)[1]})
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn("12 - 15%/năm — tăng trưởng bình quân", html)
        self.assertNotIn("average_growth", html.split("<select")[0])  # words, not codes
        self.assertIn("Không tìm thấy con số", html)  # line 6 has no figure: shown, not saved
        formset = r.context["formset"]
        data = {"form-TOTAL_FORMS": str(len(formset.forms)), "form-INITIAL_FORMS": "0", "year": ""}
        for i, f in enumerate(formset.forms):
            for name in ("number", "text", "indicator", "shape"):
                data[f"form-{i}-{name}"] = f.initial.get(name, "")
            if f.initial.get("include"):
                data[f"form-{i}-include"] = "on"
        data["form-1-text"] = "Thu ngân sách tăng bình quân từ 9 - 10%/năm"  # the user corrects a line
        before = Target.objects.filter(term=self.term_a).count()
        r = self.client.post(url, data)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Target.objects.filter(term=self.term_a).count(), before + 5)
        corrected = Target.objects.filter(term=self.term_a, number=2).latest("id")
        self.assertEqual(corrected.value, 9)
        self.assertEqual(corrected.indicator, "budget_revenue_growth_rate")
        poverty = Target.objects.filter(term=self.term_a, number=4).latest("id")
        self.assertEqual((poverty.shape, poverty.strict, poverty.indicator), ("at_most", True, "poverty_rate"))

    def test_a_line_that_cannot_be_read_blocks_saving_when_included(self):
        self.login(self.editor)
        url = f"/t/{self.term_a.pk}/targets/paste/"
        data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "year": "", "form-0-include": "on",
                "form-0-number": "1", "form-0-text": "Xây dựng Đảng bộ vững mạnh", "form-0-indicator": "",
                "form-0-shape": ""}  # fmt: skip
        before = Target.objects.count()
        r = self.client.post(url, data)
        self.assertEqual(r.status_code, 200)
        self.assertIn("Không tìm thấy con số", r.content.decode())
        self.assertEqual(Target.objects.count(), before)


class SavedTargetsKeepTheirReadingTestCase(BaseTestCase):
    def test_what_the_core_read_is_stored_and_judged_the_same(self):
        from chitieu.core.targets import parse_target
        from chitieu.core.verdicts import evaluate, read_actual
        from chitieu.plans.workflow import save_target

        for number, phrase in enumerate(
            [
                "5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu",
                "50% (8 xã) đạt chuẩn nông thôn mới",
                "tăng 04 doanh nghiệp so với năm 2015",
                "thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm",
                "Năng suất lúa đạt 65 tạ/ha",
                "đạt xã nông thôn mới nâng cao vào năm 2022",
                "số vụ tai nạn giao thông giảm 5%/năm",
            ],
            start=20,
        ):
            core = parse_target(phrase)
            stored = save_target(self.editor, self.term_a, core, number=number).as_core()
            self.assertEqual(stored, core, phrase)
        # and judged alike: 6,6 tấn/ha against 65 tạ/ha
        target = self.term_a.targets.get(number=24)
        self.assertEqual(evaluate(target.as_core(), read_actual("6,6 tấn/ha")).verdict, "exceeded")
