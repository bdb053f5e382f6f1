"""Checking the verdicts an article claims against its own figures.

A review writes the result, its verdict and the target side by side: "Tổng giá trị sản xuất tăng
bình quân 11,74%/năm, đạt chỉ tiêu Nghị quyết Đại hội đề ra (12 - 15%/năm)". The extractor gives
the result (role actual, claim "đạt") and the target (role target) the same indicator; here the
target is read with the core's target rules and the result judged against it. A claim the numbers
do not support is a conflict: 11,74% is below 12%, so "đạt" is wrong.
"""

from __future__ import annotations

from chitieu.core.targets import TargetError, target_from_quantity
from chitieu.core.verdicts import VERDICT_LABELS, Verdict, evaluate

from .model import ClaimConflict, Fact

__all__ = ["check_claims"]

# How far after a result its bracketed target may stand (characters).
_TARGET_WINDOW = 240


def _supports(claimed: str, verdict: Verdict) -> bool:
    """Whether the verdict the figures give bears the claim out.

    "đạt" is borne out by met and by exceeded (reports write "đạt" for both); "vượt" only by
    exceeded; "chưa đạt" only by not met.
    """
    if claimed == "đạt":
        return verdict in (Verdict.MET, Verdict.EXCEEDED)
    if claimed == "vượt":
        return verdict == Verdict.EXCEEDED
    return verdict == Verdict.NOT_MET


def _target_for(facts: list[Fact], i: int) -> Fact | None:
    """The target written after a result: same document, same indicator, no other result between."""
    actual = facts[i]
    for other in facts[i + 1 :]:
        if other.doc != actual.doc or other.start - actual.end > _TARGET_WINDOW:
            return None
        if other.role == "target" and other.indicator == actual.indicator and other.unit == actual.unit:
            return other
        if other.role == "actual" and other.indicator == actual.indicator:
            return None
    return None


def check_claims(facts: list[Fact]) -> list[ClaimConflict]:
    """The claims of ``facts`` (as ``extract_text`` returns them, in text order) that their own
    figures contradict."""
    ordered = sorted(facts, key=lambda f: (f.doc, f.start))
    conflicts = []
    for i, fact in enumerate(ordered):
        if fact.claim is None or fact.role != "actual" or fact.indicator is None:
            continue
        target_fact = _target_for(ordered, i)
        if target_fact is None:
            continue
        try:
            target = target_from_quantity(target_fact.quantity, target_fact.text, fact.indicator)
            evaluation = evaluate(target, fact.quantity)
        except (TargetError, KeyError):
            continue  # a target the core cannot read: no verdict
        if evaluation.verdict is None:
            continue  # units that do not compare, a level against a change: no verdict, no conflict
        if not _supports(fact.claim, evaluation.verdict):
            conflicts.append(
                ClaimConflict(
                    actual=fact,
                    target=target_fact,
                    claimed=fact.claim,
                    verdict=VERDICT_LABELS[evaluation.verdict],
                    completion_pct=evaluation.completion_pct,
                )
            )
    return conflicts
