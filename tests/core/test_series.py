from decimal import Decimal as D

import pytest

from chitieu.core.series import (
    Summary,
    average_growth,
    average_of_growth_rates,
    evaluate_series,
    pro_rata,
    summarise,
    term_total,
    yearly_average,
)
from chitieu.core.targets import TargetError, parse_target
from chitieu.core.verdicts import Verdict, is_growth_target


def close(a, b, places=6):
    return abs(D(a) - D(b)) < D(10) ** -places


@pytest.mark.parametrize(
    "levels,growth",
    [
        (["100", "110", "121"], "10"),
        (["100", "100"], "0"),
        (["200", "100"], "-50"),
        # Khuê Trung: a 2015 level growing 11,74% a year for five years
        (["1000", "1117.4", "1248.58276", "1395.166376", "1558.958909", "1741.980685"], "11.74"),
    ],
)
def test_average_growth_of_levels(levels, growth):
    assert close(average_growth([D(v) for v in levels]), growth, 4)


@pytest.mark.parametrize(
    "rates,avg",
    [(["10", "10", "10"], "10"), (["0"], "0"), (["21", "0"], "10"), (["-50", "100"], "0")],
)
def test_average_of_growth_rates(rates, avg):
    assert close(average_of_growth_rates([D(r) for r in rates]), avg)


@pytest.mark.parametrize(
    "fn,values",
    [
        (average_growth, []),
        (average_growth, ["100"]),
        (average_growth, ["0", "100"]),
        (average_of_growth_rates, ["-100"]),
        (average_of_growth_rates, []),
        (term_total, []),
        (yearly_average, []),
    ],
)
def test_series_refuse_bad_input(fn, values):
    with pytest.raises(TargetError):
        fn([D(v) for v in values])


def test_totals_and_averages():
    assert term_total([D(11), D(9), D(12)]) == 32
    assert yearly_average([D(120), D(131), D(142)]) == 131


def test_pro_rata_at_midterm():
    assert pro_rata(D(25)) == D("12.5")
    assert pro_rata(D(25), D(5)) == 25


# target, {year: value}, keyword args, verdict, rounded completion
SERIES_ROWS = [
    # growth judged on yearly levels (base year included): 10%/năm against 12 - 15%
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", {2019: 100, 2020: 110, 2021: 121}, {"levels": True},
     Verdict.NOT_MET, "83.33"),
    # growth judged on yearly growth rates
    ("Thu ngân sách tăng bình quân từ 8 - 10%/năm", {2016: 30, 2017: 40, 2018: 35}, {},
     Verdict.EXCEEDED, None),
    # per-year count: the yearly average, 131 against 110
    ("thoát nghèo 110 hộ/năm", {2016: 120, 2017: 131, 2018: 142}, {}, Verdict.EXCEEDED, "119.09"),
    # term total at the end of the term
    ("Phát triển 25 đảng viên trong nhiệm kỳ", {2021: 10, 2022: 10, 2023: 8}, {}, Verdict.EXCEEDED, "112.00"),
    # the same at mid-term: 20 against 25 × 2,5/5 = 12,5
    ("Phát triển 25 đảng viên trong nhiệm kỳ", {2021: 10, 2022: 10}, {"years_elapsed": D("2.5")},
     Verdict.EXCEEDED, "160.00"),
    ("Phát triển 25 đảng viên trong nhiệm kỳ", {2021: 5, 2022: 5}, {"years_elapsed": D("2.5")},
     Verdict.NOT_MET, "80.00"),
    # a yearly band: the average birth rate
    ("tỷ suất sinh bình quân hằng năm 10-12‰/năm", {2016: 11, 2017: 12, 2018: 11.05}, {}, Verdict.MET, None),
    # a level: the latest year counts
    ("giảm tỷ lệ hộ nghèo còn dưới 3%", {2019: 4, 2020: 2.5}, {}, Verdict.EXCEEDED, "120.00"),
]  # fmt: skip


