"""Evaluation of a committee's targets from its stored results: plain functions over the models.

The rules themselves are in chitieu.core (targets, series); this module only gathers the figures,
in a bounded number of queries, and says which rule applies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from chitieu.core.catalog import indicators
from chitieu.core.series import MIDTERM_YEARS, Summary, evaluate_series, summarise
from chitieu.core.targets import Evaluation, Shape, TargetError, Verdict, evaluate

from .models import Result, Target, Term


@dataclass
class TargetStatus:
    target: Target
    yearly: dict[int, Decimal] = field(default_factory=dict)
    term_result: Decimal | None = None
    evaluation: Evaluation | None = None
    error: str = ""  # why no verdict could be given
    claim: str = ""  # the verdict a source document claims
    basis: str = ""  # what was judged: "cả nhiệm kỳ", "bình quân 2021-2023", "năm 2023"
    basis_note: str = ""  # where the figures came from when not typed

    @property
    def verdict(self) -> Verdict | None:
        return self.evaluation.verdict if self.evaluation else None

    @property
    def claim_conflict(self) -> bool:
        """The document claims met/exceeded where the numbers say not met, or the reverse."""
        if not self.claim or self.evaluation is None:
            return False
        claims_met = self.claim in ("đạt", "vượt")
        return claims_met == (self.evaluation.verdict == Verdict.NOT_MET)


def judge_target(
    target: Target,
    results: list[Result],
    *,
    up_to: int | None,
    midterm: bool,
    computed: dict[int, Decimal] | None = None,
) -> TargetStatus:
    """``computed``: the indicator's yearly values from the Party records, used when nothing was
    typed for the target (members, admissions, ratings are never typed twice)."""
    status = TargetStatus(target)
    core = target.as_core()
    if computed and not results:
        status.yearly = {y: v for y, v in computed.items() if up_to is None or y <= up_to}
        status.basis_note = "tính từ hồ sơ đảng viên"
    for r in results:
        if r.year is None:
            status.term_result = Decimal(r.value)
            status.claim = r.claim or status.claim
        elif up_to is None or r.year <= up_to:
            status.yearly[r.year] = Decimal(r.value)
            status.claim = r.claim or status.claim
    try:
        if target.year is not None:  # a yearly plan target: that year's result
            if target.year in status.yearly:
                status.evaluation = evaluate(core, status.yearly[target.year])
                status.basis = f"năm {target.year}"
        elif status.term_result is not None and up_to is None:
            status.evaluation = evaluate(core, status.term_result)
            status.basis = "cả nhiệm kỳ"
        elif status.yearly:
            years = sorted(status.yearly)
            elapsed = MIDTERM_YEARS if midterm else Decimal(len(years))
            status.evaluation = evaluate_series(core, status.yearly, years_elapsed=elapsed)
            status.basis = f"{years[0]}-{years[-1]}" if len(years) > 1 else f"năm {years[0]}"
            if core.shape == Shape.TERM_TOTAL and midterm:
                status.basis += " (so với tiến độ giữa nhiệm kỳ)"
    except TargetError as exc:
        status.error = str(exc)
    return status


def _computed_for(term: Term, targets: list[Target]) -> dict[str, dict[int, Decimal]]:
    """The Party-record indicators of the committee, for targets that have nothing typed."""
    keys = {t.indicator for t in targets if t.indicator and not t.results.all()}
    catalog = indicators()
    if not any(k in catalog and catalog[k].computed for k in keys):
        return {}
    from chitieu.party.indicators import computed_series  # the party app builds on plans

    return computed_series(term.committee, [y for y in term.years if y <= dt.date.today().year])


def judge_targets(
    targets: list[Target],
    *,
    year: int | None = None,
    up_to: int | None = None,
    midterm: bool = False,
    computed: dict[str, dict[int, Decimal]] | None = None,
) -> list[TargetStatus]:
    """The rule behind evaluate_term and evaluate_year, on a term's targets with results prefetched.

    With ``year``: that year's plan targets if the committee set them, else the term's targets judged
    on that year. Without: the term's targets, on results up to ``up_to``.
    """
    computed = computed or {}
    if year is not None:
        plan = [t for t in targets if t.year == year]
        if plan:
            return [judge_target(t, list(t.results.all()), up_to=year, midterm=False) for t in plan]
        return [
            judge_target(t, [r for r in t.results.all() if r.year == year], up_to=year, midterm=False)
            for t in targets
            if t.year is None
        ]
    return [
        judge_target(t, list(t.results.all()), up_to=up_to, midterm=midterm, computed=computed.get(t.indicator))
        for t in targets
        if t.year is None
    ]


def evaluate_term(term: Term, *, up_to: int | None = None, midterm: bool = False) -> list[TargetStatus]:
    """Every target of a term with its verdict: a fixed number of queries whatever the number of targets."""
    targets = list(term.targets.filter(year__isnull=True).prefetch_related("results"))
    return judge_targets(targets, up_to=up_to, midterm=midterm, computed=_computed_for(term, targets))


def evaluate_year(term: Term, year: int) -> list[TargetStatus]:
    """A year's plan targets if the committee set them, else the term's targets judged on that year."""
    targets = term.targets.filter(Q(year=year) | Q(year__isnull=True)).prefetch_related("results")
    return judge_targets(list(targets), year=year)


def summary(statuses: list[TargetStatus]) -> Summary:
    return summarise(s.verdict for s in statuses)
