"""The province's view of the committees under it: verdict counts, who is behind, rankings.

A fixed number of queries whatever the number of committees: the units, their stored summaries
(chitieu.plans.summaries), the terms shown, the figures of the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from chitieu.core.catalog import Direction, indicators
from chitieu.core.series import Summary
from chitieu.orgs.models import COMMITTEE_KINDS, OVERSIGHT_KINDS, Unit

from . import summaries
from .models import Figure, Term


@dataclass
class CommitteeRow:
    committee: Unit
    term: Term | None
    targets: list[dict] = field(default_factory=list)  # the stored summary's entries (summaries.entry)
    summary: Summary | None = None
    drafts: int = 0
    awaiting: int = 0

    @cached_property
    def behind(self) -> list[dict]:
        return [t for t in self.targets if t["verdict"] == "not_met"]

    @cached_property
    def at_risk(self) -> list[dict]:
        """Targets of a term under way whose trend falls short of them."""
        return [t for t in self.targets if t["in_progress"] and t["on_track"] is False]

    # The province page names the first few; the committee's own page has them all.
    SHOWN = 3

    @property
    def behind_shown(self) -> list[dict]:
        return self.behind[: self.SHOWN]

    @property
    def at_risk_shown(self) -> list[dict]:
        return self.at_risk[: max(0, self.SHOWN - len(self.behind_shown))]

    @property
    def more(self) -> int:
        return len(self.behind) + len(self.at_risk) - len(self.behind_shown) - len(self.at_risk_shown)

    @property
    def unjudged(self) -> list[dict]:
        return [t for t in self.targets if t["verdict"] is None and not t["in_progress"]]


def _under(unit: Unit, visible, include_merged: bool):
    qs = visible.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS)
    return qs if include_merged else qs.filter(merged_into__isnull=True)


def committees_under(unit: Unit, visible, *, include_merged: bool = False) -> list[Unit]:
    return list(_under(unit, visible, include_merged).select_related("parent").order_by("parent__name", "name"))


def revisions_under(unit: Unit, visible) -> list[tuple[int, int]]:
    """(committee id, revision) of the committees a page shows: what its cached body depends on."""
    return list(_under(unit, visible, False).order_by("pk").values_list("pk", "revision"))


def oversight(unit: Unit, visible, committees: list[Unit] | None = None) -> list[CommitteeRow]:
    """Every committee under ``unit`` with its latest term judged: stored summaries, a few queries
    whatever the number of committees (chitieu.plans.summaries recomputes the stale ones)."""
    committees = committees_under(unit, visible) if committees is None else committees
    stored = summaries.current(committees)
    rows = []
    for c in committees:
        s = stored[c.pk]
        rows.append(
            CommitteeRow(
                c,
                s.term,
                s.targets,
                summaries.as_summary(s) if s.total else None,
                s.drafts,
                s.awaiting,
            )
        )
    return rows


@dataclass
class AreaRow:
    """A province (or district) under the unit shown, its committees' counts added up."""

    area: Unit | None  # None: the committees directly under the unit shown
    committees: int
    summary: Summary
    behind: int  # committees with a target not met


def areas_under(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit, kind__in=OVERSIGHT_KINDS).order_by("name"))


def rollup(unit: Unit, visible, areas: list[Unit], committees: list[Unit] | None = None) -> list[AreaRow]:
    """The country's page (or a province with districts): one row per area, from the stored
    summaries' counts, a few queries whatever the number of committees."""
    committees = committees_under(unit, visible) if committees is None else committees
    stored = summaries.current(committees, targets=False)
    by_area: dict[int | None, list] = {a.pk: [] for a in areas} | {None: []}
    depth = len(unit.path.strip("/").split("/")) if unit.path.strip("/") else 0
    for c in committees:
        parts = c.path.strip("/").split("/")
        area = int(parts[depth]) if len(parts) > depth + 1 else None
        # Every committee is on a row: one under no listed area (directly under the unit, since
        # the 2025 reform a province's communes beside its towns) is on the "directly under" row.
        by_area[area if area in by_area else None].append(stored[c.pk])
    return [
        AreaRow(a, len(rows), summaries.totals(rows), sum(1 for s in rows if s.not_met))
        for a in [*areas, None]
        for rows in (by_area[a.pk if a is not None else None],)
        if rows
    ]


def ranking(rows: list[CommitteeRow], key: str) -> list[tuple[Unit, Decimal, int | None]]:
    """Committees ranked on one indicator by their latest figure: targets' results, then figures."""
    ind = indicators().get(key)
    if ind is None:
        return []
    latest: dict[int, tuple[int, Decimal]] = {}
    for row in rows:
        for t in row.targets:
            if t["indicator"] != key or t["latest"] is None:
                continue
            year, value = t["latest"][0], Decimal(t["latest"][1])
            if row.committee.pk not in latest or year >= latest[row.committee.pk][0]:
                latest[row.committee.pk] = (year, value)
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
