"""The trend chart of a target (plans.charts): one spec, one Vega-Lite chart, drawn by vl-convert on
the committee page as SVG and in the report as PNG (tests/reports/test_trend_chart.py). The spec is
checked on typical targets; the chart on its layers; the page on its SVG: every year labelled, each
value in the Vietnamese format, the target drawn and named in the legend."""

from __future__ import annotations

import multiprocessing
import re
from decimal import Decimal

import pytest

from chitieu.core.targets import parse_target
from chitieu.plans import charts
from chitieu.plans.charts import COLOURS, ChartUnavailable, trend_spec, trend_svg, vega_lite
from chitieu.plans.models import Result, Status

from .base import BaseTestCase, make_target

D = Decimal
TERM = list(range(2020, 2026))

# phrase, {year: result}, goal ("band", "line" or "" when not drawn), (low, high), goal text, the labels
SPECS = [
    pytest.param(
        "Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm",
        {2021: D("11"), 2022: D("12.5"), 2023: D("14.25")},
        "band",
        (D(12), D(15)),
        "12 - 15%/năm",
        ["11%", "12,5%", "14,25%"],
        id="band",
    ),
    pytest.param(
        "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên đạt từ 90% trở lên",
        {2021: D("88.5"), 2022: D(92)},
        "line",
        (D(90), None),
        "90%",
        ["88,5%", "92%"],
        id="floor",
    ),
    pytest.param(
        "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm",
        {2020: D("5.2"), 2021: D("4.1"), 2022: D("2.95")},
        "",
        (None, None),
        "giảm 1,5%/năm",
        ["5,2%", "4,1%", "2,95%"],
        id="change: its years are levels, no goal line",
    ),
    pytest.param(
        "Phát triển 25 đảng viên trong nhiệm kỳ",
        {2021: D(4), 2022: D(6)},
        "",
        (None, None),
        "25 đảng viên",
        ["4", "6"],
        id="term total: each year a part of it, no goal line",
    ),
    pytest.param(
        "Tổng giá trị sản xuất tăng bình quân 8%/năm",
        {2021: D("-3.5"), 2022: D("2"), 2023: D("9.4")},
        "line",
        (D(8), None),
        "8%/năm",
        ["-3,5%", "2%", "9,4%"],
        id="negative values",
    ),
    pytest.param(
        "Thu ngân sách đạt 31.336 triệu đồng",
        {2023: D("35000000000"), 2024: D("1234567000000")},
        "line",
        (D(31336), None),
        "31.336 triệu đồng",
        ["35.000", "1.234.567"],
        id="money in the report's scale",
    ),
    pytest.param(
        "Đảng bộ hằng năm hoàn thành tốt nhiệm vụ trở lên",
        {2021: D(3), 2022: D(4), 2023: D(2)},
        "line",
        (D(3), None),
        "hoàn thành tốt nhiệm vụ trở lên",
        ["HTTNV", "HTXSNV", "HTNV"],
        id="rating in words",
    ),
    pytest.param(
        "Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao",
        {2021: D(1), 2022: D(0)},
        "line",
        (D(1), None),
        "đạt",
        ["đạt", "không đạt"],
        id="yes or no in words",
    ),
    pytest.param(
        "Tỷ suất sinh bình quân hằng năm từ 10-12‰/năm",
        {2025: D("11.35")},
        "band",
        (D(10), D(12)),
        "10 - 12‰/năm",
        ["11,35‰"],
        id="one year only",
    ),
]
FIELDS = ("phrase", "yearly", "goal", "bounds", "goal_text", "labels")


