"""One authentication path (issue 12, findings 1, 4, 8, 9, 11): the demo rule on every login path and
behind a proxy, lockout after repeated failures, logins and admin changes in the audit log, names
kept from the level above by a rule, tokens that expire and die with a password change."""

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from chitieu.api.auth import issue_token
from chitieu.orgs.models import AuditEntry, Grant, Role, Unit
from chitieu.party import records
from chitieu.party.models import SubjectKind

from .base import PASSWORD, BaseTestCase

ADMIN_LOGIN = "/admin/login/?next=/admin/"


def login(client: Client, path: str, username: str, password: str):
    return client.post(path, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


class DemoRuleTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User.objects.create_superuser("demo", password="demo")

    def attempt(self, path: str, remote: str, **headers) -> bool:
        c = Client(REMOTE_ADDR=remote, **headers)
        login(c, path, "demo", "demo")
        return logged_in(c)

    def test_the_demo_rule_holds_on_every_login_path(self):
        rows = [
            # demo mode, remote address, headers, trusted proxies → may log in
            (False, "127.0.0.1", {}, [], False),
            (True, "192.0.2.7", {}, [], False),
            (True, "127.0.0.1", {}, [], True),
            (True, "::1", {}, [], True),
            # behind a proxy on this machine that is not declared: the forwarded client is unknown
            (True, "127.0.0.1", {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, [], False),
            (True, "127.0.0.1", {"HTTP_X_REAL_IP": "203.0.113.9"}, [], False),
            # a declared proxy: the client is the address it forwards
            (True, "127.0.0.1", {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, ["127.0.0.1"], False),
            (True, "10.0.0.2", {"HTTP_X_FORWARDED_FOR": "127.0.0.1"}, ["10.0.0.0/8"], True),
            # a forged header from an undeclared remote changes nothing
            (True, "192.0.2.7", {"HTTP_X_FORWARDED_FOR": "127.0.0.1"}, [], False),
        ]
        for path in ("/login/", ADMIN_LOGIN):
            for demo, remote, headers, proxies, allowed in rows:
                with self.subTest(path=path, demo=demo, remote=remote, headers=headers, proxies=proxies):
                    with override_settings(DEMO_MODE=demo, CHITIEU_TRUSTED_PROXIES=proxies):
                        self.assertEqual(self.attempt(path, remote, **headers), allowed)

    @override_settings(DEMO_MODE=False)
    def test_the_site_says_why_the_demo_account_is_refused(self):
        r = login(Client(REMOTE_ADDR="127.0.0.1"), "/login/", "demo", "demo")
        self.assertContains(r, "chỉ dùng được ở chế độ trình diễn")
        entry = AuditEntry.objects.get(action="login.refused")
        self.assertIn("'demo'", entry.note)


class LockoutTest(BaseTestCase):
    def test_repeated_wrong_passwords_lock_the_account_even_with_the_right_one(self):
        c = Client(REMOTE_ADDR="192.0.2.7")
        for _ in range(4):
            r = login(c, "/login/", "editor", "sai")
            self.assertContains(r, "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác")
        self.assertEqual(login(c, "/login/", "editor", "sai").status_code, 429)  # the fifth locks
        r = login(c, "/login/", "editor", PASSWORD)
        self.assertContains(r, "tạm bị khóa", status_code=429)
        self.assertFalse(logged_in(c))
        # from another address too: the username is locked, not only the address
        other = Client(REMOTE_ADDR="198.51.100.4")
        self.assertEqual(login(other, ADMIN_LOGIN, "editor", PASSWORD).status_code, 429)
        self.assertEqual(AuditEntry.objects.filter(action="login.failed").count(), 5)
        self.assertTrue(AuditEntry.objects.filter(action="login.locked").exists())

    def test_the_lock_ends_after_the_cooloff(self):
        c = Client(REMOTE_ADDR="192.0.2.7")
        for _ in range(5):
            login(c, "/login/", "viewer", "sai")
        with override_settings(AXES_COOLOFF_TIME=dt.timedelta(seconds=0)):
            login(c, "/login/", "viewer", PASSWORD)
            self.assertTrue(logged_in(c))

    def test_logins_are_audited_with_the_address(self):
        c = Client(REMOTE_ADDR="192.0.2.7")
        login(c, "/login/", "editor", PASSWORD)
        self.assertTrue(logged_in(c))
        entry = AuditEntry.objects.get(action="login")
        self.assertEqual(entry.user, self.editor)
        self.assertIn("192.0.2.7", entry.note)
        login(Client(REMOTE_ADDR="192.0.2.8"), ADMIN_LOGIN, "nobody", "x")
        failed = AuditEntry.objects.get(action="login.failed")
        self.assertIsNone(failed.user)
        self.assertIn("'nobody'", failed.note)
        self.assertIn("/admin/login/", failed.note)


class AdminAuditTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.admin)

    def test_renaming_a_unit_in_the_admin_is_audited_old_to_new(self):
        u = self.commune_b
        r = self.client.post(
            f"/admin/orgs/unit/{u.pk}/change/", {"kind": u.kind, "name": "Hợp Thành Mới", "code": "", "branch_kind": ""}
        )
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        entry = AuditEntry.objects.get(action="admin.change", object_type="unit")
        self.assertEqual((entry.old, entry.new), ({"name": "Hợp Thành"}, {"name": "Hợp Thành Mới"}))
        self.assertEqual((entry.user, entry.unit), (self.admin, Unit.objects.get(pk=u.pk)))

    def test_a_grant_and_a_superuser_made_in_the_admin_are_audited(self):
        r = self.client.post(
            "/admin/orgs/grant/add/", {"user": self.outsider.pk, "unit": self.ward_a.pk, "role": Role.VIEWER}
        )
        self.assertEqual(r.status_code, 302)
        grant = Grant.objects.get(user=self.outsider, unit=self.ward_a)
        entry = AuditEntry.objects.get(action="admin.add", object_type="grant")
        self.assertEqual((entry.new["role"], entry.unit_id, entry.object_id), ("viewer", self.ward_a.pk, str(grant.pk)))

        u = self.viewer
        data = {
            "username": u.username,
            "password": u.password,
            "is_active": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "00:00:00",
            "grants-TOTAL_FORMS": "0",
            "grants-INITIAL_FORMS": "0",
        }
        r = self.client.post(f"/admin/auth/user/{u.pk}/change/", data)
        self.assertEqual(r.status_code, 302, r.content.decode()[:3000])
        entry = AuditEntry.objects.filter(action="admin.change", object_type="user").latest("id")
        self.assertEqual((entry.old["is_superuser"], entry.new["is_superuser"]), (False, True))
        self.assertNotIn("password", entry.new)

    def test_a_password_changed_in_the_admin_is_audited_and_revokes_tokens(self):
        _, raw = issue_token(self.editor, "máy báo cáo")
        api = Client()
        self.assertEqual(api.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code, 200)
        r = self.client.post(
            f"/admin/auth/user/{self.editor.pk}/password/",
            {"password1": "mật-khẩu-mới-2026", "password2": "mật-khẩu-mới-2026", "usable_password": "true"},
        )
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        entry = AuditEntry.objects.get(action="admin.password")
        self.assertEqual(entry.new, {"username": "editor"})
        self.assertEqual(api.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code, 401)

    def test_an_admin_deletion_is_audited_with_what_was_there(self):
        grant = Grant.objects.get(user=self.viewer)
        r = self.client.post(f"/admin/orgs/grant/{grant.pk}/delete/", {"post": "yes"})
        self.assertEqual(r.status_code, 302)
        entry = AuditEntry.objects.get(action="admin.delete")
        self.assertEqual((entry.old["role"], entry.new), ("viewer", None))


class TokenLifetimeTest(BaseTestCase):
    def test_an_expired_token_is_refused(self):
        token, raw = issue_token(self.editor, "cũ")
        c = Client()
        self.assertEqual(c.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code, 200)
        token.expires = timezone.now() - dt.timedelta(seconds=1)
        token.save()
        self.assertEqual(c.get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code, 401)

    def test_a_token_dies_when_its_user_changes_the_password(self):
        _, raw = issue_token(self.editor, "x")
        self.editor.set_password("khác hẳn")
        self.editor.save()
        self.assertEqual(Client().get("/api/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code, 401)

    def test_a_new_token_says_when_it_expires(self):
        self.client.force_login(self.editor)
        r = self.client.post("/api/tokens", {"name": "n"}, content_type="application/json")
        self.assertEqual(r.status_code, 201)
        expires = dt.datetime.fromisoformat(r.json()["expires"])
        self.assertAlmostEqual((expires - timezone.now()).days, 89, delta=1)


class PersonalDataInTheAuditLogTest(BaseTestCase):
    """Inspections and awards of individuals carry names; the level above is refused their pages
    and must not read them in the audit log either, on the page or in the API."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        records.add_inspection(
            cls.editor,
            cls.ward_a,
            held_on=dt.date(2024, 5, 2),
            body="commission",
            subject_kind=SubjectKind.INDIVIDUAL,
            subject="đồng chí Nguyễn Thị Hồng Nhung",
        )
        records.add_award(
            cls.editor,
            cls.ward_a,
            year=2024,
            level="certificate",
            recipient_kind=SubjectKind.INDIVIDUAL,
            recipient="Trần Văn Khải",
        )

    def pages(self, user) -> str:
        c = Client()
        c.force_login(user)
        html = c.get(f"/u/{self.ward_a.pk}/audit/").content.decode()
        api = c.get(f"/api/units/{self.ward_a.pk}/audit").content.decode()
        return html + api

    def test_the_level_above_sees_who_did_what_but_no_names(self):
        seen = self.pages(self.province_viewer)
        self.assertIn("inspection.create", seen)
        self.assertNotIn("Hồng Nhung", seen)
        self.assertNotIn("Trần Văn Khải", seen)

    def test_the_committee_sees_the_names(self):
        seen = self.pages(self.editor)
        self.assertIn("Hồng Nhung", seen)
        self.assertIn("Trần Văn Khải", seen)

    def test_records_the_level_above_reads_on_its_pages_stay_open(self):
        from chitieu.plans.workflow import set_result

        set_result(self.editor, self.admissions, 2022, 11)
        seen = self.pages(self.province_viewer)
        self.assertIn('"value": "11"', seen.replace("&quot;", '"'))

    def test_every_model_is_either_open_or_hidden_by_the_rule(self):
        """A new model is hidden until someone decides the level above may read it."""
        from django.apps import apps

        from chitieu.orgs.access import is_personal

        opened = {
            m._meta.label
            for m in apps.get_models()
            if not is_personal(AuditEntry(action="x.y", object_type=m._meta.model_name))
        }
        self.assertEqual(
            opened,
            {
                "orgs.Unit",
                "plans.Term",
                "plans.Target",
                "plans.SourceDocument",
                "plans.Result",
                "plans.Figure",
                "plans.CommitteeSummary",  # never audited; what the province page shows anyway
            },
        )
        self.assertTrue(is_personal(AuditEntry(action="something.new", object_type="")))
