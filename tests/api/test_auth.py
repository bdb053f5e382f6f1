"""Session (with CSRF on writes) or token authentication; tokens are created once, listed, revoked."""

import hashlib

from django.test import Client

from chitieu.orgs.models import ApiToken, AuditEntry

from .base import ApiTestCase


class TokenTests(ApiTestCase):
    def test_create_use_list_revoke(self):
        created = self.ok(self.call("editor", "post", "/api/tokens", {"name": "Excel"}), 201)
        token = created["token"]
        self.assertTrue(token.startswith("ct_"))
        stored = ApiToken.objects.get(pk=created["id"])
        self.assertEqual(stored.key_hash, hashlib.sha256(token.encode()).hexdigest())
        self.assertNotIn(token, str(ApiToken.objects.filter(pk=created["id"]).values().get()))
        self.assertIsNone(stored.last_used)

        bearer = {"Authorization": f"Bearer {token}"}
        me = Client().get("/api/me", headers=bearer)
        self.assertEqual(me.status_code, 200)
        self.assertEqual((me.json()["username"], me.json()["via_token"]), ("editor", True))
        self.assertEqual(me.json()["grants"][0]["role"], "editor")
        stored.refresh_from_db()
        self.assertIsNotNone(stored.last_used)

        listed = self.ok(self.call("editor", "get", "/api/tokens"))
        self.assertIn(created["id"], [t["id"] for t in listed])
        self.assertNotIn("token", listed[0])

        # A token cannot mint more tokens; another user cannot revoke it.
        r = Client().post("/api/tokens", "{}", content_type="application/json", headers=bearer)
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.call("viewer", "delete", f"/api/tokens/{created['id']}").status_code, 404)
        self.ok(self.call("editor", "delete", f"/api/tokens/{created['id']}"), 204)
        self.assertEqual(Client().get("/api/me", headers=bearer).status_code, 401)
        self.assertEqual(
            list(AuditEntry.objects.filter(object_type="apitoken").values_list("action", flat=True).order_by("id")),
            ["token.create", "token.revoke"],
        )

    def test_token_writes_need_no_csrf_and_keep_the_scope(self):
        client = Client(enforce_csrf_checks=True)
        headers = {"Authorization": f"Bearer {self.tokens['editor']}"}
        r = client.put(
            f"/api/targets/{self.poverty.pk}/results/2022",
            '{"value": "2"}',
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(r.status_code, 201, r.content)
        r = client.get(f"/api/terms/{self.term_c.pk}", headers=headers)
        self.assertEqual(r.status_code, 404)

    def test_bad_tokens_are_401(self):
        for value in ("Bearer nope", "Bearer ", "Token ct_test_editor", "ct_test_editor", "Bearer " + "x" * 5000):
            with self.subTest(value=value[:30]):
                r = Client().get("/api/me", headers={"Authorization": value})
                self.assertEqual(r.status_code, 401)
        self.editor.is_active = False
        self.editor.save()
        r = Client().get("/api/me", headers={"Authorization": f"Bearer {self.tokens['editor']}"})
        self.assertEqual(r.status_code, 401)

    def test_a_bad_token_falls_back_to_the_session(self):
        client = Client()
        client.force_login(self.viewer)
        r = client.get("/api/me", headers={"Authorization": "Bearer nope"})
        self.assertEqual(r.json()["username"], "viewer")


class SessionCsrfTests(ApiTestCase):
    def test_session_writes_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.editor)
        url = f"/api/targets/{self.poverty.pk}/results/2022"
        r = client.put(url, '{"value": "2"}', content_type="application/json")
        self.assertEqual(r.status_code, 403)
        self.assertIn("CSRF", r.json()["detail"])
        # Reads need none; with the cookie and the header, as the pages' JavaScript sends them, writes pass.
        self.assertEqual(client.get("/api/me").status_code, 200)
        client.get("/login/")
        csrf = client.cookies.get("csrftoken")
        self.assertIsNotNone(csrf, "the login page sets the CSRF cookie")
        r = client.put(url, '{"value": "2"}', content_type="application/json", headers={"X-CSRFToken": csrf.value})
        self.assertEqual(r.status_code, 201, r.content)

    def test_anonymous_writes_are_401_not_403(self):
        client = Client(enforce_csrf_checks=True)
        r = client.put(
            f"/api/targets/{self.poverty.pk}/results/2022", '{"value": "2"}', content_type="application/json"
        )
        self.assertEqual(r.status_code, 401)


