"""The targets and results the seed articles state (seed_targets.toml), read into core objects.

Pure Python: the `chitieu seeds` command and the demo database both start from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from decimal import Decimal
from importlib import resources

from chitieu.core.catalog import find_indicator
from chitieu.core.quantity import Unit
from chitieu.core.targets import Shape, Target, find_quantity, parse_target
from chitieu.core.verdicts import implied_target_value


def seed_committees() -> list[dict]:
    text = resources.files("chitieu.demo").joinpath("seed_targets.toml").read_text("utf-8")
    return tomllib.loads(text)["committee"]


def seed_target(row: dict) -> tuple[Target, Decimal]:
    """The target of a row and the result to judge (a yearly average where the row gives years).

    A row with only a completion ("đạt 398,44% kế hoạch") gets the target its numbers imply.
    """
    result, _, _ = find_quantity(row["result"])
    value = result.value / row["years"] if "years" in row else result.value
    if "completion" not in row:
        return parse_target(row["target"]), value
    plan = implied_target_value(result.value, Decimal(row["completion"].replace(",", ".")))
    shape = Shape.PLAN_AMOUNT if result.unit == Unit.VND else Shape.AT_LEAST
    indicator = find_indicator(row["target"], result.unit)
    target = Target(shape, plan, result.unit, counted=result.counted, text=row["target"], scale=result.scale)
    return (replace(target, indicator=indicator.key) if indicator else target), value
