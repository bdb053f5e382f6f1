"""Evaluation of a committee's targets from its stored results: plain functions over the models.

The rules themselves are in chitieu.core (targets, series); this module only gathers the figures,
in a bounded number of queries, and says which rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from chitieu.core.catalog import indicators
from chitieu.core.series import MIDTERM_YEARS, Summary, evaluate_series, level_to_reach, summarise
from chitieu.core.targets import Period, Shape, TargetError
from chitieu.core.verdicts import Evaluation, Outlook, Verdict, evaluate

from .models import Result, Status, Target, Term

# How a figure nobody approved yet is marked wherever it is shown (pages, API, reports, the province's
# rows): the weakest status among the results a verdict rests on.
UNAPPROVED_MARKS = {Status.DRAFT: "(nháp)", Status.SUBMITTED: "(chưa duyệt)"}


def weakest_status(results) -> str:
    """draft if any result is a draft, else submitted if any is, else approved; "" for none."""
    statuses = {r.status for r in results}
    for status in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED):
        if status in statuses:
            return str(status)
    return ""


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
    # The weakest workflow status (draft, submitted, approved) of the typed results the verdict rests
    # on; "" when it rests on none (the Party records' computed figures have no approval step).
    result_status: str = ""

    @property
    def unapproved(self) -> bool:
        """The figure shown (and the verdict counted) rests on a result nobody approved yet."""
        return self.evaluation is not None and self.result_status in UNAPPROVED_MARKS

    @property
    def mark(self) -> str:
        """ "(nháp)", "(chưa duyệt)", or "": shown next to the result wherever it appears."""
        return UNAPPROVED_MARKS[self.result_status] if self.unapproved else ""

    @property
    def verdict(self) -> Verdict | None:
        return self.evaluation.verdict if self.evaluation else None

    @property
    def outlook(self) -> Outlook | None:
        return self.evaluation.outlook if self.evaluation else None

    @property
    def in_progress(self) -> bool:
        return bool(self.evaluation and self.evaluation.in_progress)

    @property
    def label(self) -> str:
        """đạt, vượt, chưa đạt; "đang thực hiện, đúng tiến độ"; "không xác định được"; "chưa có số liệu"."""
        return self.evaluation.label if self.evaluation else "chưa có số liệu"

    @property
    def verdict_so_far(self) -> Verdict | None:
        """The verdict, or for a term under way the one its figures give so far."""
        if self.evaluation is None:
            return None
        return self.evaluation.verdict or self.evaluation.so_far

    @property
    def claim_conflict(self) -> bool:
        """The document claims met/exceeded where the numbers say not met, or the reverse."""
        verdict = self.verdict_so_far
        if not self.claim or verdict is None:
            return False
        claims_met = self.claim in ("đạt", "vượt")
        return claims_met == (verdict == Verdict.NOT_MET)


def judge_target(
    target: Target,
    results: list[Result],
    *,
    up_to: int | None,
    midterm: bool,
    computed: dict[int, Decimal] | None = None,
    span: tuple[int, int] | None = None,
    as_of: int | None = None,
) -> TargetStatus:
    """``computed``: the indicator's yearly values from the Party records, used when nothing was
    typed for the target (members, admissions, ratings are never typed twice).

    ``span`` (the term's first and last year) and ``as_of`` (the year of the review): a term not
    over by then is "đang thực hiện", no verdict yet unless the figures already settle it, and an
    outlook from the trend (chitieu.core.series). Without them every verdict is final.
    """
    status = TargetStatus(target)
    core = target.as_core()
    if computed and not results:
        status.yearly = {y: v for y, v in computed.items() if up_to is None or y <= up_to}
        status.basis_note = "tính từ hồ sơ đảng viên"
    term_result: Result | None = None
    yearly: dict[int, Result] = {}
    for r in results:
        if r.year is None:
            term_result = r
            status.term_result = Decimal(r.value)
            status.claim = r.claim or status.claim
        elif up_to is None or r.year <= up_to:
            yearly[r.year] = r
            status.yearly[r.year] = Decimal(r.value)
            status.claim = r.claim or status.claim
    try:
        if target.year is not None:  # a yearly plan target: that year's result
            if target.year in status.yearly:
                status.evaluation = evaluate(core, status.yearly[target.year])
                status.basis = f"năm {target.year}"
                status.result_status = weakest_status([yearly[target.year]] if target.year in yearly else [])
        elif status.term_result is not None and up_to is None:
            status.evaluation = evaluate(core, status.term_result)
            status.basis = "cả nhiệm kỳ"
            status.result_status = weakest_status([term_result])
        elif status.yearly:
            years = sorted(status.yearly)
            status.evaluation = evaluate_series(
                core, status.yearly, years_elapsed=MIDTERM_YEARS if midterm else None, span=span, as_of=as_of
            )
            status.basis = f"{years[0]}-{years[-1]}" if len(years) > 1 else f"năm {years[0]}"
            status.result_status = weakest_status(yearly.values())
    except TargetError as exc:
        status.error = str(exc)
    if status.evaluation is not None and status.evaluation.reason:
        status.error = status.evaluation.reason
    return status


def _computed_for(term: Term, targets: list[Target], years: list[int] | None = None) -> dict[str, dict[int, Decimal]]:
    """The Party-record indicators of the committee, for targets that have nothing typed: over
    ``years``, by default the years a term's Party work is counted over (party_years)."""
    keys = {t.indicator for t in targets if t.indicator and not t.results.all()}
    catalog = indicators()
    if not any(k in catalog and catalog[k].computed for k in keys):
        return {}
    from chitieu.party.indicators import computed_series  # the party app builds on plans

    return computed_series(term.committee, party_years(term) if years is None else years)


def party_years(term: Term, today=None) -> list[int]:
    """The years the term's Party figures (members at its end, admissions over it, ratings) are
    counted over: chitieu.party.indicators.term_years, the one rule of pages, API and reports."""
    from chitieu.party.indicators import term_years

    return term_years(term.start_year, term.end_year, today)


def _within(computed: dict[str, dict[int, Decimal]], years) -> dict[str, dict[int, Decimal]]:
    allowed = set(years)
    return {k: {y: v for y, v in series.items() if y in allowed} for k, series in computed.items()}


def _judged_each_year(target: Target) -> bool:
    """A target every year meets on its own ("10 đảng viên/năm", "tăng 8%/năm"): a year's review
    judges that year. Other targets are judged on the term so far."""
    core = target.as_core()
    if level_to_reach(core):  # "70 triệu đồng/người/năm" by 2030: the last year's level, not each year's
        return False
    return core.period == Period.YEAR or core.shape in (Shape.PER_YEAR_COUNT, Shape.AVERAGE_GROWTH)


def judge_targets(
    targets: list[Target],
    *,
    term: Term,
    year: int | None = None,
    up_to: int | None = None,
    midterm: bool = False,
    computed: dict[str, dict[int, Decimal]] | None = None,
    as_of: int | None = None,
) -> list[TargetStatus]:
    """The rule behind evaluate_term and evaluate_year, on a term's targets with results prefetched.

    With ``year``: that year's plan targets if the committee set them, else the term's targets: a
    yearly target on that year (a change per year on the year before and that year), the others on
    the term up to that year. Without: the term's targets, on results up to ``up_to``.
    ``as_of``: the year of the review, by default ``year``, ``up_to`` or this year.
    ``computed``: the Party-record figures of the targets with nothing typed (computed_for), over any
    years: each judgement takes its own (a year: the term's years to it; the term: party_years).
    None: read here when a target needs them; {}: none.
    """
    span = (term.start_year, term.end_year)
    if year is not None:
        # The Party records count for a year as for the term: a target with nothing typed is judged on
        # them (an annual report must not say "chưa có số liệu" of admissions it counts a page later).
        asked = list(range(term.start_year, year + 1))
        computed = _within(_computed_for(term, targets, asked) if computed is None else computed, asked)
        plan = [t for t in targets if t.year == year]
        if plan:
            return [
                judge_target(t, list(t.results.all()), up_to=year, midterm=False, computed=computed.get(t.indicator))
                for t in plan
            ]
        out = []
        for t in targets:
            if t.year is not None:
                continue
            yearly = [r for r in t.results.all() if r.year is not None]
            if _judged_each_year(t):
                first = year - 1 if t.shape == Shape.CHANGE_PER_YEAR else year
                own = {y: v for y, v in (computed.get(t.indicator) or {}).items() if first <= y <= year}
                out.append(
                    judge_target(
                        t, [r for r in yearly if first <= r.year <= year], up_to=year, midterm=False, computed=own
                    )
                )
            else:
                out.append(
                    judge_target(
                        t, yearly, up_to=year, midterm=False, computed=computed.get(t.indicator), span=span,
                        as_of=as_of or year,
                    )
                )  # fmt: skip
        return out
    if as_of is None:
        as_of = up_to if up_to is not None else timezone.localdate().year
    computed = _within(_computed_for(term, targets) if computed is None else computed, party_years(term))
    return [
        judge_target(
            t,
            list(t.results.all()),
            up_to=up_to,
            midterm=midterm,
            computed=computed.get(t.indicator),
            span=span,
            as_of=as_of,
        )
        for t in targets
        if t.year is None
    ]


def evaluate_term(
    term: Term,
    *,
    up_to: int | None = None,
    midterm: bool = False,
    as_of: int | None = None,
    targets: list[Target] | None = None,
    computed: dict[str, dict[int, Decimal]] | None = None,
) -> list[TargetStatus]:
    """Every target of a term with its verdict: a fixed number of queries whatever the number of targets.
    ``targets`` (with results prefetched) and ``computed`` let a page judge the same term several
    ways (the term, its midterm) reading the records once."""
    if targets is None:
        targets = term_targets(term)
    if computed is None:
        computed = _computed_for(term, targets)
    return judge_targets(targets, term=term, up_to=up_to, midterm=midterm, computed=computed, as_of=as_of)


def term_targets(term: Term) -> list[Target]:
    """The resolution's targets of a term (not the yearly plans), their results prefetched."""
    return list(term.targets.filter(year__isnull=True).prefetch_related("results"))


def computed_for(term: Term, targets: list[Target], *, years: list[int] | None = None) -> dict[str, dict[int, Decimal]]:
    """The Party-record figures of the targets with nothing typed, over ``years`` (by default the
    term's Party years): a page that judges a term and a year reads them once over both, and each
    judgement takes its own years of them (judge_targets)."""
    return _computed_for(term, targets, years)


def evaluate_year(
    term: Term,
    year: int,
    *,
    targets: list[Target] | None = None,
    computed: dict[str, dict[int, Decimal]] | None = None,
) -> list[TargetStatus]:
    """A year's plan targets if the committee set them, else the term's targets judged on that year.
    ``targets``: the term's targets (all years) already read with their results; ``computed``: the
    Party-record figures already read (computed_for), else read here when a target needs them."""
    if targets is None:
        targets = list(term.targets.filter(Q(year=year) | Q(year__isnull=True)).prefetch_related("results"))
    else:
        targets = [t for t in targets if t.year is None or t.year == year]
    return judge_targets(targets, term=term, year=year, computed=computed)


def summary(statuses: list[TargetStatus]) -> Summary:
    """ "đạt và vượt 9/10 chỉ tiêu", counting the targets of a term under way as such, and those
    judged on figures nobody approved yet (said after the line: Summary.unapproved_note)."""
    return replace(summarise(s.evaluation for s in statuses), unapproved=sum(s.unapproved for s in statuses))
