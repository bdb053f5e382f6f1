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
