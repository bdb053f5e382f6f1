"""Numbers in and out of the JSON API.

Out: every stored value is a string of its exact Decimal in plain machine notation ("270900000000",
"11.74"), never a JSON float, next to a ``display`` string written the Vietnamese way ("270,9 tỷ đồng",
"11,74%"). Percentages of completion are rounded half up to 2 places, as reports print them.

In: a value is given either as ``value``, a machine decimal string ("11.74", "124857000000"), or as
``text``, a Vietnamese phrase read by the core parser ("11,74%", "124.857 triệu đồng", "12 đảng viên").
The two are separate fields because "1.234" means 1234 to a Vietnamese reader and 1.234 to a program.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from ninja.errors import HttpError

from chitieu.core.quantity import (
    Quantity,
    QuantityError,
    format_number,
    format_quantity,
    money_scale,
    parse_quantity,
)
from chitieu.core.quantity import Unit as QUnit
from chitieu.core.verdicts import round_pct
from chitieu.plans.forms import clean_result

# The models keep 30 digits with 8 decimals; on SQLite Django keeps 15 significant digits of a
# non-integer, so longer non-integers are refused rather than silently rounded.
MAX_INTEGER_DIGITS = 22
MAX_DECIMALS = 8
MAX_SIGNIFICANT_NON_INTEGER = 15

_MACHINE = re.compile(r"\d{1,40}(?:\.\d{1,40})?")  # a sign, where allowed, is checked before


def dec(value) -> str | None:
    """The exact Decimal as a plain string: 270900000000.00000000 -> "270900000000", 11.7400 -> "11.74"."""
    if value is None:
        return None
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def display(value, unit: str, counted: str = "", *, value_max=None, of=None) -> str | None:
    """ "270,9 tỷ đồng", "11,74%", "12 đảng viên": the value as a report writes it (2 decimals at most)."""
    if value is None:
        return None
    try:
        qunit = QUnit(unit)
    except ValueError:
        qunit = QUnit.OTHER
    values = [Decimal(v) for v in (value, value_max, of) if v is not None]
    q = Quantity(
        values[0],
        qunit,
        value_max=Decimal(value_max) if value_max is not None else None,
        of=Decimal(of) if of is not None and value_max is None else None,
        counted=counted or None,
        scale=money_scale(values) if qunit == QUnit.VND else None,
    )
    return format_quantity(q, places=2)


def pct(value) -> str | None:
    """A completion percentage rounded half up to 2 places, machine notation: "97.83"."""
    return None if value is None else dec(round_pct(Decimal(value)))


def pct_display(value) -> str | None:
    return None if value is None else f"{format_number(round_pct(Decimal(value)))}%"


def _check_size(d: Decimal, shown: str) -> Decimal:
    d = Decimal(dec(d))
    sign, digits, exponent = d.as_tuple()
    decimals = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent)
    if integer_digits > MAX_INTEGER_DIGITS:
        raise HttpError(400, f"Số quá lớn: {shown!r} / number too large")
    if decimals > MAX_DECIMALS:
        raise HttpError(400, f"Quá {MAX_DECIMALS} chữ số thập phân: {shown!r} / more than {MAX_DECIMALS} decimals")
    if decimals and len(digits) > MAX_SIGNIFICANT_NON_INTEGER:
        raise HttpError(
            400,
            f"Số thập phân quá dài (tối đa {MAX_SIGNIFICANT_NON_INTEGER} chữ số): {shown!r} "
            f"/ a non-integer keeps at most {MAX_SIGNIFICANT_NON_INTEGER} significant digits",
        )
    return d


def parse_machine(value: str, field: str = "value", *, signed: bool = False) -> Decimal:
    """A machine decimal string ("11.74"); exponents and commas are refused, and negative numbers
    unless ``signed`` (a result may be below zero: "-2.6", a growth rate that fell)."""
    s = str(value).strip()
    if s.startswith("-") and not signed:
        raise HttpError(400, f"'{field}' không được âm / '{field}' cannot be negative")
    if not _MACHINE.fullmatch(s.removeprefix("-") if signed else s):
        raise HttpError(
            400,
            f"'{field}' phải là số dạng máy như \"11.74\" (dùng 'text' cho cách viết \"11,74%\") "
            f"/ '{field}' must be a plain decimal like \"11.74\" (use 'text' for Vietnamese writing)",
        )
    try:
        return _check_size(Decimal(s), s)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise HttpError(400, f"'{field}' không phải là số / not a number") from None


def parse_text(text: str) -> Quantity:
    try:
        q = parse_quantity(text)
    except QuantityError as exc:
        raise HttpError(400, str(exc)) from None
    _check_size(q.value, text)
    return q


def value_for_result(value: str | None, text: str | None, target, year: int | None) -> Decimal:
    """The Decimal a client gives for a result of ``target`` (for ``year``, or the term when None).

    ``value`` is the stored number, signed (docs/targets.md says what it holds for each shape: a
    level, a change in the target's direction, a % of the plan, 1/0, a rating 4…1). ``text`` is read
    exactly as the pages' results form reads it (chitieu.plans.forms.clean_result): a bare number
    ("11,74") is in the target's unit, except money, whose scale must be written ("124.857 triệu
    đồng") because a bare number could be đồng or millions; "giảm 1,2%", "đạt", "HTXSNV" as the
    target asks.
    """
    if (value is None) == (text is None):
        raise HttpError(400, "Cần đúng một trong 'value' hoặc 'text' / give exactly one of 'value' or 'text'")
    if value is not None:
        return parse_machine(value, signed=True)
    try:
        result = clean_result(text, target, year)
    except forms.ValidationError as exc:
        raise HttpError(400, "; ".join(exc.messages)) from None
    except (QuantityError, ValueError) as exc:
        raise HttpError(400, str(exc)) from None
    return _check_size(result, text)
