"""Hostile parameters, characters and files (issue 12, findings 5, 7 and 10): each answers a page in
Vietnamese with a 400, 404 or 413, never a 500, and writes nothing."""

import io
import json
import zipfile

import pytest
from django.test import Client

from chitieu.extract import ExtractError, read_text
from chitieu.limits import MAX_UNPACKED_BYTES, check_zip
from chitieu.orgs.models import AuditEntry
from chitieu.party.importers import ImportFailed, iter_rows
from chitieu.party.models import Member
from chitieu.plans.models import Result
from tests.party.helpers import add_member

from .base import BaseTestCase

THIRTY_DIGITS = "9" * 30


class HostileParametersTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = add_member(cls.ward_a, cls.branch_a)

    def setUp(self):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.editor)

    def test_unicode_digits_and_huge_numbers_in_query_strings_are_400(self):
        a = self.ward_a.pk
        rows = [
            (f"/party/{a}/members/?branch=²", "Chi bộ không hợp lệ"),
            (f"/party/{a}/members/?branch={THIRTY_DIGITS}", "Chi bộ không hợp lệ"),
            (f"/party/{a}/?year=²", "Năm không hợp lệ"),
            (f"/party/{a}/?year=٢٠٢٣", "Năm không hợp lệ"),  # Arabic-Indic digits: int() would take them
            (f"/party/{a}/?year=99999", "Năm phải từ 1930 đến 2100"),
            (f"/c/{a}/?year=²⁰²³", "Năm không hợp lệ"),
            (f"/reports/{a}/annual.docx?year=²⁰²³", "Năm không hợp lệ"),
            (f"/reports/{a}/annual.docx?year=-1", "Năm không hợp lệ"),
            (f"/party/{a}/ratings/0999/", "Năm phải từ 1930"),
            (f"/party/{a}/badges/9999/", "Năm phải từ 1930"),
        ]
        for url, message in rows:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 400, url)
                self.assertIn(message, r.content.decode())
                self.assertIn("Yêu cầu không hợp lệ", r.content.decode())

    def test_malformed_ids_and_years_in_paths_are_404(self):
        a = self.ward_a.pk
        rows = [
            f"/c/{THIRTY_DIGITS}/",
            f"/u/{THIRTY_DIGITS}/",
            f"/party/{THIRTY_DIGITS}/",
            f"/party/{a}/members/{THIRTY_DIGITS}/",
            f"/party/{a}/ratings/0/",
            f"/party/{a}/ratings/²⁰²³/",
            f"/targets/{THIRTY_DIGITS}/results/",
            f"/documents/{THIRTY_DIGITS}/",
            f"/reports/{THIRTY_DIGITS}/annual.docx",
            f"/t/{THIRTY_DIGITS}/results.xlsx",
        ]
        for url in rows:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 404, url)
                self.assertIn("Không tìm thấy", r.content.decode())

    def test_a_form_year_that_is_not_a_year_is_400_and_changes_nothing(self):
        before = list(Result.objects.values_list("id", "status"))
        for year in ("abc", "²⁰²³", THIRTY_DIGITS):
            with self.subTest(year=year):
                r = self.client.post(f"/t/{self.term_a.pk}/submit/", {"year": year})
                self.assertContains(r, "Năm không hợp lệ", status_code=400)
        self.assertEqual(list(Result.objects.values_list("id", "status")), before)

    def test_the_error_pages_keep_the_site_around_them(self):
        r = self.client.get(f"/party/{self.ward_a.pk}/?year=²")
        html = r.content.decode()
        self.assertIn('<html lang="vi"', html)
        self.assertIn("Về trang chủ", html)
        self.assertNotIn("Traceback", html)


