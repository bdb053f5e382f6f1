"""The report's trend charts: each main target with yearly results drawn as a PNG (Pillow) from the spec
the committee page draws its SVG from, in an appendix after the signature."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

from docx import Document
from PIL import Image

from chitieu.core.targets import parse_target
from chitieu.plans.charts import trend_spec
from chitieu.plans.models import Result, Status
from chitieu.reports.chart import render_trend_png
from chitieu.reports.content import build_report
from chitieu.reports.docx import render_docx
from tests.web.base import BaseTestCase, make_target

D = Decimal
TERM = list(range(2020, 2026))


def test_a_png_of_the_width_asked():
    spec = trend_spec(parse_target("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm"), TERM, {2021: D(11)})
    image = Image.open(io.BytesIO(render_trend_png(spec, width_cm=7.62, dpi=200)))
    assert image.format == "PNG"
    assert image.width == 600  # 7,62 cm at 200 dpi
    assert 0.4 < image.height / image.width < 0.9


def test_the_png_draws_the_band_the_line_and_the_values():
    """Green of the band, blue of the results: the colours the page uses (plans.charts.COLOURS)."""
    band = trend_spec(parse_target("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm"), TERM, {2021: D(11)})
    change = trend_spec(parse_target("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm"), TERM, {2021: D(4), 2022: D(3)})
    colours = {}
    for name, spec in (("band", band), ("change", change)):
        image = Image.open(io.BytesIO(render_trend_png(spec))).convert("RGB")
        colours[name] = {c for _, c in image.getcolors(1 << 20)}
    assert (0xD7, 0xEF, 0xDC) in colours["band"]  # the band
    assert (0x1F, 0x4E, 0x99) in colours["band"]  # the results
    assert (0x1B, 0x7F, 0x3B) not in colours["change"]  # a change target: no goal line


class TrendAppendixTestCase(BaseTestCase):
    """ward_a's term 2020-2025, reviewed at its end: growth and admissions have yearly results, the
    poverty rate too; a fourth target has none."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bare = make_target(cls.term_a, 4, "100% hộ sử dụng nước máy")
        for year, value in ((2023, "13"), (2024, "14.5"), (2025, "15.2")):
            Result.objects.create(target=cls.growth, year=year, value=D(value), status=Status.APPROVED)

    def report(self, kind: str = "term", **kw):
        return build_report(self.ward_a, kind, today=dt.date(2026, 3, 1), **kw)

    def test_one_trend_image_per_target_with_results(self):
        content = self.report()
        with_trend = [r.number for r in content.rows if r.trend is not None]
        self.assertEqual(with_trend, [1, 2, 3])  # not the fourth: it has no yearly result
        docx = render_docx(content)
        doc = Document(io.BytesIO(docx))
        self.assertIsNotNone(content.chart)
        self.assertEqual(len(doc.inline_shapes), 1 + 3)  # the completion chart and three trends
        texts = [p.text for p in doc.paragraphs]
        self.assertIn("PHỤ LỤC", texts)
        self.assertIn("DIỄN BIẾN CÁC CHỈ TIÊU CHỦ YẾU QUA CÁC NĂM", texts)
        self.assertTrue(any("(diễn biến qua các năm tại Phụ lục kèm theo)" in t for t in texts))
        appendix = doc.tables[-1]
        captions = [c.paragraphs[0].text for row in appendix.rows for c in row.cells]
        self.assertEqual([c.split(".")[0] for c in captions if c], ["1", "2", "3"])
        # every picture the document names is in the package, each a PNG
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            rels = z.read("word/_rels/document.xml.rels").decode()
            targets = re.findall(r'Target="(media/[^"]+)"', rels)
            self.assertEqual(len(targets), 4)
            for t in targets:
                self.assertTrue(z.read(f"word/{t}").startswith(b"\x89PNG"))

    def test_the_report_draws_the_pages_spec(self):
        """The same chart as the committee page: the spec on the row is the page's, its labels on the page."""
        content = self.report()
        growth = next(r for r in content.rows if r.number == 1)
        yearly = {r.year: r.value for r in self.growth.results.all() if r.year is not None}
        self.assertEqual(growth.trend, trend_spec(self.growth.as_core(), self.term_a.years, yearly))
        self.client.force_login(self.viewer)
        html = self.client.get(f"/c/{self.ward_a.pk}/").content.decode()
        for point in growth.trend.points:
            self.assertIn(f">{point.label}</text>", html)

    def test_a_trend_without_the_completion_chart(self):
        """A term under way has no verdicts to bar, but its years to show: the package holds only them."""
        content = self.report("midterm")
        content.chart = None
        content.blocks = [b for b in content.blocks if b.kind != "chart"]
        docx = render_docx(content)
        doc = Document(io.BytesIO(docx))
        self.assertEqual(len(doc.inline_shapes), sum(r.trend is not None for r in content.rows))
        self.assertGreater(len(doc.inline_shapes), 0)
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            self.assertNotIn("word/media/image1.png", z.namelist())
            self.assertNotIn("media/image1.png", z.read("word/_rels/document.xml.rels").decode())

    def test_no_yearly_results_no_appendix(self):
        Result.objects.filter(year__isnull=False).delete()
        Result.objects.create(target=self.growth, value=D(13), status=Status.APPROVED)  # the term's figure only
        content = self.report()
        self.assertTrue(all(r.trend is None for r in content.rows))
        doc = Document(io.BytesIO(render_docx(content)))
        self.assertEqual(len(doc.inline_shapes), 1)
        self.assertNotIn("PHỤ LỤC", [p.text for p in doc.paragraphs])

    def test_a_years_report_has_no_trends(self):
        content = self.report("annual", year=2021)
        self.assertTrue(all(r.trend is None for r in content.rows))
