from decimal import Decimal as D

import pytest

from chitieu.core.quantity import Unit, parse_quantity
from chitieu.core.targets import (
    Period,
    Shape,
    Target,
    TargetError,
    Verdict,
    evaluate,
    find_quantity,
    format_target,
    implied_target_value,
    parse_target,
    round_pct,
)

# phrase, shape, value, value_max, unit, period, indicator
PARSE_ROWS = [
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", Shape.RANGE, "12", "15", Unit.PERCENT, Period.YEAR,
     "production_growth_rate"),
    ("Thu ngân sách tăng bình quân từ 8 - 10%/năm", Shape.RANGE, "8", "10", Unit.PERCENT, Period.YEAR,
     "budget_revenue_growth_rate"),
    ("Giải quyết việc làm từ 300 lao động trở lên", Shape.AT_LEAST, "300", None, Unit.COUNT, None,
     "jobs_created"),
    ("từ 300 lao động trở lên", Shape.AT_LEAST, "300", None, Unit.COUNT, None, None),
    ("tỷ suất sinh 10-12‰/năm", Shape.BAND, "10", "12", Unit.PERMILLE, Period.YEAR, "birth_rate"),
    ("giảm tỷ lệ hộ nghèo còn dưới 3%", Shape.AT_MOST, "3", None, Unit.PERCENT, None, "poverty_rate"),
    ("kết nạp 10 đảng viên/năm", Shape.PER_YEAR_COUNT, "10", None, Unit.COUNT, Period.YEAR,
     "party_members_admitted"),
    ("100% hộ sử dụng nước máy", Shape.ALL, "100", None, Unit.PERCENT, None, "tap_water_rate"),
    ("thoát nghèo 110 hộ/năm", Shape.PER_YEAR_COUNT, "110", None, Unit.COUNT, Period.YEAR,
     "households_escaped_poverty"),
    ("Phát triển 25 đảng viên trong nhiệm kỳ", Shape.TERM_TOTAL, "25", None, Unit.COUNT, Period.TERM,
     "party_members_admitted"),
    ("Thu ngân sách 31.336 triệu đồng", Shape.PLAN_AMOUNT, "31336000000", None, Unit.VND, None,
     "budget_revenue"),
    ("Tốc độ tăng trưởng GRDP bình quân 8%/năm", Shape.AVERAGE_GROWTH, "8", None, Unit.PERCENT, Period.YEAR,
     "grdp_growth_rate"),
    ("Chi bộ hoàn thành tốt nhiệm vụ trở lên đạt trên 90% chi bộ/năm", Shape.AT_LEAST, "90", None,
     Unit.PERCENT, Period.YEAR, "branches_good_or_better_rate"),
    ("Thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm", Shape.AT_LEAST, "70000000", None, Unit.VND,
     Period.YEAR, "income_per_capita"),
    ("Tỷ lệ hộ cận nghèo không quá 2%", Shape.AT_MOST, "2", None, Unit.PERCENT, None, "near_poverty_rate"),
]  # fmt: skip


@pytest.mark.parametrize("phrase,shape,value,value_max,unit,period,indicator", PARSE_ROWS)
def test_parse_target(phrase, shape, value, value_max, unit, period, indicator):
    t = parse_target(phrase)
    assert t.shape == shape
    assert t.value == D(value)
    assert t.value_max == (D(value_max) if value_max else None)
    assert t.unit == unit
    assert t.period == period
    assert t.indicator == indicator


def test_indicator_given_overrides_the_phrase():
    t = parse_target("từ 8 - 10%/năm", indicator="budget_revenue_growth_rate")
    assert t.indicator == "budget_revenue_growth_rate"


def test_unknown_indicator_is_a_clear_error():
    with pytest.raises(KeyError, match="Không có chỉ tiêu"):
        parse_target("12%", indicator="no_such_thing")


def test_band_from_indicator_direction():
    assert parse_target("10-12‰/năm", indicator="birth_rate").shape == Shape.BAND
    assert parse_target("10-12‰/năm").shape == Shape.RANGE


@pytest.mark.parametrize(
    "phrase",
    ["", "xin chào", "Nghị quyết Đại hội", "năm 2019", "nhiệm kỳ 2020-2025", "50/25 đảng viên"],
)
def test_not_a_target(phrase):
    with pytest.raises(TargetError):
        parse_target(phrase)


