"""Scanning running text for quantities: spans, values, units, counted nouns, and what is not data."""

from decimal import Decimal

import pytest

from chitieu.extract import extract_text
from chitieu.extract.scan import scan


def only(text: str) -> dict:
    facts = extract_text(text)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0].to_dict()


# (text, span, value, value_max, of, unit, counted)
QUANTITIES = [
    ("tổng giá trị sản xuất đạt 270,9 tỷ đồng.", "270,9 tỷ đồng", "270900000000", None, None, "VND", None),
    ("thu nhập đạt 52 triệu động/người/năm", "52 triệu động/người/năm", "52000000", None, None, "VND", None),
    ("giá trị đạt 430 tỷ dồng", "430 tỷ dồng", "430000000000", None, None, "VND", None),
    ("diện tích trồng màu 60– 75ha/vụ", "60– 75ha/vụ", "60", "75", None, "ha", None),
    ("tăng lên gần 412tỷ năm 2020", "412tỷ", "412000000000", None, None, "VND", None),
    ("làm mới 2.150 mét đường bê tông", "2.150 mét", "2150", None, None, "other", None),
    ("nhân dân hiến hơn 12 nghìn m2 đất", "12 nghìn m2", "12000", None, None, "other", None),
    ("đóng góp 40 nghìn ngày công lao động", "40 nghìn", "40000", None, None, "count", "ngày công"),
    ("tổng số học sinh trên địa bàn phường 1.932.", "1.932", "1932", None, None, "count", None),
    ("Thu ngân sách 124.857 triệu đồng", "124.857 triệu đồng", "124857000000", None, None, "VND", None),
    ("tổng giá trị đạt 10.001,26 tỷ đồng", "10.001,26 tỷ đồng", "10001260000000", None, None, "VND", None),
    ("Tổng thu ngân sách đạt 36,602 tỷ.", "36,602 tỷ", "36602000000", None, None, "VND", None),
    ("mức hỗ trợ 500.000 đồng mỗi hộ", "500.000 đồng", "500000", None, None, "VND", None),
    ("thu nhập 64,5 triệu đồng/người/năm", "64,5 triệu đồng/người/năm", "64500000", None, None, "VND", None),
    ("tăng bình quân 12 - 15%/năm", "12 - 15%/năm", "12", "15", None, "%", None),
    ("tỷ suất sinh từ 10-12‰/năm", "10-12‰/năm", "10", "12", None, "‰", None),
    ("tỷ suất sinh 11,35%0", "11,35%0", "11.35", None, None, "‰", None),
    ("tỷ lệ hộ nghèo còn 4,8%", "4,8%", "4.8", None, None, "%", None),
    ("đạt 12% đến 15%", "12% đến 15%", "12", "15", None, "%", None),
    ("tăng 1,25 lần so với năm 2020", "1,25 lần", "1.25", None, None, "times", None),
    # a figure below zero keeps its sign; a list's dash and a span of years do not make one
    ("tốc độ tăng trưởng kinh tế đạt -0,8% so với năm trước", "0,8%", "-0.8", None, None, "%", None),
    ("giá trị sản xuất tăng trưởng âm 1,5% do dịch bệnh", "1,5%", "-1.5", None, None, "%", None),
    ("tăng trưởng (-2,6%) so với cùng kỳ", "2,6%", "-2.6", None, None, "%", None),
    ("- 95% hộ dân dùng nước sạch", "95%", "95", None, None, "%", None),
    ("khu trung tâm 12 ha", "12 ha", "12", None, None, "ha", None),
    # an amount in two or three scales is one amount
    ("vốn đầu tư 12 tỷ 350 triệu đồng", "12 tỷ 350 triệu đồng", "12350000000", None, None, "VND", None),
    ("hỗ trợ 1 triệu 200 nghìn đồng/hộ", "1 triệu 200 nghìn đồng/hộ", "1200000", None, None, "VND", None),
    # a fraction with its unit glued on; "đ/c" is a comrade, not đồng
    ("lúa đạt 61,5/60ha", "61,5/60ha", "61.5", None, "60", "ha", None),
    ("cử 3 đ/c đi học", "3", "3", None, None, "count", "đ/c"),
    # a measure in thousands or millions
    ("sản lượng lương thực đạt 24 nghìn tấn", "24 nghìn tấn", "24000", None, None, "other", None),
    ("diện tích thu hồi là 132,8 ha", "132,8 ha", "132.8", None, None, "ha", None),
    ("khu dân cư mới 14,11ha thuộc", "14,11ha", "14.11", None, None, "ha", None),
    ("sản lượng 1.250 tấn", "1.250 tấn", "1250", None, None, "other", None),
    ("Đảng bộ có 1.131 đảng viên", "1.131", "1131", None, None, "count", "đảng viên"),
    ("thành lập mới 05 HTX", "05", "5", None, None, "count", "htx"),
    ("7/7 tổ dân phố giữ vững danh hiệu", "7/7", "7", None, "7", "count", "tổ dân phố"),
    ("kết quả có 2.007/3.577 hộ có mức sống trung bình", "2.007/3.577", "2007", None, "3577", "count", "hộ"),
    ("phát triển 50/25 đảng viên", "50/25", "50", None, "25", "count", "đảng viên"),
    ("thoát nghèo (110 hộ/năm)", "110 hộ/năm", "110", None, None, "count", "hộ"),
    ("phát triển (10 đảng viên/năm)", "10 đảng viên/năm", "10", None, None, "count", "đảng viên"),
    ("chỉ tiêu (90% chi bộ/năm)", "90% chi bộ/năm", "90", None, None, "%", None),
    ("giảm 689 lượt hộ nghèo", "689", "689", None, None, "count", "lượt hộ"),
    ("hoàn thành 5 nhóm nhiệm vụ", "5", "5", None, None, "count", "nhóm nhiệm vụ"),
    ("xây dựng 3 nhà văn hóa", "3", "3", None, None, "count", "nhà"),
    ("toàn phường có hơn 625 doanh nghiệp", "625", "625", None, None, "count", "doanh nghiệp"),
    ("Đảng bộ 5 năm liền đạt trong sạch vững mạnh", "5", "5", None, None, "count", "năm"),
    ("Đảng bộ năm năm liên tục được xếp loại", "năm", "5", None, None, "count", "năm"),
    ("trong đó có 3 năm đạt trong sạch vững mạnh tiêu biểu", "3", "3", None, None, "count", "năm"),
    ("hỗ trợ mười hai hộ nghèo", "mười hai", "12", None, None, "count", "hộ"),
    ("tổng số tiền hơn 3 tỷ đồng", "3 tỷ đồng", "3000000000", None, None, "VND", None),
    ("giải quyết việc làm cho 300 lao động trở lên", "300", "300", None, None, "count", "lao động"),
]


