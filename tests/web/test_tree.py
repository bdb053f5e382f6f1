import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chitieu.orgs.models import AuditEntry, Kind, Unit
from chitieu.orgs.tree import TreeError, create_unit, merge_units, move_unit
from chitieu.plans.merges import merged_figures
from chitieu.plans.models import Figure

from .base import BaseTestCase

CSV = """kind,name,parent,branch_kind,code
tỉnh,Mới,,,
phường,Một,tỉnh Mới,,26734
xã,Hai,tỉnh Mới,,
chi bộ,Tổ 3,phường Một,khu dân cư,
"""


class TreeImportTestCase(BaseTestCase):
    def post(self, name, data):
        return self.client.post("/units/import/", {"file": SimpleUploadedFile(name, data)})

    def test_csv_import(self):
        self.login(self.admin)
        r = self.post("units.csv", CSV.encode())
        self.assertEqual(r.status_code, 302)
        ward = Unit.objects.get(kind=Kind.WARD, name="Một")
        self.assertEqual((ward.parent.title, ward.code), ("tỉnh Mới", "26734"))
        branch = Unit.objects.get(kind=Kind.BRANCH, name="Tổ 3")
        self.assertEqual((branch.parent, branch.branch_kind), (ward, "residential"))
        self.assertTrue(branch.path.startswith(ward.path))

    def test_xlsx_import(self):
        wb = Workbook()
        for row in CSV.strip().splitlines():
            wb.active.append(row.split(","))
        buf = io.BytesIO()
        wb.save(buf)
        self.login(self.admin)
        self.assertEqual(self.post("units.xlsx", buf.getvalue()).status_code, 302)
        self.assertTrue(Unit.objects.filter(kind=Kind.COMMUNE, name="Hai").exists())

    def test_a_bad_row_imports_nothing_and_names_it(self):
        self.login(self.admin)
        bad = CSV + "phường,Ba,tỉnh Không Có,,\nlàng,Bốn,tỉnh Mới,,\n"
        before = Unit.objects.count()
        r = self.post("units.csv", bad.encode())
        html = r.content.decode()
        self.assertIn("dòng 6, cột parent", html)
        self.assertIn("dòng 7, cột kind", html)
        self.assertEqual(Unit.objects.count(), before)

    def test_the_errors_name_the_users_file_and_keep_the_form(self):
        self.login(self.admin)
        html = self.post("Danh sách đơn vị 2025.csv", (CSV + "làng,Bốn,tỉnh Mới,,\n").encode()).content.decode()
        self.assertIn('<div class="form-error" role="alert" id="import-errors">', html)
        self.assertIn("Chưa nhập đơn vị nào từ tệp «Danh sách đơn vị 2025.csv»: có lỗi.", html)
        self.assertIn("dòng 6, cột kind", html)
        self.assertIn('accept=".csv,.xlsx"', html)
        self.assertIn("Hãy chọn tệp danh sách đơn vị.", self.client.post("/units/import/", {}).content.decode())

    def test_only_admins_import(self):
        self.login(self.editor)
        r = self.post("units.csv", CSV.encode())
        self.assertIn("login", r["Location"])
        self.assertFalse(Unit.objects.filter(name="Mới").exists())