@pytest.mark.parametrize("phrase,yearly,kwargs,verdict,pct", SERIES_ROWS)
def test_evaluate_series(phrase, yearly, kwargs, verdict, pct):
    ev = evaluate_series(parse_target(phrase), {y: D(str(v)) for y, v in yearly.items()}, **kwargs)
    assert ev.verdict == verdict
    if pct is not None:
        assert ev.completion_pct.quantize(D("0.01")) == D(pct)


def test_evaluate_series_has_no_verdict_without_figures_or_on_levels_of_a_non_growth():
    for yearly, kwargs in (({}, {}), ({2020: D(1), 2021: D(2)}, {"levels": True})):
        ev = evaluate_series(parse_target("110 hộ/năm"), yearly, **kwargs)
        assert ev.verdict is None
        assert ev.reason


@pytest.mark.parametrize(
    "phrase,growth",
    [
        ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", True),
        ("Tốc độ tăng trưởng GRDP 8%/năm", True),
        ("giảm tỷ lệ hộ nghèo còn dưới 3%", False),
        ("110 hộ/năm", False),
        ("90% chi bộ/năm", False),
    ],
)
def test_is_growth_target(phrase, growth):
    assert is_growth_target(parse_target(phrase)) is growth


def test_summary_line():
    # seed 004: "hoàn thành và hoàn thành vượt mức 11/11 chỉ tiêu"
    s = summarise([Verdict.MET] * 4 + [Verdict.EXCEEDED] * 7)
    assert s == Summary(met=4, exceeded=7, not_met=0, total=11)
    assert s.line == "đạt và vượt 11/11 chỉ tiêu"
    # seed 001 by its numbers: 9 of 10, the growth target not met; an unjudged target still counts,
    # and the line says so
    s = summarise([Verdict.NOT_MET] + [Verdict.MET] * 8 + [None])
    assert s.line == "đạt và vượt 8/10 chỉ tiêu, 1 chỉ tiêu chưa đánh giá được"


# New shapes over a term's yearly figures: target, {year: value}, verdict, completion
NEW_SHAPE_SERIES_ROWS = [
    # yearly poverty levels 2020 → 2025: a fall of 6 points in 5 years is 1,2 a year, against 1,5
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", {2020: 9, 2021: 7.5, 2022: 6.4, 2023: 5, 2024: 4, 2025: 3},
     Verdict.NOT_MET, "80.00"),
    ("Tỷ lệ hộ nghèo giảm từ 1-1,5%/năm", {2020: 9, 2025: 3}, Verdict.MET, "120.00"),
    # a relative fall per year: 100 → 81 accidents in two years is 10% a year
    ("số vụ tai nạn giao thông giảm 5%/năm", {2023: 100, 2024: 90, 2025: 81}, Verdict.EXCEEDED, "200.00"),
    # a change over the term from the year named
    ("tăng 04 doanh nghiệp so với năm 2015", {2014: 10, 2015: 12, 2020: 15}, Verdict.NOT_MET, "75.00"),
    # "hằng năm … trở lên": the worst year
    ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", {2021: 4, 2022: 3, 2023: 2},
     Verdict.NOT_MET, None),
    # an event forbidden every year; a state at the end
    ("không để xảy ra trọng án", {2021: 0, 2022: 1, 2023: 0}, Verdict.NOT_MET, None),
    ("không còn hộ nghèo", {2021: 5, 2022: 2, 2023: 0}, Verdict.MET, None),
    # a title by its deadline
    ("đạt xã nông thôn mới nâng cao vào năm 2022", {2021: 0, 2022: 1}, Verdict.MET, None),
    ("đạt xã nông thôn mới nâng cao vào năm 2022", {2022: 0, 2023: 1}, Verdict.NOT_MET, None),
]  # fmt: skip


