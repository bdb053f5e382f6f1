"""The indicator catalog: the canonical indicators of commune and ward resolutions.

The data lives in ``indicators.toml`` beside this file, so that adding an indicator or a synonym
that a real report uses is a data change, not a code change.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .quantity import Unit

__all__ = ["Direction", "Indicator", "GROUPS", "find_indicator", "get_indicator", "indicators"]

GROUPS = (
    "Kinh tế",
    "Văn hóa – Xã hội",
    "Môi trường",
    "Quốc phòng – An ninh",
    "Xây dựng Đảng và hệ thống chính trị",
)


class Direction:
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better: poverty rate
    BAND = "band"  # inside a range is best: birth rate 10-12‰


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    synonyms: tuple[str, ...]
    unit: Unit
    counted: str
    direction: str
    group: str
    aggregate: str  # how merged units combine: sum | mean | none
    growth_of: str  # key of the level this rate is the growth of, or ""
    computed: bool  # computed from Party-organisation records, never typed


@cache
def indicators() -> dict[str, Indicator]:
    """All indicators by key, in catalog order."""
    raw = tomllib.loads(resources.files(__package__).joinpath("indicators.toml").read_text("utf-8"))
    out: dict[str, Indicator] = {}
    for row in raw["indicator"]:
        out[row["key"]] = Indicator(
            key=row["key"],
            name=row["name"],
            synonyms=tuple(row.get("synonyms", ())),
            unit=Unit(row["unit"]),
            counted=row.get("counted", ""),
            direction=row["direction"],
            group=row["group"],
            aggregate=row.get("aggregate", "none"),
            growth_of=row.get("growth_of", ""),
            computed=bool(row.get("computed", False)),
        )
    return out


def get_indicator(key: str) -> Indicator:
    try:
        return indicators()[key]
    except KeyError:
        raise KeyError(f"Không có chỉ tiêu '{key}' trong danh mục / unknown indicator '{key}'") from None


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


@cache
def _synonym_index() -> list[tuple[str, str]]:
    """(phrase, key) pairs, longest phrase first, so the most specific phrase wins."""
    pairs = []
    for ind in indicators().values():
        for phrase in {ind.name, *ind.synonyms}:
            pairs.append((_fold(phrase), ind.key))
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


def find_indicator(text: str, unit: Unit | None = None) -> Indicator | None:
    """The indicator a phrase names ("Tổng giá trị sản xuất tăng …"), or None.

    The longest synonym found in the text wins. When ``unit`` is given, only indicators measured
    in that unit are considered, so "tổng giá trị sản xuất tăng 12%" finds the growth rate, not the
    level in đồng.
    """
    folded = _fold(text)
    for phrase, key in _synonym_index():
        ind = indicators()[key]
        if unit is not None and ind.unit != unit:
            continue
        if _contains_words(folded, phrase):
            return ind
    return None


def _contains_words(text: str, phrase: str) -> bool:
    """Phrase occurs in text on word boundaries ("hộ" must not match inside "hội")."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        before_ok = start == 0 or not text[start - 1].isalnum()
        after_ok = end == len(text) or not text[end].isalnum()
        if before_ok and after_ok:
            return True
        start = text.find(phrase, start + 1)
    return False
