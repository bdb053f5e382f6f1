from decimal import Decimal as D

import pytest

from chitieu.core.quantity import Unit, parse_quantity
from chitieu.core.targets import Period, Shape, Target, TargetError, find_quantity, format_target, parse_target
from chitieu.core.verdicts import Verdict, evaluate, implied_target_value, round_pct

# phrase, shape, value, value_max, unit, period, indicator
PARSE_ROWS = [
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", Shape.AVERAGE_GROWTH, "12", "15", Unit.PERCENT,
     Period.YEAR, "production_growth_rate"),
    ("Thu ngân sách tăng bình quân từ 8 - 10%/năm", Shape.AVERAGE_GROWTH, "8", "10", Unit.PERCENT, Period.YEAR,
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
    # a figure's bounds go with it: "ít nhất … đảng viên" is admissions, not the number of members
    ("Mỗi năm kết nạp ít nhất 2 đảng viên", Shape.AT_LEAST, "2", None, Unit.COUNT, Period.YEAR,
     "party_members_admitted"),
    ("Hằng năm kết nạp từ 2 đảng viên trở lên", Shape.AT_LEAST, "2", None, Unit.COUNT, Period.YEAR,
     "party_members_admitted"),
    ("Đảng bộ có trên 600 đảng viên", Shape.AT_LEAST, "600", None, Unit.COUNT, None, "party_members"),
    # a range is one figure: what is left names admissions
    ("Mỗi năm kết nạp 8-10 đảng viên", Shape.PER_YEAR_COUNT, "8", "10", Unit.COUNT, Period.YEAR,
     "party_members_admitted"),
    ("Hằng năm kết nạp từ 2 đến 3 đảng viên", Shape.PER_YEAR_COUNT, "2", "3", Unit.COUNT, Period.YEAR,
     "party_members_admitted"),
    ("Phát triển 25 đảng viên trong nhiệm kỳ", Shape.TERM_TOTAL, "25", None, Unit.COUNT, Period.TERM,
     "party_members_admitted"),
    ("Thu ngân sách 31.336 triệu đồng", Shape.PLAN_AMOUNT, "31336000000", None, Unit.VND, None,
     "budget_revenue"),
    ("Tốc độ tăng trưởng GRDP bình quân 8%/năm", Shape.AVERAGE_GROWTH, "8", None, Unit.PERCENT, Period.YEAR,
     "grdp_growth_rate"),
    ("Chi bộ hoàn thành tốt nhiệm vụ trở lên đạt trên 90% chi bộ/năm", Shape.AT_LEAST, "90", None,
     Unit.PERCENT, Period.YEAR, "branches_good_or_better_rate"),
    # the "/năm" of an income is its unit's: a level to reach by the term's end, not a floor of every year
    ("Thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm", Shape.AT_LEAST, "70000000", None, Unit.VND,
     None, "income_per_capita"),
    ("Tổng sản lượng lương thực đến năm 2030 đạt 6.000 tấn/năm", Shape.AT_LEAST, "6000", None, Unit.OTHER,
     None, "food_output"),
    ("Sản lượng lương thực từ 117.000 tấn/năm trở lên", Shape.AT_LEAST, "117000", None, Unit.OTHER, Period.YEAR,
     "food_output"),
    ("Thu nhập bình quân đầu người mỗi năm đạt 80 triệu đồng", Shape.AT_LEAST, "80000000", None, Unit.VND,
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
    ("Tỷ suất sinh bình quân hằng năm từ 10-12‰/năm", "11,35‰", Verdict.MET, None),
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
    # the birth rate outside its band is not met, above or below; a band has no completion %
    ("Tỷ suất sinh 10-12‰/năm", "12,5‰", Verdict.NOT_MET, None),
    ("Tỷ suất sinh 10-12‰/năm", "9,8‰", Verdict.NOT_MET, None),
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
    assert round_pct(ev.completion_pct) == (D(pct) if pct else None)


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


def test_unit_mismatch_has_no_verdict_and_says_why():
    ev = evaluate(parse_target("12 - 15%/năm"), parse_quantity("11 hộ"))
    assert ev.verdict is None
    assert "không so được" in ev.reason
    assert ev.label == "không xác định được"


def test_a_negative_result_keeps_its_sign_and_non_numbers_are_refused():
    t = parse_target("12 - 15%/năm")
    ev = evaluate(t, D(-1))
    assert (ev.verdict, ev.result, ev.completion_pct) == (Verdict.NOT_MET, D(-1), None)
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


# The shapes real resolutions use beyond the seeds' nine (docs/targets.md).
# phrase, shape, value, value_max, unit, direction, extra fields
REAL_SHAPE_ROWS = [
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", Shape.CHANGE_PER_YEAR, "1.5", None, Unit.PERCENT, "lower", {}),
    ("Tỷ lệ hộ nghèo giảm từ 1-1,5%/năm", Shape.CHANGE_PER_YEAR, "1", "1.5", Unit.PERCENT, "lower", {}),
    ("giảm tỷ suất sinh 0,2‰/năm", Shape.CHANGE_PER_YEAR, "0.2", None, Unit.PERMILLE, "lower", {}),
    ("giảm tỷ suất sinh thô 0,30%0/năm", Shape.CHANGE_PER_YEAR, "0.3", None, Unit.PERMILLE, "lower", {}),
    ("số vụ tai nạn giao thông giảm 5%/năm", Shape.CHANGE_PER_YEAR, "5", None, Unit.PERCENT, "lower",
     {"relative": True}),
    ("tăng 04 doanh nghiệp so với năm 2015", Shape.CHANGE_OVER_TERM, "4", None, Unit.COUNT, "higher",
     {"since": 2015, "deadline": None}),
    ("thu nhập bình quân đầu người đến năm 2030 so với năm 2025 tăng 30%", Shape.CHANGE_OVER_TERM, "30", None,
     Unit.PERCENT, "higher", {"relative": True, "since": 2025}),
    ("Tỷ lệ phát triển dân số tự nhiên dưới 0,9%", Shape.AT_MOST, "0.9", None, Unit.PERCENT, "lower",
     {"strict": True}),
    # lower is better by the indicator's nature, though no word says so
    ("Tỷ lệ tăng dân số tự nhiên 0,9%", Shape.AT_MOST, "0.9", None, Unit.PERCENT, "lower", {"strict": False}),
    ("tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống dưới 10%", Shape.AT_MOST, "10", None,
     Unit.PERCENT, "lower", {}),
    ("Tỷ số giới tính khi sinh ≤ 113 trẻ trai/100 trẻ gái", Shape.AT_MOST, "113", None, Unit.COUNT, "lower",
     {"counted": "trẻ trai/100 trẻ gái"}),
    ("tỷ lệ hộ nghèo thấp hơn hoặc bằng 2%", Shape.AT_MOST, "2", None, Unit.PERCENT, "lower", {}),
    ("tỷ lệ lao động qua đào tạo tối thiểu 70%", Shape.AT_LEAST, "70", None, Unit.PERCENT, "higher", {}),
    ("tỷ lệ che phủ rừng ≥ 45%", Shape.AT_LEAST, "45", None, Unit.PERCENT, "higher", {}),
    ("không còn hộ nghèo theo chuẩn của tỉnh", Shape.ZERO, "0", None, Unit.COUNT, "lower", {"period": None}),
    ("không để xảy ra trọng án", Shape.ZERO, "0", None, Unit.COUNT, "lower", {"period": Period.YEAR}),
    ("tỷ lệ hộ nghèo đa chiều đến năm 2030 là 0%", Shape.ZERO, "0", None, Unit.PERCENT, "lower", {}),
    ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao", Shape.YES_NO, "1", None, Unit.YES_NO, "higher",
     {"deadline": None}),
    ("đạt xã nông thôn mới nâng cao vào năm 2020", Shape.YES_NO, "1", None, Unit.YES_NO, "higher",
     {"deadline": 2020}),
    ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", Shape.RATING_LEVEL, "3", None, Unit.RATING,
     "higher", {"period": Period.YEAR}),
    ("Đảng bộ đạt trong sạch, vững mạnh", Shape.RATING_LEVEL, "4", None, Unit.RATING, "higher", {}),
    ("5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu", Shape.X_OF_Y, "5", None, Unit.COUNT, "higher", {"of": D(6)}),
    ("50% (8 xã) đạt chuẩn nông thôn mới", Shape.X_OF_Y, "50", None, Unit.PERCENT, "higher",
     {"count": D(8), "counted": "xã"}),
    ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", Shape.OVER_PLAN, "15", "20", Unit.PERCENT, "higher",
     {}),
    ("mỗi năm kết nạp từ 10-15 đảng viên", Shape.PER_YEAR_COUNT, "10", "15", Unit.COUNT, "higher", {}),
    ("tỷ trọng nông nghiệp giảm từ 20,5% xuống còn 15%", Shape.AT_MOST, "15", None, Unit.PERCENT, "lower", {}),
    ("phấn đấu đến năm 2030, toàn xã sẽ có 186 doanh nghiệp", Shape.AT_LEAST, "186", None, Unit.COUNT, "higher",
     {}),
    ("tổng vốn đầu tư toàn xã hội giai đoạn 2026-2030 từ 10.000 tỷ đồng", Shape.TERM_TOTAL, "10000000000000", None,
     Unit.VND, "higher", {}),
]  # fmt: skip


