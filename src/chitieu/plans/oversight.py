"""The province's view of the committees under it: verdict counts, who is behind, rankings.

A fixed number of queries whatever the number of committees: units, terms, targets with results.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from chitieu.core.catalog import Direction, indicators
from chitieu.core.series import Summary
from chitieu.orgs.models import COMMITTEE_KINDS, Unit

from .evaluation import TargetStatus, judge_targets, summary
from .models import Figure, Result, Target, Term


@dataclass
class CommitteeRow:
    committee: Unit
    term: Term | None
    statuses: list[TargetStatus] = field(default_factory=list)
    summary: Summary | None = None

    @property
    def behind(self) -> list[TargetStatus]:
        return [s for s in self.statuses if s.verdict == "not_met"]

    @property
    def at_risk(self) -> list[TargetStatus]:
        """Targets of a term under way whose trend falls short of them."""
        return [s for s in self.statuses if s.in_progress and s.outlook.on_track is False]


def oversight(unit: Unit, visible) -> list[CommitteeRow]:
    committees = list(
        visible.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS, merged_into__isnull=True)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    terms = {}
    for t in Term.objects.filter(committee__in=committees).order_by("committee_id", "-start_year"):
        terms.setdefault(t.committee_id, t)  # the latest term of each committee
    targets = (
        Target.objects.filter(term__in=list(terms.values()))
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("year")))
        .order_by("term_id", "number")
    )
    grouped: dict[int, list[Target]] = defaultdict(list)
    for t in targets:
        grouped[t.term_id].append(t)
    terms_by_id = {t.pk: t for t in terms.values()}
    by_term = {}
    for term_id, ts in grouped.items():
        # The resolution's targets; a committee that only set yearly plans is judged on its latest plan.
        plan_only = all(t.year is not None for t in ts)
        year = max(t.year for t in ts) if plan_only else None
        by_term[term_id] = judge_targets(ts, term=terms_by_id[term_id], year=year)
    rows = []
    for c in committees:
        term = terms.get(c.pk)
        statuses = by_term.get(term.pk, []) if term else []
        rows.append(CommitteeRow(c, term, statuses, summary(statuses) if statuses else None))
    return rows


def ranking(rows: list[CommitteeRow], key: str) -> list[tuple[Unit, Decimal, int | None]]:
    """Committees ranked on one indicator by their latest figure: targets' results, then figures."""
    ind = indicators().get(key)
    if ind is None:
        return []
    latest: dict[int, tuple[int, Decimal]] = {}
    for row in rows:
        for s in row.statuses:
            if s.target.indicator != key:
                continue
            for y, v in s.yearly.items():
                if row.committee.pk not in latest or y >= latest[row.committee.pk][0]:
                    latest[row.committee.pk] = (y, v)
            if s.term_result is not None and row.committee.pk not in latest:
                latest[row.committee.pk] = (0, s.term_result)
    committees = {r.committee.pk: r.committee for r in rows}
    for f in Figure.objects.filter(committee_id__in=committees, indicator=key, role="actual").values(
        "committee_id", "year", "value"
    ):
        y = f["year"] or 0
        if f["committee_id"] not in latest or y > latest[f["committee_id"]][0]:
            latest[f["committee_id"]] = (y, Decimal(f["value"]))
    reverse = ind.direction != Direction.LOWER
    ranked = sorted(latest.items(), key=lambda kv: kv[1][1], reverse=reverse)
    return [(committees[cid], v, y or None) for cid, (y, v) in ranked]
