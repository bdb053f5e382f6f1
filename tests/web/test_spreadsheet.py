import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from chitieu.plans.models import Result

from .base import BaseTestCase, make_target


def workbook(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class SpreadsheetTestCase(BaseTestCase):
    def test_template_is_prefilled(self):
        self.login(self.viewer)
        r = self.client.get(f"/t/{self.term_a.pk}/results.xlsx")
        ws = load_workbook(io.BytesIO(r.content)).active
        rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(rows[0][:5], ("id", "STT", "Chỉ tiêu", "Đơn vị", "2020"))
        growth = next(row for row in rows if row[0] == self.growth.pk)
        self.assertEqual(growth[5:7], (11, 12.5))  # 2021, 2022

    def test_upload_round_trip_with_money_in_millions(self):
        budget = make_target(self.term_a, 9, "Thu ngân sách 31.336 triệu đồng")
        self.login(self.editor)
        header = ["id", "STT", "Chỉ tiêu", "Đơn vị", *[str(y) for y in range(2020, 2026)], "Cả nhiệm kỳ"]
        data = workbook([header, [budget.pk, 9, "Thu ngân sách", "triệu đồng", None, None, None, 124857, "56.791,5"],
                         [self.poverty.pk, 3, "Hộ nghèo", "%", None, None, "2,1", 1.9]])  # fmt: skip
        r = self.client.post(f"/t/{self.term_a.pk}/results/upload/", {"file": _file(data)})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Result.objects.get(target=budget, year=2023).value, Decimal("124857000000"))
        self.assertEqual(Result.objects.get(target=budget, year=2024).value, Decimal("56791500000"))
        self.assertEqual(Result.objects.get(target=self.poverty, year=2022).value, Decimal("2.1"))
        self.assertEqual(Result.objects.get(target=self.poverty, year=2023).value, Decimal("1.9"))

    def test_one_bad_cell_imports_nothing_and_names_it(self):
        self.login(self.editor)
        header = ["id", "STT", "Chỉ tiêu", "Đơn vị", "2022", "2023"]
        data = workbook([header, [self.poverty.pk, 3, "", "%", "2,1", "1.9.9"], [self.target_c.pk, 1, "", "", 5, 6]])
        before = Result.objects.count()
        r = self.client.post(f"/t/{self.term_a.pk}/results/upload/", {"file": _file(data)})
        html = r.content.decode()
        self.assertIn("dòng 2, cột 2023", html)
        self.assertIn("dòng 3, cột id", html)  # another committee's target
        self.assertEqual(Result.objects.count(), before)

    def test_words_signs_and_changes_round_trip(self):
        # a yes/no title and a rating in words, a growth below zero, a change target's levels and its fall
        title = make_target(self.term_a, 10, "Giữ vững danh hiệu phường văn minh đô thị")
        rating = make_target(self.term_a, 11, "Hằng năm Đảng bộ hoàn thành tốt nhiệm vụ trở lên")
        fall = make_target(self.term_a, 12, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        self.login(self.editor)
        header = ["id", "STT", "Chỉ tiêu", "Đơn vị", *[str(y) for y in range(2020, 2026)], "Cả nhiệm kỳ"]
        data = workbook([
            header,
            [title.pk, 10, "", "", None, "giữ vững", "không giữ được danh hiệu"],
            [rating.pk, 11, "", "", None, "HTXSNV", "hoàn thành tốt nhiệm vụ"],
            [self.growth.pk, 1, "", "%", None, None, None, -2.6, "âm 1,5%"],
            [fall.pk, 12, "", "%", "6,2", "5,1", None, None, None, None, "giảm 1,2%"],
        ])  # fmt: skip
        r = self.client.post(f"/t/{self.term_a.pk}/results/upload/", {"file": _file(data)})
        self.assertEqual(r.status_code, 302, r.content.decode()[-2000:])

        def stored(target, year):
            return Result.objects.get(target=target, year=year).value

        self.assertEqual((stored(title, 2021), stored(title, 2022)), (1, 0))
        self.assertEqual((stored(rating, 2021), stored(rating, 2022)), (4, 3))
        self.assertEqual((stored(self.growth, 2023), stored(self.growth, 2024)), (Decimal("-2.6"), Decimal("-1.5")))
        self.assertEqual(
            (stored(fall, 2020), stored(fall, 2021), stored(fall, None)), tuple(map(Decimal, ("6.2", "5.1", "1.2")))
        )
        # and the template gives them back in the same words
        ws = load_workbook(io.BytesIO(self.client.get(f"/t/{self.term_a.pk}/results.xlsx").content)).active
        rows = {row[0]: row for row in ws.iter_rows(values_only=True)}
        self.assertEqual(rows[title.pk][5:7], ("đạt", "không đạt"))
        self.assertEqual(rows[rating.pk][5:7], ("hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ"))
        self.assertEqual(rows[self.growth.pk][7:9], (-2.6, -1.5))

    def test_a_level_in_a_change_targets_term_cell_is_refused(self):
        fall = make_target(self.term_a, 12, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        self.login(self.editor)
        header = ["id", "STT", "Chỉ tiêu", "Đơn vị", "Cả nhiệm kỳ"]
        r = self.client.post(
            f"/t/{self.term_a.pk}/results/upload/",
            {"file": _file(workbook([header, [fall.pk, 12, "", "%", "còn 2,1%"]]))},
        )
        self.assertIn("cần mức đầu kỳ", r.content.decode())
        self.assertFalse(Result.objects.filter(target=fall).exists())

    def test_corrupt_file_is_a_clear_error(self):
        self.login(self.editor)
        r = self.client.post(f"/t/{self.term_a.pk}/results/upload/", {"file": _file(b"not a workbook")})
        self.assertIn("tệp XLSX hỏng", r.content.decode())


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ket-qua.xlsx", data)


class StaleSpreadsheetTestCase(BaseTestCase):
    """A workbook downloaded at 9:00 and uploaded at 10:00 must not put back what others saved at 9:30."""

    def download(self) -> Workbook:
        return load_workbook(io.BytesIO(self.client.get(f"/t/{self.term_a.pk}/results.xlsx").content))

    def upload(self, wb: Workbook):
        buf = io.BytesIO()
        wb.save(buf)
        return self.client.post(f"/t/{self.term_a.pk}/results/upload/", {"file": _file(buf.getvalue())})

    def cell(self, wb: Workbook, target, year: int):
        ws = wb.worksheets[0]
        col = [c.value for c in ws[1]].index(str(year)) + 1
        row = next(r[0].row for r in ws.iter_rows() if r[0].value == target.pk)
        return ws.cell(row=row, column=col)

    def test_cells_the_user_did_not_change_are_not_written_back(self):
        from chitieu.plans.workflow import set_result

        self.login(self.editor)
        wb = self.download()
        set_result(self.admin, self.poverty, 2021, Decimal("2.2"))  # someone else, after the download
        self.cell(wb, self.poverty, 2022).value = 1.8  # the user changes another year only
        r = self.upload(wb)
        self.assertEqual(r.status_code, 302)
        values = {x.year: x.value for x in Result.objects.filter(target=self.poverty)}
        self.assertEqual(values, {2021: Decimal("2.2"), 2022: Decimal("1.8")})

    def test_a_cell_changed_in_the_file_and_on_the_site_is_a_conflict(self):
        from chitieu.plans.workflow import set_result

        self.login(self.editor)
        wb = self.download()
        set_result(self.admin, self.poverty, 2021, Decimal("2.2"))
        self.cell(wb, self.poverty, 2021).value = 2.4
        self.cell(wb, self.poverty, 2022).value = 1.8
        r = self.upload(wb)
        self.assertContains(r, "người khác đã sửa thành 2,2%")
        values = {x.year: x.value for x in Result.objects.filter(target=self.poverty)}
        self.assertEqual(values, {2021: Decimal("2.2")})  # nothing of the file was written
