"""The report's charts as PNGs (vl-convert): each main target's trend, drawn from the Vega-Lite chart
the committee page draws its SVG from, in an appendix after the signature; the completion chart. A
batch of many committees may leave the appendix out."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings
from docx import Document
from PIL import Image

from chitieu.core.targets import parse_target
from chitieu.jobs.models import Job
from chitieu.plans.charts import COLOURS, trend_spec
from chitieu.plans.models import Result, Status
from chitieu.reports import chart
from chitieu.reports.batch import build_zip
from chitieu.reports.chart import AXIS_CAP, ChartUnavailable, completion_spec, render_png, render_trend_png
from chitieu.reports.content import Chart, ChartBar, build_report
from chitieu.reports.docx import render_docx
from tests.web.base import BaseTestCase, make_target
from tests.web.test_jobs import work_queue

D = Decimal
TERM = list(range(2020, 2026))


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return {c for _, c in image.convert("RGB").getcolors(1 << 20)}


def near(colour: str, drawn: set[tuple[int, int, int]]) -> bool:
    """``colour`` ("#d7efdc") among those ``drawn``, give or take the palette's rounding."""
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return any(max(abs(a - b) for a, b in zip(rgb, c, strict=True)) <= 6 for c in drawn)


def test_a_trend_png_of_the_width_asked():
    spec = trend_spec(parse_target("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm"), TERM, {2021: D(11)})
    image = png(render_trend_png(spec, width_cm=7.62, dpi=200))
    assert 580 <= image.width <= 605  # 7,62 cm at 200 dpi (Word shows it at the column's width)
    assert 0.4 < image.height / image.width < 0.9
    assert round(image.info["dpi"][0]) == 200  # Word sizes it from this


def test_the_trend_png_draws_the_band_the_line_and_the_values():
    """Green of the band or the line, blue of the results: the page's chart (plans.charts.COLOURS)."""
    band = trend_spec(parse_target("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm"), TERM, {2021: D(11)})
    change = trend_spec(parse_target("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm"), TERM, {2021: D(4), 2022: D(3)})
    drawn = {name: colours(png(render_trend_png(spec))) for name, spec in (("band", band), ("change", change))}
    assert near(COLOURS["band"], drawn["band"])
    assert near(COLOURS["line"], drawn["band"])  # the results
    assert near(COLOURS["line"], drawn["change"])
    assert not near(COLOURS["goal"], drawn["change"])  # a change target: no goal line
    line = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(9), 2022: D(12)})
    assert near(COLOURS["goal"], colours(png(render_trend_png(line))))


BARS = [
    ChartBar("Tổng giá trị sản xuất tăng bình quân hằng năm", 97.83, "not_met"),
    ChartBar("Thu ngân sách nhà nước trên địa bàn", 903.18, "exceeded"),
    ChartBar("Tỷ lệ hộ nghèo", 100, "met"),
    ChartBar("Kết nạp đảng viên mới trong nhiệm kỳ theo Nghị quyết Đại hội lần thứ XII của Đảng bộ", 60.5, "not_met"),
]


def test_the_completion_chart():
    """A bar per target in its verdict's colour, its figure beside it (cut at the cap, with "»"), a
    dashed line at 100% named after what the targets are measured against."""
    spec = completion_spec(Chart("Mức độ hoàn thành", "Nghị quyết", BARS), width_pt=453)
    rows = spec["data"]["values"]
    assert [r["figure"] for r in rows] == ["97,83%", "» 903,18%", "100%", "60,5%"]
    assert [r["shown"] for r in rows] == [97.83, AXIS_CAP, 100, 60.5]
    assert [r["colour"] for r in rows] == [chart.COLOURS[k] for k in ("not_met", "exceeded", "met", "not_met")]
    layers = spec["layer"]
    assert [layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"] for layer in layers] == [
        "bar", "text", "rule", "text"
    ]  # fmt: skip
    assert layers[2]["encoding"]["x"]["datum"] == 100 and layers[2]["mark"]["strokeDash"]
    assert layers[3]["encoding"]["text"]["value"] == "Nghị quyết = 100%"
    # a long name in two lines at most, cut with "…"
    names = spec["encoding"]["y"]["axis"]["labelExpr"]
    assert "…" in names and "Tỷ lệ hộ nghèo" in names
    image = png(render_png(Chart("Mức độ hoàn thành", "Nghị quyết", BARS), width_cm=16, dpi=150))
    assert abs(image.width - 16 / 2.54 * 150) < 1  # 16 cm at 150 dpi
    assert 0.25 < image.height / image.width < 0.6
    assert all(near(c, colours(image)) for c in chart.COLOURS.values())


