"""Reading Vietnamese reports and news articles into facts: figures with their indicator, role,
year, unit of government and the verdict the text claims; and checking those claims.

Library use (the web app proposes figures from an uploaded report the same way)::

    from chitieu.extract import extract_file, check_claims
    facts = extract_file("bao-cao.docx")
    conflicts = check_claims(facts)

No Django here.
"""

from .check import check_claims
from .extractor import extract_file, extract_text
from .model import ClaimConflict, Fact
from .readers import SUPPORTED_SUFFIXES, ExtractError, read_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ClaimConflict",
    "ExtractError",
    "Fact",
    "check_claims",
    "extract_file",
    "extract_text",
    "read_text",
]
