"""The OpenAPI document, and list endpoints whose SQL query count does not grow with the data."""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chitieu.orgs.models import AuditEntry, Kind
from chitieu.orgs.tree import create_unit
from chitieu.plans.models import Figure, Result, SourceDocument, Status, Term
from tests.web.base import make_target

from .base import ApiTestCase

EXPECTED_PATHS = {
    "/api/me": {"get"},
    "/api/units": {"get"},
    "/api/units/import": {"post"},
    "/api/units/{unit_id}": {"get"},
    "/api/units/{unit_id}/audit": {"get"},
    "/api/indicators": {"get"},
    "/api/committees/{unit_id}/terms": {"get", "post"},
    "/api/committees/{unit_id}/figures": {"get", "post"},
    "/api/committees/{unit_id}/documents": {"get", "post"},
    "/api/committees/{unit_id}/merged-figures": {"get"},
    "/api/terms/{term_id}": {"get", "put"},
    "/api/terms/{term_id}/evaluation": {"get"},
    "/api/terms/{term_id}/targets": {"get", "post"},
    "/api/terms/{term_id}/targets/propose": {"post"},
    "/api/terms/{term_id}/submit": {"post"},
    "/api/terms/{term_id}/approve": {"post"},
    "/api/terms/{term_id}/reopen": {"post"},
    "/api/terms/{term_id}/results.xlsx": {"get"},
    "/api/terms/{term_id}/results/import": {"post"},
    "/api/targets/{target_id}": {"get", "put", "delete"},
    "/api/targets/{target_id}/results": {"get"},
    "/api/targets/{target_id}/results/{year}": {"put", "delete"},
    "/api/results/{result_id}": {"get"},
    "/api/results/{result_id}/submit": {"post"},
    "/api/results/{result_id}/approve": {"post"},
    "/api/results/{result_id}/reopen": {"post"},
    "/api/figures/{figure_id}": {"get", "put", "delete"},
    "/api/documents/{document_id}": {"get", "delete"},
    "/api/documents/{document_id}/proposals": {"get"},
    "/api/documents/{document_id}/accept": {"post"},
    "/api/extract": {"post"},
    "/api/oversight/{unit_id}": {"get"},
    "/api/tokens": {"get", "post"},
    "/api/tokens/{token_id}": {"delete"},
    "/api/committees/{unit_id}/branches": {"get"},
    "/api/committees/{unit_id}/members": {"get"},
    "/api/committees/{unit_id}/admissions": {"get"},
    "/api/committees/{unit_id}/ratings": {"get"},
    "/api/units/{unit_id}/forms": {"get"},
    "/api/units/{unit_id}/forms/{number}": {"get"},
}


class OpenApiTests(ApiTestCase):
    def test_the_document_lists_every_endpoint(self):
        r = Client().get("/api/openapi.json")  # public: the description, not the data
        self.assertEqual(r.status_code, 200)
        doc = r.json()
        self.assertTrue(doc["openapi"].startswith("3."))
        paths = {p: set(ops) for p, ops in doc["paths"].items()}
        self.assertEqual(paths, EXPECTED_PATHS)
        schemes = doc["components"]["securitySchemes"]
        self.assertEqual({s["type"] for s in schemes.values()}, {"http", "apiKey"})
        self.assertIn("bearer", {s.get("scheme") for s in schemes.values()})
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                self.assertTrue(op.get("summary"), f"{method} {path} has no summary")
                self.assertTrue(op.get("security"), f"{method} {path} is not authenticated")

    def test_numbers_are_documented_as_exact_strings(self):
        doc = Client().get("/api/openapi.json").json()
        result = doc["components"]["schemas"]["ResultOut"]["properties"]
        self.assertEqual(result["value"]["type"], "string")
        self.assertIn("Exact Decimal", result["value"]["description"])
        self.assertIn("Vietnamese", result["display"]["description"])
        self.assertIn("exact Decimal", doc["info"]["description"])

    def test_schema_names_are_unique(self):
        """OpenAPI names components by class name: two schemas of one name would silently merge."""
        import importlib
        import inspect
        import pkgutil

        from ninja import Schema

        import chitieu.api

        seen = {}
        for info in pkgutil.iter_modules(chitieu.api.__path__):
            module = importlib.import_module(f"chitieu.api.{info.name}")
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                    self.assertNotIn(name, seen, f"{name} in {module.__name__} and {seen.get(name)}")
                    seen[name] = module.__name__
        doc = Client().get("/api/openapi.json").json()
        created = doc["paths"]["/api/units/import"]["post"]["responses"]["201"]
        self.assertIn("UnitImportOut", str(created))

    def test_the_docs_page(self):
        self.assertEqual(Client().get("/api/docs").status_code, 200)


