"""The records the extractor produces: one ``Fact`` per quantity, one ``ClaimConflict`` per bad claim."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chitieu.core.quantity import Quantity

__all__ = ["ClaimConflict", "Fact", "ROLES", "CLAIMS"]

ROLES = ("actual", "target", "baseline", "achievement")
CLAIMS = ("đạt", "vượt", "chưa đạt")


def _json_number(d: Decimal | None) -> int | float | None:
    """JSON numbers, not strings: integers stay exact; decimals as the shortest float."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


@dataclass(frozen=True)
class Fact:
    """One quantity of a document with what its sentence says about it."""

    doc: str
    text: str  # the exact span: "270,9 tỷ đồng"
    start: int  # offsets in the plain text that read_text returns
    end: int
    quantity: Quantity
    indicator: str | None = None  # catalog key; None for breakdowns, deltas, unknown figures
    role: str = "actual"  # actual | target | baseline | achievement
    year: str | None = None  # "2019", "2015-2020"
    subject: str | None = None  # "phường Kỳ Phương", "xã Long Đức", "phường 1"
    claim: str | None = None  # the verdict the text claims: "đạt", "vượt", "chưa đạt"

    @property
    def value(self) -> Decimal:
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit.value

    def to_dict(self) -> dict[str, Any]:
        q = self.quantity
        return {
            "doc": self.doc,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": _json_number(q.value),
            "value_max": _json_number(q.value_max),
            "of": _json_number(q.of),
            "unit": q.unit.value,
            "counted": q.counted,
            "per": q.per,
            "hedge": q.hedge.value if q.hedge else None,
            "indicator": self.indicator,
            "role": self.role,
            "year": self.year,
            "subject": self.subject,
            "claim": self.claim,
        }


@dataclass(frozen=True)
class ClaimConflict:
    """A claim of the text that its own figures contradict."""

    actual: Fact
    target: Fact | None  # the target figure the verdict was computed against (None: from "đạt X%")
    claimed: str  # "đạt", "vượt", "chưa đạt"
    verdict: str  # what the numbers give: "đạt", "vượt", "chưa đạt"
    completion_pct: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.actual.doc,
            "start": self.actual.start,
            "end": self.actual.end,
            "text": self.actual.text,
            "target": self.target.text if self.target else None,
            "indicator": self.actual.indicator,
            "claimed": self.claimed,
            "verdict": self.verdict,
            "completion_pct": _json_number(
                self.completion_pct.quantize(Decimal("0.01")) if self.completion_pct is not None else None
            ),
        }

    def describe(self) -> str:
        """One line, Vietnamese: "11,74%/năm: bài viết ghi "đạt", số liệu cho thấy "chưa đạt" (12 - 15%/năm)"."""
        against = f" so với chỉ tiêu {self.target.text}" if self.target else ""
        pct = ""
        if self.completion_pct is not None:
            pct = f", bằng {self.completion_pct.quantize(Decimal('0.01'))}% chỉ tiêu".replace(".", ",")
        return (
            f"{self.actual.doc}:{self.actual.start}: {self.actual.text}{against}: bài viết ghi "
            f'"{self.claimed}", số liệu cho thấy "{self.verdict}"{pct} '
            f"/ the text claims '{self.claimed}', the figures give '{self.verdict}'"
        )