@pytest.mark.parametrize(FIELDS, SPECS)
def test_spec(phrase, yearly, goal, bounds, goal_text, labels):
    spec = trend_spec(parse_target(phrase), TERM, yearly)
    assert spec is not None
    assert spec.years == tuple(TERM)  # every year of the term, with a result or not
    assert [p.year for p in spec.points] == sorted(yearly)
    assert [p.label for p in spec.points] == labels
    assert spec.goal == goal
    assert (spec.low, spec.high) == bounds
    assert spec.goal_text == goal_text
    assert spec.goal_legend.startswith(f"Chỉ tiêu: {goal_text}")
    if not goal:
        assert "không vẽ trên biểu đồ" in spec.goal_legend  # said in words instead
    # the value axis holds every value and the target, in round steps labelled the Vietnamese way
    shown = [p.value for p in spec.points] + [v for v in bounds if v is not None]
    assert spec.bottom <= min(shown) and max(shown) <= spec.top
    assert all(spec.bottom <= t.value <= spec.top for t in spec.ticks)
    numbers = [t.label for t in spec.ticks if t.label[-1].isdigit()]
    assert all(re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", n) for n in numbers), numbers  # 1.234,5


def test_no_result_no_chart():
    assert trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {}) is None
    assert trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2019: D(3)}) is None  # before the term
    assert trend_svg(None) == ""


# --- the Vega-Lite chart -------------------------------------------------------------------------


def marks(chart: dict) -> list[str]:
    return [layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"] for layer in chart["layer"]]


BAND, LINE, NONE = COLOURS["band"], COLOURS["goal"], "transparent"
# phrase, {year: result}, the layers bottom to top, the target's colour in the legend
LAYERS = [
    pytest.param(
        "Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm",
        {2021: D(11), 2022: D("12.5")},
        # the band, the grid, the results' line, their points, each value on a white edge then itself
        ["rect", "rule", "line", "point", "text", "text"],
        BAND,
        id="band",
    ),
    pytest.param(
        "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên đạt từ 90% trở lên",
        {2021: D("88.5"), 2022: D(92)},
        ["rule", "rule", "line", "point", "text", "text"],  # the grid, then the target's line
        LINE,
        id="line",
    ),
    pytest.param(
        "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm",
        {2020: D("5.2"), 2021: D("4.1")},
        ["rule", "line", "point", "text", "text"],  # a change: no target among the levels
        NONE,
        id="change: the target only in the legend",
    ),
    pytest.param(
        "Tỷ suất sinh bình quân hằng năm từ 10-12‰/năm",
        {2025: D("11.35")},
        ["rect", "rule", "point", "text", "text"],  # one point, no line
        BAND,
        id="one year",
    ),
    pytest.param(
        "Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao",
        {2021: D(1)},
        ["rule", "rule", "point", "text", "text"],
        LINE,
        id="yes or no",
    ),
]


@pytest.mark.parametrize(("phrase", "yearly", "layers", "goal_colour"), LAYERS)
def test_vega_lite_layers_and_legend(phrase, yearly, layers, goal_colour):
    spec = trend_spec(parse_target(phrase), TERM, yearly)
    chart = vega_lite(spec)
    assert marks(chart) == layers
    x = chart["encoding"]["x"]
    assert x["scale"]["domain"] == [str(y) for y in TERM]  # every year, those without a result too
    # one legend: the results, then the target (drawn, or only named with the reason)
    point = next(layer for layer in chart["layer"] if layer["mark"] == "point")
    scale = point["encoding"]["color"]["scale"]
    assert scale["domain"] == [spec.result_legend, spec.goal_legend]
    assert scale["range"] == [COLOURS["line"], goal_colour]
    # the labels are the spec's own, not Vega's formatting
    text = chart["layer"][-1]
    assert [row["label"] for row in text["data"]["values"]] == [p.label for p in spec.points]
    axis = point["encoding"]["y"]["axis"]
    assert axis["values"] == [float(t.value) for t in spec.ticks]
    assert all(t.label in axis["labelExpr"] for t in spec.ticks)


def test_a_missing_year_is_bridged_by_a_dashed_line():
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(9), 2023: D(12), 2024: D(11)})
    chart = vega_lite(spec)
    line = chart["layer"][marks(chart).index("line")]
    pairs = {}
    for row in line["data"]["values"]:
        pairs.setdefault(row["segment"], []).append((row["year"], row["gap"]))
    assert list(pairs.values()) == [[("2021", True), ("2023", True)], [("2023", False), ("2024", False)]]
    assert "năm 2022: chưa có số liệu" in spec.description
    svg = trend_svg(spec)
    assert len(re.findall(r'<path [^>]*stroke="#1f4e99"[^>]*stroke-dasharray="4,3"', svg)) == 1  # over 2022