class QueryCountTests(ApiTestCase):
    """Each list is measured on small data, then on data many times larger: the count must not change."""

    def count(self, persona, url, params=None):
        client = Client()
        client.force_login(getattr(self, persona))
        client.get(url, params or {})  # the steady state: the oversight's summaries stored by the first
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, params or {})
        self.assertEqual(r.status_code, 200, r.content[:300])
        return len(ctx.captured_queries)

    def grow(self):
        """20 more committees under the province, each with a term, 5 targets, results, figures, documents."""
        for i in range(20):
            c = create_unit(Kind.COMMUNE, f"Xã {i}", self.province)
            create_unit(Kind.BRANCH, f"Chi bộ {i}", c)
            term = Term.objects.create(committee=c, start_year=2020, end_year=2025)
            for n in range(5):
                t = make_target(term, n + 1, "Kết nạp 10 đảng viên/năm")
                for y in (2021, 2022):
                    Result.objects.create(target=t, year=y, value=Decimal(9 + n), status=Status.SUBMITTED)
        for n in range(20):
            t = make_target(self.term_a, 10 + n, "Giảm tỷ lệ hộ nghèo còn dưới 3%")
            for y in (2021, 2022, 2023):
                Result.objects.create(target=t, year=y, value=Decimal("2.5"), entered_by=self.editor)
            Figure.objects.create(
                committee=self.ward_a, year=2020 + n % 5, label="x", value=n, unit="count", entered_by=self.editor
            )
            SourceDocument.objects.create(
                committee=self.ward_a, name=f"{n}.txt", text="x" * 100, uploaded_by=self.editor
            )
            AuditEntry.objects.create(
                user=self.editor, unit=self.ward_a, action="result.update", object_type="result", object_id="1"
            )
            AuditEntry.objects.create(
                user=self.editor, unit=self.branch_a, action="result.update", object_type="result", object_id="1"
            )

    def test_list_endpoints_are_bounded(self):
        cases = [
            ("admin", "/api/units", None),
            ("province_viewer", "/api/units", None),
            ("province_viewer", f"/api/units/{self.province.pk}", None),
            ("province_viewer", f"/api/units/{self.province.pk}/audit", None),
            ("editor", f"/api/units/{self.ward_a.pk}/audit", None),
            ("viewer", f"/api/committees/{self.ward_a.pk}/terms", None),
            ("viewer", f"/api/committees/{self.ward_a.pk}/figures", None),
            ("viewer", f"/api/committees/{self.ward_a.pk}/documents", None),
            ("viewer", f"/api/terms/{self.term_a.pk}/targets", None),
            ("viewer", f"/api/terms/{self.term_a.pk}/evaluation", None),
            ("viewer", f"/api/terms/{self.term_a.pk}/evaluation", {"year": 2022}),
            ("viewer", f"/api/targets/{self.growth.pk}/results", None),
            ("reviewer", f"/api/oversight/{self.province.pk}", None),
            ("reviewer", f"/api/oversight/{self.province.pk}", {"year": 2022}),
            ("admin", "/api/me", None),
        ]
        before = {(p, u, str(q)): self.count(p, u, q) for p, u, q in cases}
        self.grow()
        for persona, url, params in cases:
            with self.subTest(persona=persona, url=url, params=params):
                small = before[(persona, url, str(params))]
                large = self.count(persona, url, params)
                self.assertEqual(large, small, f"{url}: {small} queries on small data, {large} on large")
                self.assertLessEqual(large, 12)

    def test_token_auth_costs_a_bounded_number_of_queries(self):
        client = Client()
        headers = {"Authorization": f"Bearer {self.tokens['viewer']}"}
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/api/terms/{self.term_a.pk}/targets", headers=headers)
        first = len(ctx.captured_queries)  # includes the one write of last_used
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/api/terms/{self.term_a.pk}/targets", headers=headers)
        self.assertEqual(len(ctx.captured_queries), first - 1)
        self.assertLessEqual(first, 8)