@pytest.mark.parametrize("phrase,shape,value,value_max,unit,direction,extra", REAL_SHAPE_ROWS)
def test_real_shapes(phrase, shape, value, value_max, unit, direction, extra):
    t = parse_target(phrase)
    assert (t.shape, t.value, t.value_max, t.unit, t.direction) == (
        shape, D(value), D(value_max) if value_max else None, unit, direction
    )  # fmt: skip
    for key, expected in extra.items():
        assert getattr(t, key) == expected, key


# Numbers in a phrase that are not the target: the value read, and the numbers it must not be.
NOT_THE_VALUE_ROWS = [
    ("tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng giảm còn 8%", "8"),  # an age
    ("tỷ lệ người từ 60 tuổi trở lên có thẻ bảo hiểm y tế đạt 95%", "95"),
    ("trẻ em từ 15 đến 60 tuổi biết chữ đạt 99%", "99"),
    ("100% học sinh lớp 9 tốt nghiệp", "100"),  # a grade
    ("giá trị sản xuất tăng bình quân 5 năm đạt 9% trở lên", "9"),  # a duration
    ("Đảng bộ 5 năm liên tục đạt 90% chi bộ hoàn thành tốt nhiệm vụ", "90"),
    ("thực hiện Chỉ thị 12-CT/TU, ngày 13/2/2018 đạt 90% hộ tham gia", "90"),  # a document and a date
    ("thực hiện Quy định 213 có 95% đảng viên sinh hoạt nơi cư trú", "95"),
    ("tỷ lệ sinh con thứ 3 trở lên giảm còn dưới 5%", "5"),  # an ordinal
    ("dịch vụ công trực tuyến mức độ 3, 4 đạt 50%", "50"),
    ("Phường 4 có 98% hộ gia đình văn hóa", "98"),  # a name with a number
    ("sau đại dịch COVID-19, thu hút 500 lao động", "500"),
    ("phủ sóng 5G đạt 80% khu dân cư", "80"),
    ("đến năm 2025 đạt 70 triệu đồng/người/năm", "70000000"),  # a year
    ("Tỷ số giới tính khi sinh dưới 113 trẻ trai/100 trẻ gái", "113"),  # one value per 100
    ("giá trị sản xuất trên 1ha canh tác đạt 95 - 100 triệu/năm", "95000000"),  # per one hectare
    ("Đảng bộ đạt trong sạch vững mạnh 5 năm trong nhiệm kỳ", "5"),  # a duration alone is the value
    ("nâng mặt bằng học vấn bình quân toàn huyện đạt lớp 9,5", "9.5"),  # a school level of 9,5 is a value
]


