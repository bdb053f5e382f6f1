"""The admin in Vietnamese, Django's own words included: Django's Vietnamese catalogue lacks the strings
its newer admin added ("Skip to main content", the theme toggle, the filters' counts, the password page…),
so the project's catalogue (src/chitieu/locale/vi/LC_MESSAGES) gives them; its .mo files, which Django
reads and which a machine without gettext cannot compile, must say what the .po files say."""

import ast
import gettext
import importlib
from pathlib import Path

import django
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from chitieu import settings as chitieu_settings
from chitieu.orgs.models import Grant

from .base import BaseTestCase

LOCALE = Path(chitieu_settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent

# English Django printed on the admin's pages with LANGUAGE_CODE "vi", and the Vietnamese now printed.
SKIP = ("Skip to main content", "Bỏ qua, đến nội dung chính")
THEME = [
    ("Toggle theme (current theme: auto)", "Đổi giao diện sáng/tối (đang dùng: tự động)"),
    ("Toggle theme (current theme: light)", "Đổi giao diện sáng/tối (đang dùng: sáng)"),
    ("Toggle theme (current theme: dark)", "Đổi giao diện sáng/tối (đang dùng: tối)"),
]
BREADCRUMBS = ("Breadcrumbs", "Đường dẫn trang")
SIDEBAR = [
    ("Toggle navigation", "Ẩn/hiện thanh điều hướng"),
    ('aria-label="Sidebar"', 'aria-label="Thanh bên"'),
    ("Filter navigation items", "Lọc các mục điều hướng"),
]
EVERY_PAGE = [SKIP, *THEME]
INNER_PAGE = [*EVERY_PAGE, BREADCRUMBS, *SIDEBAR]
INDEX = [
    *EVERY_PAGE,
    ("Model name", "Loại dữ liệu"),
    ("Add link", "Liên kết thêm mới"),
    ("Change or view list link", "Liên kết sửa hoặc xem danh sách"),
    ("Changed:", "Đã sửa:"),  # the recent actions
]
CHANGE_LIST = [
    *INNER_PAGE,
    ("Select all objects on this page for an action", "Chọn mọi đối tượng trên trang này để thực hiện thao tác"),
    ("Select this object for an action - ", "Chọn đối tượng này để thực hiện thao tác - "),
    ("Show counts", "Hiện số lượng"),
    ('value="Search"', 'value="Tìm kiếm"'),
]
CHANGE_FORM = [*INNER_PAGE, ("View selected nhiệm kỳ", "Xem nhiệm kỳ đã chọn")]
FORM_ERRORS = [("Error:", "Lỗi:"), ("Please correct the error below.", "Vui lòng sửa các lỗi dưới đây.")]
USER_PASSWORD = [
    *INNER_PAGE,
    ("Password-based authentication", "Đăng nhập bằng mật khẩu"),
    ("Whether the user will be able to authenticate", "Người dùng có được đăng nhập bằng mật khẩu hay không"),
    ("If disabled, the current password", "Nếu tắt, mật khẩu hiện tại của người dùng này sẽ bị xóa"),
    (" Enabled</label>", " Bật</label>"),
    (" Disabled</label>", " Tắt</label>"),
    ("Disable password-based authentication", "Tắt đăng nhập bằng mật khẩu"),
]
USER_CHANGE = [
    *INNER_PAGE,
    ("Raw passwords are not stored", "Hệ thống không lưu mật khẩu gốc"),
    ("Reset password", "Đặt lại mật khẩu"),
]
ALL_ENGLISH = sorted(
    {
        english
        for pairs in (INDEX, CHANGE_LIST, CHANGE_FORM, FORM_ERRORS, USER_PASSWORD, USER_CHANGE)
        for english, _ in pairs
    }
)


class AdminPagesInVietnameseTest(BaseTestCase):
    def setUp(self):
        self.login(self.admin)

    def get(self, url: str, status: int = 200) -> str:
        r = self.client.get(url)
        self.assertEqual(r.status_code, status, url)
        return r.content.decode()

    def assert_vietnamese(self, html: str, pairs, where: str):
        for _english, vietnamese in pairs:
            with self.subTest(page=where, vietnamese=vietnamese):
                self.assertTrue(vietnamese in html, f"{vietnamese!r} is not on {where}")
        for english in ALL_ENGLISH:
            with self.subTest(page=where, english=english):
                self.assertFalse(english in html, f"{english!r} is on {where}")

    def test_the_index(self):
        ct = ContentType.objects.get_for_model(self.ward_a)
        LogEntry.objects.log_actions(self.admin.pk, [self.ward_a], CHANGE, change_message="[]", single_object=True)
        self.assertTrue(LogEntry.objects.filter(content_type=ct).exists())
        self.assert_vietnamese(self.get("/admin/"), INDEX, "/admin/")

    def test_a_change_list_with_a_filter_and_a_search(self):
        html = self.get("/admin/orgs/unit/?kind__exact=ward&q=Kim")
        self.assertIn("phường Kim Tân", html)
        self.assertNotIn("xã Hợp Thành", html)
        self.assert_vietnamese(html, CHANGE_LIST, "change list")
        html = self.get("/admin/plans/target/?shape__exact=per_year_count")  # a filter, no search
        self.assertIn("Kết nạp 10 đảng viên/năm", html)
        self.assertNotIn("Thu ngân sách", html)
        self.assert_vietnamese(html, [pair for pair in CHANGE_LIST if "Search" not in pair[0]], "targets")

    def test_a_change_form_and_its_errors(self):
        html = self.get(f"/admin/plans/target/{self.growth.pk}/change/")
        self.assert_vietnamese(html, CHANGE_FORM, "change form")
        r = self.client.post(f"/admin/orgs/unit/{self.ward_a.pk}/change/", {"name": "", "kind": "ward"})
        self.assertEqual(r.status_code, 200)  # the form again, with its error
        self.assert_vietnamese(r.content.decode(), [*INNER_PAGE, *FORM_ERRORS], "change form, error")

    def test_a_delete_confirmation(self):
        for url in (f"/admin/plans/target/{self.poverty.pk}/delete/", f"/admin/orgs/unit/{self.ward_a.pk}/delete/"):
            html = self.get(url)
            self.assertIn("Bạn có chắc", html) if "target" in url else self.assertIn("sẽ bắt buộc xóa", html)
            self.assert_vietnamese(html, INNER_PAGE, url)
        r = self.client.post(
            "/admin/orgs/grant/",
            {"action": "delete_selected", "_selected_action": [Grant.objects.get(user=self.editor).pk]},
        )
        self.assert_vietnamese(r.content.decode(), INNER_PAGE, "delete selected")

    def test_the_history_page(self):
        LogEntry.objects.log_actions(self.admin.pk, [self.ward_a], CHANGE, change_message="[]", single_object=True)
        html = self.get(f"/admin/orgs/unit/{self.ward_a.pk}/history/")
        self.assertIn("1 mục", html)
        self.assertNotIn("1 entry", html)

    def test_a_users_pages(self):
        self.assert_vietnamese(self.get(f"/admin/auth/user/{self.editor.pk}/change/"), USER_CHANGE, "user")
        self.assert_vietnamese(self.get(f"/admin/auth/user/{self.editor.pk}/password/"), USER_PASSWORD, "password")
        html = self.get("/admin/auth/user/add/")
        self.assertIn("Đăng nhập bằng mật khẩu", html)
        self.assertNotIn("Password-based authentication", html)

    def test_password_change_login_and_logout(self):
        html = self.get("/admin/password_change/")
        self.assert_vietnamese(html, EVERY_PAGE, "password change")
        r = self.client.post(
            "/admin/password_change/", {"old_password": "x", "new_password1": "abc", "new_password2": "abc"}
        )
        html = r.content.decode()
        self.assertIn("Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự.", html)
        self.assert_vietnamese(html, [("Error:", "Lỗi:")], "password change, error")
        r = self.client.post("/admin/logout/")
        self.assertRedirects(r, "/login/", fetch_redirect_response=False)  # the site's own login page
        html = self.get("/admin/login/")
        self.assert_vietnamese(html, EVERY_PAGE, "login")
        r = self.client.post("/admin/login/", {"username": "admin", "password": "wrong"})
        self.assert_vietnamese(r.content.decode(), [*EVERY_PAGE, ("Error:", "Lỗi:")], "login, error")

    def test_the_login_lockouts_and_background_jobs(self):
        """The other apps' pages (django-axes, django-tasks): their columns, filters and statuses."""
        AccessAttempt.objects.create(
            username="admin", ip_address="127.0.0.1", user_agent="x", http_accept="*/*", path_info="/login/",
            get_data="", post_data="", failures_since_start=2,
        )  # fmt: skip
        html = self.get("/admin/axes/accessattempt/")
        for english, vietnamese in (
            ("Attempt Time", "Thời điểm đăng nhập sai"),
            ("IP Address", "Địa chỉ IP"),
            ("Failed Logins", "Số lần đăng nhập sai"),
            ('data-filter-title="Locked Out"', 'data-filter-title="Bị khóa"'),
            ("Attempt Remaining", "lần thử còn lại"),
        ):
            with self.subTest(english=english):
                self.assertTrue(vietnamese in html and english not in html, f"{english!r} → {vietnamese!r}")
        html = self.get("/admin/django_tasks_database/dbtaskresult/")
        for english, vietnamese in (
            (">Ready<", ">Chờ chạy<"),
            (">Running<", ">Đang chạy<"),
            (" queue name ", " hàng đợi "),
        ):
            with self.subTest(english=english):
                self.assertTrue(vietnamese in html and english not in html, f"{english!r} → {vietnamese!r}")

    def test_a_login_without_its_csrf_cookie_is_refused_in_vietnamese(self):
        r = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "admin", "password": "password"})
        self.assertEqual(r.status_code, 403)
        html = r.content.decode()
        self.assertIn("Kiểm tra CSRF không đạt", html)
        self.assertNotIn("CSRF verification failed", html)

    def test_the_date_and_selection_widgets_speak_vietnamese(self):
        js = self.get("/admin/jsi18n/")
        for english, vietnamese in (
            ("Sunday", "Ch\\u1ee7 nh\\u1eadt"),
            ("abbrev. day Monday\\u0004Mon", '"T2"'),
            ("Choose all %s", "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s"),
        ):
            with self.subTest(english=english):
                self.assertIn(f'"{english}": ' + (vietnamese if vietnamese.startswith('"') else f'"{vietnamese}'), js)