class ControlCharactersTest(BaseTestCase):
    """NUL answered 500 on PostgreSQL and was stored by SQLite (a dump PostgreSQL cannot load)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = add_member(cls.ward_a, cls.branch_a)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_forms_and_json_bodies_with_control_characters_are_refused(self):
        a, t = self.ward_a.pk, self.poverty.pk
        forms = [
            (f"/targets/{t}/results/", {"y2022": "2,1\x00%", "term": ""}),
            (f"/t/{self.term_a.pk}/targets/paste/", {"text": "1. Giảm tỷ lệ hộ nghèo\x00 còn dưới 3%"}),
            (f"/party/{a}/members/{self.member.pk}/edit/", {"full_name": "Nguyễn\x00 Văn An"}),
            (f"/party/{a}/members/?q=An\x00", None),
            (f"/party/{a}/candidates/", {"full_name": "Lê\x07 Văn Bình"}),
        ]
        writes_before = AuditEntry.objects.count(), Result.objects.count(), Member.objects.count()
        for url, data in forms:
            with self.subTest(url=url):
                r = self.client.get(url) if data is None else self.client.post(url, data)
                self.assertContains(r, "ký tự điều khiển", status_code=400)
        for body in ('{"value": "2,1\\u0000%"}', '{"value": "2,1%", "note": "a\\u0000b"}'):
            with self.subTest(body=body):
                r = self.client.put(f"/api/targets/{t}/results/2022", body, content_type="application/json")
                self.assertEqual(r.status_code, 400)
                self.assertIn("ký tự điều khiển", r.json()["detail"])
        self.assertEqual((AuditEntry.objects.count(), Result.objects.count(), Member.objects.count()), writes_before)

    def test_tabs_and_newlines_are_ordinary_text(self):
        r = self.client.post(
            f"/t/{self.term_a.pk}/targets/paste/",
            {"text": "1.\tGiảm tỷ lệ hộ nghèo còn dưới 3%\r\n2. Kết nạp 10 đảng viên"},
        )
        self.assertEqual(r.status_code, 200)

    def test_control_characters_in_an_imported_file_are_dropped(self):
        data = "Họ và tên;Ngày sinh\nNguyễn\x00 Văn\x0b An;01/01/1980\n".encode()
        self.assertEqual(list(iter_rows("a.csv", data)), [["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "01/01/1980"]])


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A real zip bomb: about 100 KB that unpacks beyond the bound, dressed as an .xlsx/.docx."""
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * (MAX_UNPACKED_BYTES + 1)})


def test_a_zip_bomb_is_refused_before_it_is_unpacked(bomb, tmp_path):
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValueError, match="giải nén ra quá lớn"):
        check_zip(bomb)
    with pytest.raises(ImportFailed, match="giải nén ra quá lớn"):
        list(iter_rows("ds.xlsx", bomb))
    path = tmp_path / "baocao.docx"
    path.write_bytes(bomb)
    with pytest.raises(ExtractError, match="giải nén ra quá lớn"):
        read_text(path)


