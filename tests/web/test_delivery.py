"""How pages travel: compressed, and the stylesheet cached by browsers until it changes."""

import hashlib
import re
from pathlib import Path

import chitieu

from .base import BaseTestCase


class DeliveryTest(BaseTestCase):
    def test_pages_are_compressed_for_browsers_that_ask(self):
        self.login(self.province_viewer)
        r = self.client.get(f"/p/{self.province.pk}/", HTTP_ACCEPT_ENCODING="gzip, deflate")
        self.assertEqual(r["Content-Encoding"], "gzip")
        self.assertNotIn("Content-Encoding", self.client.get(f"/p/{self.province.pk}/"))

    def test_the_stylesheet_link_carries_its_content_hash(self):
        self.login(self.editor)
        page = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        link = re.search(r'href="(/static/chitieu/site\.css\?v=([0-9a-f]{12}))"', page)
        self.assertIsNotNone(link, page[:500])
        css = Path(chitieu.__file__).parent / "static" / "chitieu" / "site.css"
        self.assertEqual(link.group(2), hashlib.sha256(css.read_bytes()).hexdigest()[:12])
