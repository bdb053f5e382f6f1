"""Template filters that show numbers the Vietnamese way (1.234,5) and verdicts in Vietnamese."""

import hashlib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from chitieu.core.catalog import indicators
from chitieu.core.quantity import Quantity, Unit, format_number, format_quantity
from chitieu.core.targets import SHAPE_LABELS, Shape, format_target
from chitieu.core.verdicts import VERDICT_LABELS, Verdict, round_pct, show_stored
from chitieu.orgs.tree import by_parent_and_name
from chitieu.reports.text import result_text
from chitieu.reports.text import target_text as report_target_text

register = template.Library()


@lru_cache(maxsize=64)
def _content_hash(path: str) -> str:
    found = finders.find(path)
    return hashlib.sha256(Path(found).read_bytes()).hexdigest()[:12] if found else "0"


@register.simple_tag
def static_v(path: str) -> str:
    """A static file's URL with its content's hash: browsers keep it a year (WHITENOISE_MAX_AGE) and
    fetch it again when it changes, with no collectstatic step on a laptop."""
    return f"{static(path)}?v={_content_hash(path)}"


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
def reading(core_target):
    """How the system read a target phrase, in words: "12 - 15%/năm — tăng trưởng bình quân"."""
    return f"{format_target(core_target, places=2)} — {SHAPE_LABELS[core_target.shape]}"


@register.filter
def target_text(target):
    """A stored target as a review writes it: "12 - 15%/năm", "giảm 1,5%/năm", "5/6 thôn", "khoảng 35
    đảng viên": the reports' words (chitieu.reports.text.target_text)."""
    return report_target_text(target.as_core())


@register.filter
def result_of(value, target):
    """A judged result in its target's terms: "giảm 1,2%/năm", "10 đảng viên/năm", "124.857 triệu
    đồng", "hoàn thành tốt nhiệm vụ": the reports' words (chitieu.reports.text.result_text), so that
    the page, the API and the reports write one figure one way."""
    if value is None or value == "":
        return "—"
    return result_text(target.as_core(), Decimal(value))


@register.filter
def stored_of(result, target):
    """A stored Result in its target's terms, by its cell: a change target's year holds a level."""
    return show_stored(target.as_core(), Decimal(result.value), result.year, places=2)


@register.filter
def shape_label(target):
    return SHAPE_LABELS[Shape(target.shape)]


@register.filter
def verdict_label(verdict):
    if not verdict:
        return "chưa đánh giá"
    return VERDICT_LABELS[Verdict(verdict)]


@register.filter
def status_label(status):
    """What a target's status says: đạt, vượt, chưa đạt, "đang thực hiện, đúng tiến độ",
    "không xác định được", or "chưa có số liệu"."""
    return status.label if status is not None else "chưa đánh giá"


@register.filter
def verdict_class(verdict):
    """The colour class of a verdict, or of a whole status (a term under way: on track or at risk)."""
    outlook = getattr(verdict, "outlook", None)
    if outlook is not None and getattr(verdict, "verdict", None) is None:
        return "ok" if outlook.on_track else ("warn" if outlook.on_track is False else "none")
    verdict = getattr(verdict, "verdict", verdict)
    return {"met": "ok", "exceeded": "ok", "not_met": "bad"}.get(str(verdict or ""), "none")


@register.filter
def indicator_name(key):
    """The catalog's Vietnamese name of an indicator key, or "—"."""
    ind = indicators().get(key or "")
    return ind.name if ind else "—"


@register.filter
def source_of(result):
    """Where a stored result came from, in words: the document's name as it was uploaded, or who
    typed it. Its place in the document (character offsets) is for the API, not the page."""
    if result.document_id:
        return result.document.name
    return f"nhập tay bởi {result.entered_by}" if result.entered_by_id else "nhập tay"


@register.filter
def natural_order(units):
    """Units by their parent's name, then their own, numbers as numbers: "phường 2" before
    "phường 10" (a list the view reads in the tree's order)."""
    return by_parent_and_name(units)
