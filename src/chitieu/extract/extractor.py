"""Text in, facts out: the scanner finds the quantities, the context rules say what they are."""

from __future__ import annotations

from pathlib import Path

from .context import annotate
from .model import Fact
from .readers import ExtractError, read_text
from .scan import lowered, scan

__all__ = ["extract_file", "extract_text"]


def extract_text(text: str, doc: str = "") -> list[Fact]:
    """Every quantity of ``text`` as a ``Fact``; offsets refer to ``text`` itself."""
    if not isinstance(text, str):
        raise ExtractError("Cần văn bản (str) / expected text (str)")
    low = lowered(text)
    mentions = scan(text, low)
    facts = []
    for it in annotate(text, mentions, low):
        m = it.mention
        facts.append(
            Fact(
                doc=doc,
                text=text[m.start : m.end],
                start=m.start,
                end=m.end,
                quantity=m.quantity,
                indicator=it.indicator.key if it.indicator else None,
                role=it.role,
                year=it.year,
                subject=it.subject,
                claim=it.claim,
            )
        )
    return facts


def extract_file(path: str | Path) -> list[Fact]:
    """Read a .txt/.docx/.pdf/.html report and extract its facts; ``doc`` is the file name."""
    p = Path(path)
    return extract_text(read_text(p), doc=p.name)
