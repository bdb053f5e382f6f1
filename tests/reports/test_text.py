"""The wording of the reports, on plain values: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from chitieu.core.quantity import Unit
from chitieu.core.series import evaluate_series
from chitieu.core.targets import Shape, Target, parse_target
from chitieu.core.verdicts import evaluate, implied_target_value, read_actual
from chitieu.reports.content import party_sentences, situation_sentences
from chitieu.reports.text import (
    date_line,
    fold,
    money_scale,
    number_line,
    pct_text,
    result_text,
    target_label,
    target_sentence,
    target_split,
    target_text,
)


@pytest.mark.parametrize(
    "day, expected",
    [
        # Hướng dẫn 36: a zero before days below 10 and before the months 1 and 2.
        (dt.date(2020, 3, 5), "Đà Nẵng, ngày 05 tháng 3 năm 2020"),
        (dt.date(2024, 1, 8), "Đà Nẵng, ngày 08 tháng 01 năm 2024"),
        (dt.date(2024, 2, 29), "Đà Nẵng, ngày 29 tháng 02 năm 2024"),
        (dt.date(2023, 12, 25), "Đà Nẵng, ngày 25 tháng 12 năm 2023"),
    ],
)
def test_date_line(day, expected):
    assert date_line("Đà Nẵng", day) == expected


def test_number_line_leaves_a_blank_for_the_office():
    assert number_line() == "Số     -BC/ĐU"
    assert number_line("15") == "Số 15-BC/ĐU"


def test_fold_ignores_case_and_diacritics():
    assert fold("Phường  KHUÊ Trung") == "phuong khue trung"
    assert fold("xã Long Đức") == "xa long duc"


@pytest.mark.parametrize(
    "value, scale",
    [
        (Decimal("124857000000"), "triệu"),  # 124.857 triệu đồng, as the budget line is written
        (Decimal("24000000000"), "tỷ"),
        (Decimal("10001260000000"), "tỷ"),  # 10.001,26 tỷ đồng
        (Decimal("112000000"), "triệu"),
        (Decimal("500000"), ""),
    ],
)
def test_money_scale(value, scale):
    assert money_scale(value) == scale


def sentence(phrase, result, **kw):
    target = parse_target(phrase)
    return target_sentence(phrase, target, evaluate(target, Decimal(result)), **kw)


@pytest.mark.parametrize(
    "phrase, result, expected",
    [
        (
            "Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm",
            "11.74",
            "Tổng giá trị sản xuất tăng bình quân 11,74%/năm, chưa đạt chỉ tiêu Nghị quyết (12 - 15%/năm).",
        ),
        (
            "Thu ngân sách tăng bình quân từ 8 - 10%/năm",
            "35.47",
            "Thu ngân sách tăng bình quân 35,47%/năm, vượt chỉ tiêu Nghị quyết (8 - 10%/năm).",
        ),
        (
            "Bình quân hằng năm thoát nghèo 110 hộ/năm",
            "131",
            "Bình quân hằng năm thoát nghèo 131 hộ/năm, vượt chỉ tiêu Nghị quyết (110 hộ/năm), đạt 119,09% Nghị quyết.",
        ),
        (
            "100% hộ sử dụng nước máy",
            "100",
            "100% hộ sử dụng nước máy, đạt chỉ tiêu Nghị quyết (100%).",
        ),
        (
            "Giảm tỷ lệ hộ nghèo còn dưới 3%",
            "2.5",
            "Giảm tỷ lệ hộ nghèo còn 2,5%, vượt chỉ tiêu Nghị quyết (dưới 3%).",
        ),
        (
            "Giới thiệu đào tạo nghề và giải quyết việc làm bình quân hằng năm từ 300 lao động trở lên",
            "373.6",
            "Giới thiệu đào tạo nghề và giải quyết việc làm bình quân hằng năm 373,6 lao động, "
            "vượt chỉ tiêu Nghị quyết (300 lao động/năm), đạt 124,53% Nghị quyết.",
        ),
    ],
)
def test_target_sentence(phrase, result, expected):
    assert sentence(phrase, result) == expected


def test_plan_sentence_without_a_figure_in_its_phrase():
    # Seed 004: "Thu ngân sách nhà nước 124.857 triệu đồng đạt 398,44% kế hoạch".
    result = Decimal("124857000000")
    plan = implied_target_value(result, Decimal("398.44"))
    target = Target(Shape.PLAN_AMOUNT, plan, Unit.VND, text="Thu ngân sách nhà nước theo kế hoạch")
    line = target_sentence(target.text, target, evaluate(target, result), ref="kế hoạch")
    assert line == (
        "Thu ngân sách nhà nước đạt 124.857 triệu đồng, vượt chỉ tiêu kế hoạch (31.336,46 triệu đồng), "
        "đạt 398,44% kế hoạch."
    )


def test_at_mid_term_a_total_is_on_track_or_at_risk():
    # 20 of 25 after two and a half years keeps pace (40 at that pace); 10 does not (20)
    target = parse_target("Phát triển 25 đảng viên trong nhiệm kỳ")
    for yearly, words in (
        ({2021: Decimal(10), 2022: Decimal(10)}, "đúng tiến độ"),
        ({2021: Decimal(5), 2022: Decimal(5)}, "có nguy cơ không đạt"),
    ):
        ev = evaluate_series(target, yearly, years_elapsed=Decimal("2.5"), span=(2020, 2025), as_of=2022)
        line = target_sentence(target.text, target, ev)
        assert f"chỉ tiêu Nghị quyết (25 đảng viên) đang thực hiện, {words}" in line
        assert "số đạt được sau 2,5 năm, tính cho cả 5 năm" in line


def test_no_verdict_is_said_with_its_reason():
    target = parse_target("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm")
    ev = evaluate(target, read_actual("còn 2,1%"))
    line = target_sentence(target.text, target, ev)
    assert line.startswith("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm: chưa đánh giá được, vì kết quả 'còn 2,1%' là mức")
    assert "/" not in line.split("vì", 1)[1]  # the Vietnamese reason only


@pytest.mark.parametrize(
    "phrase,result,sentence",
    [
        ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm", "giảm 1,2%",
         "Tỷ lệ hộ nghèo: giảm 1,2%/năm, chưa đạt chỉ tiêu Nghị quyết (giảm 1,5%/năm)."),
        ("Giữ vững danh hiệu phường văn minh đô thị", "giữ vững",
         "Giữ vững danh hiệu phường văn minh đô thị: đạt, đạt chỉ tiêu Nghị quyết (Giữ vững danh hiệu phường văn "
         "minh đô thị)."),
        ("Hằng năm Đảng bộ hoàn thành tốt nhiệm vụ trở lên", "HTXSNV",
         "Đảng bộ hoàn thành tốt nhiệm vụ trở lên: hoàn thành xuất sắc nhiệm vụ, vượt chỉ tiêu Nghị quyết "
         "(hoàn thành tốt nhiệm vụ trở lên)."),
        ("không còn hộ nghèo", "còn 3 hộ nghèo",
         "Không còn hộ nghèo: còn 3, chưa đạt chỉ tiêu Nghị quyết (không còn hộ nghèo)."),
        ("thu ngân sách tăng 15 - 20% so với kế hoạch được giao", "bằng 110% kế hoạch",
         "Thu ngân sách: bằng 110% kế hoạch, chưa đạt chỉ tiêu Nghị quyết (tăng 15 - 20% so với kế hoạch)."),
    ],
)  # fmt: skip
def test_sentences_of_the_shapes_real_resolutions_use(phrase, result, sentence):
    target = parse_target(phrase)
    assert target_sentence(target.text, target, evaluate(target, read_actual(result))) == sentence


def test_table_cells():
    target = parse_target("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm")
    assert target_text(target) == "12 - 15%/năm"
    assert result_text(target, Decimal("11.74")) == "11,74%/năm"
    assert pct_text(Decimal("97.8333")) == "97,83"
    assert pct_text(None) == "—"
    implied = Target(Shape.AT_LEAST, Decimal("35.2459"), Unit.COUNT, counted="đảng viên")
    assert target_text(implied) == "khoảng 35 đảng viên"


def test_split_and_labels():
    lead, q, tail = target_split("Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm")
    assert (lead, q.value, q.value_max, tail) == ("Tổng giá trị sản xuất tăng bình quân", 12, 15, "")
    assert target_split("Thu ngân sách nhà nước theo kế hoạch")[1] is None
    assert target_label("Thu ngân sách phường được hưởng theo kế hoạch") == "Thu ngân sách phường được hưởng"
    assert target_label("Giao quân hằng năm đạt 100% chỉ tiêu trên giao") == "Giao quân hằng năm"
    assert target_label("x 1%", "Tỷ suất sinh") == "Tỷ suất sinh"


def test_situation_sentences():
    figures = {
        "party_branches": Decimal(28),
        "party_members": Decimal(1131),
        "members_residence_contact": Decimal(2299),
        "residential_groups": Decimal(37),
        "households": Decimal(4957),
        "population": Decimal(18000),
    }
    lines = situation_sentences("Đảng bộ phường Kim Tân", "ward", figures, {"residential": 22, "agency": 6})
    assert lines == [
        "Đảng bộ phường Kim Tân có 28 chi bộ trực thuộc (22 chi bộ khu dân cư, 6 chi bộ cơ quan, đơn vị), "
        "1.131 đảng viên; 2.299 đảng viên đang công tác giữ mối liên hệ với chi bộ nơi cư trú theo "
        "Quy định 213-QĐ/TW.",
        "Trên địa bàn phường có 37 tổ dân phố, 4.957 hộ, 18.000 nhân khẩu.",
    ]
    assert situation_sentences("Đảng bộ xã Long Đức", "commune", {}) == []


def test_party_sentences():
    figures = {
        "party_members_admitted": Decimal(7),
        "branches_good_or_better_rate": Decimal(100),
        "branches_excellent_rate": Decimal("15.3846"),
        "members_good_or_better_rate": Decimal("95.5"),
        "inspections": Decimal(4),
        "party_badges": Decimal(3),
    }
    assert party_sentences(figures, kind="annual", years=[2023]) == [
        "Năm 2023, kết nạp 7 đảng viên mới.",
        "Năm 2023, tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên đạt 100%, trong đó hoàn thành xuất sắc "
        "nhiệm vụ 15,38%.",
        "Năm 2023, tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 95,5%.",
        "Năm 2023, Đảng ủy và Ủy ban Kiểm tra Đảng ủy tiến hành 4 cuộc kiểm tra, giám sát.",
        "Năm 2023, đề nghị tặng Huy hiệu Đảng cho 3 đảng viên.",
    ]
    # What a target's sentence already said is not said twice.
    term = party_sentences(
        figures | {"committee_clean_strong_years": Decimal(5), "committee_excellent_years": Decimal(3)},
        kind="term",
        years=[2015, 2016, 2017, 2018, 2019],
        said=frozenset({"party_members_admitted", "branches_good_or_better_rate"}),
    )
    assert term[0] == "Bình quân hằng năm, tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 95,5%."
    assert (
        "Đảng bộ có 5 năm được đánh giá hoàn thành tốt nhiệm vụ trở lên (trong sạch, vững mạnh), "
        "trong đó 3 năm hoàn thành xuất sắc nhiệm vụ." in term
    )
    assert "Trong nhiệm kỳ, Đảng ủy và Ủy ban Kiểm tra Đảng ủy tiến hành 4 cuộc kiểm tra, giám sát." in term
