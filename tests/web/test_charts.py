"""The trend chart of a target (plans.charts): one spec, drawn on the committee page as SVG and in the
report as PNG (tests/reports/test_trend_chart.py). The spec is checked on typical targets; the page
on its SVG: every year labelled inside the picture, each value in the Vietnamese format, the target
named in the legend."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from chitieu.core.targets import parse_target
from chitieu.plans.charts import FONT, layout, segments, text_width, trend_spec, trend_svg
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
        "Tỷ suất sinh bình quân hằng năm từ 10-12‰/năm",
        {2025: D("11.35")},
        "band",
        (D(10), D(12)),
        "10 - 12‰/năm",
        ["11,35‰"],
        id="one year only",
    ),
]


@pytest.mark.parametrize(("phrase", "yearly", "goal", "bounds", "goal_text", "labels"), SPECS)
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


def test_negative_values_have_a_zero_line_and_labels_with_a_minus():
    spec = trend_spec(parse_target("Tổng giá trị sản xuất tăng bình quân 8%/năm"), TERM, {2021: D("-3.5"), 2022: D(2)})
    assert spec.bottom < 0 < spec.top
    assert "0" in [t.label for t in spec.ticks]
    assert re.search(r'<line [^>]*stroke="#555555"', trend_svg(spec))  # the zero line, darker than the grid


def test_missing_years_are_labelled_and_bridged_by_a_dashed_line():
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2021: D(9), 2023: D(12), 2024: D(11)})
    assert [(a.year, b.year, gap) for a, b, gap in segments(spec)] == [(2021, 2023, True), (2023, 2024, False)]
    assert "năm 2022: chưa có số liệu" in spec.description
    assert "năm 2020: chưa có số liệu" in spec.description
    svg = trend_svg(spec)
    assert svg.count('stroke-dasharray="4 3"') == 1  # the bridge over 2022


def test_one_year_has_no_line():
    spec = trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2022: D(12)})
    assert segments(spec) == []
    assert "<circle" in trend_svg(spec)


def test_no_result_no_chart():
    assert trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {}) is None
    assert trend_spec(parse_target("Kết nạp 10 đảng viên/năm"), TERM, {2019: D(3)}) is None  # before the term
    assert trend_svg(None) == ""


def _texts(svg: str) -> list[tuple[float, str, str]]:
    """(x, anchor, text) of every <text> of an SVG."""
    out = []
    for attrs, body in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg):
        x = float(re.search(r'\bx="([-\d.]+)"', attrs)[1])
        anchor = (re.search(r'text-anchor="(\w+)"', attrs) or [None, "start"])[1]
        out.append((x, anchor, body))
    return out


@pytest.mark.parametrize(("phrase", "yearly", "goal", "bounds", "goal_text", "labels"), SPECS)
def test_every_text_inside_the_picture(phrase, yearly, goal, bounds, goal_text, labels):
    """The years, ticks, values and legend fit in the SVG's width: nothing is clipped."""
    spec = trend_spec(parse_target(phrase), TERM, yearly)
    svg = trend_svg(spec)
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg)[1])
    texts = _texts(svg)
    assert [t for _, _, t in texts if t.isdigit() and len(t) == 4] == [str(y) for y in TERM]
    for x, anchor, text in texts:
        w = text_width(text)
        start = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        assert start >= 0 and start + w <= width, (text, start, start + w, width)
    assert layout(spec).height > 110 + 3 * FONT  # a plot, its years and a legend: no sparkline


class CommitteePageChartTestCase(BaseTestCase):
    """ward_a's term 2020-2025: growth 11% (2021) and 12,5% (2022) against 12 - 15%/năm."""

    def page(self) -> str:
        self.login(self.viewer)
        return self.client.get(f"/c/{self.ward_a.pk}/").content.decode()

    def chart_of(self, html: str, target) -> str:
        row = re.search(rf'<tr [^>]*data-target="{target.pk}">.*?</tr>', html, re.S)[0]
        return re.search(r"<svg .*?</svg>", row, re.S)[0]

    def test_years_values_and_the_target(self):
        svg = self.chart_of(self.page(), self.growth)
        texts = [t for _, _, t in _texts(svg)]
        self.assertEqual([t for t in texts if re.fullmatch(r"20\d\d", t)], [str(y) for y in TERM])
        self.assertIn("11%", texts)
        self.assertIn("12,5%", texts)  # the Vietnamese decimal comma, on the chart itself
        self.assertIn("Chỉ tiêu: 12 - 15%/năm", texts)
        self.assertIn("Thực hiện (%)", texts)
        self.assertIn('fill="#d7efdc"', svg)  # the band
        # in words for a screen reader: every year, the target
        self.assertIn("năm 2021: 11%; năm 2022: 12,5%; năm 2023: chưa có số liệu", svg)

    def test_a_change_target_has_no_goal_line(self):
        target = make_target(self.term_a, 4, "Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
        for year, value in ((2020, "5,2"), (2021, "4,1"), (2022, "2,95")):
            Result.objects.create(target=target, year=year, value=D(value.replace(",", ".")), status=Status.APPROVED)
        svg = self.chart_of(self.page(), target)
        texts = " ".join(t for _, _, t in _texts(svg))
        self.assertIn("2,95%", texts)
        self.assertIn("Chỉ tiêu: giảm 1,5%/năm", texts)
        self.assertNotIn("#1b7f3b", svg)  # no goal line
        self.assertNotIn("#d7efdc", svg)  # no band

    def test_a_target_without_yearly_results_says_so(self):
        target = make_target(self.term_a, 5, "Kết nạp 10 đảng viên/năm")
        html = self.page()
        row = re.search(rf'<tr [^>]*data-target="{target.pk}">.*?</tr>', html, re.S)[0]
        self.assertNotIn("<svg", row)
        self.assertIn("chưa có số liệu từng năm", row)