class MeAndUnitsTests(ApiTestCase):
    def test_units_are_scoped(self):
        def ids(persona, **params):
            return {u["id"] for u in self.ok(self.call(persona, "get", "/api/units", params))["items"]}

        a_tree = {self.ward_a.pk, self.branch_a.pk}
        p_tree = {self.province.pk, self.commune_b.pk} | a_tree
        self.assertEqual(ids("editor"), a_tree)
        self.assertEqual(ids("viewer"), a_tree)
        self.assertEqual(ids("province_viewer"), p_tree)
        self.assertEqual(ids("reviewer"), p_tree)
        self.assertEqual(ids("outsider"), {self.commune_c.pk})
        self.assertEqual(len(ids("admin")), 6)
        self.assertEqual(ids("province_viewer", kind=["ward", "commune"]), {self.ward_a.pk, self.commune_b.pk})
        self.assertEqual(ids("admin", parent=self.other_province.pk), {self.commune_c.pk})
        self.assertEqual(ids("editor", parent=self.other_province.pk), set())
        self.assertEqual(ids("admin", q="kim"), {self.ward_a.pk})
        page = self.ok(self.call("admin", "get", "/api/units", {"limit": 2, "offset": 1}))
        self.assertEqual((page["count"], len(page["items"])), (6, 2))
        self.assertEqual(self.call("admin", "get", "/api/units", {"kind": "planet"}).status_code, 400)
        self.assertEqual(self.call("admin", "get", "/api/units", {"limit": 0}).status_code, 422)

    def test_unit_detail_shows_only_visible_ancestors(self):
        unit = self.ok(self.call("editor", "get", f"/api/units/{self.ward_a.pk}"))
        self.assertEqual(unit["ancestors"], [])
        self.assertEqual([c["id"] for c in unit["children"]], [self.branch_a.pk])
        self.assertEqual(unit["party_title"], "Đảng bộ phường Kim Tân")
        self.assertEqual((unit["can_edit"], unit["can_review"]), (True, False))
        unit = self.ok(self.call("reviewer", "get", f"/api/units/{self.ward_a.pk}"))
        self.assertEqual([a["id"] for a in unit["ancestors"]], [self.province.pk])
        self.assertEqual((unit["can_edit"], unit["can_review"]), (False, True))
        self.assertEqual(self.call("editor", "get", "/api/units/999999").status_code, 404)

    def test_json_keeps_vietnamese_readable(self):
        r = self.call("editor", "get", f"/api/units/{self.ward_a.pk}")
        self.assertIn("phường Kim Tân".encode(), r.content)

    def test_unit_import_is_for_staff(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        def upload(persona, content):
            f = SimpleUploadedFile("units.csv", content.encode())
            return self.call(persona, "post", "/api/units/import", {"file": f}, multipart=True)

        csv = "kind,name,parent\nxã,Mới,thành phố Lào Cai\n"
        self.assertEqual(upload("editor", csv).status_code, 403)
        self.assertEqual(self.ok(upload("admin", csv), 201), {"created": 1})
        r = upload("admin", "kind,name,parent\nplanet,X,\n")
        self.assertEqual(r.status_code, 400)
        self.assertIn("unknown kind", r.json()["errors"][0])

    def test_indicators(self):
        out = self.ok(self.call("viewer", "get", "/api/indicators"))
        keys = {i["key"] for i in out}
        self.assertIn("poverty_rate", keys)