def test_a_low_point_is_labelled_below_the_others_above():
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(12), 2022: D(8), 2023: D(11)})
    rows = vega_lite(spec)["layer"][-1]["data"]["values"]
    assert [row["label_at"] > row["value"] for row in rows] == [True, False, True]


# --- the SVG ---------------------------------------------------------------------------------------


def texts(svg: str) -> list[str]:
    """Every <text> of an SVG, its lines (tspans) joined by a space."""
    bodies = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return [" ".join(part for part in re.split(r"<[^>]+>", body) if part) for body in bodies]


@pytest.mark.parametrize(FIELDS, SPECS)
def test_svg_years_values_and_legend(phrase, yearly, goal, bounds, goal_text, labels):
    spec = trend_spec(parse_target(phrase), TERM, yearly)
    svg = trend_svg(spec, title=f"1. {phrase}")
    head = re.match(r"<svg [^>]*>", svg)[0]
    assert 'class="trend"' in head and 'role="img"' in head
    assert 280 <= float(re.search(r'\bwidth="([\d.]+)"', head)[1]) <= 310  # the page's column: ~300 px
    assert re.search(r"<title>1\. .*Kết quả từng năm.*</title>", svg)  # its name for a screen reader
    shown = texts(svg)
    assert [t for t in shown if re.fullmatch(r"20\d\d", t)] == [str(y) for y in TERM]
    for label in labels:
        assert shown.count(label) >= 2  # on its white edge, then itself (a word also on the axis)
    assert spec.result_legend in shown
    assert spec.goal_legend in shown  # in lines when long, every word of it
    assert all(t.label in shown for t in spec.ticks)
    band = re.search(rf'<path d="[^"]*" fill="{COLOURS["band"]}"/>', svg)
    line = re.search(rf'<line [^>]*stroke="{COLOURS["goal"]}"[^>]*stroke-dasharray="5,3"', svg)
    assert (bool(band), bool(line)) == (goal == "band", goal == "line")


def test_negative_values_have_a_darker_zero_line():
    spec = trend_spec(parse_target("Tổng giá trị sản xuất tăng bình quân 8%/năm"), TERM, {2021: D("-3.5"), 2022: D(2)})
    assert spec.bottom < 0 < spec.top
    svg = trend_svg(spec)
    rules = re.findall(r'<line [^>]*x2="\d+" y2="0" stroke="(#[0-9a-f]+)"/>', svg)
    assert rules.count(COLOURS["zero"]) == 1 and rules.count(COLOURS["grid"]) == len(spec.ticks) - 1


def test_ids_are_unique_across_charts(monkeypatch):
    """A chart whose marks are clipped has a clipPath, "clip1" in every chart vl-convert draws: each
    chart's ids are its own, and each reference points inside its chart."""
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(9), 2022: D(12)})

    def clipped(s):
        chart = vega_lite(s)
        for layer in chart["layer"]:
            layer["mark"] = (
                {"type": layer["mark"], "clip": True}
                if isinstance(layer["mark"], str)
                else {**layer["mark"], "clip": True}
            )
        return chart

    monkeypatch.setattr(charts, "vega_lite", clipped)
    first, second = trend_svg(spec), trend_svg(spec)
    ids = [set(re.findall(r'\bid="([^"]+)"', svg)) for svg in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    for svg, own in zip((first, second), ids, strict=True):
        assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= own


def test_a_chart_drawn_again_is_kept_and_its_inner_parts_carry_no_roles():
    """The same spec is drawn once per process (a page of 28 charts whose one target changed draws
    one); Vega's inner ARIA roles are gone: the whole chart is one image named by its <title>."""
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(11), 2022: D(12)})
    before = charts._drawn_svg.cache_info()
    first, second = trend_svg(spec), trend_svg(spec)
    after = charts._drawn_svg.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses + 1
    for svg in (first, second):
        assert svg.count('role="') == 1 and 'role="img"' in svg
        assert "aria-roledescription" not in svg


def _draw_in_child(queue) -> None:
    # Another chart than the parent's: the parent's is kept, and a kept chart needs no drawing.
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(7)})
    try:
        charts.draw(vega_lite(spec), "svg")
        queue.put("drawn")
    except ChartUnavailable as exc:
        queue.put(f"unavailable: {exc}")


