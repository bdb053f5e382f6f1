"""Bad input of every kind gets a 4xx with a JSON message: never a 500, never a traceback."""

import json

from django.test import Client

from .base import ApiTestCase
from .test_matrix import ENDPOINTS

HUGE = 10**30
GARBAGE_BODIES = [
    None,
    [],
    "text",
    {"value": None, "text": None},
    {"value": 12, "text": 12},
    {"text": "x" * 100_000},
    {"text": "\x00\ud7ff\U0010ffff"},
    {"start_year": HUGE, "end_year": -HUGE, "number": HUGE, "year": HUGE},
    {"index": -1, "target_id": HUGE, "year": "nhiệm kỳ"},
    {"label": "", "value": "1" * 200, "unit": "count"},
    {"ids": [HUGE, -1, "a"]},
    {"document_id": HUGE, "span_start": HUGE, "span_end": -1, "value": "1"},
    {"term_id": HUGE, "label": "x", "value": "1", "unit": "count"},
]


class NoServerErrorTests(ApiTestCase):
    def assert_client_error(self, r, what):
        self.assertLess(r.status_code, 500, f"{what}: {r.status_code} {r.content[:300]}")
        if r.status_code >= 400:
            self.assertTrue(r["Content-Type"].startswith("application/json"), what)
            self.assertNotIn("Traceback", r.content.decode())
            self.assertIn("detail", r.json())

    def test_garbage_bodies(self):
        client = Client()
        client.force_login(self.admin)
        for method, url_t, _, _ in ENDPOINTS:
            if method == "get":
                continue
            url = url_t.format(
                committee=self.ward_a.pk, term=self.term_a.pk, target=self.growth.pk, free_target=self.admissions.pk,
                draft_target=self.poverty.pk, result=self.result_poverty.pk, draft_result=self.result_poverty.pk,
                submitted_result=self.result_admissions.pk, approved_result=self.result_growth_2021.pk,
                figure=self.figure_a.pk, document=self.doc_a.pk,
            )  # fmt: skip
            for body in GARBAGE_BODIES:
                with self.subTest(method=method, url=url, body=str(body)[:40]):
                    payload = json.dumps(body)
                    r = self.call_and_rollback_raw(client, method, url, payload)
                    self.assert_client_error(r, f"{method} {url} {str(body)[:40]}")

    def call_and_rollback_raw(self, client, method, url, payload):
        from django.db import transaction

        with transaction.atomic():
            r = getattr(client, method)(url, payload, content_type="application/json")
            transaction.set_rollback(True)
        return r

    def test_huge_and_odd_ids_in_paths_and_queries(self):
        client = Client()
        client.force_login(self.admin)
        urls = [
            f"/api/units/{HUGE}",
            f"/api/units/{HUGE}/audit",
            f"/api/terms/{HUGE}/evaluation",
            f"/api/targets/{HUGE}/results",
            f"/api/results/{HUGE}",
            f"/api/oversight/{HUGE}",
            f"/api/figures/{HUGE}",
            f"/api/documents/{HUGE}",
            f"/api/units?parent={HUGE}",
            f"/api/units?limit={HUGE}",
            f"/api/units?offset={HUGE}",
            f"/api/terms/{self.term_a.pk}/evaluation?year={HUGE}",
            f"/api/terms/{self.term_a.pk}/targets?year={HUGE}",
            f"/api/committees/{self.ward_a.pk}/figures?year={HUGE}&term_id={HUGE}",
            f"/api/oversight/{self.province.pk}?year={HUGE}",
            f"/api/units/{self.ward_a.pk}/audit?offset={HUGE}",
            "/api/units/abc",
            "/api/units/-1",
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assert_client_error(client.get(url), url)
        r = client.put(
            f"/api/targets/{self.poverty.pk}/results/{HUGE}", '{"value": "1"}', content_type="application/json"
        )
        self.assert_client_error(r, "put huge year")
        r = client.delete(f"/api/tokens/{HUGE}")
        self.assert_client_error(r, "delete huge token")
