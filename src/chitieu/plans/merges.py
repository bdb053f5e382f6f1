"""History of merged committees (the 2025 reform): their predecessors' figures, summed where they are sums."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from chitieu.core.catalog import indicators
from chitieu.orgs.models import Unit
from chitieu.orgs.tree import merge_units

from .models import Figure, Result


def merge_committees(user, predecessors: list[Unit], kind: str, name: str, on: dt.date) -> Unit:
    """Merge committees (the 2025 reform): the new committee gets their branches and members; their
    terms, targets and results stay with them, read-only, as its history."""
    from chitieu.party.records import carry_over_members  # the party app builds on plans

    with transaction.atomic():
        merged = merge_units(predecessors, kind, name, on, user)
        carry_over_members(user, predecessors, merged, on)
    return merged


def merged_figures(committee: Unit) -> list[dict]:
    """Per indicator and year, the sum over the predecessors, for indicators whose figures add up.

    Rates and shares ("aggregate" mean or none in the catalog) do not add up and are left out: a
    merged ward's poverty rate is not the sum of two rates.
    """
    predecessors = list(committee.predecessors.all())
    if not predecessors:
        return []
    catalog = indicators()
    sums: dict[tuple[str, int | None], dict[int, Decimal]] = defaultdict(dict)
    rows = Figure.objects.filter(committee__in=predecessors, role="actual").exclude(indicator="")
    for f in rows.values("indicator", "year", "committee_id", "value"):
        sums[(f["indicator"], f["year"])][f["committee_id"]] = Decimal(f["value"])
    results = Result.objects.filter(target__term__committee__in=predecessors).exclude(target__indicator="")
    for r in results.values("target__indicator", "year", "target__term__committee_id", "value"):
        sums[(r["target__indicator"], r["year"])][r["target__term__committee_id"]] = Decimal(r["value"])
    out = []
    for (key, year), by_unit in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        ind = catalog.get(key)
        if ind is None or ind.aggregate != "sum":
            continue
        out.append(
            {
                "indicator": ind,
                "year": year,
                "total": sum(by_unit.values(), Decimal(0)),
                "units": len(by_unit),
                "complete": len(by_unit) == len(predecessors),
            }
        )
    return out
