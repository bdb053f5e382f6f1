"""Synthetic rosters for the demo committees, consistent with what each seed states (issue 5)."""


def load_party_demo(committees: dict) -> dict[str, int]:
    """``committees`` maps the seed subject ("phường Kim Tân") to its committee Unit."""
    return {}
