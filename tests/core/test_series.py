from decimal import Decimal as D

import pytest

from chitieu.core.series import (
    Summary,
    average_growth,
    average_of_growth_rates,
    evaluate_series,
    is_growth_target,
    pro_rata,
    summarise,
    term_total,
    yearly_average,
)
from chitieu.core.targets import TargetError, Verdict, parse_target


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


def test_evaluate_series_refuses_empty_and_non_growth_levels():
    with pytest.raises(TargetError):
        evaluate_series(parse_target("110 hộ/năm"), {})
    with pytest.raises(TargetError):
        evaluate_series(parse_target("110 hộ/năm"), {2020: D(1), 2021: D(2)}, levels=True)


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
    # seed 001 by its numbers: 9 of 10, the growth target not met; an unjudged target still counts
    s = summarise([Verdict.NOT_MET] + [Verdict.MET] * 8 + [None])
    assert s.line == "đạt và vượt 8/10 chỉ tiêu"
