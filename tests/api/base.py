"""The API test base: BaseTestCase's tree and personas, plus documents, figures, tokens and a caller."""

import json

from django.db import transaction
from django.test import Client, override_settings

from chitieu.api.auth import issue_token
from chitieu.plans.models import Figure, Result, SourceDocument, Status
from tests.web.base import BaseTestCase

PERSONAS = ["admin", "editor", "viewer", "province_viewer", "reviewer", "outsider"]


# The personas' passwords are hashed once per test class; the real hasher costs seconds each time.
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.doc_a = SourceDocument.objects.create(
            committee=cls.ward_a, name="a.txt", text="Năm 2021, thu ngân sách đạt 5 tỷ đồng, có 69 mô hình."
        )
        cls.doc_c = SourceDocument.objects.create(
            committee=cls.commune_c, name="c.txt", text="Thu ngân sách 6 tỷ đồng."
        )
        cls.figure_a = Figure.objects.create(
            committee=cls.ward_a, term=cls.term_a, year=2021, label="mô hình", value=69, unit="count", counted="mô hình"
        )
        cls.figure_c = Figure.objects.create(committee=cls.commune_c, year=2021, label="thu", value=6, unit="count")
        cls.result_growth_2021 = Result.objects.get(target=cls.growth, year=2021)
        cls.result_admissions = Result.objects.get(target=cls.admissions, year=2021)
        cls.result_poverty = Result.objects.get(target=cls.poverty, year=2021)
        assert cls.result_growth_2021.status == Status.APPROVED
        assert cls.result_admissions.status == Status.SUBMITTED
        assert cls.result_poverty.status == Status.DRAFT
        cls.tokens = {}
        for persona in PERSONAS:
            raw = f"ct_test_{persona}"
            issue_token(getattr(cls, persona), "test", raw)
            cls.tokens[persona] = raw

    def client_for(self, persona: str | None, auth: str = "session") -> tuple[Client, dict]:
        client = Client()
        headers = {}
        if persona is not None:
            if auth == "session":
                client.force_login(getattr(self, persona))
            else:
                headers["Authorization"] = f"Bearer {self.tokens[persona]}"
        return client, headers

    def call(self, persona, method: str, url: str, body=None, *, auth: str = "session", multipart: bool = False):
        """One API call as ``persona`` (None: anonymous); ``body`` is JSON unless multipart."""
        client, headers = self.client_for(persona, auth)
        kwargs = {"headers": headers}
        if method == "get":
            return client.get(url, body or {}, **kwargs)
        if multipart:
            return client.post(url, body or {}, **kwargs)
        payload = json.dumps(body if body is not None else {})
        return getattr(client, method)(url, payload, content_type="application/json", **kwargs)

    def call_and_rollback(self, *args, **kwargs):
        """The call, with whatever it changed undone: every cell of a matrix starts from the same data."""
        with transaction.atomic():
            response = self.call(*args, **kwargs)
            transaction.set_rollback(True)
        return response

    def ok(self, response, status: int = 200):
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json() if response.content and response["Content-Type"].startswith("application/json") else None
