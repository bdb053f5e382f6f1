"""Every persona × every API endpoint on an object of a foreign committee → refused (404); on the own
committee's objects → allowed as the role permits (2xx), visible but not permitted → 403.

Each cell runs in a rolled-back savepoint, so every cell starts from the same data.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from chitieu.plans import spreadsheet

from .base import PERSONAS, ApiTestCase

READ = {"admin", "editor", "viewer", "province_viewer", "reviewer"}
EDIT = {"admin", "editor"}
REVIEW = {"admin", "reviewer"}
# Names and birth dates: the committee's own users; the level above sees counts (403 on the list).
PERSONAL = {"admin", "editor", "viewer"}


def _xlsx(case, term):
    return {"file": SimpleUploadedFile("ket-qua.xlsx", spreadsheet.results_template(term))}


def _txt(case, term):
    return {"file": SimpleUploadedFile("bao-cao.txt", "Thu ngân sách đạt 7 tỷ đồng.".encode())}


# (method, url template, body, who may on committee A's objects). Bodies are valid, so an allowed
# call succeeds; a callable body builds a multipart form (files cannot be reused between calls).
ENDPOINTS = [
    ("get", "/api/units/{committee}", None, READ),
    ("get", "/api/units/{committee}/audit", None, READ),
    ("get", "/api/oversight/{committee}", None, READ),
    ("get", "/api/committees/{committee}/terms", None, READ),
    ("post", "/api/committees/{committee}/terms", {"start_year": 2030, "end_year": 2035}, EDIT),
    ("get", "/api/committees/{committee}/figures", None, READ),
    ("post", "/api/committees/{committee}/figures", {"label": "mô hình", "text": "70 mô hình", "year": 2022}, EDIT),
    ("get", "/api/committees/{committee}/documents", None, READ),
    ("post", "/api/committees/{committee}/documents", _txt, EDIT),
    ("get", "/api/committees/{committee}/merged-figures", None, READ),
    ("get", "/api/terms/{term}", None, READ),
    ("put", "/api/terms/{term}", {"start_year": 2020, "end_year": 2025, "congress_ordinal": 8}, EDIT),
    ("get", "/api/terms/{term}/evaluation", None, READ),
    ("get", "/api/terms/{term}/targets", None, READ),
    ("post", "/api/terms/{term}/targets", {"text": "Trồng mới 12 ha rừng"}, EDIT),
    ("post", "/api/terms/{term}/targets/propose", {"text": "1- Kết nạp 10 đảng viên/năm"}, EDIT),
    ("post", "/api/terms/{term}/submit", {}, EDIT),
    ("post", "/api/terms/{term}/approve", {}, REVIEW),
    ("post", "/api/terms/{term}/reopen", {}, REVIEW),
    ("get", "/api/terms/{term}/results.xlsx", None, READ),
    ("post", "/api/terms/{term}/results/import", _xlsx, EDIT),
    ("get", "/api/targets/{target}", None, READ),
    ("put", "/api/targets/{free_target}", {"text": "Kết nạp 11 đảng viên/năm", "number": 2}, EDIT),
    ("delete", "/api/targets/{free_target}", None, EDIT),
    ("get", "/api/targets/{target}/results", None, READ),
    ("put", "/api/targets/{free_target}/results/2023", {"value": "9"}, EDIT),
    ("put", "/api/targets/{free_target}/results/term", {"text": "50"}, EDIT),
    ("delete", "/api/targets/{draft_target}/results/2021", None, EDIT),
    ("get", "/api/results/{result}", None, READ),
    ("post", "/api/results/{draft_result}/submit", None, EDIT),
    ("post", "/api/results/{submitted_result}/approve", None, REVIEW),
    ("post", "/api/results/{approved_result}/reopen", None, REVIEW),
    ("get", "/api/figures/{figure}", None, READ),
    ("put", "/api/figures/{figure}", {"label": "mô hình", "value": "71", "unit": "count"}, EDIT),
    ("delete", "/api/figures/{figure}", None, EDIT),
    ("get", "/api/documents/{document}", None, READ),
    ("get", "/api/documents/{document}/proposals", None, READ),
    ("post", "/api/documents/{document}/accept", {"index": 0, "year": 2021}, EDIT),
    ("delete", "/api/documents/{document}", None, EDIT),
    ("get", "/api/committees/{committee}/branches", None, READ),
    ("get", "/api/committees/{committee}/members", None, PERSONAL),
    ("get", "/api/committees/{committee}/admissions", None, READ),
    ("get", "/api/committees/{committee}/ratings", None, READ),
    ("get", "/api/units/{committee}/forms?period=2024", None, READ),
    ("get", "/api/units/{committee}/forms/3?period=2024", None, READ),
]


class AccessMatrixTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from chitieu.plans.models import Result, Status
        from tests.web.base import make_target

        # Committee C gets one result in each status and a target without an approved result, so
        # that only scope can refuse a call on its objects.
        cls.free_c = make_target(cls.term_c, 2, "Kết nạp 8 đảng viên/năm")
        cls.submitted_c = Result.objects.create(target=cls.target_c, year=2022, value=1, status=Status.SUBMITTED)
        cls.approved_c = Result.objects.create(target=cls.target_c, year=2023, value=1, status=Status.APPROVED)

    def ids(self, foreign: bool) -> dict:
        if foreign:
            return {
                "committee": self.commune_c.pk,
                "term": self.term_c.pk,
                "target": self.target_c.pk,
                "free_target": self.free_c.pk,
                "draft_target": self.target_c.pk,
                "result": self.result_c.pk,
                "draft_result": self.result_c.pk,
                "submitted_result": self.submitted_c.pk,
                "approved_result": self.approved_c.pk,
                "figure": self.figure_c.pk,
                "document": self.doc_c.pk,
            }
        return {
            "committee": self.ward_a.pk,
            "term": self.term_a.pk,
            "target": self.growth.pk,
            "free_target": self.admissions.pk,  # no approved result: may be changed
            "draft_target": self.poverty.pk,
            "result": self.result_growth_2021.pk,
            "draft_result": self.result_poverty.pk,
            "submitted_result": self.result_admissions.pk,
            "approved_result": self.result_growth_2021.pk,
            "figure": self.figure_a.pk,
            "document": self.doc_a.pk,
        }

    def run_cell(self, persona, method, url_t, body, foreign, auth="session"):
        url = url_t.format(**self.ids(foreign))
        term = self.term_c if foreign else self.term_a
        if callable(body):
            return url, self.call_and_rollback(persona, method, url, body(self, term), auth=auth, multipart=True)
        return url, self.call_and_rollback(persona, method, url, body, auth=auth)

    def test_every_endpoint_refuses_a_foreign_committee(self):
        for auth in ("session", "token"):
            for method, url_t, body, _ in ENDPOINTS:
                for persona in PERSONAS:
                    if persona in ("admin", "outsider"):
                        continue  # admins see everything; C is the outsider's own committee
                    with self.subTest(auth=auth, persona=persona, endpoint=f"{method} {url_t}"):
                        url, r = self.run_cell(persona, method, url_t, body, foreign=True, auth=auth)
                        self.assertEqual(r.status_code, 404, f"{persona} {method} {url}: {r.content[:300]}")
                        self.assertEqual(r.json()["detail"], "Không tìm thấy / not found")

    def test_the_outsider_is_refused_committee_a(self):
        for method, url_t, body, _ in ENDPOINTS:
            with self.subTest(endpoint=f"{method} {url_t}"):
                url, r = self.run_cell("outsider", method, url_t, body, foreign=False)
                self.assertEqual(r.status_code, 404, f"outsider {method} {url}: {r.content[:300]}")

    def test_own_scope_as_the_role_allows(self):
        for method, url_t, body, allowed in ENDPOINTS:
            for persona in PERSONAS:
                if persona == "outsider":
                    continue
                with self.subTest(persona=persona, endpoint=f"{method} {url_t}"):
                    url, r = self.run_cell(persona, method, url_t, body, foreign=False)
                    if persona in allowed:
                        self.assertLess(r.status_code, 300, f"{persona} {method} {url}: {r.content[:300]}")
                        self.assertGreaterEqual(r.status_code, 200)
                    else:
                        self.assertEqual(r.status_code, 403, f"{persona} {method} {url}: {r.content[:300]}")

    def test_admin_may_do_everything_on_the_foreign_committee(self):
        for method, url_t, body, _ in ENDPOINTS:
            with self.subTest(endpoint=f"{method} {url_t}"):
                url, r = self.run_cell("admin", method, url_t, body, foreign=True)
                self.assertLess(r.status_code, 300, f"admin {method} {url}: {r.content[:300]}")

    def test_the_outsider_may_work_on_its_own_committee(self):
        for method, url_t, body, allowed in ENDPOINTS:
            with self.subTest(endpoint=f"{method} {url_t}"):
                url, r = self.run_cell("outsider", method, url_t, body, foreign=True)
                expected_ok = "editor" in allowed  # the outsider is committee C's editor
                if expected_ok:
                    self.assertLess(r.status_code, 300, f"{method} {url}: {r.content[:300]}")
                else:
                    self.assertEqual(r.status_code, 403, f"{method} {url}: {r.content[:300]}")

    def test_anonymous_gets_401_everywhere(self):
        urls = [(m, u, b) for m, u, b, _ in ENDPOINTS] + [
            ("get", "/api/me", None),
            ("get", "/api/units", None),
            ("get", "/api/indicators", None),
            ("get", "/api/tokens", None),
            ("post", "/api/tokens", {"name": "x"}),
            ("delete", "/api/tokens/1", None),
            ("post", "/api/extract", {"text": "5 tỷ đồng"}),
            ("post", "/api/units/import", None),
            ("get", "/api/oversight/{committee}", None),
        ]
        for method, url_t, body in urls:
            with self.subTest(endpoint=f"{method} {url_t}"):
                url, r = self.run_cell(None, method, url_t, None if callable(body) else body, foreign=False)
                self.assertEqual(r.status_code, 401, f"{method} {url}: {r.content[:300]}")
                self.assertIn("authentication required", r.json()["detail"])

    def test_the_matrix_covers_every_object_endpoint(self):
        """A new endpoint with a path parameter must be added to the matrix."""
        from chitieu.api.api import api

        paths = api.get_openapi_schema()["paths"]
        names = {
            "{committee}": "{unit_id}",
            "{term}": "{term_id}",
            "{target}": "{target_id}",
            "{free_target}": "{target_id}",
            "{draft_target}": "{target_id}",
            "{result}": "{result_id}",
            "{draft_result}": "{result_id}",
            "{submitted_result}": "{result_id}",
            "{approved_result}": "{result_id}",
            "{figure}": "{figure_id}",
            "{document}": "{document_id}",
        }
        covered = set()
        for m, u, _, _ in ENDPOINTS:
            for k, v in names.items():
                u = u.replace(k, v)
            u = u.split("?")[0].replace("/forms/3", "/forms/{number}")
            for year in ("/2023", "/2021", "/results/term"):
                u = u.replace(year, "/{year}" if year != "/results/term" else "/results/{year}")
            covered.add((m, u))
        for path, ops in paths.items():
            if "{" not in path or path == "/api/tokens/{token_id}":
                continue  # tokens belong to a user, not a committee: tested in test_tokens
            for method in ops:
                self.assertIn((method, path), covered, f"{method} {path} is missing from the matrix")