# A .po file read the way msgfmt reads it, enough for these catalogues (polib would be a dependency for a test).


def po_entries(text: str) -> list[dict]:
    """Each entry of a .po text: its fields (msgctxt, msgid, msgid_plural, msgstr, msgstr[n]) and flags."""
    entries, entry, field = [], {}, None
    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def key(entry: dict) -> str:
    """The msgid as gettext keys it: "context\x04msgid" when it has a context."""
    return entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"


def read_po(path: Path) -> dict:
    """The translated entries of a .po file keyed as gettext.GNUTranslations keys its catalogue: the
    msgid, or (msgid, n) for a plural's forms; fuzzy entries left out, as msgfmt leaves them."""
    catalogue = {}
    for e in po_entries(path.read_text(encoding="utf-8")):
        if "fuzzy" in e.get("flags", ()) or "msgid" not in e:
            continue
        if "msgid_plural" in e:
            for field, value in e.items():
                if field.startswith("msgstr[") and value:
                    catalogue[(key(e), int(field[7:-1]))] = value
        elif e.get("msgstr"):
            catalogue[key(e)] = e["msgstr"]
    return catalogue


def read_mo(path: Path) -> dict:
    with path.open("rb") as f:
        return dict(gettext.GNUTranslations(f)._catalog)


