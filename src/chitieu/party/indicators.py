"""Indicators computed from Party-organisation records (issue 5): never typed twice."""

from decimal import Decimal


def computed_indicators(committee, year: int) -> dict[str, Decimal]:
    """Catalog key -> value for the committee in that year (party_members, party_branches, …)."""
    return {}
