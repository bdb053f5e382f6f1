"""Words, not codes (issue: "the admin in English model names ('Audit entrys'), Django's bare English
404 page"): every model, field and app the admin shows is named in Vietnamese, and the error pages
answer in Vietnamese inside the site's layout, with English beside."""

import re
from unittest import mock

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils.text import camel_case_to_spaces, capfirst

from chitieu import edge
from chitieu import urls as site_urls
from chitieu.orgs.models import AuditEntry

from .base import BaseTestCase

PROJECT_APPS = ("orgs", "plans", "party", "reports", "api", "jobs")
# A letter only Vietnamese writes (lowercase and uppercase): "đơn vị" has it, "Units" has none.
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


def project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def english_defaults(model) -> tuple[str, str]:
    """The names Django gives a model without a Meta: "audit entry", "audit entrys"."""
    name = camel_case_to_spaces(model.__name__)
    return name, f"{name}s"


def admin_models():
    return list(admin.site._registry.items())


class ModelNamesTest(BaseTestCase):
    def test_the_project_has_models_to_check(self):
        labels = {m._meta.label for m in project_models()}
        self.assertTrue({"orgs.AuditEntry", "orgs.Unit", "plans.Term", "party.Member", "jobs.Job"} <= labels, labels)

    def test_every_project_model_is_named_in_vietnamese(self):
        for model in project_models():
            meta = model._meta
            singular, plural = english_defaults(model)
            with self.subTest(model=meta.label):
                self.assertNotEqual(str(meta.verbose_name).lower(), singular)
                self.assertNotEqual(str(meta.verbose_name_plural).lower(), plural)
                self.assertRegex(str(meta.verbose_name), VIETNAMESE)
                self.assertRegex(str(meta.verbose_name_plural), VIETNAMESE)

    def test_every_project_app_is_named_in_vietnamese(self):
        for label in PROJECT_APPS:
            config = apps.get_app_config(label)
            with self.subTest(app=label):
                self.assertRegex(str(config.verbose_name), VIETNAMESE)

    def test_every_field_the_admin_shows_is_named_in_vietnamese(self):
        for model, _ in admin_models():
            if model._meta.app_label not in PROJECT_APPS:
                continue
            for field in model._meta.get_fields():
                if field.auto_created or not field.concrete:
                    continue
                with self.subTest(field=f"{model._meta.label}.{field.name}"):
                    self.assertNotEqual(str(field.verbose_name), field.name.replace("_", " "))
                    self.assertRegex(str(field.verbose_name), VIETNAMESE)

    def test_every_list_column_is_named_in_vietnamese(self):
        for model, model_admin in admin_models():
            if model._meta.app_label not in PROJECT_APPS:
                continue
            for name in model_admin.list_display:
                label = label_for_field(name, model, model_admin)
                with self.subTest(column=f"{model._meta.label}.{name}"):
                    self.assertRegex(str(label), VIETNAMESE)


