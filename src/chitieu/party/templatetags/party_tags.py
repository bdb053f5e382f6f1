"""The Party-organisation panel of the committee page: counts for everyone who may see the committee,
links to the records for its own users."""

from __future__ import annotations

import datetime as dt

from django import template
from django.core.cache import cache
from django.utils import timezone

from chitieu.core.catalog import indicators
from chitieu.orgs.access import can_edit, sees_personal_data

from ..indicators import (
    branch_level_counts,
    computed_by_year,
    member_counts,
    member_level_counts,
    party_over,
    term_years,
)
from ..records import due_for_full

register = template.Library()


def panel_year(term, year) -> int:
    """The year the panel shows: the one asked for, else the term's last year as its Party work is
    counted (indicators.term_years: the 2015-2020 term ends with 2019, as its report says)."""
    today = timezone.localdate()
    if year:
        return int(year)
    if term is not None:
        return term_years(term.start_year, term.end_year, today)[-1]
    return today.year - 1 if today.month < 12 else today.year


@register.inclusion_tag("party/_panel_body.html", takes_context=True)
def party_panel(context, committee, term=None, year=None):
    user = context["request"].user
    y = panel_year(term, year)
    today = timezone.localdate()
    # The figures depend on the committee's records only: kept per committee revision (every audited
    # change moves it on, chitieu.orgs.audit), so a page served again reads them from the cache.
    key = f"party-panel:{committee.pk}:{committee.revision}:{y}:{term.pk if term else 0}:{today}"
    figures = cache.get(key)
    if figures is None:
        figures = _panel_figures(committee, term, y, today)
        cache.set(key, figures, PANEL_SECONDS)
    personal = sees_personal_data(user, committee)
    return {
        "committee": committee,
        "term": term,
        "year": y,
        **figures,
        "personal": personal,
        "can_edit": can_edit(user, committee),
        "due": figures["due"] if personal else None,
    }


PANEL_SECONDS = 24 * 3600  # the day is in the key; a day's entry expires with it


def _panel_figures(committee, term, y: int, today) -> dict:
    # The term's members at its end and admissions over it: the rule of the API and the reports.
    years = term_years(term.start_year, term.end_year, today) if term is not None else []
    by_year = computed_by_year(committee, [y, *years])  # one pass over the records for every year
    found = by_year[y]
    return {
        # Every computed key, None where there are no records, so the template can tell "none" from 0.
        "values": {k: found.get(k) for k, ind in indicators().items() if ind.computed},
        "counts": member_counts(committee, dt.date(y, 12, 31)),
        "term_party": party_over(years, by_year) if years else None,
        "member_levels": member_level_counts(committee, y),
        "branch_levels": branch_level_counts(committee, y),
        "due": len(due_for_full(committee, today)),
    }
