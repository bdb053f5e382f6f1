"""Template filters that show numbers the Vietnamese way (1.234,5) and verdicts in Vietnamese."""

from decimal import Decimal

from django import template

from chitieu.core.catalog import indicators
from chitieu.core.quantity import Quantity, Unit, format_number, format_quantity
from chitieu.core.targets import VERDICT_LABELS, Verdict, round_pct

register = template.Library()


@register.filter
def vn(value, places=None):
    """1234.5 -> "1.234,5"; ``places`` rounds (half up)."""
    if value is None or value == "":
        return "—"
    return format_number(Decimal(value), int(places) if places not in (None, "") else None)


@register.filter
def pct(value):
    """A completion percentage, rounded to 2 places: "97,83%"."""
    if value is None:
        return "—"
    return f"{format_number(round_pct(Decimal(value)))}%"


@register.filter
def amount(value, unit):
    """A stored value with its unit: "270,9 tỷ đồng", "8,27%", "131"."""
    if value is None:
        return "—"
    return format_quantity(Quantity(Decimal(value), Unit(unit)), places=2)


@register.filter
def verdict_label(verdict):
    if not verdict:
        return "chưa đánh giá"
    return VERDICT_LABELS[Verdict(verdict)]


@register.filter
def verdict_class(verdict):
    return {"met": "ok", "exceeded": "ok", "not_met": "bad"}.get(str(verdict or ""), "none")


@register.filter
def indicator_name(key):
    """The catalog's Vietnamese name of an indicator key, or "—"."""
    ind = indicators().get(key or "")
    return ind.name if ind else "—"
