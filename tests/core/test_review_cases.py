"""The adversarial rounds (tests/core/review_cases/): target/result pairs reviewers wrote to make the
verdicts fail, with the reviewer's verdict: 640 in the first round (pairs.txt), 378 in the second
(pairs_round2.txt). Every pair agrees but the listed ones, kept with the reason."""

from pathlib import Path

import pytest

from chitieu.core.quantity import QuantityError
from chitieu.core.targets import TargetError, parse_target
from chitieu.core.verdicts import evaluate, read_actual

VERDICTS = {"E": "exceeded", "M": "met", "N": "not_met", "0": None}


def _pairs(name: str) -> list[tuple[str, str, str]]:
    return [
        tuple(part.strip() for part in line.split(" | "))
        for line in (Path(__file__).parent / "review_cases" / name).read_text("utf-8").splitlines()
        if line.count(" | ") == 2
    ]


PAIRS = _pairs("pairs.txt")
PAIRS_ROUND2 = _pairs("pairs_round2.txt")

KNOWN = {
    ("Đảng bộ xã đạt trong sạch, vững mạnh tiêu biểu", "trong sạch vững mạnh"): (
        "'tiêu biểu' was a distinction inside the top level of the older scheme; the code ranks the top level "
        "once, as the rules now in force do (reviewer: medium confidence)"
    ),
    ("Quy mô dân số đến năm 2030 khoảng 12.000 người", "12.500 người"): (
        "'khoảng' (about) is read as the target itself, as the real resolutions' annotators read it"
    ),
    ("Giá trị sản xuất ngành nông nghiệp tăng 3%/năm", "tăng 103%"): (
        "a growth of 103% is read as written; the reviewer suspects a share of last year mistyped"
    ),
    ("Thu ngân sách đạt 31.336 triệu đồng", "không đạt"): (
        "'không đạt' says no figure: the code asks for one (the convention of the real lines' annotators)"
    ),
    ("Đảng bộ đạt trong sạch vững mạnh 5 năm", "3 năm trong sạch vững mạnh, 2 năm hoàn thành tốt nhiệm vụ"): (
        "a count of years at a level, given as years per level: not read"
    ),
    ("Hội Nông dân đạt vững mạnh", "khá"): "the ratings of mass organisations (khá, trung bình) are not read",
    ("Tuổi thọ trung bình đạt 75 tuổi", "76 tuổi"): "an age alone as a result is taken for an age, not a value",
    ("Tuổi thọ bình quân 74,5 tuổi", "74 tuổi"): "an age alone as a result is taken for an age, not a value",
}


# The second round: the pairs kept as they are, each with its reason.
KNOWN_ROUND2: dict[tuple[str, str], str] = {}


def _param(target, result, expected, known=KNOWN):
    marks = [pytest.mark.xfail(strict=True, reason=known[(target, result)])] if (target, result) in known else []
    return pytest.param(target, result, expected, id=f"{target[:40]}|{result[:20]}", marks=marks)


@pytest.mark.parametrize(
    "target,result,expected",
    [_param(*p) for p in PAIRS] + [_param(*p, known=KNOWN_ROUND2) for p in PAIRS_ROUND2],
)
def test_adversarial_pair(target, result, expected):
    allowed = {VERDICTS[x] for x in expected.split("/")}
    try:
        ev = evaluate(parse_target(target), read_actual(result))
        got, why = ev.verdict.value if ev.verdict else None, ev.reason
    except (TargetError, QuantityError) as exc:
        got, why = None, str(exc)
    assert got in allowed, why


def test_the_rounds_are_large():
    assert len(PAIRS) >= 600
    assert set(KNOWN) <= {(t, r) for t, r, _ in PAIRS}
    assert len(PAIRS_ROUND2) >= 370
    assert set(KNOWN_ROUND2) <= {(t, r) for t, r, _ in PAIRS_ROUND2}


def test_no_known_disagreement_of_round_two_is_a_confident_wrong_verdict():
    # a pair kept must be one where the code gives no verdict (a refusal), never a wrong one
    for target, result, _ in PAIRS_ROUND2:
        if (target, result) in KNOWN_ROUND2:
            try:
                ev = evaluate(parse_target(target), read_actual(result))
            except (TargetError, QuantityError):
                continue
            assert ev.verdict is None, (target, result, ev.verdict)
