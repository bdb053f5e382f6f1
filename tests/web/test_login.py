from django.contrib.auth.models import User
from django.test import Client, override_settings

from .base import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User.objects.create_superuser("demo", password="demo")

    def login_demo(self, remote: str):
        return Client(REMOTE_ADDR=remote).post("/login/", {"username": "demo", "password": "demo"})

    @override_settings(DEMO_MODE=True)
    def test_demo_account_in_demo_mode_from_this_machine(self):
        self.assertEqual(self.login_demo("127.0.0.1").status_code, 302)

    @override_settings(DEMO_MODE=True)
    def test_demo_account_refused_from_another_machine(self):
        r = self.login_demo("192.0.2.7")
        self.assertEqual(r.status_code, 200)
        self.assertIn("chỉ dùng được ở chế độ trình diễn", r.content.decode())

    @override_settings(DEMO_MODE=False)
    def test_demo_account_refused_outside_demo_mode(self):
        self.assertEqual(self.login_demo("127.0.0.1").status_code, 200)

    def test_ordinary_login_and_home(self):
        c = Client()
        self.assertEqual(c.post("/login/", {"username": "editor", "password": "password"}).status_code, 302)
        r = c.get("/")
        self.assertRedirects(r, f"/c/{self.ward_a.pk}/")  # one committee: straight to it
        c.force_login(self.province_viewer)
        html = c.get("/").content.decode()
        self.assertIn("thành phố Lào Cai", html)
        self.assertIn("Đảng bộ phường Kim Tân", html)


class LoginPageTestCase(BaseTestCase):
    """The login card: errors in Vietnamese, beside the field or at the top; the way back kept."""

    def test_a_missing_field_is_said_beside_it_in_vietnamese(self):
        r = Client().post("/login/", {"username": "", "password": ""})
        html = r.content.decode()
        self.assertEqual(r.status_code, 200)
        self.assertIn('<form method="post" novalidate', html)  # the page's words, not the browser's bubble
        self.assertIn('<ul class="errorlist" id="id_username_error"><li>Hãy nhập tên đăng nhập.</li></ul>', html)
        self.assertIn('<ul class="errorlist" id="id_password_error"><li>Hãy nhập mật khẩu.</li></ul>', html)
        self.assertNotIn('role="alert"', html)

    def test_a_wrong_password_is_said_at_the_top_of_the_card(self):
        html = Client().post("/login/", {"username": "editor", "password": "sai"}).content.decode()
        self.assertIn('<div class="form-error" role="alert" id="login-error">', html)
        self.assertIn("mật khẩu chính xác", html)
        self.assertIn('aria-describedby="login-error"', html)
        self.assertIn('<article class="login-card">', html)

    def test_the_page_asked_for_comes_after_the_login(self):
        c = Client()
        r = c.get(f"/u/{self.ward_a.pk}/audit/")
        self.assertIn("/login/?next=", r["Location"])
        html = c.get(r["Location"]).content.decode()
        self.assertIn(f'<input type="hidden" name="next" value="/u/{self.ward_a.pk}/audit/">', html)
        r = c.post("/login/", {"username": "editor", "password": "password", "next": f"/u/{self.ward_a.pk}/audit/"})
        self.assertRedirects(r, f"/u/{self.ward_a.pk}/audit/", fetch_redirect_response=False)


class HomePageTestCase(BaseTestCase):
    def home(self, user) -> str:
        self.login(user)
        r = self.client.get("/")
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_the_committees_in_a_table_grouped_by_the_unit_above_with_links_in_words(self):
        html = self.home(self.province_viewer)
        self.assertIn('<table class="grid home-units" id="committees">', html)
        a, b = self.ward_a.pk, self.commune_b.pk
        self.assertIn(f'<a href="/c/{a}/">Đảng bộ phường Kim Tân</a>', html)
        self.assertIn(f'<a href="/c/{b}/">Đảng bộ xã Hợp Thành</a>', html)
        for link in (f'<a href="/c/{a}/">Chỉ tiêu, kết quả</a>', f'<a href="/party/{a}/">Tổ chức đảng</a>',
                     f'<a href="/u/{a}/audit/">Nhật ký thay đổi</a>'):  # fmt: skip
            self.assertIn(link, html)
        self.assertIn(f'<a href="/p/{self.province.pk}/">Tổng hợp chỉ tiêu</a>', html)
        self.assertNotIn("Xã Ngoài", html)
        self.assertNotIn("Quản trị", html)  # the admin's tools are the admin's

    def test_several_units_above_each_head_their_committees(self):
        html = self.home(self.admin)
        self.assertIn('<th scope="rowgroup" colspan="2">thành phố Lào Cai</th>', html)
        self.assertIn('<th scope="rowgroup" colspan="2">tỉnh Khác</th>', html)
        self.assertLess(html.index("tỉnh Khác</th>"), html.index("Đảng bộ xã Ngoài"))
        self.assertIn('<a href="/units/import/">Nhập danh sách đơn vị</a>', html)
        self.assertIn('<a href="/units/merge/">Hợp nhất đơn vị</a>', html)

    def test_an_account_without_units_is_told_what_to_do(self):
        html = self.home(User.objects.create_user("moi", password=PASSWORD))
        self.assertIn("Tài khoản chưa được phân quyền đơn vị nào.", html)
        self.assertIn("nhờ quản trị viên", html)


class HtmxAfterLogoutTestCase(BaseTestCase):
    """A session ended under an htmx request: the login page is loaded whole (HX-Redirect), never
    swapped inside the current page; a plain request still gets the redirect."""

    HTMX = {"HTTP_HX_REQUEST": "true"}

    def assert_client_redirect(self, url: str):
        c = Client()
        r = c.get(url, **self.HTMX)
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["HX-Redirect"].startswith("/login/?next="), r["HX-Redirect"])
        self.assertIn("next=", r["HX-Redirect"])
        self.assertFalse(r.has_header("Location"))
        plain = c.get(url)
        self.assertEqual(plain.status_code, 302)
        self.assertTrue(plain["Location"].startswith("/login/?next="))
        self.assertFalse(plain.has_header("HX-Redirect"))

    def test_members_list(self):
        self.assert_client_redirect(f"/party/{self.ward_a.pk}/members/?q=an")

    def test_audit_log(self):
        self.assert_client_redirect(f"/u/{self.ward_a.pk}/audit/?page=2")

    def test_job_page(self):
        self.assert_client_redirect("/jobs/1/?seen=1-running-3-10")

    def test_other_redirects_are_left_alone(self):
        self.login(self.editor)
        r = self.client.get("/", **self.HTMX)
        self.assertEqual(r.status_code, 302)
        self.assertFalse(r.has_header("HX-Redirect"))