# Every figure of the seeds that states a target or a completion: target phrase, result, verdict, pct.
SEED_ROWS = [
    # seed 001, Khuê Trung, term 2015-2020: the article claims "đạt"; the numbers say not met
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", "11,74%", Verdict.NOT_MET, "97.83"),
    ("Thu ngân sách tăng bình quân từ 8 - 10%/năm", "35,47%", Verdict.EXCEEDED, "443.38"),
    ("việc làm bình quân hằng năm từ 300 lao động trở lên", "373,6 lao động", Verdict.EXCEEDED, "124.53"),
    ("Tỷ suất sinh bình quân hằng năm từ 10-12‰/năm", "11,35‰", Verdict.MET, "113.50"),
    ("Bình quân hằng năm thoát nghèo 110 hộ/năm", "131 hộ", Verdict.EXCEEDED, "119.09"),
    ("Giao quân hằng năm đạt 100% chỉ tiêu trên giao", "100%", Verdict.MET, "100.00"),
    ("100% hộ sử dụng nước máy", "100%", Verdict.MET, "100.00"),
    ("100% hộ gia đình thực hiện hợp đồng thu gom rác thải", "100%", Verdict.MET, "100.00"),
    ("Hằng năm phát triển 10 đảng viên/năm", "11 đảng viên", Verdict.EXCEEDED, "110.00"),
    ("Chi bộ hoàn thành tốt nhiệm vụ trở lên 90% chi bộ/năm", "trên 93%", Verdict.EXCEEDED, "103.33"),
    ("Đảng bộ đạt trong sạch vững mạnh 5 năm trong nhiệm kỳ", "5 năm", Verdict.MET, "100.00"),
    # seed 002, xã Long Đức, mid-term: "phát triển 50/25 đảng viên, đạt 200% Nghị quyết"
    ("phát triển 25 đảng viên trong nhiệm kỳ", "50 đảng viên", Verdict.EXCEEDED, "200.00"),
    # seed 002, phường 9: income 64,5 against the province's 63 triệu (a comparison, not a target)
    ("thu nhập bình quân đầu người 63 triệu đồng/người/năm", "64,5 triệu đồng", Verdict.EXCEEDED, "102.38"),
    # the birth rate outside its band is not met, above or below
    ("Tỷ suất sinh 10-12‰/năm", "12,5‰", Verdict.NOT_MET, "125.00"),
    ("Tỷ suất sinh 10-12‰/năm", "9,8‰", Verdict.NOT_MET, "98.00"),
    # lower is better: completion is target ÷ result
    ("giảm tỷ lệ hộ nghèo còn dưới 3%", "2,5%", Verdict.EXCEEDED, "120.00"),
    ("giảm tỷ lệ hộ nghèo còn dưới 3%", "3%", Verdict.NOT_MET, "100.00"),
    ("giảm tỷ lệ hộ nghèo còn dưới 3%", "8,27%", Verdict.NOT_MET, "36.28"),
    ("tỷ lệ hộ nghèo không quá 3%", "3%", Verdict.MET, "100.00"),
    # "trên 90%" is literal: 90% itself does not reach it
    ("trên 90% chi bộ/năm", "90%", Verdict.NOT_MET, "100.00"),
    ("90% chi bộ/năm", "90%", Verdict.MET, "100.00"),
    ("100% hộ sử dụng nước máy", "99,5%", Verdict.NOT_MET, "99.50"),
    # plan amounts: seed 004, Tây Sơn 2023
    ("Thu ngân sách nhà nước 31.336 triệu đồng", "124.857 triệu đồng", Verdict.EXCEEDED, "398.45"),
    ("Thu ngân sách 31.336 triệu đồng", "31.336 triệu đồng", Verdict.MET, "100.00"),
    ("Thu ngân sách 31.336 triệu đồng", "30 tỷ đồng", Verdict.NOT_MET, "95.74"),
    ("tăng 12 - 15%/năm", "16%", Verdict.EXCEEDED, "133.33"),
    ("tăng 12 - 15%/năm", "15%", Verdict.MET, "125.00"),
    ("tăng 12 - 15%/năm", "12%", Verdict.MET, "100.00"),
]