def test_without_a_vietnamese_font_the_chart_is_unavailable(monkeypatch):
    """resvg would draw boxes for the letters: no chart, and the report says so in its place."""
    monkeypatch.delenv("CHITIEU_CHART_FONTS", raising=False)
    monkeypatch.setattr(chart, "_FONT_DIRS", ())
    chart._fonts.cache_clear()
    try:
        with pytest.raises(ChartUnavailable, match="phông chữ tiếng Việt"):
            render_png(Chart("Mức độ hoàn thành", "Nghị quyết", BARS))
        monkeypatch.setenv("CHITIEU_CHART_FONTS", "/nonexistent")
        with pytest.raises(ChartUnavailable, match="CHITIEU_CHART_FONTS"):
            render_png(Chart("Mức độ hoàn thành", "Nghị quyết", BARS))
    finally:
        chart._fonts.cache_clear()


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

    def test_without_trends_no_appendix(self):
        """A batch of many committees may leave the trends out: no chart, no appendix, no mention of it."""
        content = self.report(trends=False)
        self.assertTrue(all(r.trend is None for r in content.rows))
        doc = Document(io.BytesIO(render_docx(content)))
        self.assertEqual(len(doc.inline_shapes), 1)  # the completion chart only
        texts = [p.text for p in doc.paragraphs]
        self.assertNotIn("PHỤ LỤC", texts)
        self.assertFalse(any("Phụ lục" in t for t in texts))

    def test_a_batch_with_and_without_the_appendix(self):
        for trends in (True, False):
            buf = io.BytesIO()
            build_zip(self.ward_a, "term", buf, today=dt.date(2026, 3, 1), trends=trends)
            with zipfile.ZipFile(buf) as z:
                (name,) = [n for n in z.namelist() if n.endswith(".docx")]
                doc = Document(io.BytesIO(z.read(name)))
            self.assertEqual("PHỤ LỤC" in [p.text for p in doc.paragraphs], trends)
            self.assertEqual(len(doc.inline_shapes), 1 + 3 * trends)

    def test_a_process_that_has_drawn_writes_a_batch_itself(self):
        """Its forked workers could not draw (plans.charts.draw): it writes the reports, whole, itself."""
        render_trend_png(trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(9)}))
        buf = io.BytesIO()
        build_zip(self.ward_a, "term", buf, today=dt.date(2026, 3, 1), jobs=2)
        with zipfile.ZipFile(buf) as z:
            (name,) = [n for n in z.namelist() if n.endswith(".docx")]
            doc = Document(io.BytesIO(z.read(name)))
        self.assertEqual(len(doc.inline_shapes), 1 + 3)  # the completion chart and three trends


class BatchFormTestCase(BaseTestCase):
    """The batch form's box "Kèm phụ lục biểu đồ xu hướng", ticked at first, carried to the reports."""

    def setUp(self):
        self.jobs_dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.jobs_dir.cleanup)
        # One process: the reports are written in the test's own transaction, which a fork cannot see.
        over = override_settings(CHITIEU_JOBS_DIR=Path(self.jobs_dir.name), CHITIEU_REPORT_PROCESSES=1)
        over.enable()
        self.addCleanup(over.disable)
        for year, value in ((2023, "13"), (2024, "14.5")):
            Result.objects.create(target=self.growth, year=year, value=D(value), status=Status.APPROVED)
        self.login(self.province_viewer)

    def test_the_box_is_ticked_and_says_what_it_costs(self):
        html = self.client.get(f"/reports/u/{self.province.pk}/batch/").content.decode()
        box = re.search(r'<input type="checkbox" name="trends"[^>]*>', html)[0]
        self.assertIn("checked", box)
        self.assertIn('aria-describedby="id_trends_helptext"', box)
        self.assertIn('<label class="inline-label" for="id_trends">Kèm phụ lục biểu đồ xu hướng</label>', html)
        helptext = re.search(r'id="id_trends_helptext">([^<]*)<', html)[1]
        self.assertIn("nhiều đảng bộ", helptext)

    def test_the_choice_reaches_the_reports(self):
        for data, appendix in (({"trends": "on"}, True), ({}, False)):
            Job.objects.all().delete()
            self.client.post(f"/reports/u/{self.province.pk}/batch/", {"kind": "term", "fmt": "docx", **data})
            job = Job.objects.get()
            self.assertEqual(job.params["trends"], appendix)
            self.assertEqual("không kèm biểu đồ xu hướng" in job.params["kind_title"], not appendix)
            work_queue()
            job.refresh_from_db()
            self.assertEqual(job.status, Job.Status.DONE, job.message)
            with zipfile.ZipFile(job.path) as z:
                (name,) = [n for n in z.namelist() if n.endswith(".docx")]
                doc = Document(io.BytesIO(z.read(name)))
            self.assertEqual("PHỤ LỤC" in [p.text for p in doc.paragraphs], appendix)