class AdminPagesTest(BaseTestCase):
    # What the issue saw, and what the other English defaults would be.
    ENGLISH = [
        "Audit entrys",
        "Audit entry",
        "Units",
        "Terms",
        "Targets",
        "Results",
        "Grants",
        "Api tokens",
        "Source documents",
        "Figures",
        "Django administration",
        "Django site admin",
        "Site administration",
        "Access attempts",
        "Task Results",
    ]

    def setUp(self):
        self.login(self.admin)

    def assert_no_english_names(self, html: str, where: str):
        for word in self.ENGLISH:
            with self.subTest(page=where, word=word):
                self.assertNotIn(f">{word}<", html)
                self.assertNotIn(f"{word} |", html)
        for model, _ in admin_models():
            for name in english_defaults(model):
                with self.subTest(page=where, model=model._meta.label, name=name):
                    self.assertNotIn(f">{capfirst(name)}<", html)

    def test_the_index_is_in_vietnamese(self):
        r = self.client.get("/admin/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn("Quản trị chitieu", html)
        for text in ("Nhật ký thay đổi", "Đơn vị", "Nhiệm kỳ", "Chỉ tiêu", "Kết quả thực hiện", "Tổ chức"):
            with self.subTest(text=text):
                self.assertIn(f">{text}<", html)
        self.assert_no_english_names(html, "/admin/")

    def test_every_changelist_answers_in_vietnamese(self):
        for model, _ in admin_models():
            meta = model._meta
            url = f"/admin/{meta.app_label}/{meta.model_name}/"
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200, url)
                html = r.content.decode()
                self.assertIn("Quản trị chitieu", html)
                self.assertRegex(str(meta.verbose_name_plural), VIETNAMESE)
                self.assert_no_english_names(html, url)

    def test_the_audit_log_changelist_shows_vietnamese_columns(self):
        AuditEntry.objects.create(user=self.admin, unit=self.ward_a, action="result.create", object_type="result")
        r = self.client.get("/admin/orgs/auditentry/")
        html = r.content.decode()
        for column in ("Thời điểm", "Việc", "Đơn vị", "Nhập kết quả"):  # the change in words, not its code
            with self.subTest(column=column):
                self.assertIn(column, html)
        self.assertNotIn(">result.create<", html)  # in a link's address only

    def test_the_target_changelist_names_indicators_not_their_keys(self):
        html = self.client.get("/admin/plans/target/").content.decode()
        self.assertIn("Tỷ lệ hộ nghèo", html)
        self.assertNotIn(">poverty_rate<", html)

    def test_the_unit_changelist_and_form_are_in_vietnamese(self):
        r = self.client.get("/admin/orgs/unit/")
        self.assertIn("Tên đơn vị", r.content.decode())
        self.assertNotIn(">Title<", r.content.decode())
        r = self.client.get(f"/admin/orgs/unit/{self.ward_a.pk}/change/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        for label in ("Cấp", "Tên", "Mã hành chính", "Loại chi bộ"):
            with self.subTest(label=label):
                self.assertIn(f">{label}:</label>", html)
        for english in (">Kind:<", ">Name:<", ">Code:<", ">Branch kind:<"):
            with self.subTest(english=english):
                self.assertNotIn(english, html)


# Views that fail the ways a real view can, beside the site's own URLs and error handlers.
def _fail(request, how):
    if how == "bad":
        raise BadRequest("Invalid HTTP_HOST header: 'x'. You may need to add 'x' to ALLOWED_HOSTS.")
    if how == "forbidden":
        raise PermissionDenied
    if how == "missing":
        raise Http404("No Member matches the given query.")
    if how == "boom":
        raise RuntimeError("boom")
    return HttpResponse("ok")


urlpatterns = [path("__fail__/<str:how>/", _fail), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ErrorPagesTest(BaseTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assert_page(self, r, status: int, vietnamese: str, english: str):
        self.assertEqual(r.status_code, status)
        html = r.content.decode()
        self.assertIn('<html lang="vi"', html)
        self.assertIn("chitieu/site.css", html)  # the site's layout, not Django's bare page
        self.assertIn("Về trang chủ", html)
        self.assertIn(vietnamese, html)
        self.assertIn(english, html)
        for bare in ("<h1>Not Found</h1>", "<h1>Server Error (500)</h1>", "<h1>Bad Request (400)</h1>"):
            self.assertNotIn(bare, html)
        self.assertNotIn("Traceback", html)
        self.assertNotIn("boom", html)
        return html

    def test_the_site_routes_its_errors_through_edge(self):
        self.assertIs(site_urls.handler400, edge.bad_request)
        self.assertIs(site_urls.handler403, edge.permission_denied)
        self.assertIs(site_urls.handler404, edge.page_not_found)
        self.assertIs(site_urls.handler500, edge.server_error)

    def test_an_unknown_url_is_a_vietnamese_404(self):
        for user in (None, self.editor):
            with self.subTest(user=user):
                if user is not None:
                    self.login(user)
                r = self.client.get("/khong-co-trang-nay/")
                self.assert_page(r, 404, "Không tìm thấy", "Not found")

    def test_an_unknown_admin_url_is_a_vietnamese_404_for_staff(self):
        self.login(self.admin)
        for url in ("/admin/khong-co/", "/admin/orgs/khong-co/", "/admin/khong-co/x/"):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assert_page(r, 404, "Không tìm thấy", "Not found")

    def test_an_english_404_message_is_not_shown(self):
        html = self.assert_page(self.client.get("/__fail__/missing/"), 404, "Không tìm thấy", "Not found")
        self.assertNotIn("No Member matches", html)

    def test_403_and_400_are_vietnamese(self):
        self.assert_page(self.client.get("/__fail__/forbidden/"), 403, "Không có quyền", "Forbidden")
        html = self.assert_page(self.client.get("/__fail__/bad/"), 400, "Yêu cầu không hợp lệ", "Bad request")
        self.assertNotIn("ALLOWED_HOSTS", html)

    def test_a_failing_view_is_a_vietnamese_500(self):
        self.login(self.editor)
        r = self.client.get("/__fail__/boom/")
        self.assert_page(r, 500, "Lỗi máy chủ", "Internal server error")

    def test_the_500_page_renders_without_the_database(self):
        request = RequestFactory().get("/")
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=RuntimeError("database down")
        ):
            r = edge.server_error(request)
        self.assert_page(r, 500, "Lỗi máy chủ", "Internal server error")

    def test_the_500_page_has_a_plain_fallback_when_the_template_fails(self):
        request = RequestFactory().get("/")
        with mock.patch("chitieu.edge.render_to_string", side_effect=RuntimeError("template broken"), create=True):
            r = edge.server_error(request)
        self.assertEqual(r.status_code, 500)
        html = r.content.decode()
        self.assertIn("Lỗi máy chủ", html)
        self.assertIn("Internal server error", html)
        self.assertIn('<html lang="vi"', html)