@pytest.mark.parametrize("text,span,value,value_max,of,unit,counted", QUANTITIES)
def test_quantity(text, span, value, value_max, of, unit, counted):
    r = only(text)
    assert r["text"] == span
    assert text[r["start"] : r["end"]] == span
    assert Decimal(str(r["value"])) == Decimal(value)
    assert (None if r["value_max"] is None else Decimal(str(r["value_max"]))) == (
        None if value_max is None else Decimal(value_max)
    )
    assert (None if r["of"] is None else Decimal(str(r["of"]))) == (None if of is None else Decimal(of))
    assert r["unit"] == unit
    assert r["counted"] == counted


# (text, hedge)
HEDGES = [
    ("có hơn 18.000 nhân khẩu", "more_than"),
    ("đạt trên 93%", "more_than"),
    ("kinh phí gần 120 triệu đồng", "nearly"),
    ("khoảng 11,35‰", "about"),
    ("giảm còn dưới 3%", "less_than"),
    ("từ 300 lao động trở lên", "at_least"),
    ("tối đa 5 cuộc", "at_most"),
    ("đạt 270,9 tỷ đồng", None),
    ("từ 11,52% năm 2015 giảm xuống còn", None),
]


@pytest.mark.parametrize("text,hedge", HEDGES)
def test_hedge_not_in_span(text, hedge):
    r = only(text)
    assert r["hedge"] == hedge
    assert not r["text"].startswith(("hơn", "trên", "gần", "khoảng", "dưới", "từ", "tối"))


