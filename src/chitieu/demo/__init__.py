"""Demo data built from the five seed articles."""

from pathlib import Path

SEEDS_DIR = Path(__file__).parent / "seeds"


def seed_paths() -> list[Path]:
    """The seed articles, in file-name order."""
    return sorted(SEEDS_DIR.glob("*.txt"))