class MergeTestCase(BaseTestCase):
    def test_merge_keeps_history_and_sums_what_adds_up(self):
        Figure.objects.create(
            committee=self.ward_a, year=2024, indicator="party_members", label="", value=1131, unit="count"
        )
        Figure.objects.create(
            committee=self.commune_b, year=2024, indicator="party_members", label="", value=529, unit="count"
        )
        Figure.objects.create(committee=self.ward_a, year=2024, indicator="poverty_rate", label="", value=2, unit="%")
        merged = merge_units([self.ward_a, self.commune_b], Kind.WARD, "Kim Tân mới", dt.date(2025, 7, 1), self.admin)
        self.ward_a.refresh_from_db()
        self.assertEqual(self.ward_a.merged_into, merged)
        self.assertEqual(self.branch_a.__class__.objects.get(pk=self.branch_a.pk).parent, merged)
        rows = merged_figures(merged)
        totals = [(r["indicator"].key, r["year"], r["total"]) for r in rows]
        # admissions (a target's result) add up too; only committee A had them, so the sum is incomplete
        self.assertEqual(
            totals, [("party_members", 2024, Decimal(1660)), ("party_members_admitted", 2021, Decimal(12))]
        )
        self.assertEqual([r["complete"] for r in rows], [True, False])
        # rates do not add up: poverty_rate is not summed
        self.assertTrue(AuditEntry.objects.filter(action="unit.merge").exists())
        # the merged-away committee is read-only; its page still shows its history
        self.login(self.editor)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        self.assertIn("Đơn vị đã hợp nhất vào", html)
        self.assertNotIn("Dán chỉ tiêu", html)
        self.login(self.admin)
        html = self.client.get(f"/c/{merged.pk}/").content.decode()
        self.assertIn("Nhiệm kỳ 2020-2025 (phường Kim Tân)", html)
        self.assertIn("Số liệu cộng dồn", html)

    def test_merge_refuses_bad_input(self):
        with self.assertRaises(TreeError):
            merge_units([self.ward_a], Kind.WARD, "X", dt.date(2025, 7, 1))
        with self.assertRaises(TreeError):
            merge_units([self.ward_a, self.province], Kind.WARD, "X", dt.date(2025, 7, 1))

    def test_tree_rules(self):
        with self.assertRaises(TreeError):
            create_unit(Kind.BRANCH, "Lạc", self.province)
        with self.assertRaises(TreeError):
            move_unit(self.province, self.ward_a)
        move_unit(self.commune_b, self.other_province)
        self.commune_b.refresh_from_db()
        self.assertTrue(self.commune_b.path.startswith(self.other_province.path))


class MergePageTestCase(BaseTestCase):
    def test_admin_merges_through_the_page(self):
        self.login(self.admin)
        r = self.client.post("/units/merge/", {"predecessors": [self.ward_a.pk, self.commune_b.pk], "kind": "ward",
                                               "name": "Lào Cai Mới", "on": "01/07/2025"})  # fmt: skip
        merged = Unit.objects.get(name="Lào Cai Mới")
        self.assertRedirects(r, f"/c/{merged.pk}/", fetch_redirect_response=False)
        self.assertEqual(set(merged.predecessors.all()), {self.ward_a, self.commune_b})

    def test_the_committees_are_checkboxes_and_errors_are_said_in_words(self):
        self.login(self.admin)
        html = self.client.get("/units/merge/").content.decode()
        self.assertIn(f'<input type="checkbox" name="predecessors" value="{self.ward_a.pk}"', html)
        self.assertIn("<legend>Các Đảng bộ hợp nhất:</legend>", html)
        self.assertNotIn('<select name="predecessors"', html)
        html = self.client.post("/units/merge/", {"kind": "ward", "name": "", "on": "31/02/2025"}).content.decode()
        for message in ("Hãy đánh dấu các Đảng bộ hợp nhất.", "Hãy ghi tên đơn vị mới.",
                        "Ngày không đúng: hãy viết ngày/tháng/năm, ví dụ 01/07/2025."):  # fmt: skip
            self.assertIn(message, html)
        # one committee only: the rule of the tree, said at the top of the form
        html = self.client.post("/units/merge/", {"predecessors": [self.ward_a.pk], "kind": "ward", "name": "X",
                                                  "on": "01/07/2025"}).content.decode()  # fmt: skip
        self.assertIn('<div class="form-error" role="alert" id="merge-errors">', html)
        self.assertIn("Cần ít nhất hai đơn vị", html)
        self.assertFalse(Unit.objects.filter(name="X").exists())

    def test_editors_cannot_merge(self):
        self.login(self.editor)
        self.client.post("/units/merge/", {"predecessors": [self.ward_a.pk, self.commune_b.pk], "kind": "ward",
                                           "name": "X", "on": "01/07/2025"})  # fmt: skip
        self.assertFalse(Unit.objects.filter(name="X").exists())
