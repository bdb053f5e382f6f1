"""docs/targets.md is kept honest: every shape has its row, and the scores it gives are today's."""

import re
from pathlib import Path

from chitieu.core.targets import SHAPE_LABELS, Shape
from tests.core.real_targets.score import check_batch

DOC = (Path(__file__).parents[2] / "docs" / "targets.md").read_text("utf-8")
BATCHES = Path(__file__).parent / "real_targets"


def test_every_shape_has_its_row_and_label():
    rows = set(re.findall(r"^\| `(\w+)` \|", DOC, re.M))
    assert rows == {s.value for s in Shape}
    assert set(SHAPE_LABELS) == set(Shape)


def test_the_scores_after_the_rules_are_todays():
    # "| a, c (development) | 459 | … | 459 agree, 0 wrong |": the last column is checked against the code
    rows = re.findall(r"^\| ([a-z, ]+) \([^)]*\) \| (\d+) \|.*\| (\d+) agree, (\d+) wrong \|$", DOC, re.M)
    assert len(rows) == 3
    for batches, checks, agree, wrong in rows:
        results = [c for b in batches.split(", ") for c in check_batch(BATCHES / f"batch_{b}.toml")]
        assert len(results) == int(checks), batches
        assert sum(c.verdict_agrees for c in results) == int(agree), batches
        assert sum(c.got != "undetermined" and not c.verdict_agrees for c in results) == int(wrong), batches


def test_the_adversarial_rounds_scores_are_todays():
    # "| second: pairs (pairs_round2.txt) | 378 | … | 378 agree, 0 wrong, 0 refusals |": checked against the code
    from tests.core.test_review_cases import VERDICTS, _pairs
    from tests.core.test_series import REVIEW_SERIES_ROWS, series_code

    rows = re.findall(
        r"^\| (first|second): (pairs|series) \(([\w.]+)\) \| (\d+) \|[^|]+\| (\d+) agree, (\d+) wrong, "
        r"(\d+) (?:refusals|other) \|$",
        DOC,
        re.M,
    )
    assert len(rows) == 3
    for _, kind, source, cases, agree, wrong, other in rows:
        if kind == "pairs":
            got = [(expected, _verdict_code(t, r, VERDICTS)) for t, r, expected in _pairs(source)]
        else:
            got = [
                (r[3], series_code(r[0], r[1], r[2], r[4] if len(r) > 4 else (2025, 2030))) for r in REVIEW_SERIES_ROWS
            ]
        agreeing = [code in expected.split("/") for expected, code in got]
        wrong_verdicts = [code in "EMN" and code not in expected.split("/") for expected, code in got]
        assert (len(got), sum(agreeing), sum(wrong_verdicts)) == (int(cases), int(agree), int(wrong)), source
        assert len(got) - sum(agreeing) - sum(wrong_verdicts) == int(other), source


def _verdict_code(target: str, result: str, verdicts: dict) -> str:
    from chitieu.core.quantity import QuantityError
    from chitieu.core.targets import TargetError, parse_target
    from chitieu.core.verdicts import evaluate, read_actual

    codes = {v: k for k, v in verdicts.items()}
    try:
        ev = evaluate(parse_target(target), read_actual(result))
    except (TargetError, QuantityError):
        return "0"
    return codes[ev.verdict.value if ev.verdict else None]