@pytest.mark.parametrize("phrase,yearly,verdict,pct", NEW_SHAPE_SERIES_ROWS)
def test_new_shapes_over_a_series(phrase, yearly, verdict, pct):
    ev = evaluate_series(parse_target(phrase), {y: D(str(v)) for y, v in yearly.items()})
    assert ev.verdict == verdict, ev.reason
    assert (ev.completion_pct.quantize(D("0.01")) if ev.completion_pct is not None else None) == (
        D(pct) if pct else None
    )


def test_a_change_needs_two_years():
    ev = evaluate_series(parse_target("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm"), {2021: D(5)})
    assert ev.verdict is None and "hai năm" in ev.reason


# A term under way (2025-2030, reviewed in 2027): no verdict yet, an outlook from the trend.
# target, {year: value}, on track, projected value at 2030 (rounded), label
OUTLOOK_ROWS = [
    # 18 admitted in 2 years: 45 by the end at that pace, against 50
    ("Kết nạp 50 đảng viên trong nhiệm kỳ", {2026: 9, 2027: 9}, False, "45"),
    ("Kết nạp 50 đảng viên trong nhiệm kỳ", {2026: 12, 2027: 10}, True, "55"),
    # a level on a straight line: 5 → 4 → 3 reaches 0 by 2030, under 1,5
    ("giảm tỷ lệ hộ nghèo còn dưới 1,5%", {2025: 5, 2026: 4, 2027: 3}, True, "0"),
    ("giảm tỷ lệ hộ nghèo còn dưới 1,5%", {2025: 5, 2026: 4.8, 2027: 4.6}, False, "4"),
    # money compounds: 60 → 66 million is 10% a year, 87,846 by 2030, against 90
    ("thu nhập bình quân đầu người đạt 90 triệu đồng", {2026: 60_000_000, 2027: 66_000_000}, False, "87846000"),
    # averages so far are the forecast
    ("kết nạp 10 đảng viên/năm", {2026: 12, 2027: 9}, True, "10.5"),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", {2025: 6, 2026: 5, 2027: 4.2}, False, "0.9"),
]  # fmt: skip


@pytest.mark.parametrize("phrase,yearly,on_track,projected", OUTLOOK_ROWS)
def test_a_term_under_way_gets_an_outlook(phrase, yearly, on_track, projected):
    ev = evaluate_series(parse_target(phrase), {y: D(str(v)) for y, v in yearly.items()}, span=(2025, 2030), as_of=2027)
    assert ev.verdict is None
    assert ev.in_progress
    assert ev.outlook.on_track is on_track
    assert ev.outlook.projected.quantize(D("0.1")).normalize() == D(projected).normalize()
    assert ev.label == "đang thực hiện, " + ("đúng tiến độ" if on_track else "có nguy cơ không đạt")


@pytest.mark.parametrize(
    "phrase,yearly,verdict",
    [
        # a term total already reached stays reached
        ("Kết nạp 50 đảng viên trong nhiệm kỳ", {2026: 30, 2027: 25}, Verdict.EXCEEDED),
        # a year below a "hằng năm" rating cannot be made up
        ("Hằng năm Đảng bộ hoàn thành tốt nhiệm vụ trở lên", {2026: 3, 2027: 2}, Verdict.NOT_MET),
        ("không để xảy ra trọng án", {2026: 1}, Verdict.NOT_MET),
        # a title reached, or its deadline passed
        ("đạt xã nông thôn mới nâng cao vào năm 2026", {2026: 0, 2027: 0}, Verdict.NOT_MET),
        ("đạt xã nông thôn mới nâng cao vào năm 2028", {2027: 1}, Verdict.MET),
    ],
)
def test_settled_verdicts_of_a_term_under_way(phrase, yearly, verdict):
    ev = evaluate_series(parse_target(phrase), {y: D(v) for y, v in yearly.items()}, span=(2025, 2030), as_of=2027)
    assert ev.verdict == verdict
    assert ev.outlook is None


