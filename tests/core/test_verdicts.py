"""Results read from their phrases and judged against real targets, shape by shape."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chitieu.core.quantity import Quantity, Unit, format_quantity, parse_quantity
from chitieu.core.targets import Period, Shape, Target, TargetError, parse_target
from chitieu.core.verdicts import (
    ActualKind,
    Verdict,
    evaluate,
    judge,
    measured_value,
    read_actual,
    round_pct,
    show_result,
)

# result phrase, value, unit, kind, extra fields
READ_ROWS = [
    ("11,74%", "11.74", Unit.PERCENT, ActualKind.BARE, {}),
    ("-2,6%", "-2.6", Unit.PERCENT, ActualKind.BARE, {}),
    ("âm 1,5%", "-1.5", Unit.PERCENT, ActualKind.BARE, {}),
    ("tăng trưởng âm 1,5%", "-1.5", Unit.PERCENT, ActualKind.CHANGE, {}),
    ("giảm 1,2%", "-1.2", Unit.PERCENT, ActualKind.CHANGE, {}),
    ("bình quân mỗi năm giảm 1,2%", "-1.2", Unit.PERCENT, ActualKind.CHANGE, {}),
    ("tăng 0,3%", "0.3", Unit.PERCENT, ActualKind.CHANGE, {}),
    ("còn 2,1%", "2.1", Unit.PERCENT, ActualKind.LEVEL, {}),
    ("đạt 8,1%", "8.1", Unit.PERCENT, ActualKind.LEVEL, {}),
    ("còn 3 hộ nghèo", "3", Unit.COUNT, ActualKind.LEVEL, {"counted": "hộ nghèo"}),
    ("không còn hộ nghèo", "0", Unit.COUNT, ActualKind.LEVEL, {}),
    ("không xảy ra trọng án", "0", Unit.COUNT, ActualKind.LEVEL, {}),
    ("4/6 thôn", "4", Unit.COUNT, ActualKind.BARE, {"of": D(6)}),
    ("bằng 110% kế hoạch", "110", Unit.PERCENT, ActualKind.PLAN_PCT, {}),
    ("đạt 96% dự toán", "96", Unit.PERCENT, ActualKind.PLAN_PCT, {}),
    ("vượt 25% kế hoạch", "125", Unit.PERCENT, ActualKind.PLAN_PCT, {}),
    ("45 đảng viên trong nhiệm kỳ", "45", Unit.COUNT, ActualKind.BARE, {"years": D(5)}),
    ("1.868 lao động trong 5 năm", "1868", Unit.COUNT, ActualKind.BARE, {"years": D(5)}),
    ("thành lập mới 40 doanh nghiệp", "40", Unit.COUNT, ActualKind.CHANGE, {}),
    ("124.857 triệu đồng", "124857000000", Unit.VND, ActualKind.BARE, {}),
    ("giữ vững", "1", Unit.YES_NO, ActualKind.YES_NO, {}),
    ("được công nhận đạt chuẩn năm 2024", "1", Unit.YES_NO, ActualKind.YES_NO, {"year": 2024}),
    ("không giữ được danh hiệu", "0", Unit.YES_NO, ActualKind.YES_NO, {}),
    ("chưa đạt chuẩn, mới đạt 17/19 tiêu chí", "0", Unit.YES_NO, ActualKind.YES_NO, {}),
    ("hoàn thành xuất sắc nhiệm vụ", "4", Unit.RATING, ActualKind.RATING, {}),
    ("HTNV", "2", Unit.RATING, ActualKind.RATING, {}),
    ("trong sạch, vững mạnh", "4", Unit.RATING, ActualKind.RATING, {}),
    # the worst year of several counts against "hằng năm … trở lên"
    ("4 năm hoàn thành xuất sắc nhiệm vụ, 1 năm hoàn thành tốt nhiệm vụ", "3", Unit.RATING, ActualKind.RATING, {}),
]


@pytest.mark.parametrize("text,value,unit,kind,extra", READ_ROWS)
def test_read_actual(text, value, unit, kind, extra):
    a = read_actual(text)
    assert (a.value, a.unit, a.kind) == (D(value), unit, kind)
    for key, expected in extra.items():
        assert getattr(a, key) == expected, key


@pytest.mark.parametrize("text", ["", "   ", "không biết", "tốt", "x" * 2001])
def test_unreadable_results(text):
    with pytest.raises(TargetError):
        read_actual(text)


# target phrase, result phrase, verdict (None: undetermined), completion rounded, reason contains
VERDICT_ROWS = [
    # a yearly fall in points: 1,2 against 1,5 is 80%; against 1 - 1,5 it is 120% of the lower bound
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "giảm 1,2%", Verdict.NOT_MET, "80.00", ""),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "1,5%", Verdict.MET, "100.00", ""),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "giảm 1,8%", Verdict.EXCEEDED, "120.00", ""),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "tăng 0,3%", Verdict.NOT_MET, None, ""),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "-1,2%", Verdict.NOT_MET, "80.00", ""),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "còn 2,1%", None, None, "cần mức đầu kỳ"),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "giảm 6% trong nhiệm kỳ", Verdict.NOT_MET, "80.00", ""),
    ("Tỷ lệ hộ nghèo giảm từ 1-1,5%/năm", "giảm 1,2%", Verdict.MET, "120.00", ""),
    ("tăng 04 doanh nghiệp so với năm 2015", "tăng 5 doanh nghiệp", Verdict.EXCEEDED, "125.00", ""),
    ("tăng 04 doanh nghiệp so với năm 2015", "có 30 doanh nghiệp", None, None, "cần mức đầu kỳ"),
    # lower is better by nature
    ("Tỷ lệ phát triển dân số tự nhiên dưới 0,9%", "0,85%", Verdict.EXCEEDED, "105.88", ""),
    ("Tỷ lệ phát triển dân số tự nhiên dưới 0,9%", "0,9%", Verdict.NOT_MET, "100.00", ""),
    ("Tỷ số giới tính khi sinh ≤ 113 trẻ trai/100 trẻ gái", "110 trẻ trai/100 trẻ gái", Verdict.EXCEEDED, "102.73",
     ""),
    ("Tỷ số giới tính khi sinh ≤ 113 trẻ trai/100 trẻ gái", "113", Verdict.MET, "100.00", ""),
    # a signed growth
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", "-5%", Verdict.NOT_MET, None, ""),
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", "giảm 2%", Verdict.NOT_MET, None, ""),
    ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", "bằng 110% kế hoạch", None, None, "so với kế hoạch"),
    # zero
    ("không còn hộ nghèo theo chuẩn của tỉnh", "còn 3 hộ nghèo", Verdict.NOT_MET, None, ""),
    ("không còn hộ nghèo theo chuẩn của tỉnh", "không còn hộ nghèo", Verdict.MET, None, ""),
    ("không để xảy ra trọng án", "0 vụ", Verdict.MET, None, ""),
    ("không để xảy ra trọng án", "giảm 2 vụ", None, None, "mức tăng/giảm"),
    # yes / no
    ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao", "giữ vững", Verdict.MET, None, ""),
    ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao", "không giữ được danh hiệu", Verdict.NOT_MET, None, ""),
    ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao", "95%", None, None, "đạt/không đạt"),
    ("đạt xã nông thôn mới nâng cao vào năm 2020", "đạt năm 2019", Verdict.MET, None, ""),
    ("đạt xã nông thôn mới nâng cao vào năm 2020", "đạt năm 2021", Verdict.NOT_MET, None, ""),
    ("trở thành đô thị loại V vào năm 2025", "mới đạt 9/12 tiêu chí đô thị loại V", Verdict.NOT_MET, None, ""),
    # rating levels
    ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "hoàn thành xuất sắc nhiệm vụ",
     Verdict.EXCEEDED, None, ""),
    ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "HTTNV", Verdict.MET, None, ""),
    ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "hoàn thành nhiệm vụ", Verdict.NOT_MET, None,
     ""),
    ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "90%", None, None, "mức xếp loại"),
    # X of Y: the count, or the share, as the result is given
    ("5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu", "4/6 thôn", Verdict.NOT_MET, "80.00", ""),
    ("5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu", "5 thôn", Verdict.MET, "100.00", ""),
    ("5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu", "66,67%", Verdict.NOT_MET, "80.00", ""),
    ("50% (8 xã) đạt chuẩn nông thôn mới", "6 xã", Verdict.NOT_MET, "75.00", ""),
    ("50% (8 xã) đạt chuẩn nông thôn mới", "62,5%", Verdict.EXCEEDED, "125.00", ""),
    ("100% chi bộ trực thuộc hoàn thành nhiệm vụ", "18/19 chi bộ", Verdict.NOT_MET, "94.74", ""),
    # over the plan: "bằng 110% kế hoạch" is +10
    ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "bằng 110% kế hoạch", Verdict.NOT_MET, "66.67", ""),
    ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "vượt 25% kế hoạch", Verdict.EXCEEDED, "166.67", ""),
    ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "tăng 15% so với kế hoạch", Verdict.MET, "100.00", ""),
    ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "12%", None, None, "bằng …% kế hoạch"),
    # a share of the plan against a sum to reach is its completion
    ("Tổng thu ngân sách đạt 225 tỷ đồng", "đạt 96% kế hoạch", Verdict.NOT_MET, "96.00", ""),
    # money needs its unit
    ("Tổng thu ngân sách đạt 225 tỷ đồng", "230", None, None, "đơn vị tiền"),
    # a per-year count against a term's total: the yearly average
    ("mỗi năm kết nạp từ 10-15 đảng viên", "62 đảng viên trong nhiệm kỳ", Verdict.MET, "124.00", ""),
    # a stock is not a flow
    ("phấn đấu đến năm 2030, toàn xã sẽ có 186 doanh nghiệp", "thành lập mới 40 doanh nghiệp", None, None,
     "mức tăng/giảm"),
    ("phát triển 1.000 doanh nghiệp mới", "thành lập mới 1.050 doanh nghiệp", Verdict.EXCEEDED, "105.00", ""),
    # a ratio per inhabitants is not a count
    ("tỷ lệ doanh nghiệp đang hoạt động trên 1.000 dân đạt trên 16 (doanh nghiệp)", "950 doanh nghiệp", None, None,
     "tỷ lệ"),
]  # fmt: skip


@pytest.mark.parametrize("target,result,verdict,pct,reason", VERDICT_ROWS)
def test_verdicts(target, result, verdict, pct, reason):
    ev = evaluate(parse_target(target), read_actual(result))
    assert ev.verdict == verdict, ev.reason
    assert round_pct(ev.completion_pct) == (D(pct) if pct else None)
    if verdict is None:
        assert reason in ev.reason
        assert ev.label == "không xác định được"
    else:
        assert not ev.reason


@pytest.mark.parametrize(
    "target,text,stored",
    [
        ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "giảm 1,2%", "1.2"),
        ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "tăng 0,3%", "-0.3"),
        ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "vượt 10% kế hoạch", "110"),
        ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao", "giữ vững", "1"),
        ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "HTXSNV", "4"),
        ("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm", "âm 2,5%", "-2.5"),
        ("5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu", "4 thôn", "4"),
    ],
)
def test_measured_value_is_what_is_stored(target, text, stored):
    t = parse_target(target)
    value = measured_value(t, text)
    assert value == D(stored)
    # and the stored number gives the same verdict as the text
    assert judge(t, value).verdict == evaluate(t, read_actual(text)).verdict


@pytest.mark.parametrize(
    "target,text,message",
    [
        ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "còn 2,1%", "cần mức đầu kỳ"),
        ("Tổng thu ngân sách đạt 225 tỷ đồng", "230", "đơn vị tiền"),
        ("5/6 thôn đạt chuẩn nông thôn mới kiểu mẫu", "66,67%", "đơn vị của chỉ tiêu"),
    ],
)
def test_measured_value_refuses_what_cannot_be_stored(target, text, message):
    with pytest.raises(TargetError, match=message):
        measured_value(parse_target(target), text)


@pytest.mark.parametrize(
    "target,value,text",
    [
        ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "1.2", "giảm 1,2%/năm"),
        ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "-0.3", "tăng 0,3%/năm"),
        ("tăng 04 doanh nghiệp so với năm 2015", "5", "tăng 5"),
        ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "110", "bằng 110% kế hoạch"),
        ("Giữ vững danh hiệu xã đạt chuẩn nông thôn mới nâng cao", "0", "không đạt"),
        ("Hằng năm Đảng bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên", "4", "hoàn thành xuất sắc nhiệm vụ"),
        ("kết nạp 10 đảng viên/năm", "11", "11/năm"),
        ("Thu ngân sách 31.336 triệu đồng", "124857000000", "124.857 triệu đồng"),  # in the target's scale
    ],
)
def test_show_result(target, value, text):
    assert show_result(parse_target(target), D(value), places=2) == text


# --- properties -----------------------------------------------------------------------------

_RANK = {Verdict.NOT_MET: 0, Verdict.MET: 1, Verdict.EXCEEDED: 2}

# Targets of every shape, and the direction a result moves to get better (+1 up, -1 down).
_TARGETS = [
    (Target(Shape.AT_LEAST, D(90), Unit.PERCENT), 1),
    (Target(Shape.AT_LEAST, D(90), Unit.PERCENT, strict=True), 1),
    (Target(Shape.RANGE, D(12), Unit.PERCENT, value_max=D(15)), 1),
    (Target(Shape.RANGE, D(1), Unit.PERCENT, value_max=D(1.5), direction="lower"), -1),
    (Target(Shape.AT_MOST, D(3), Unit.PERCENT, direction="lower"), -1),
    (Target(Shape.AT_MOST, D(3), Unit.PERCENT, direction="lower", strict=True), -1),
    (Target(Shape.PER_YEAR_COUNT, D(10), Unit.COUNT, period=Period.YEAR), 1),
    (Target(Shape.TERM_TOTAL, D(25), Unit.COUNT), 1),
    (Target(Shape.ALL, D(100), Unit.PERCENT), 1),
    (Target(Shape.PLAN_AMOUNT, D(31336000000), Unit.VND), 1),
    (Target(Shape.AVERAGE_GROWTH, D(12), Unit.PERCENT, value_max=D(15)), 1),
    (Target(Shape.CHANGE_PER_YEAR, D(1), Unit.PERCENT, value_max=D("1.5"), direction="lower"), 1),
    (Target(Shape.CHANGE_OVER_TERM, D(4), Unit.COUNT), 1),
    (Target(Shape.ZERO, D(0), Unit.COUNT, direction="lower"), -1),
    (Target(Shape.YES_NO, D(1), Unit.YES_NO), 1),
    (Target(Shape.RATING_LEVEL, D(3), Unit.RATING), 1),
    (Target(Shape.X_OF_Y, D(5), Unit.COUNT, of=D(6)), 1),
    (Target(Shape.OVER_PLAN, D(15), Unit.PERCENT, value_max=D(20)), 1),
]

values = st.decimals(min_value=-200, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(st.sampled_from(_TARGETS), values, values)
def test_a_better_result_never_gets_a_worse_verdict(target_and_sense, a, b):
    target, sense = target_and_sense
    if target.shape == Shape.YES_NO:
        a, b = D(int(a > 0)), D(int(b > 0))
    if target.shape == Shape.RATING_LEVEL:
        a, b = D(int(abs(a)) % 4 + 1), D(int(abs(b)) % 4 + 1)
    if target.shape == Shape.ZERO:
        a, b = abs(a), abs(b)
    worse, better = (a, b) if (b - a) * sense >= 0 else (b, a)
    ev_worse, ev_better = judge(target, worse), judge(target, better)
    if ev_worse.verdict is None or ev_better.verdict is None:
        # only a level a hundredfold off its target has no verdict (a misread number)
        assert "hàng trăm lần" in (ev_worse.reason or ev_better.reason)
        return
    assert _RANK[ev_better.verdict] >= _RANK[ev_worse.verdict]
    if ev_worse.completion_pct is not None and ev_better.completion_pct is not None:
        assert ev_better.completion_pct >= ev_worse.completion_pct


@settings(max_examples=400)
@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([Unit.PERCENT, Unit.PERMILLE, Unit.COUNT, Unit.HECTARE, Unit.TIMES]),
)
def test_a_signed_quantity_formats_and_parses_back(value, unit):
    q = Quantity(value.normalize() if value != value.to_integral_value() else value.quantize(D(1)), unit)
    assert parse_quantity(format_quantity(q)) == q
    # and a result written so reads back with its sign
    assert read_actual(format_quantity(q)).value == q.value


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_read_actual_never_crashes(text):
    try:
        read_actual(text)
    except TargetError as exc:
        assert str(exc)


def test_the_magnitude_guard_does_not_crash_on_a_huge_stored_value():
    ev = judge(parse_target("Thu ngân sách đạt 30 tỷ đồng"), D("1E+30"))
    assert ev.verdict is None and "gấp hàng trăm lần" in ev.reason
    assert "1.000.000.000.000.000.000.000.000.000.000" in ev.reason


# A result's own bound, several figures, part of a year, a month: target, result, verdict (None: no verdict)
SECOND_ROUND_ROWS = [
    ("Tỷ lệ hộ nghèo còn dưới 1%", "còn dưới 1%", Verdict.EXCEEDED),
    ("Tỷ lệ sử dụng dịch vụ công trực tuyến đạt trên 85%", "đạt trên 85%", Verdict.EXCEEDED),
    ("Tỷ lệ hộ nghèo còn dưới 1%", "dưới 2%", None),
    ("Tỷ lệ hộ nghèo giảm bình quân trên 3%/năm", "giảm bình quân trên 3%/năm", Verdict.EXCEEDED),
    ("Kết nạp 10 đảng viên/năm", "gần 10 đảng viên", Verdict.NOT_MET),
    ("Tỷ lệ hộ cận nghèo dưới 2%", "tỷ lệ hộ nghèo còn 0,8%, hộ cận nghèo còn 2,5%", Verdict.NOT_MET),
    ("Tỷ lệ hộ nghèo dưới 2%", "tỷ lệ hộ nghèo còn 0,8%, hộ cận nghèo còn 2,5%", Verdict.EXCEEDED),
    ("Kết nạp 10 đảng viên/năm", "năm 2026 kết nạp 12 đảng viên, năm 2027 kết nạp 9 đảng viên", None),
    ("Thu ngân sách tăng bình quân 10%/năm", "đạt 12,5 tỷ đồng, tăng 14% so với năm trước", Verdict.EXCEEDED),
    ("Kết nạp 10 đảng viên mới/năm", "06 tháng đầu năm kết nạp 6 đảng viên", None),
    ("Không để xảy ra trọng án", "6 tháng đầu năm không xảy ra trọng án", None),
    ("Không để xảy ra trọng án", "6 tháng đầu năm xảy ra 1 vụ trọng án", Verdict.NOT_MET),
    ("Thu nhập bình quân đầu người đạt 6 triệu đồng/tháng", "72 triệu đồng/năm", Verdict.MET),
    ("Thu nhập bình quân đầu người đạt 6 triệu đồng/tháng", "65 triệu đồng", None),
    ("Kéo giảm tai nạn giao thông", "xảy ra 5 vụ tai nạn giao thông, tăng 2 vụ so với năm trước", Verdict.NOT_MET),
    ("Số vụ tai nạn giao thông giảm so với năm trước", "4 vụ", None),
    ("2. Kết nạp 10 đảng viên mới/năm", "9 đảng viên", Verdict.NOT_MET),
    ("Kết nạp 10 đảng viên mới/năm", "kết nạp được 12 đồng chí", Verdict.EXCEEDED),
    ("Tỷ lệ hộ nghèo giảm còn 2%", "1,5%\u200b", Verdict.EXCEEDED),
]


@pytest.mark.parametrize("target,result,verdict", SECOND_ROUND_ROWS)
def test_the_second_rounds_rules(target, result, verdict):
    ev = evaluate(parse_target(target), read_actual(result))
    assert ev.verdict == verdict, ev.reason
    assert verdict is not None or ev.reason
