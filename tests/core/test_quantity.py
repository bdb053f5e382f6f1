from decimal import Decimal as D

import pytest

from chitieu.core.quantity import (
    Hedge,
    Quantity,
    QuantityError,
    Unit,
    format_number,
    format_quantity,
    parse_number,
    parse_number_words,
    parse_quantity,
    unit_name,
)

# text, value, unit, value_max, of, counted, per, hedge
PARSE_ROWS = [
    ("1.131 đảng viên", "1131", Unit.COUNT, None, None, "đảng viên", None, None),
    ("270,9 tỷ đồng", "270900000000", Unit.VND, None, None, None, None, None),
    ("124.857 triệu đồng", "124857000000", Unit.VND, None, None, None, None, None),
    ("10.001,26 tỷ đồng", "10001260000000", Unit.VND, None, None, None, None, None),
    ("36,602 tỷ đồng", "36602000000", Unit.VND, None, None, None, None, None),
    ("375 triệu đồng", "375000000", Unit.VND, None, None, None, None, None),
    ("42 triệu đồng", "42000000", Unit.VND, None, None, None, None, None),
    ("500 nghìn đồng", "500000", Unit.VND, None, None, None, None, None),
    ("500 ngàn đồng", "500000", Unit.VND, None, None, None, None, None),
    ("3 tỉ đồng", "3000000000", Unit.VND, None, None, None, None, None),
    ("24 tỷ", "24000000000", Unit.VND, None, None, None, None, None),
    ("64,5 triệu đồng/người/năm", "64500000", Unit.VND, None, None, None, "người/năm", None),
    ("72,3 triệu  đồng/người/năm", "72300000", Unit.VND, None, None, None, "người/năm", None),
    ("8,27%", "8.27", Unit.PERCENT, None, None, None, None, None),
    ("8,27 %", "8.27", Unit.PERCENT, None, None, None, None, None),
    ("11,35‰", "11.35", Unit.PERMILLE, None, None, None, None, None),
    ("11,35%0", "11.35", Unit.PERMILLE, None, None, None, None, None),
    ("132,8 ha", "132.8", Unit.HECTARE, None, None, None, None, None),
    ("14,11ha", "14.11", Unit.HECTARE, None, None, None, None, None),
    ("12 - 15%/năm", "12", Unit.PERCENT, "15", None, None, "năm", None),
    ("12 – 15%/năm", "12", Unit.PERCENT, "15", None, None, "năm", None),
    ("12% - 15%", "12", Unit.PERCENT, "15", None, None, None, None),
    ("từ 8 - 10%/năm", "8", Unit.PERCENT, "10", None, None, "năm", None),
    ("10-12‰", "10", Unit.PERMILLE, "12", None, None, None, None),
    ("10 đến 12‰", "10", Unit.PERMILLE, "12", None, None, None, None),
    ("7/7 tổ dân phố", "7", Unit.COUNT, None, "7", "tổ dân phố", None, None),
    ("50/25 đảng viên", "50", Unit.COUNT, None, "25", "đảng viên", None, None),
    ("2.007/3.577 hộ", "2007", Unit.COUNT, None, "3577", "hộ", None, None),
    ("hơn 625 doanh nghiệp", "625", Unit.COUNT, None, None, "doanh nghiệp", None, Hedge.MORE_THAN),
    ("trên 90%", "90", Unit.PERCENT, None, None, None, None, Hedge.MORE_THAN),
    ("gần 120 triệu đồng", "120000000", Unit.VND, None, None, None, None, Hedge.NEARLY),
    ("khoảng 11,35‰", "11.35", Unit.PERMILLE, None, None, None, None, Hedge.ABOUT),
    ("dưới 3%", "3", Unit.PERCENT, None, None, None, None, Hedge.LESS_THAN),
    ("từ 300 lao động trở lên", "300", Unit.COUNT, None, None, "lao động", None, Hedge.AT_LEAST),
    ("không quá 2%", "2", Unit.PERCENT, None, None, None, None, Hedge.AT_MOST),
    ("02", "2", Unit.COUNT, None, None, None, None, None),
    ("05 HTX", "5", Unit.COUNT, None, None, "htx", None, None),
    ("tăng 1,25 lần", "1.25", Unit.TIMES, None, None, None, None, None),
    ("gấp 2 lần", "2", Unit.TIMES, None, None, None, None, None),
    ("110 hộ/năm", "110", Unit.COUNT, None, None, "hộ", "năm", None),
    ("10 đảng viên/năm", "10", Unit.COUNT, None, None, "đảng viên", "năm", None),
    ("90% chi bộ/năm", "90", Unit.PERCENT, None, None, "chi bộ", "năm", None),
    ("100% hộ sử dụng nước máy", "100", Unit.PERCENT, None, None, "hộ sử dụng nước máy", None, None),
    ("hơn 18.000 nhân khẩu", "18000", Unit.COUNT, None, None, "nhân khẩu", None, Hedge.MORE_THAN),
    ("12 km", "12", Unit.OTHER, None, None, None, None, None),
    ("năm năm liên tục", "5", Unit.COUNT, None, None, "năm liên tục", None, None),
    ("hai năm rưỡi", "2.5", Unit.COUNT, None, None, "năm", None, None),
    ("hai ngày", "2", Unit.COUNT, None, None, "ngày", None, None),
    ("mười đảng viên", "10", Unit.COUNT, None, None, "đảng viên", None, None),
    ("2,886,673", "2886673", Unit.COUNT, None, None, None, None, None),
]


