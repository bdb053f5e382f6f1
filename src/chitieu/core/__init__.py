"""The pure core: Vietnamese quantities, the indicator catalog, targets and verdicts.

No Django here: everything is plain Python on ``Decimal``, usable from the CLI, the extractor,
the report writer and the web app alike.
"""

from .catalog import Indicator, find_indicator, get_indicator, indicators
from .quantity import (
    Hedge,
    Quantity,
    QuantityError,
    Unit,
    format_number,
    format_quantity,
    parse_number,
    parse_number_words,
    parse_quantity,
)

__all__ = [
    "Hedge",
    "Indicator",
    "Quantity",
    "QuantityError",
    "Unit",
    "find_indicator",
    "format_number",
    "format_quantity",
    "get_indicator",
    "indicators",
    "parse_number",
    "parse_number_words",
    "parse_quantity",
]
