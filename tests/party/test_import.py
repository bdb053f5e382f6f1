"""Roster import: template download, all-or-nothing with errors by row and column, the CLI."""

import argparse
import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from chitieu.orgs.models import AuditEntry
from chitieu.party import cli
from chitieu.party.importers import MEMBER_COLUMNS, ImportFailed, import_members, template_csv
from chitieu.party.models import Member, MemberStatus
from tests.web.base import BaseTestCase

HEADER = [h for _, h, _, _ in MEMBER_COLUMNS]
GOOD = ["Trần Thị Bình", "02/03/1990", "Nữ", "Tổ 1", "19/05/2015", "19/05/2016", "chính thức", "", "", "", "", ""]
GOOD += [""] * (len(HEADER) - len(GOOD))  # the statistical columns, left empty


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(i: int, **changes) -> list[str]:
    r = dict(zip(HEADER, GOOD, strict=True))
    r["Họ và tên"] = f"Đảng viên {i}"
    for k, v in changes.items():
        r[k] = v
    return [r[h] for h in HEADER]


class ImportTest(BaseTestCase):
    def test_good_csv_and_xlsx(self):
        for make, name in ((csv_bytes, "ds.csv"), (xlsx_bytes, "ds.xlsx")):
            with self.subTest(name=name):
                Member.objects.all().delete()
                rows = [row(i) for i in range(50)] + [row(99, **{"Ngày chính thức": "", "Trạng thái": ""})]
                result = import_members(self.editor, self.ward_a, name, make(rows))
                self.assertEqual(result.created, 51)
                self.assertEqual(Member.objects.filter(status=MemberStatus.PROBATIONARY).count(), 1)
                m = Member.objects.get(full_name="Đảng viên 0")
                self.assertEqual((m.branch, str(m.birth_date), m.sex), (self.branch_a, "1990-03-02", "F"))

    def test_one_bad_row_imports_nothing_and_names_it(self):
        # (column, bad value, words of the message)
        cases = [
            ("Ngày sinh", "31/02/1990", "ngày không hợp lệ"),
            ("Giới tính", "khác", "Nam hoặc Nữ"),
            ("Chi bộ", "Tổ 99", "không có chi bộ"),
            ("Ngày vào Đảng", "01/01/2000", "chưa đủ 18 tuổi"),
            ("Ngày chính thức", "01/01/2016", "chưa đủ 12 tháng"),
            ("Trạng thái", "đi chơi", "trạng thái không hợp lệ"),
            ("Ngày ra khỏi Đảng bộ", "1/13/2020", "ngày không hợp lệ"),
            ("Họ và tên", "", "trống"),
        ]
        for column, value, words in cases:
            with self.subTest(column=column):
                rows = [row(i) for i in range(30)]
                rows[17] = row(17, **{column: value})
                with self.assertRaises(ImportFailed) as ctx:
                    import_members(self.editor, self.ward_a, "ds.csv", csv_bytes(rows))
                (error,) = ctx.exception.errors
                self.assertEqual((error.row, error.column), (19, column))  # header is row 1
                self.assertIn(words, error.message)
                self.assertIn(f"dòng 19, cột «{column}»", str(error))
                self.assertEqual(Member.objects.count(), 0)

    def test_xlsx_date_cells_and_empty_rows(self):
        wb = Workbook()
        ws = wb.active
        ws.append(HEADER)
        good = row(1)
        good[1], good[4], good[5] = dt.datetime(1990, 3, 2), dt.date(2015, 5, 19), dt.date(2016, 5, 19)
        ws.append(good)
        ws.append([])  # row 3 left empty
        ws.append(row(2, **{"Giới tính": "?"}))  # row 4
        buf = io.BytesIO()
        wb.save(buf)
        with self.assertRaises(ImportFailed) as ctx:
            import_members(self.editor, self.ward_a, "ds.xlsx", buf.getvalue())
        self.assertEqual([(e.row, e.column) for e in ctx.exception.errors], [(4, "Giới tính")])
        ws.delete_rows(4)
        buf = io.BytesIO()
        wb.save(buf)
        import_members(self.editor, self.ward_a, "ds.xlsx", buf.getvalue())
        m = Member.objects.get()
        self.assertEqual(
            (m.birth_date, m.admitted_on, m.full_on), (dt.date(1990, 3, 2), dt.date(2015, 5, 19), dt.date(2016, 5, 19))
        )
        with self.assertRaises(ImportFailed) as ctx:
            import_members(self.editor, self.ward_a, "hong.xlsx", b"PK not a zip")
        self.assertIn("XLSX", str(ctx.exception))

    def test_duplicates_and_missing_columns(self):
        rows = [row(1), row(2), row(1)]
        with self.assertRaises(ImportFailed) as ctx:
            import_members(self.editor, self.ward_a, "ds.csv", csv_bytes(rows))
        self.assertIn("trùng với dòng 2", str(ctx.exception.errors[0]))
        with self.assertRaises(ImportFailed) as ctx:
            import_members(self.editor, self.ward_a, "ds.csv", csv_bytes([["x"]], header=["Họ và tên"]))
        self.assertEqual(
            {e.column for e in ctx.exception.errors}, {"Ngày sinh", "Giới tính", "Chi bộ", "Ngày vào Đảng"}
        )
        with self.assertRaises(ImportFailed):
            import_members(self.editor, self.ward_a, "ds.txt", b"x")

    def test_reimporting_the_export(self):
        import_members(self.editor, self.ward_a, "ds.csv", csv_bytes([row(i) for i in range(5)]))
        self.login(self.editor)
        exported = self.client.get(f"/party/{self.ward_a.pk}/members/export.csv").content
        Member.objects.all().delete()
        self.assertEqual(import_members(self.editor, self.ward_a, "lai.csv", exported).created, 5)

    def test_web_upload(self):
        self.login(self.editor)
        url = f"/party/{self.ward_a.pk}/import/"
        bad = csv_bytes([row(1), row(2, **{"Ngày sinh": "hôm qua"})])
        r = self.client.post(url, {"file": _upload("ds.csv", bad)})
        self.assertContains(r, "dòng 3, cột «Ngày sinh»")
        self.assertEqual(Member.objects.count(), 0)
        r = self.client.post(url, {"file": _upload("ds.xlsx", xlsx_bytes([row(1), row(2)]))}, follow=True)
        self.assertContains(r, "Đã nhập 2 đảng viên")
        self.assertTrue(AuditEntry.objects.filter(action="member.import", new__created=2).exists())
        # Viewers and other committees may not import.
        for user in (self.viewer, self.outsider, self.province_viewer):
            self.login(user)
            self.assertEqual(self.client.post(url, {"file": _upload("ds.csv", csv_bytes([row(3)]))}).status_code, 404)

    def test_templates(self):
        self.login(self.viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/import/template.xlsx")
        ws = load_workbook(io.BytesIO(r.content)).active
        self.assertEqual([c.value for c in ws[1]], HEADER)
        r = self.client.get(f"/party/{self.ward_a.pk}/import/template.csv")
        self.assertEqual(r.content, template_csv())
        self.assertEqual(self.client.get(f"/party/{self.ward_a.pk}/import/template.pdf").status_code, 404)
        # The template's example row imports as is, once its branch exists.
        example = template_csv().replace("Tổ dân phố 1".encode(), b"T\xe1\xbb\x95 1")
        self.assertEqual(import_members(self.editor, self.ward_a, "mau.csv", example).created, 1)

    def test_cli(self):
        with tempfile.TemporaryDirectory() as tmp:
            good, bad = Path(tmp) / "ds.csv", Path(tmp) / "loi.xlsx"
            good.write_bytes(csv_bytes([row(i) for i in range(12)]))
            bad.write_bytes(xlsx_bytes([row(1), row(2, **{"Giới tính": "?"})]))
            parser = argparse.ArgumentParser()
            cli.add_arguments(parser)
            self.assertEqual(cli.run(parser.parse_args(["import", "phường Kim Tân", str(bad)])), 1)
            self.assertEqual(Member.objects.count(), 0)
            self.assertEqual(cli.run(parser.parse_args(["import", str(self.ward_a.pk), str(good)])), 0)
            self.assertEqual(Member.objects.count(), 12)
            self.assertEqual(cli.run(parser.parse_args(["import", "phường Không Có", str(good)])), 2)
            self.assertEqual(cli.run(parser.parse_args(["indicators", "phường Kim Tân", "2016"])), 0)
            out = Path(tmp) / "mau.xlsx"
            self.assertEqual(cli.run(parser.parse_args(["template", str(out)])), 0)
            self.assertTrue(out.read_bytes().startswith(b"PK"))


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


class RatingColumnsTest(BaseTestCase):
    """A roster with its past ratings, one "Xếp loại <năm>" column a year, checked and written with it."""

    def rated(self, ratings: dict[str, list[str]], rows=None):
        header = HEADER + list(ratings)
        rows = rows or [row(i) for i in range(len(next(iter(ratings.values()))))]
        body = [r + [ratings[h][i] for h in ratings] for i, r in enumerate(rows)]
        return csv_bytes(body, header=header)

    def test_ratings_are_written_with_their_members(self):
        from chitieu.party.models import MemberRating

        data = self.rated({"Xếp loại 2021": ["HTXSNV", "httnv", ""], "xep loai 2022": ["HTNV", "", "KHTNV"]})
        result = import_members(self.editor, self.ward_a, "ds.csv", data)
        self.assertEqual((result.created, result.ratings), (3, 4))
        got = {
            (r.member.full_name, r.year): (r.level, r.branch_id, r.committee_id)
            for r in MemberRating.objects.select_related("member")
        }
        a = (self.ward_a.pk,)
        self.assertEqual(
            got,
            {
                ("Đảng viên 0", 2021): ("excellent", self.branch_a.pk, *a),
                ("Đảng viên 1", 2021): ("good", self.branch_a.pk, *a),
                ("Đảng viên 0", 2022): ("completed", self.branch_a.pk, *a),
                ("Đảng viên 2", 2022): ("not_completed", self.branch_a.pk, *a),
            },
        )
        self.assertEqual(AuditEntry.objects.get(action="member.import").new["ratings"], 4)
        # the ratings are the ones every count reads: the branch's page of 2021 lists them
        from chitieu.party.indicators import member_level_counts

        self.assertEqual(member_level_counts(self.ward_a, 2021).excellent, 1)

    def test_a_second_import_takes_ids_past_the_first(self):
        from chitieu.party.models import MemberRating

        import_members(self.editor, self.ward_a, "a.csv", self.rated({"Xếp loại 2021": ["HTNV"]}, [row(1)]))
        import_members(self.editor, self.ward_a, "b.csv", self.rated({"Xếp loại 2021": ["HTTNV"]}, [row(2)]))
        levels = dict(MemberRating.objects.values_list("member__full_name", "level"))
        self.assertEqual(levels, {"Đảng viên 1": "completed", "Đảng viên 2": "good"})

    def test_bad_ratings_refuse_the_file(self):
        from chitieu.party.models import MemberRating

        cases = [
            ({"Xếp loại 2021": ["giỏi"]}, [row(1)], "mức xếp loại không hợp lệ «giỏi»"),
            # admitted 19/05/2015: not a member at the end of 2014
            ({"Xếp loại 2014": ["HTNV"]}, [row(1)], "không có trong Đảng bộ cuối năm 2014"),
            # left in 2020: no rating of 2021
            ({"Xếp loại 2021": ["HTNV"]}, [row(1, **{"Trạng thái": "chuyển đi", "Ngày ra khỏi Đảng bộ": "01/06/2020"})],
             "không có trong Đảng bộ cuối năm 2021"),
            ({"Xếp loại 2999": ["HTNV"]}, [row(1)], "năm 2999 không hợp lệ"),
        ]  # fmt: skip
        for ratings, rows, message in cases:
            with self.subTest(message):
                with self.assertRaises(ImportFailed) as caught:
                    import_members(self.editor, self.ward_a, "ds.csv", self.rated(ratings, rows))
                self.assertIn(message, " ".join(str(e) for e in caught.exception.errors))
                self.assertFalse(Member.objects.exists())
                self.assertFalse(MemberRating.objects.exists())