# Text with digits or number words that are not quantities.
NOT_QUANTITIES = [
    "Đang online: 6",
    "  • Đang online: 6\n  • Hôm nay: 936\n  • Trong tuần: 35,321\n  • Tất cả: 2,886,673",
    "    Thống kê: 185.509\n    Online: 77",
    "Trực tuyến: 236\nHôm nay: 1314",
    "CÁC BÀI VIẾT KHÁC:\n1 2 3 4 5  ... ",
    "Năm 2019 là năm bản lề",
    "trong các năm 2016, 2018, 2019",
    "Trong 9 tháng đầu năm 2023 Đảng bộ xã tập trung lãnh đạo",  # a year, though a count noun follows
    "Thống kê truy cập\nĐang online 5120 Tổng lượt truy cập 4410297",  # counters without a colon
    "theo Nghị quyết số 1210/NQ-UBTVQH13 về phân loại đô thị",  # the "/NQ" is no "/năm"
    "Đến năm 2025 tỷ trọng ngành dịch vụ tăng lên",  # "tỷ trọng" is no billion
    "Trong 2 ngày 27 và 28/5 Đảng bộ xã tổ chức đại hội",  # the days of a date
    "Trong 2 ngày (20 và 21-5) đã diễn ra đại hội",
    "Trong 2 ngày 19&20/5 Đảng bộ xã tổ chức đại hội",
    "nhiệm kỳ 2015-2020",
    "nhiệm kỳ 2020 – 2025",
    "Cập nhật ngày: 18/06/2020 14:19",
    "Ảnh minh họa\n\n2\n\nĐồng chí Bí thư phát biểu",
    "Đảng bộ xã Tam Phước 2 (Phú Ninh) tổ chức Đại hội",
    "Đại hội Đảng bộ xã Tam Phước 2 lần thứ VII",
    "nhà văn hóa TDP 8",
    "Thứ Năm, 05/03/2020, 22:26 [GMT+7]",
    "Ngày 4 và 5-3, Đảng bộ xã tổ chức Đại hội",
    "Publish date 07/07/2020 | 10:54  | View count: 558",
    "do ảnh hưởng của dịch Covid - 19 song",
    "phòng, chống dịch COVID-19",
    "kỷ niệm ngày thành lập (9-1-1986 - 9-1-2021)",
    "thực hiện NQ TƯ 4 khóa 12 về xây dựng Đảng",
    "Nằm ở tọa độ 108o37’45” kinh Đông",
    "chỉ tiêu chủ yếu đó là: (1) Thu ngân sách",
    "đảng viên được nhận Huy hiệu Đảng 80, 60, 55 và 30 năm tuổi Đảng",
    "Nghị quyết Đại hội nhiệm kỳ 2020- 2025",
    "giai đoạn 1975-2015",
    "Chiều 8/1, Đảng ủy phường tổ chức",
    "trong hai ngày 18, 19/3 tới",
    "Quy định 213 ngày 2/1/2020 của Bộ Chính trị",
    "tính đến ngày 08/12/2023",
    "sẽ diễn ra trong tháng 3/2020",
    "Chỉ thị số 05-CT/TW của Bộ Chính trị",
    "qua thực hiện Chỉ thị 05-CT/TW, các cơ quan",
    "Quyết định số 123/QĐ-UBND",
    "theo tiêu chuẩn TCVN 9001:2008 trong",
    "Nghị quyết TW4 (khóa XII)",
    "Nghị quyết Trung ương 4 khóa XII",
    "Bí thư Chi bộ 24, Đảng bộ phường",
    "Đảng bộ phường 1, phường 4 phường 9 và xã Long Đức",
    "đường Chi Lăng thuộc tổ dân phố 5",
    "làm đường Ngõ 251, 273 thuộc tổ dân phố 7",
    "Ngõ 313, 353 thuộc tổ dân phố 6 và Ngõ 285, 334",
    "“Phường điện tử” đạt chuẩn mức độ 3.",
    "và giai đoạn 2 xây dựng trường",
    "Lãnh đạo phường 5 năm qua còn quyết định",
    "Trong 5 năm, đã tiến hành",
    "Qua hơn 2 năm thực hiện Nghị quyết",
    "Qua kết quả 2 năm rưỡi, triển khai",
    "Qua hai năm rưỡi thực hiện",
    "Sau 5 năm thực hiện Nghị quyết",
    "trẻ em suy dinh dưỡng dưới 5 tuổi",
    "mô hình “Mỗi chi bộ giúp đỡ 1 hộ nghèo” do Đảng ủy",
    "Nguồn: http://www.baolaocai.vn/chinh-tri/z1n20200327134425872.htm",
    "1- Tổng giá trị sản xuất",
    "là một số chỉ tiêu, một trong những",
    "tư tưởng, ba bên cùng có lợi",
    "số liệu 2.5 không rõ",
    "Liên hệ: số điện thoại 0234.3551.234, Hotline: 1900 1234.",
    "6 tháng đầu năm, thị trấn",
    "Năm học 2023-2024, các trường",
    "quốc lộ 1A đoạn qua Km 12",
    "Lượt xem: 1.245",
    "Lúc 8h30 ngày 20-11, tại hội trường",
    "theo Nghị định 34/2019/NĐ-CP và Thông tư số 12/2020/TT-BNV, khoản 2 Điều 5",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text):
    assert [f.text for f in extract_text(text)] == []


def test_one_of_several():
    # "1 trong 2 đơn vị": one of two units; the two is the figure, the one is not
    assert [m.quantity.value for m in scan("Đây là 1 trong 2 đơn vị được chọn")] == [2]


def test_list_marker_then_figure():
    """ "7- 100% hộ": the item number is not a range with the figure after it."""
    facts = extract_text("\n7- 100% hộ sử dụng nước máy")
    assert [(f.text, f.value) for f in facts] == [("100%", Decimal(100))]


def test_offsets_index_the_text():
    text = "Năm 2019, tổng giá trị đạt 270,9 tỷ đồng; Đảng bộ có 1.131 đảng viên và 28 chi bộ."
    for m in scan(text):
        assert text[m.start : m.end].strip() == text[m.start : m.end]
        assert m.start < m.end <= m.phrase_end
    assert [f.text for f in extract_text(text)] == ["270,9 tỷ đồng", "1.131", "28"]
