"""The rating rules by year (party/rating_rules.py): pure, no database."""

from decimal import Decimal

import pytest
from django.test import override_settings

from chitieu.party import rating_rules as rules
from chitieu.party.models import Level

X, G, C, N = "excellent", "good", "completed", "not_completed"


def test_level_values_are_the_models():
    assert rules.LEVELS == tuple(Level.values)


@pytest.mark.parametrize(
    ("year", "points_from", "code", "points"),
    [
        (2017, 2025, "", False),
        (2018, 2025, "132-QĐ/TW", False),
        (2022, 2025, "132-QĐ/TW", False),
        (2023, 2025, "124-QĐ/TW", False),
        (2024, 2025, "124-QĐ/TW", False),
        (2025, 2025, "366-QĐ/TW", True),
        (2030, 2025, "366-QĐ/TW", True),
        (2025, 2026, "124-QĐ/TW", False),  # a later start keeps 2025 on the four levels
        (2026, 2026, "366-QĐ/TW", True),
    ],
)
def test_scheme_for(year, points_from, code, points):
    scheme = rules.scheme_for(year, points_from)
    assert (scheme.code, scheme.points, rules.uses_points(year, points_from)) == (code, points, points)


def test_scheme_reads_the_setting():
    assert rules.scheme_for(2025) is rules.QD_366
    with override_settings(CHITIEU_RATING_POINTS_FROM=2026):
        assert rules.scheme_for(2025) is rules.QD_124
    assert rules.QD_366.title == "Quy định 366-QĐ/TW ngày 30/8/2025"


@pytest.mark.parametrize(
    ("score", "disciplined", "conditions", "level"),
    [
        ("0", False, False, N),
        ("49.99", False, False, N),
        ("50", False, False, C),
        ("69.99", False, False, C),
        ("70", False, False, G),
        ("89.99", False, False, G),
        ("89.99", False, True, G),  # the conditions do not lift a score under 90
        ("90", False, False, G),  # 90 without the extra conditions
        ("90", False, True, X),
        ("100", False, True, X),
        ("100", False, False, G),
        ("100", True, True, N),  # disciplined in the year: KHTNV (QĐ 124, kept for 366)
        ("75", True, False, N),
        ("85,5", False, False, G),  # typed the Vietnamese way
        (Decimal("90.00"), False, True, X),
        (95, False, True, X),
    ],
)
def test_level_for_score(score, disciplined, conditions, level):
    got = rules.level_for_score(score, disciplined=disciplined, excellent_conditions=conditions)
    assert got == level


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("100.01", "Điểm phải từ 0 đến 100, không phải 100,01"),
        (Decimal("100.01"), "Điểm phải từ 0 đến 100"),
        ("-1", "Điểm phải từ 0 đến 100, không phải -1"),
        (-1, "Điểm phải từ 0 đến 100"),
        ("abc", "Điểm không phải là số: «abc»"),
        ("", "Điểm không phải là số"),
        ("85,555", "tối đa 2 chữ số thập phân"),
        (Decimal("70.001"), "tối đa 2 chữ số thập phân"),
        ("1.000", "tối đa 2 chữ số thập phân"),  # not a thousand: a score has no thousands group
        ("NaN", "Điểm không phải là số"),
        (Decimal("Infinity"), "Điểm không phải là số"),
        (None, "Điểm không phải là số"),
        (True, "Điểm không phải là số"),
        ("9 0", "Điểm không phải là số"),
    ],
)
def test_bad_scores_are_refused_clearly(score, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.level_for_score(score, disciplined=False, excellent_conditions=True)


@pytest.mark.parametrize(
    ("text", "value"),
    [("85,5", "85.50"), ("85.5", "85.50"), (" 90 ", "90.00"), ("0", "0.00"), ("100,00", "100.00"), (70, "70.00")],
)
def test_check_score(text, value):
    assert rules.check_score(text) == Decimal(value)
    assert str(rules.check_score(text)) == value


@pytest.mark.parametrize(
    ("score", "disciplined", "levels"),
    [
        (Decimal(95), False, (X, G)),
        (Decimal(90), False, (X, G)),
        (Decimal("89.99"), False, (G,)),
        (Decimal(50), False, (C,)),
        (Decimal("49.99"), False, (N,)),
        (Decimal(95), True, (N,)),
    ],
)
def test_levels_for_score(score, disciplined, levels):
    assert rules.levels_for_score(score, disciplined=disciplined) == levels


@pytest.mark.parametrize(
    ("level", "scheme", "disciplined", "conditions", "error"),
    [
        (G, rules.QD_366, False, None, None),
        (X, rules.QD_366, False, None, None),  # the member's own claim: conditions not judged
        (X, rules.QD_366, False, True, None),
        (X, rules.QD_366, False, False, "HTXSNV cần đủ các điều kiện"),
        (X, rules.QD_124, False, False, None),  # no points, no conditions tick before 2025
        (C, rules.QD_366, True, None, "Bị kỷ luật trong năm thì xếp loại KHTNV theo Quy định 366-QĐ/TW"),
        (G, rules.QD_124, True, None, "KHTNV theo Quy định 124-QĐ/TW"),
        (N, rules.QD_124, True, None, None),
        (G, rules.QD_132, True, None, None),  # the notes have no rule for QĐ 132 years
        ("tốt", rules.QD_366, False, None, "Mức xếp loại không hợp lệ"),
    ],
)
def test_check_level(level, scheme, disciplined, conditions, error):
    if error is None:
        assert (
            rules.check_level(level, scheme=scheme, disciplined=disciplined, excellent_conditions=conditions) == level
        )
    else:
        with pytest.raises(rules.RuleError, match=error):
            rules.check_level(level, scheme=scheme, disciplined=disciplined, excellent_conditions=conditions)


@pytest.mark.parametrize(
    ("excellent", "good_or_better", "cap", "allowed", "over"),
    [
        (12, 50, 20, 10, 2),
        (10, 50, 20, 10, 0),
        (11, 50, 20, 10, 1),
        (1, 7, 20, 1, 0),  # 20% of 7 is 1,4: one allowed
        (2, 7, 20, 1, 1),
        (1, 4, 20, 0, 1),  # 20% of 4 is 0,8: none
        (0, 0, 20, 0, 0),
        (2, 8, 25, 2, 0),
        (3, 8, Decimal("30"), 2, 1),
    ],
)
def test_cap(excellent, good_or_better, cap, allowed, over):
    assert rules.excellent_allowed(good_or_better, cap) == allowed
    assert rules.over_cap(excellent, good_or_better, cap) == over


def test_cap_message_names_the_numbers():
    assert rules.cap_message(12, 50, 20).startswith("12 HTXSNV vượt 20% của 50 đảng viên HTTNV trở lên (tối đa 10)")


def test_cap_refuses_impossible_counts():
    with pytest.raises(rules.RuleError):
        rules.over_cap(5, 3, 20)