def django_msgids(domain: str) -> set:
    """Every msgid of Django's own (English) catalogues."""
    ids = set()
    for po in DJANGO.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
        ids |= {key(e) for e in po_entries(po.read_text(encoding="utf-8")) if e.get("msgid")}
    return ids


# The other apps the admin shows, whose strings the catalogue translates too (they have no Vietnamese).
OTHER_APPS = ("axes", "django_tasks", "django_tasks_db")


def other_apps_literals() -> set:
    """Every string literal of the other apps' code: their msgids are among them."""
    found = set()
    for name in OTHER_APPS:
        root = Path(importlib.import_module(name).__file__).parent
        for py in root.glob("**/*.py"):
            for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
    return found


class CatalogueFilesTest(BaseTestCase):
    DOMAINS = ("django", "djangojs")

    def test_each_mo_says_what_its_po_says(self):
        for domain in self.DOMAINS:
            with self.subTest(domain=domain):
                po, mo = read_po(LOCALE / f"{domain}.po"), read_mo(LOCALE / f"{domain}.mo")
                self.assertGreater(len(po), 10)
                self.assertEqual(po, mo, f"compile it again: cd {LOCALE} && msgfmt -o {domain}.mo {domain}.po")

    def test_every_msgid_is_one_django_or_the_other_apps_use(self):
        """A misspelt msgid would translate nothing, silently."""
        literals = other_apps_literals()
        for domain in self.DOMAINS:
            known = django_msgids(domain)
            for key in read_po(LOCALE / f"{domain}.po"):
                msgid = key[0] if isinstance(key, tuple) else key
                if msgid:
                    with self.subTest(domain=domain, msgid=msgid):
                        self.assertTrue(
                            msgid in known or (domain == "django" and set(msgid.split("\x04")) <= literals),
                            f"{msgid!r} is no msgid of Django's nor a string of {', '.join(OTHER_APPS)}",
                        )

    def test_the_plural_forms_are_vietnamese(self):
        for domain in self.DOMAINS:
            header = read_po(LOCALE / f"{domain}.po")[""]
            with self.subTest(domain=domain):
                self.assertIn("Plural-Forms: nplurals=1; plural=0;", header)
                self.assertIn("Language: vi", header)
