from django.contrib.auth.models import User
from django.test import Client, override_settings

from .base import BaseTestCase


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
