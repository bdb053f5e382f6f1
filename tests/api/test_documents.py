"""Uploaded reports: extraction without storing, upload, proposals, accepting a figure; a missing extractor."""

import sys
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from chitieu.orgs.models import AuditEntry
from chitieu.plans.models import Figure, Result, SourceDocument

from .base import ApiTestCase

REPORT = "Năm 2021, thu ngân sách đạt 124.857 triệu đồng, đạt 398,44% kế hoạch. Tỷ lệ hộ nghèo còn 2,1%."


class ExtractTests(ApiTestCase):
    def extract(self, persona, body):
        return self.call(persona, "post", "/api/extract", body, multipart=True)

    def test_text_and_file_give_exact_figures(self):
        for body in (
            {"text": REPORT, "name": "dan.txt"},
            {"file": SimpleUploadedFile("bao-cao.txt", REPORT.encode())},
        ):
            with self.subTest(kind=next(iter(body))):
                out = self.ok(self.extract("viewer", body))
                money = next(f for f in out["facts"] if f["unit"] == "VND")
                self.assertEqual((money["value"], money["display"]), ("124857000000", "124.857 triệu đồng"))
                self.assertEqual(REPORT[money["start"] : money["end"]], money["text"])
                pct = next(f for f in out["facts"] if f["text"] == "398,44%")
                self.assertEqual(pct["value"], "398.44")
        self.assertEqual(SourceDocument.objects.count(), 2)  # nothing stored

    def test_bad_uploads(self):
        cases = [
            ({}, 400, "exactly one"),
            ({"text": "x", "file": SimpleUploadedFile("a.txt", b"x")}, 400, "exactly one"),
            ({"file": SimpleUploadedFile("a.exe", b"MZ")}, 400, "unsupported file type"),
            ({"file": SimpleUploadedFile("a.docx", b"not a zip")}, 400, "/"),
            ({"file": SimpleUploadedFile("a.txt", b"\xff\xfe\x00\xd8")}, 400, "/"),
        ]
        for body, status, message in cases:
            with self.subTest(body=list(body)):
                r = self.extract("viewer", body)
                self.assertEqual(r.status_code, status, r.content)
                self.assertIn(message, r.json()["detail"])

    def test_a_missing_extractor_is_a_clear_503(self):
        with mock.patch.dict(sys.modules, {"chitieu.extract": None}):
            r = self.extract("viewer", {"text": REPORT})
            self.assertEqual(r.status_code, 503)
            self.assertIn("extractor is not available", r.json()["detail"])
            r = self.call("editor", "get", f"/api/documents/{self.doc_a.pk}/proposals")
            self.assertEqual(r.status_code, 503)

    def test_an_extractor_crash_is_a_clear_503_not_a_traceback(self):
        with mock.patch("chitieu.extract.extract_text", side_effect=RuntimeError("boom")):
            r = self.extract("viewer", {"text": REPORT})
        self.assertEqual(r.status_code, 503)
        self.assertNotIn("boom", r.content.decode())


class DocumentTests(ApiTestCase):
    def test_upload_propose_accept(self):
        upload = SimpleUploadedFile("tong-ket.txt", REPORT.encode())
        doc = self.ok(
            self.call(
                "editor", "post", f"/api/committees/{self.ward_a.pk}/documents", {"file": upload}, multipart=True
            ),
            201,
        )
        self.assertEqual((doc["name"], doc["length"], doc["uploaded_by"]), ("tong-ket.txt", len(REPORT), "editor"))
        listed = self.ok(self.call("viewer", "get", f"/api/committees/{self.ward_a.pk}/documents"))
        self.assertIn(doc["id"], [d["id"] for d in listed])
        detail = self.ok(self.call("viewer", "get", f"/api/documents/{doc['id']}"))
        self.assertEqual(detail["text"], REPORT)

        proposals = self.ok(self.call("viewer", "get", f"/api/documents/{doc['id']}/proposals"))
        poverty = next(p for p in proposals if p["fact"]["text"] == "2,1%")
        self.assertEqual(poverty["target_id"], self.poverty.pk)  # matched by the indicator
        self.assertFalse(poverty["accepted"])

        # Accept it as the poverty target's 2021 result: a draft that points to its span. A result is
        # stored already (2,5%, typed by hand): never replaced silently, both values named (issue 15).
        self.assertEqual(self.result_poverty.status, "draft")
        body = {"index": poverty["index"], "target_id": self.poverty.pk, "year": 2021}
        r = self.call("editor", "post", f"/api/documents/{doc['id']}/accept", body)
        self.assertEqual(r.status_code, 409, r.content)
        self.assertIn("2,5%", r.json()["detail"])
        self.assertIn("2,1%", r.json()["detail"])
        self.assertEqual(Result.objects.get(target=self.poverty, year=2021).value, self.result_poverty.value)
        out = self.ok(self.call("editor", "post", f"/api/documents/{doc['id']}/accept", body | {"confirm": True}))
        self.assertEqual(out["action"], "result.update")
        r = Result.objects.get(target=self.poverty, year=2021)
        self.assertEqual((str(r.value.normalize()), r.document_id), ("2.1", doc["id"]))
        self.assertEqual(REPORT[r.span_start : r.span_end], "2,1%")
        proposals = self.ok(self.call("viewer", "get", f"/api/documents/{doc['id']}/proposals"))
        self.assertTrue(next(p for p in proposals if p["index"] == poverty["index"])["accepted"])
        # the same figure again: nothing to do, and said so
        out = self.ok(self.call("editor", "post", f"/api/documents/{doc['id']}/accept", body))
        self.assertEqual((out["action"], out["object_id"]), ("result.unchanged", str(r.pk)))

        # Another figure becomes a figure of the committee.
        money = next(p for p in proposals if p["fact"]["unit"] == "VND")
        out = self.ok(
            self.call("editor", "post", f"/api/documents/{doc['id']}/accept", {"index": money["index"], "year": 2021})
        )
        self.assertEqual(out["action"], "figure.create")
        self.assertTrue(Figure.objects.filter(pk=out["object_id"], document_id=doc["id"], value=124857000000).exists())

        # Bad acceptances.
        for body, message in (
            ({"index": 999}, "proposal not found"),
            ({"index": 0, "target_id": self.target_c.pk}, "target not of this committee"),
            ({"index": poverty["index"], "target_id": self.poverty.pk, "year": 2040}, "outside the term"),
            ({"index": money["index"], "target_id": self.poverty.pk, "year": 2021}, "unit mismatch"),
        ):
            with self.subTest(body=body):
                r = self.call("editor", "post", f"/api/documents/{doc['id']}/accept", body)
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn(message, r.json()["detail"])

        self.ok(self.call("editor", "delete", f"/api/documents/{doc['id']}"), 204)
        self.assertTrue(AuditEntry.objects.filter(action="document.delete", object_id=str(doc["id"])).exists())
        self.assertIsNone(Result.objects.get(target=self.poverty, year=2021).document_id)

    def test_a_file_the_readers_refuse(self):
        upload = SimpleUploadedFile("a.pdf", b"%PDF-garbage")
        r = self.call("editor", "post", f"/api/committees/{self.ward_a.pk}/documents", {"file": upload}, multipart=True)
        self.assertEqual(r.status_code, 400, r.content)
