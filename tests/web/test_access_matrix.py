"""Every role × every page × an object of a foreign committee → refused; the own scope as the role allows."""

from django.test import Client

from chitieu.plans.models import SourceDocument

from .base import BaseTestCase

PERSONAS = ["admin", "editor", "viewer", "province_viewer", "reviewer", "outsider"]

# (url template, method, who may use it on committee A's objects)
READ = {"admin", "editor", "viewer", "province_viewer", "reviewer"}
EDIT = {"admin", "editor"}
REVIEW = {"admin", "reviewer"}
PAGES = [
    ("/c/{committee}/", "get", READ),
    ("/c/{committee}/terms/new/", "get", EDIT),
    ("/c/{committee}/documents/new/", "get", EDIT),
    ("/t/{term}/targets/paste/", "get", EDIT),
    ("/t/{term}/results.xlsx", "get", READ),
    ("/t/{term}/results/upload/", "get", EDIT),
    ("/t/{term}/submit/", "post", EDIT),
    ("/t/{term}/approve/", "post", REVIEW),
    ("/t/{term}/reopen/", "post", REVIEW),
    ("/targets/{target}/results/", "get", READ),
    ("/documents/{document}/", "get", READ),
    ("/documents/{document}/accept/", "post", EDIT),
    ("/documents/{document}/accept-all/", "post", EDIT),
    ("/u/{committee}/audit/", "get", READ),
    ("/u/{committee}/", "get", READ),
]


class AccessMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.doc_a = SourceDocument.objects.create(
            committee=cls.ward_a, name="a.txt", text="Thu ngân sách đạt 5 tỷ đồng."
        )
        cls.doc_c = SourceDocument.objects.create(
            committee=cls.commune_c, name="c.txt", text="Thu ngân sách 6 tỷ đồng."
        )

    def _ids(self, foreign: bool) -> dict:
        if foreign:
            return {"committee": self.commune_c.pk, "term": self.term_c.pk, "target": self.target_c.pk,
                    "document": self.doc_c.pk}  # fmt: skip
        return {
            "committee": self.ward_a.pk,
            "term": self.term_a.pk,
            "target": self.growth.pk,
            "document": self.doc_a.pk,
        }

    def _call(self, persona: str, url: str, method: str):
        client = Client()
        client.force_login(getattr(self, persona))
        return getattr(client, method)(url)

    def test_foreign_committee_is_refused_to_everyone_but_admin(self):
        for url_t, method, _ in PAGES:
            url = url_t.format(**self._ids(foreign=True))
            for persona in PERSONAS:
                if persona in ("admin", "outsider"):
                    continue  # the outsider is committee C's own editor; admins see everything
                with self.subTest(url=url, persona=persona):
                    r = self._call(persona, url, method)
                    self.assertEqual(r.status_code, 404, f"{persona} {method} {url}")

    def test_own_scope_as_the_role_allows(self):
        for url_t, method, allowed in PAGES:
            url = url_t.format(**self._ids(foreign=False))
            for persona in PERSONAS:
                with self.subTest(url=url, persona=persona):
                    r = self._call(persona, url, method)
                    if persona in allowed:
                        self.assertIn(r.status_code, (200, 302), f"{persona} {method} {url}")
                    else:
                        self.assertEqual(r.status_code, 404, f"{persona} {method} {url}")

    def test_oversight_page_scope(self):
        for persona, expected in [("province_viewer", 200), ("reviewer", 200), ("admin", 200),
                                  ("editor", 404), ("viewer", 404), ("outsider", 404)]:  # fmt: skip
            with self.subTest(persona=persona):
                self.assertEqual(self._call(persona, f"/p/{self.province.pk}/", "get").status_code, expected)

    def test_anonymous_is_sent_to_login(self):
        for url_t, method, _ in PAGES:
            url = url_t.format(**self._ids(foreign=False))
            r = getattr(Client(), method)(url)
            self.assertEqual(r.status_code, 302, url)
            self.assertTrue(r["Location"].startswith("/login/"), url)