def test_a_finished_term_has_verdicts_not_outlooks():
    ev = evaluate_series(parse_target("Kết nạp 50 đảng viên trong nhiệm kỳ"), {2026: 9, 2027: 9}, span=(2020, 2025),
                         as_of=2026)  # fmt: skip
    assert ev.verdict == Verdict.NOT_MET and ev.outlook is None


def test_at_mid_term_a_total_is_on_track_when_it_keeps_pace():
    # 14 of 25 after two and a half years: 28 at that pace (the share due is 12,5)
    t = parse_target("Phát triển 25 đảng viên trong nhiệm kỳ")
    ev = evaluate_series(t, {2021: D(7), 2022: D(7)}, years_elapsed=D("2.5"), span=(2020, 2025), as_of=2022)
    assert ev.outlook.on_track and ev.outlook.projected == 28


def test_summary_counts_targets_under_way():
    t = parse_target("Kết nạp 50 đảng viên trong nhiệm kỳ")
    under_way = [
        evaluate_series(t, {2026: D(v), 2027: D(v)}, span=(2025, 2030), as_of=2027) for v in (9, 12)
    ]  # fmt: skip
    s = summarise([*under_way, Verdict.MET, None])
    assert (s.in_progress, s.on_track, s.unjudged) == (2, 1, 1)
    assert (
        s.line == "đạt và vượt 1/4 chỉ tiêu, 2 chỉ tiêu đang thực hiện (1 đúng tiến độ), 1 chỉ tiêu chưa đánh giá được"
    )


@pytest.mark.parametrize(
    "phrase,yearly,verdict",
    [
        # a floor or a ceiling every year must keep: the worst year is judged
        ("Mỗi năm kết nạp ít nhất 5 đảng viên", {2026: 9, 2027: 2, 2028: 6}, Verdict.NOT_MET),
        ("Tai nạn giao thông không quá 3 vụ/năm", {2026: 2, 2027: 5, 2028: 2}, Verdict.NOT_MET),
        ("Hằng năm có từ 85% trở lên chi bộ hoàn thành tốt nhiệm vụ", {2026: 90, 2027: 80}, Verdict.NOT_MET),
        ("Hằng năm có từ 85% trở lên chi bộ hoàn thành tốt nhiệm vụ", {2026: 90, 2027: 86}, Verdict.EXCEEDED),
        # a yearly average says so, and a count per year with no floor is judged on its average
        ("Bình quân hằng năm giải quyết việc làm từ 300 lao động trở lên", {2026: 250, 2027: 400}, Verdict.EXCEEDED),
        ("Kết nạp 10 đảng viên/năm", {2026: 9, 2027: 12}, Verdict.EXCEEDED),
        # a sum of money over five years is the sum of the years
        ("Tổng vốn đầu tư toàn xã hội 5 năm đạt 1.200 tỷ đồng", {y: 250_000_000_000 for y in range(2026, 2031)},
         Verdict.EXCEEDED),
    ],
)  # fmt: skip
def test_every_year_and_sums_of_the_term(phrase, yearly, verdict):
    assert evaluate_series(parse_target(phrase), {y: D(v) for y, v in yearly.items()}).verdict == verdict


def test_a_year_below_a_yearly_floor_settles_a_term_under_way():
    t = parse_target("Mỗi năm kết nạp ít nhất 5 đảng viên")
    ev = evaluate_series(t, {2026: D(9), 2027: D(2)}, span=(2025, 2030), as_of=2027)
    assert ev.verdict == Verdict.NOT_MET and ev.outlook is None


def test_a_sum_of_money_under_way_is_on_track_at_its_pace():
    t = parse_target("Tổng vốn đầu tư toàn xã hội 5 năm đạt 1.200 tỷ đồng")
    yearly = {2026: D(250_000_000_000), 2027: D(260_000_000_000)}
    ev = evaluate_series(t, yearly, span=(2025, 2030), as_of=2027)
    assert ev.outlook.on_track and ev.outlook.projected == D(1_275_000_000_000)