def test_too_many_entries_are_refused():
    from chitieu.limits import MAX_ZIP_ENTRIES

    many = _zip({f"f{i}": b"" for i in range(MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(ValueError, match="quá nhiều phần"):
        check_zip(many)


def _xlsx_sheet(rows: bytes, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        z.writestr("xl/workbook.xml", b'<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>')
        z.writestr(
            "xl/_rels/workbook.xml.rels", b'<Relationships><Relationship Id="rId1" Target="s.xml"/></Relationships>'
        )
        z.writestr("xl/s.xml", b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>")
    return buf.getvalue()


def _unknown_compression(data: bytes) -> bytes:
    """The sheet's entry marked with compression method 99, which zipfile cannot unpack."""
    data = bytearray(data)
    at = data.rfind(b"PK\x03\x04")  # the last local header: the sheet
    data[at + 8 : at + 10] = (99).to_bytes(2, "little")
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 10 : cd + 12] = (99).to_bytes(2, "little")
    return bytes(data)


def _damaged_deflate() -> bytes:
    rows = b"".join(b'<row r="%d"><c t="inlineStr"><is><t>x%d</t></is></c></row>' % (i, i) for i in range(1, 400))
    data = bytearray(_xlsx_sheet(rows))
    at = data.rfind(b"PK\x03\x04")
    for i in range(at + 80, at + 120):
        data[i] ^= 0x5A
    return bytes(data)


@pytest.mark.parametrize(
    "text", ["01/01/4294967296", "01/01/²⁰²⁰", "2020-0²-01", "99999999999999999999/1/2020", "1/1/99999"]
)
def test_dates_that_are_not_dates_are_value_errors(text):
    from chitieu.party.importers import parse_date

    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("ds.csv", ("Họ và tên\n" + "x" * (200 * 1024) + "\n").encode(), "tệp CSV hỏng"),  # over csv's 128 KB field
        ("ds.csv", 'Họ và tên\n"không đóng ngoặc'.encode(), None),  # unterminated quote: csv reads it as a field
        (
            "ds.xlsx",
            _zip(
                {
                    "xl/workbook.xml": b'<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>',
                    "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1" Target="s.xml"/>'
                    b"</Relationships>",
                    "xl/s.xml": b'<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>a</t></is></c></row><row',
                }
            ),
            "tệp XLSX hỏng",
        ),
        ("ds.xlsx", b"PK\x03\x04 not really a zip", "tệp XLSX hỏng"),
        ("ds.xlsx", _xlsx_sheet(b'<row r="1"><c r="AAAAAAAAAANaN" t="inlineStr"><is><t>a</t></is></c></row>'), "hỏng"),
        ("ds.xlsx", _unknown_compression(_xlsx_sheet(b'<row r="1"></row>')), "tệp XLSX hỏng"),
        ("ds.xlsx", _damaged_deflate(), "tệp XLSX hỏng"),
    ],
)
def test_malformed_member_files_are_import_errors(name, data, message):
    if message is None:
        list(iter_rows(name, data))  # must not raise anything else
        return
    with pytest.raises(ImportFailed, match=message):
        list(iter_rows(name, data))


class UploadSizeTest(BaseTestCase):
    def test_an_upload_over_the_bound_is_413_before_it_is_read(self):
        self.client.force_login(self.editor)
        a = self.ward_a.pk
        # The declared length is what is checked, before the body is read: a 300 MB member list.
        for url in (f"/party/{a}/import/", f"/c/{a}/documents/new/", f"/t/{self.term_a.pk}/results/upload/"):
            with self.subTest(url=url):
                r = self.client.post(url, {"file": io.BytesIO(b"x")}, CONTENT_LENGTH=str(300 * 1024 * 1024))
                self.assertContains(r, "quá lớn", status_code=413)
        r = self.client.post(
            f"/api/committees/{a}/documents", {"file": io.BytesIO(b"x")}, CONTENT_LENGTH=str(300 * 1024 * 1024)
        )
        self.assertEqual(r.status_code, 413)
        self.assertIn("quá lớn", json.loads(r.content)["detail"])


class UploadErrorsTest(BaseTestCase):
    def test_errors_name_the_users_file_never_a_server_path(self):
        self.client.force_login(self.editor)
        a = self.ward_a.pk
        bad = b"PK\x03\x04" + b"\x00" * 100  # a damaged Word file
        r = self.client.post(f"/api/committees/{a}/documents", {"file": _named(bad, "baocao.docx")})
        self.assertEqual(r.status_code, 400)
        detail = r.json()["detail"]
        r = self.client.post(f"/c/{a}/documents/new/", {"file": _named(bad, "baocao.docx")})
        page = r.content.decode()
        for shown in (detail, page):
            self.assertIn("baocao.docx", shown)
            self.assertNotIn("/tmp", shown)
            self.assertNotIn("chitieu-upload", shown)


def _named(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    return f


class ExtractionOnceTest(BaseTestCase):
    """A document page re-ran the extractor on every view (a 5 MB report: 27 s each time)."""

    def test_a_document_is_read_once_on_upload_not_on_every_view(self):
        from unittest import mock

        from chitieu.plans import uploads

        self.client.force_login(self.editor)
        text = "Tỷ lệ hộ nghèo năm 2023 còn 2,1%. Kết nạp 12 đảng viên mới. " * 300
        with mock.patch.object(uploads, "extract_text", wraps=uploads.extract_text) as spy:
            r = self.client.post(f"/c/{self.ward_a.pk}/documents/new/", {"file": _named(text.encode(), "bc.txt")})
            self.assertEqual(r.status_code, 302)
            self.assertEqual(spy.call_count, 1)
            doc_url = r["Location"]
            for _ in range(3):
                page = self.client.get(doc_url)
                self.assertContains(page, "2,1%")
            api = self.client.get(f"/api{doc_url.rstrip('/')}/proposals")
            self.assertEqual(api.status_code, 200)
            self.assertEqual(spy.call_count, 1)
            # rules changed since: read again, once
            with mock.patch.object(uploads, "extractor_version", return_value="other-rules"):
                self.client.get(doc_url)
                self.client.get(doc_url)
            self.assertEqual(spy.call_count, 2)
        self.assertContains(page, "Trang 1/")  # 600 figures: a hundred a page


def test_a_workbook_relation_without_its_target_is_an_import_error():
    """Found by benchmarks/fuzz.py: an AttributeError escaped the member import."""
    data = _zip(
        {
            "xl/workbook.xml": b'<workbook xmlns:r="r"><sheets><sheet r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1"/></Relationships>',
        }
    )
    with pytest.raises(ImportFailed, match="tệp XLSX hỏng"):
        list(iter_rows("ds.xlsx", data))