def test_a_fork_after_drawing_says_so_instead_of_waiting_for_ever():
    """vl-convert's runtime runs on threads a fork does not copy: a forked child that draws would
    wait for ever. It is told plainly instead (reports.batch never draws before it forks)."""
    trend_svg(trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(9)}))  # started here
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_draw_in_child, args=(queue,))
    child.start()
    child.join(timeout=30)
    if child.is_alive():  # pragma: no cover - the hang this guards against
        child.kill()
        pytest.fail("the forked child hung drawing a chart")
    assert queue.get(timeout=5).startswith("unavailable: ")


class CommitteePageChartTestCase(BaseTestCase):
    """ward_a's term 2020-2025: growth 11% (2021) and 12,5% (2022) against 12 - 15%/năm."""

    def page(self) -> str:
        self.login(self.viewer)
        return self.client.get(f"/c/{self.ward_a.pk}/").content.decode()

    def charts_of(self, html: str) -> dict[int, str]:
        rows = re.findall(r'<tr [^>]*data-target="(\d+)">(.*?)</tr>', html, re.S)
        return {int(pk): m[0] for pk, row in rows if (m := re.search(r"<svg .*?</svg>", row, re.S))}

    def test_years_values_and_the_target(self):
        svg = self.charts_of(self.page())[self.growth.pk]
        shown = texts(svg)
        self.assertEqual([t for t in shown if re.fullmatch(r"20\d\d", t)], [str(y) for y in TERM])
        self.assertIn("11%", shown)
        self.assertIn("12,5%", shown)  # the Vietnamese decimal comma, on the chart itself
        self.assertIn("Chỉ tiêu: 12 - 15%/năm", shown)
        self.assertIn("Thực hiện (%)", shown)
        self.assertIn(f'fill="{COLOURS["band"]}"', svg)  # the band
        # in words for a screen reader: every year, the target
        self.assertIn("năm 2021: 11%; năm 2022: 12,5%; năm 2023: chưa có số liệu", svg)

    def test_every_chart_of_the_page_has_ids_of_its_own(self):
        svgs = list(self.charts_of(self.page()).values())
        self.assertGreater(len(svgs), 1)
        ids = [i for svg in svgs for i in re.findall(r'\bid="([^"]+)"', svg)]
        self.assertEqual(len(ids), len(set(ids)))

    def test_a_change_target_has_no_goal_line(self):
        target = make_target(self.term_a, 4, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        for year, value in ((2020, "5,2"), (2021, "4,1"), (2022, "2,95")):
            Result.objects.create(target=target, year=year, value=D(value.replace(",", ".")), status=Status.APPROVED)
        svg = self.charts_of(self.page())[target.pk]
        shown = " ".join(texts(svg))
        self.assertIn("2,95%", shown)
        self.assertIn("Chỉ tiêu: giảm 1,5%/năm (mức thay đổi, không vẽ trên biểu đồ)", shown)
        self.assertNotIn(COLOURS["goal"], svg)  # no goal line
        self.assertNotIn(COLOURS["band"], svg)  # no band

    def test_a_target_without_yearly_results_says_so(self):
        target = make_target(self.term_a, 5, "Kết nạp 10 đảng viên/năm")
        html = self.page()
        row = re.search(rf'<tr [^>]*data-target="{target.pk}">.*?</tr>', html, re.S)[0]
        self.assertNotIn("<svg", row)
        self.assertIn("chưa có số liệu từng năm", row)


def test_a_chart_that_cannot_be_drawn_is_said_in_words(monkeypatch):
    """vl-convert refusing a spec is no 500: the page gives the figures in words."""
    import vl_convert

    def refuse(*args, **kwargs):
        raise ValueError("Vega-Lite to SVG conversion failed")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", refuse)
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(3), 2022: D(4)})
    html = trend_svg(spec)
    assert "không vẽ được biểu đồ" in html and spec.description.split(":")[0] in html


def test_a_line_separator_in_a_label_does_not_break_the_chart():
    """U+2028 ends a string in Vega's expressions: escaped, the chart is drawn."""
    expression = charts.lookup([1], ["a\u2028b"])
    assert "\u2028" not in expression and "\\u2028" in expression
