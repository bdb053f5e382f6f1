"""Text in, facts out: the scanner finds the quantities, the context rules say what they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .context import annotate
from .model import Fact
from .readers import ExtractError, read_text
from .scan import lowered, scan

__all__ = ["extract_file", "extract_text"]

PROGRESS_EVERY = 200


def extract_text(text: str, doc: str = "", progress: Callable[[int, int], None] | None = None) -> list[Fact]:
    """Every quantity of ``text`` as a ``Fact``; offsets refer to ``text`` itself. ``progress(done,
    total)`` is told how many of the quantities found are read, every ``PROGRESS_EVERY`` of them
    (a 5 MB report has thousands and takes tens of seconds)."""
    if not isinstance(text, str):
        raise ExtractError("Cần văn bản (str) / expected text (str)")
    low = lowered(text)
    mentions = scan(text, low)
    facts = []
    for n, it in enumerate(annotate(text, mentions, low), start=1):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(min(n, len(mentions)), len(mentions))
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
    if progress is not None:
        progress(len(mentions), len(mentions))
    return facts


def extract_file(path: str | Path) -> list[Fact]:
    """Read a .txt/.docx/.pdf/.html report and extract its facts; ``doc`` is the file name."""
    p = Path(path)
    return extract_text(read_text(p), doc=p.name)