@pytest.mark.parametrize("text,value,unit,value_max,of,counted,per,hedge", PARSE_ROWS)
def test_parse_quantity(text, value, unit, value_max, of, counted, per, hedge):
    q = parse_quantity(text)
    assert q.value == D(value)
    assert q.unit == unit
    assert q.value_max == (D(value_max) if value_max else None)
    assert q.of == (D(of) if of else None)
    assert q.counted == counted
    assert q.per == per
    assert q.hedge == hedge


def test_money_is_exact_integer_dong():
    q = parse_quantity("270,9 tỷ đồng")
    assert str(q.value) == "270900000000"
    assert q.scale == "tỷ"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "xin chào",
        "abc 12",
        "12 abc 13",
        "1.131 đảng viên và 2.299 đảng viên",
        "12.5%",  # '.' groups thousands: 12.5 is not a Vietnamese number
        "1.5",
        "5 - 3%",  # backwards range
        "12 -",
        "12/",
        "8,27% chi bộ 12",
        "tăng 20%",  # a verb with a percent is a change, not a quantity
        "từ 300 lao động",  # "từ" needs "trở lên" or a range
        "132,8 ha đất ở",
        "12%/",
        "gấp đôi",
    ],
)
def test_not_a_quantity_raises_clear_error(text):
    with pytest.raises(QuantityError) as exc:
        parse_quantity(text)
    assert "/" in str(exc.value)  # Vietnamese / English


def test_non_string_is_refused():
    with pytest.raises(QuantityError):
        parse_quantity(12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text,value",
    [
        ("1.131", "1131"),
        ("270,9", "270.9"),
        ("10.001,26", "10001.26"),
        ("02", "2"),
        ("0", "0"),
        ("1.000.000", "1000000"),
        ("35,321", "35.321"),  # one comma is the Vietnamese decimal mark
        ("2,886,673", "2886673"),  # several comma groups: English thousands (visitor counters)
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == D(value)


@pytest.mark.parametrize("text", ["1.5", "12.34", "1.2345", "1,", "abc", "", "1..2", "1.131.", ",5"])
def test_parse_number_refuses(text):
    with pytest.raises(QuantityError):
        parse_number(text)


@pytest.mark.parametrize(
    "words,value",
    [
        ("một", 1),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("bốn mươi tư", 44),
        ("chín mươi chín", 99),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("một trăm lẻ năm", 105),
        ("hai trăm ba mươi lăm", 235),
        ("một nghìn", 1000),
        ("hai ngàn", 2000),
        ("ba triệu", 3_000_000),
        ("hai tỷ", 2_000_000_000),
        ("một nghìn tỷ", 1_000_000_000_000),
        ("hai triệu ba trăm nghìn", 2_300_000),
        ("năm", 5),
    ],
)
def test_parse_number_words(words, value):
    assert parse_number_words(words) == value


@pytest.mark.parametrize("words", ["năm năm", "mươi", "trăm", "lăm", "hai hai", "linh", "xin"])
def test_number_words_malformed(words):
    with pytest.raises(QuantityError):
        parse_number_words(words)


@pytest.mark.parametrize(
    "value,places,text",
    [
        ("1234.5", None, "1.234,5"),
        ("1131", None, "1.131"),
        ("0.5", None, "0,5"),
        ("1000000", None, "1.000.000"),
        ("119.090909", 2, "119,09"),
        ("97.825", 2, "97,83"),  # half up, as reports round
        ("-1234.5", None, "-1.234,5"),
        ("100.00", None, "100"),
        ("12.50", None, "12,5"),
    ],
)
def test_format_number(value, places, text):
    assert format_number(D(value), places) == text


@pytest.mark.parametrize(
    "q,text",
    [
        (Quantity(D("270900000000"), Unit.VND), "270,9 tỷ đồng"),
        (Quantity(D("124857000000"), Unit.VND, scale="triệu"), "124.857 triệu đồng"),
        (Quantity(D("42000000"), Unit.VND), "42 triệu đồng"),
        (Quantity(D("500"), Unit.VND), "500 đồng"),
        (Quantity(D("12"), Unit.PERCENT, value_max=D("15"), per="năm"), "12 - 15%/năm"),
        (Quantity(D("11.35"), Unit.PERMILLE), "11,35‰"),
        (Quantity(D("7"), Unit.COUNT, of=D("7"), counted="tổ dân phố"), "7/7 tổ dân phố"),
        (Quantity(D("300"), Unit.COUNT, counted="lao động", hedge=Hedge.AT_LEAST), "từ 300 lao động trở lên"),
        (Quantity(D("3"), Unit.PERCENT, hedge=Hedge.LESS_THAN), "dưới 3%"),
        (Quantity(D("1.25"), Unit.TIMES), "1,25 lần"),
        (Quantity(D("132.8"), Unit.HECTARE), "132,8 ha"),
    ],
)
def test_format_quantity(q, text):
    assert format_quantity(q) == text
    assert parse_quantity(text) == q


def test_format_number_writes_huge_values_out():
    from chitieu.core.quantity import format_number

    assert format_number(D("1E+30")) == "1" + ".000" * 10
    assert format_number(D("1E+30"), 2) == "1" + ".000" * 10 + ",00"
    assert format_number(D("-12345678901234567890123456789.5")) == "-12.345.678.901.234.567.890.123.456.789,5"


# Issue 15: a message names a unit in words, never by its stored code ("count", "VND").
@pytest.mark.parametrize(
    "unit,name",
    [(Unit.COUNT, "số lượng"), ("VND", "tiền (đồng)"), (Unit.PERCENT, "%"), ("rating", "mức xếp loại")],
)
def test_unit_names_are_words(unit, name):
    assert unit_name(unit) == name


def test_every_unit_has_a_name_that_is_not_its_code():
    for unit in Unit:
        assert unit_name(unit) not in ("count", "VND", "times", "other", "yes_no", "rating")