@pytest.mark.parametrize("phrase,value", NOT_THE_VALUE_ROWS)
def test_numbers_that_are_not_the_target(phrase, value):
    assert parse_target(phrase).value == D(value)


@pytest.mark.parametrize(
    "phrase",
    [
        "Tỷ suất sinh hằng năm bình quân giảm còn 0,15 - 0,2%",  # a yearly fall, or the level it falls to?
        "5/3 thôn đạt chuẩn",  # more reached than there are
        "Có 0/0 thôn đạt chuẩn",  # of none
        "Cơ cấu kinh tế: thương mại - dịch vụ 55%, công nghiệp 30%, nông nghiệp 15%",  # each share its own way
        "x" * 2001,
    ],
)
def test_ambiguous_or_impossible_targets_are_refused(phrase):
    with pytest.raises(TargetError):
        parse_target(phrase)


@pytest.mark.parametrize(
    "line",
    ["2. Kết nạp 10 đảng viên mới/năm", "12. Kết nạp 10 đảng viên mới/năm", "(3) Kết nạp 10 đảng viên mới/năm",
     "1) Kết nạp 10 đảng viên mới/năm", "01. Kết nạp 10 đảng viên mới/năm", "a) Kết nạp 10 đảng viên mới/năm",
     "IV. Kết nạp 10 đảng viên mới/năm", "Chỉ tiêu 5: Kết nạp 10 đảng viên mới/năm",
     "1- Kết nạp 10 đảng viên mới/năm"],
)  # fmt: skip
def test_the_number_of_an_item_is_no_value(line):
    target = parse_target(line)
    assert (target.value, target.shape, target.text) == (10, Shape.PER_YEAR_COUNT, "Kết nạp 10 đảng viên mới/năm")


def test_a_figure_at_the_start_is_still_a_figure():
    assert parse_target("1.131 đảng viên").value == 1131
    assert parse_target("5 thôn đạt chuẩn nông thôn mới kiểu mẫu").value == 5
