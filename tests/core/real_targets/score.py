"""Scores the target reader and the verdicts against real resolution lines annotated by hand.

Each batch file (``batch_*.toml``) holds target lines copied verbatim from real resolutions of
communes, wards and districts, with the reading a reviewer gives and two or three results judged
by the reviewer's rules (docs/targets.md), written down before the code saw them.

    .venv/bin/python tests/core/real_targets/score.py [batch_x.toml ...] [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from chitieu.core.quantity import QuantityError, Unit
from chitieu.core.targets import Period, Shape, Target, TargetError, parse_target
from chitieu.core.verdicts import evaluate, is_growth_target, read_actual, round_pct

HERE = Path(__file__).parent

# Readings that name the same rule: a growth written as a range is judged as average growth; a
# "50% (8 xã)" share with its count is judged like x_of_y whichever name it carries.
# A sum or a count to reach is judged the same as at_least, a term total or a plan amount on one result.
_TO_REACH = {"at_least", "term_total", "plan_amount"}
_SAME_SHAPE = {
    Shape.RANGE: {"range", "average_growth"},
    Shape.AT_LEAST: _TO_REACH,
    Shape.TERM_TOTAL: _TO_REACH,
    Shape.PLAN_AMOUNT: _TO_REACH,
}


@dataclass
class Check:
    batch: str
    line: int  # 1-based index of the line in its batch
    target_text: str
    result_text: str
    expected: str  # "met" | "exceeded" | "not_met" | "undetermined"
    expected_pct: str
    got: str
    got_pct: str
    reading: str  # "" when the reading agrees, else what differs
    reason: str

    @property
    def key(self) -> str:
        return f"{self.batch}{self.line}:{self.result_text}"

    @property
    def verdict_agrees(self) -> bool:
        if self.expected != self.got:
            return False
        if self.expected == "undetermined" or not self.expected_pct:
            return True
        return self.got_pct == self.expected_pct

    @property
    def agrees(self) -> bool:
        return self.verdict_agrees and not self.reading


def _dec(text: str) -> Decimal | None:
    text = (text or "").strip()
    return Decimal(text) if text else None


def _reading_diff(line: dict, target: Target | None) -> str:
    """What the parsed target gets wrong against the annotated reading ("" when nothing)."""
    if target is None:
        return "" if all(r["verdict"] == "undetermined" for r in line["result"]) else "no reading"
    diffs = []
    shape = line["shape"]
    growth = is_growth_target(target)
    same = _SAME_SHAPE.get(target.shape, {target.shape.value})
    if target.shape == Shape.RANGE and target.direction == "lower":
        same = {"range", "at_most"}  # "còn 15-20%": a ceiling with a floor
    yearly_count = target.period == Period.YEAR and target.unit == Unit.COUNT and target.shape == Shape.AT_LEAST
    plan_floor = target.shape == Shape.AT_LEAST and target.unit == Unit.PERCENT and target.value == 100
    yearly_plan = bool(re.fullmatch(r"\d{4}", line.get("term", "")))
    if growth and shape == "average_growth":
        pass
    elif yearly_count and shape == "per_year_count":
        pass  # "từ 10 đảng viên trở lên/năm": a floor every year, judged on the yearly average
    elif target.is_change and target.period is None and shape in ("change_per_year", "change_over_term"):
        pass  # a change whose period the phrase leaves unsaid: judged on a single result either way
    elif shape == "yes_no" and target.unit == Unit.COUNT and target.value == 1:
        pass  # "Có 01 sản phẩm OCOP": one thing to have is a yes/no
    elif shape in ("all", "yes_no") and plan_floor:
        pass  # "đạt 100% chỉ tiêu giao", "đạt chỉ tiêu huyện giao": the plan, and more can be done
    elif target.is_change and yearly_plan and shape in ("change_per_year", "change_over_term"):
        pass  # in a year's plan, "so với năm 2018" (the year before) is the year's change
    elif shape not in same and not (shape == "x_of_y" and target.count is not None):
        diffs.append(f"shape {target.shape.value}≠{shape}")
    value = _dec(line["value"]) if line["unit_of_value"] not in ("rating", "yes_no") and not plan_floor else None
    if value is not None and target.value != value:
        diffs.append(f"value {target.value}≠{value}")
    vmax = _dec(line.get("value_max", ""))
    if vmax is not None and target.value_max != vmax:
        diffs.append(f"value_max {target.value_max}≠{vmax}")
    one = line["unit_of_value"] == "yes_no" and target.unit == Unit.COUNT and target.value == 1
    if (
        line["unit_of_value"] not in ("other",)
        and target.unit.value != line["unit_of_value"]
        and not (one or plan_floor)
    ):
        diffs.append(f"unit {target.unit.value}≠{line['unit_of_value']}")
    return ", ".join(diffs)


def check_batch(path: Path) -> list[Check]:
    data = tomllib.loads(path.read_text("utf-8"))
    batch = data["batch"]
    checks = []
    for i, line in enumerate(data["line"], 1):
        try:
            target = parse_target(line["text"])
            failure = ""
            if re.fullmatch(r"\d{4}", line.get("term", "")) and target.deadline is None:
                # a yearly plan's target is due by the end of its year (chitieu.plans.models.Target)
                target = replace(target, deadline=int(line["term"]))
        except (TargetError, QuantityError) as exc:
            target, failure = None, str(exc)
        reading = _reading_diff(line, target)
        for res in line["result"]:
            got, got_pct, reason = "undetermined", "", failure
            if target is not None:
                try:
                    ev = evaluate(target, read_actual(res["text"]))
                except (TargetError, QuantityError) as exc:
                    reason = str(exc)
                else:
                    got = ev.verdict.value if ev.verdict else "undetermined"
                    pct = round_pct(ev.completion_pct)
                    got_pct = f"{pct:.2f}" if pct is not None else ""
                    reason = ev.reason
            expected_pct = f"{Decimal(res['completion_pct']):.2f}" if res.get("completion_pct") else ""
            checks.append(
                Check(batch, i, line["text"], res["text"], res["verdict"], expected_pct, got, got_pct, reading, reason)
            )
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    files = args.files or sorted(HERE.glob("batch_*.toml"))
    print(f"{'batch':6} {'lines':>5} {'checks':>6} {'agree':>6} {'verdict ok':>10} {'undet.':>6} {'wrong':>6}")
    for f in files:
        checks = check_batch(f)
        lines = len({c.line for c in checks})
        agree = sum(c.agrees for c in checks)
        verdict_ok = sum(c.verdict_agrees for c in checks)
        undet = sum(c.got == "undetermined" for c in checks)
        # a confident wrong verdict: the code gives one, and it is not the reviewer's
        wrong = sum(c.got != "undetermined" and not c.verdict_agrees for c in checks)
        print(f"{f.stem:6} {lines:5} {len(checks):6} {agree:6} {verdict_ok:10} {undet:6} {wrong:6}")
        if args.show:
            for c in checks:
                if not c.agrees:
                    print(
                        f"  {c.batch}{c.line}: {c.target_text!r} | {c.result_text!r}: expected {c.expected}"
                        f" {c.expected_pct}, got {c.got} {c.got_pct} {('[' + c.reading + ']') if c.reading else ''}"
                        f" {c.reason[:90]}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