@pytest.mark.parametrize("phrase,result,verdict,pct", SEED_ROWS)
def test_verdicts_of_the_seeds(phrase, result, verdict, pct):
    target = parse_target(phrase)
    q, _, _ = find_quantity(result)
    ev = evaluate(target, q)
    assert ev.verdict == verdict
    assert round_pct(ev.completion_pct) == D(pct)


# Figures stated only as a completion: the target they imply.
IMPLIED_ROWS = [
    # seed 004: 124.857 triệu đồng at 398,44% of plan -> the plan was about 31.336 triệu đồng
    ("124857000000", "398.44", "31336462203"),
    ("56791000000", "903.18", "6287893886"),
    # seed 002, phường 4: 28 đảng viên at 112% -> 25
    ("28", "112", "25"),
    # seed 002, Long Đức: 50 at 200% -> 25
    ("50", "200", "25"),
    # seed 003, Kim Tân: 24 tỷ a year, 20% above the congress target -> 20 tỷ
    ("24000000000", "120", "20000000000"),
]


@pytest.mark.parametrize("result,pct,target", IMPLIED_ROWS)
def test_implied_target(result, pct, target):
    assert implied_target_value(D(result), D(pct)).quantize(D(1)) == D(target)


def test_implied_target_refuses_zero():
    with pytest.raises(TargetError):
        implied_target_value(D(5), D(0))


def test_unit_mismatch_is_refused():
    with pytest.raises(TargetError, match="khác đơn vị"):
        evaluate(parse_target("12 - 15%/năm"), parse_quantity("11 hộ"))


def test_negative_and_non_numbers_are_refused():
    t = parse_target("12 - 15%/năm")
    with pytest.raises(TargetError):
        evaluate(t, D(-1))
    with pytest.raises(TargetError):
        evaluate(t, "abc")  # type: ignore[arg-type]


def test_zero_result_of_lower_is_better_has_no_percentage():
    ev = evaluate(parse_target("giảm tỷ lệ hộ nghèo còn dưới 3%"), D(0))
    assert ev.verdict == Verdict.EXCEEDED
    assert ev.completion_pct is None


def test_completion_is_exact_until_rounded():
    ev = evaluate(parse_target("110 hộ/năm"), D(131))
    assert ev.completion_pct == D(131) * 100 / D(110)
    assert round_pct(ev.completion_pct) == D("119.09")


@pytest.mark.parametrize(
    "phrase,text",
    [
        ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", "12 - 15%/năm"),
        ("giảm tỷ lệ hộ nghèo còn dưới 3%", "dưới 3%"),
        ("thoát nghèo 110 hộ/năm", "110 hộ/năm"),
        ("trên 90% chi bộ/năm", "trên 90% chi bộ/năm"),
        ("Thu ngân sách 31.336 triệu đồng", "31.336 triệu đồng"),
    ],
)
def test_format_target(phrase, text):
    assert format_target(parse_target(phrase)) == text


def test_format_target_rounds_a_computed_plan():
    plan = implied_target_value(D("124857000000"), D("398.44"))
    t = Target(Shape.PLAN_AMOUNT, plan, Unit.VND)
    assert format_target(t, scale="triệu", places=2) == "31.336,46 triệu đồng"


@pytest.mark.parametrize(
    "text,span",
    [
        ("đạt 131 hộ", "131 hộ"),
        ("Năm 2019, tổng giá trị sản xuất đạt 270,9 tỷ đồng", "270,9 tỷ đồng"),
        ("nhiệm kỳ 2020-2025 kết nạp 10 đảng viên/năm", "10 đảng viên/năm"),
        ("đạt trên 93%, vượt chỉ tiêu", "trên 93%"),
        ("tăng bình quân 12 - 15%/năm.", "12 - 15%/năm"),
        ("Thu ngân sách tăng bình quân từ 8 - 10%/năm.", "từ 8 - 10%/năm"),
        ("có 1.131 đảng viên.", "1.131 đảng viên"),
        ("kết nạp 10 đảng viên/năm;", "10 đảng viên/năm"),
        ("Đại hội 18, 19/3/2020 đề ra 110 hộ/năm", "18"),
        ("giai đoạn 2015 - 2020 đạt 8,5%", "8,5%"),
    ],
)
def test_find_quantity_span(text, span):
    _, start, end = find_quantity(text)
    assert text[start:end] == span
