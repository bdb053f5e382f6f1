"""A target's trend chart: its yearly results against the target, with axes, values and a legend.

One spec (``trend_spec``: the years, each value with its Vietnamese label, the target's band or line,
the unit, the ticks) turned into one Vega-Lite chart (``vega_lite``) makes both drawings, each by
vl-convert (the Vega project's converter, no browser): ``trend_svg`` for the committee page, an inline
SVG that needs no JavaScript, is kept in the page's cache and prints as it shows; and the report's
PNG (``chitieu.reports.chart.render_trend_png``), so the page and the DOCX show the same chart.
Every text on it is ours (the values, the ticks, the legend, the Vietnamese way), none is Vega's.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape
from typing import Any, Literal

from chitieu.core.quantity import MONEY_SCALES, Unit, format_number, money_scale, round_half_up
from chitieu.core.targets import Period, Shape, Target, format_target

__all__ = [
    "COLOURS",
    "ChartUnavailable",
    "Point",
    "Tick",
    "TrendSpec",
    "draw",
    "started_here",
    "trend_spec",
    "trend_svg",
    "vega_lite",
]

# The colours of the chart: the results in blue, the target in green.
COLOURS = {
    "ink": "#1d1d1f",
    "muted": "#555555",
    "grid": "#e3e3e8",
    "axis": "#8a8a8a",
    "zero": "#555555",
    "line": "#1f4e99",
    "band": "#d7efdc",
    "goal": "#1b7f3b",
}

# A change target's years are levels (the poverty rate each year) while its target is a change
# ("giảm 1,5%/năm"); a term total's years are each year's part of the total: neither target is a
# level among the years, so neither is drawn as a line.
_CHANGES = (Shape.CHANGE_PER_YEAR, Shape.CHANGE_OVER_TERM)
_NOT_DRAWN = {
    **dict.fromkeys(_CHANGES, "mức thay đổi, không vẽ trên biểu đồ"),
    Shape.TERM_TOTAL: "tổng cả nhiệm kỳ, không vẽ trên biểu đồ",
}
_RATINGS = {4: "HTXSNV", 3: "HTTNV", 2: "HTNV", 1: "KHTNV"}
_WORDS = {Shape.YES_NO, Shape.RATING_LEVEL}


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal  # in the chart's unit: money in the report's scale (124.857 for 124.857 triệu đồng)
    label: str  # "11,74%", "124,86", "HTTNV"


@dataclass(frozen=True)
class Tick:
    value: Decimal
    label: str


@dataclass(frozen=True)
class TrendSpec:
    years: tuple[int, ...]  # every year of the term, labelled whether or not it has a result
    points: tuple[Point, ...]  # the years with a result
    unit: str  # what the values are in: "%", "‰", "tỷ đồng", "hộ", "" (words, plain numbers)
    goal: str  # "band", "line", or "" when the target is no level among the years
    low: Decimal | None  # the band or the line, in the chart's unit
    high: Decimal | None
    goal_text: str  # the target as the resolution writes it: "12 - 15%/năm", "giảm 1,5%/năm"
    note: str  # why the target is not drawn: "mức thay đổi, không vẽ trên biểu đồ"
    ticks: tuple[Tick, ...]
    bottom: Decimal  # the value axis runs from bottom to top
    top: Decimal

    @property
    def result_legend(self) -> str:
        return f"Thực hiện ({self.unit})" if self.unit else "Thực hiện"

    @property
    def goal_legend(self) -> str:
        return f"Chỉ tiêu: {self.goal_text}" + (f" ({self.note})" if self.note else "")

    @property
    def description(self) -> str:
        """The chart in words, for a screen reader and a tooltip: every year, then the target."""
        by_year = {p.year: p.label for p in self.points}
        years = "; ".join(f"năm {y}: {by_year.get(y, 'chưa có số liệu')}" for y in self.years)
        unit = f" ({self.unit})" if self.unit and self.unit not in ("%", "‰") else ""
        return f"Kết quả từng năm{unit}: {years}. {self.goal_legend}."


# --- the spec ---------------------------------------------------------------------------------


def _plain(value: Decimal, places: int = 2) -> str:
    """ "11,74", "100", "1.234,5": rounded half up, no trailing zeros."""
    return format_number(round_half_up(Decimal(value), places))


def _word(target: Target, value: Decimal) -> str:
    if target.shape == Shape.YES_NO:
        return "đạt" if value >= 1 else "không đạt"
    return _RATINGS.get(int(value), _plain(value))


def _unit(target: Target, scale: str) -> str:
    if target.shape == Shape.OVER_PLAN:
        return "% kế hoạch"
    if target.unit == Unit.VND:
        return f"{scale} đồng".strip()
    if target.unit in (Unit.PERCENT, Unit.PERMILLE, Unit.HECTARE):
        return str(target.unit)
    if target.unit == Unit.TIMES:
        return "lần"
    if target.unit == Unit.OTHER:
        return target.measure or ""
    if target.unit == Unit.COUNT and target.counted and len(target.counted) <= 16:
        return target.counted
    return ""


def _goal_text(target: Target, scale: str) -> str:
    if target.shape == Shape.YES_NO:
        return "đạt"
    if target.shape == Shape.ZERO:
        return "không xảy ra" if target.period == Period.YEAR else "không còn"
    return format_target(target, scale=scale or None, places=2)


def _nice_step(span: Decimal, count: int) -> Decimal:
    raw = span / count
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for m in (1, 2, Decimal("2.5"), 5, 10):
        if magnitude * m >= raw:
            return magnitude * m
    return magnitude * 10  # pragma: no cover - 10 always reaches


def _ticks(low: Decimal, high: Decimal, count: int = 4) -> tuple[Decimal, Decimal, list[Decimal]]:
    """A value axis over [low, high]: round steps of 1, 2, 2,5 or 5 times a power of ten."""
    if high == low:
        pad = abs(high) / 10 or Decimal(1)
        low, high = low - pad, high + pad
    step = _nice_step(high - low, count)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    n = int((last - first) / step)
    return first, last, [first + step * i for i in range(n + 1)]


def trend_spec(target: Target, years: list[int], yearly: dict[int, Decimal]) -> TrendSpec | None:
    """The chart of ``target`` (a core Target) over ``years`` from its results {year: value}, or
    None when no year has a result."""
    values = {y: Decimal(yearly[y]) for y in years if y in yearly}
    if not values or not years:
        return None
    shape = target.shape
    low: Decimal | None = None
    high: Decimal | None = None
    note = _NOT_DRAWN.get(shape, "")  # a change target's goal (a change) is no line among its levels
    if not note:
        low = Decimal(target.value)
        high = Decimal(target.value_max) if target.value_max is not None else None
        if shape == Shape.OVER_PLAN:  # the years are % of the plan (110), the target an increase (+10)
            low, high = low + 100, (high + 100 if high is not None else None)
        elif shape == Shape.ZERO:
            low, high = Decimal(0), None
        elif shape == Shape.YES_NO:
            low, high = Decimal(1), None
    scale = ""
    factor = Decimal(1)
    if target.unit == Unit.VND:
        scale = money_scale([*values.values(), *(v for v in (low, high) if v is not None)])
        factor = MONEY_SCALES[scale]
    if factor != 1:
        values = {y: v / factor for y, v in values.items()}
        low = low / factor if low is not None else None
        high = high / factor if high is not None else None
    unit = _unit(target, scale)
    suffix = unit if unit in ("%", "‰") else ""
    points = tuple(
        Point(y, v, _word(target, v) if shape in _WORDS else f"{_plain(v)}{suffix}") for y, v in values.items()
    )

    shown = [*values.values(), *(v for v in (low, high) if v is not None)]
    if shape == Shape.RATING_LEVEL:
        bottom, top = Decimal("0.5"), Decimal("4.5")
        ticks = tuple(Tick(Decimal(k), name) for k, name in sorted(_RATINGS.items()))
    elif shape == Shape.YES_NO:
        bottom, top = Decimal("-0.4"), Decimal("1.4")
        ticks = (Tick(Decimal(0), "không đạt"), Tick(Decimal(1), "đạt"))
    else:
        lo, hi = min(shown), max(shown)
        if 0 < lo <= hi * Decimal("0.4"):  # close to zero already: the axis starts there
            lo = Decimal(0)
        room = (hi - lo) or abs(hi) or Decimal(1)
        hi += room * Decimal("0.15")  # a value's label goes above its point
        if lo != 0:
            lo -= room * Decimal("0.08")
        bottom, top, steps = _ticks(lo, hi)
        ticks = tuple(Tick(t, _plain(t, 6)) for t in steps)
    goal = ""
    if low is not None:
        goal = "band" if high is not None and high != low else "line"
    return TrendSpec(
        years=tuple(years),
        points=points,
        unit=unit,
        goal=goal,
        low=low,
        high=high if goal == "band" else None,
        goal_text=_goal_text(target, scale),
        note=note,
        ticks=ticks,
        bottom=bottom,
        top=top,
    )


# --- the chart -----------------------------------------------------------------------------------

WIDTH = 300  # the chart's width on the page (about), in CSS pixels; the report scales it to its column
PLOT_HEIGHT = 110
FONT_SIZE = 11
# Families with every Vietnamese letter: DejaVu Sans first, as Debian's Liberation Sans 1.x lacks
# the stacked diacritics (ộ, ữ) and Arial is an alias of it there; Windows and macOS have Arial. The
# server lays the chart out with the first it has, and DejaVu Sans is wider than Arial: a browser
# drawing with Arial has room to spare.
FONT_FAMILY = "DejaVu Sans, Arial, Liberation Sans, sans-serif"
# The result's legend sample: a line with a dot on it, as the results are drawn (an SVG path in the
# symbol's unit square).
_LINE_AND_DOT = "M-1,0H1M0.2,0A0.2,0.2,0,1,1,-0.2,0A0.2,0.2,0,1,1,0.2,0"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A text's width at ``size``, estimated on the wide side (DejaVu Sans): a capital 0,78 of the
    size, a digit or a small letter 0,62, a space or a stop 0,33."""
    return size * sum(0.78 if ch.isupper() else 0.33 if ch in " .,:;-/()'" else 0.62 for ch in text)


def wrap(text: str, width: float, size: float = FONT_SIZE, lines: int = 0) -> list[str]:
    """``text`` in lines at most ``width`` wide (a longer word alone on its line); at most ``lines``
    of them when given, the last cut with "…"."""
    out: list[str] = []
    for word in text.split():
        if out and text_width(f"{out[-1]} {word}", size) <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if lines and len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
        while text_width(out[-1] + "…", size) > width and " " in out[-1]:
            out[-1] = out[-1].rsplit(" ", 1)[0]
        out[-1] += "…"
    return out


def lookup(keys: list, values: list) -> str:
    """A Vega expression giving ``values[i]`` for the datum whose value is ``keys[i]``: how an axis or
    a legend shows our own labels ("2,5", "HTTNV", a label in lines) instead of formatting numbers."""
    # Vega's expression parser, like JavaScript before ES2019, ends a string at U+2028/U+2029: escaped.
    return f"{_js(values)}[indexof({_js(keys)}, datum.value)]"


def _js(value: list) -> str:
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _low_points(spec: TrendSpec, room: Decimal) -> set[int]:
    """The years whose value is a low point (the line runs higher on each side it has) with ``room``
    under it for its label above the axis's years."""
    values = [p.value for p in spec.points]
    return {
        p.year
        for i, p in enumerate(spec.points)
        if (sides := values[max(i - 1, 0) : i] + values[i + 1 : i + 2])
        and all(v > p.value for v in sides)
        and p.value - spec.bottom >= room
    }


def vega_lite(spec: TrendSpec) -> dict[str, Any]:
    """The chart of ``spec`` as a Vega-Lite specification: the one drawing of the page's SVG and the
    report's PNG. Every year of the term on the x axis, each value labelled by its point, the value
    axis on the spec's ticks, the target's band or line, a legend naming both."""
    c = COLOURS
    years = [str(y) for y in spec.years]
    per_pixel = (spec.top - spec.bottom) / PLOT_HEIGHT  # the value axis is linear over a fixed height
    below = _low_points(spec, room=22 * per_pixel)
    points = [
        {
            "year": str(p.year),
            "value": float(p.value),
            "label": p.label,
            "label_at": float(p.value + (-14 if p.year in below else 9) * per_pixel),  # its label's middle
        }
        for p in spec.points
    ]
    # The line between consecutive results, dashed across years with no result: each segment its own
    # line (detail), so a gap is bridged and marked rather than silently joined.
    order = {y: i for i, y in enumerate(spec.years)}
    segments = [
        {**row, "segment": i, "gap": order[b.year] - order[a.year] > 1}
        for i, (a, b) in enumerate(itertools.pairwise(spec.points))
        for row in ({"year": str(a.year), "value": float(a.value)}, {"year": str(b.year), "value": float(b.value)})
    ]
    ticks = [float(t.value) for t in spec.ticks]
    y: dict[str, Any] = {
        "field": "value",
        "type": "quantitative",
        "scale": {"domain": [float(spec.bottom), float(spec.top)], "nice": False, "zero": False},
        "axis": {"values": ticks, "labelExpr": lookup(ticks, [t.label for t in spec.ticks]), "title": None},
    }

    def at(value: Decimal) -> dict[str, Any]:  # the value axis at one value (the target's band or line)
        return {**{k: v for k, v in y.items() if k != "field"}, "datum": float(value)}

    # One legend, always two entries: the results, then the target (its band, its line, or only its
    # words with the reason it is not drawn).
    goal_colour = {"band": c["band"], "line": c["goal"]}.get(spec.goal, "transparent")
    names = [spec.result_legend, spec.goal_legend]
    # The plot's width: the chart's less the value axis's labels and the margins, estimated on the
    # wide side (Vega's "fit" would measure them, but lays the chart out twice: a fifth of its time).
    plot_width = round(WIDTH - max(text_width(t.label) for t in spec.ticks) - 14)
    room = plot_width - 30  # the legend's labels, after its sample, under the plot
    goal_shape = "square" if spec.goal == "band" else "stroke"
    solid, goal_dash = [1, 0], [5, 3] if spec.goal == "line" else [1, 0]

    def first(result: Any, goal: Any) -> list[dict[str, Any]]:  # the results' sample, then the target's
        return [{"test": "datum.index === 0", "value": result}, {"value": goal}]

    colour = {
        "scale": {"domain": names, "range": [c["line"], goal_colour]},
        "legend": {
            "labelExpr": lookup(names, [wrap(n, room) for n in names]),  # a list: a label in lines
            "encode": {
                "symbols": {
                    "update": {
                        "shape": first(_LINE_AND_DOT, goal_shape),
                        "stroke": first(c["line"], goal_colour),
                        "strokeWidth": {"value": 2},
                        "strokeDash": first(solid, goal_dash),
                    }
                }
            },
        },
    }
    full_width = {"x": {"value": 0}, "x2": {"value": "width"}}
    layers: list[dict[str, Any]] = []
    if spec.goal == "band":
        band = {"y": at(spec.low), "y2": {"datum": float(spec.high)}, "color": {**colour, "datum": names[1]}}
        layers.append({"data": {"values": [{}]}, "mark": "rect", "encoding": {**full_width, **band}})
    # The grid over the band, under the results; the zero line darker when values go below it.
    grid: dict[str, Any] = {"value": c["grid"]}
    if spec.bottom < 0:
        grid = {"condition": {"test": "datum.value === 0", "value": c["zero"]}, **grid}
    layers.append(
        {
            "data": {"values": [{"value": t} for t in ticks]},
            "mark": "rule",
            "encoding": {**full_width, "y": y, "color": grid},
        }
    )
    if spec.goal == "line":
        line = {"y": at(spec.low), "color": {**colour, "datum": names[1]}}
        mark = {"type": "rule", "strokeDash": [5, 3], "strokeWidth": 1.5}
        layers.append({"data": {"values": [{}]}, "mark": mark, "encoding": {**full_width, **line}})
    if segments:
        dash = {
            "field": "gap",
            "type": "nominal",
            "scale": {"domain": [False, True], "range": [[1, 0], [4, 3]]},
            "legend": None,
        }
        mark = {"type": "line", "color": c["line"], "strokeWidth": 2}
        layers.append(
            {
                "data": {"values": segments},
                "mark": mark,
                "encoding": {"y": y, "detail": {"field": "segment"}, "strokeDash": dash},
            }
        )
    layers.append(
        {
            "data": {"values": points},
            "mark": "point",
            "encoding": {"y": y, "color": {**colour, "datum": names[0]}},
        }
    )
    # Each value above its point (below a low point, out of the line's way), on a white edge so that
    # a line running through stays readable.
    label = {"type": "text", "fontWeight": "bold", "color": c["line"]}
    for edge in ({"stroke": "white", "strokeWidth": 3, "strokeJoin": "round"}, {}):
        encoding = {"y": {**y, "field": "label_at"}, "text": {"field": "label"}}
        layers.append({"data": {"values": points}, "mark": {**label, **edge}, "encoding": encoding})
    axis = {
        "labelFontSize": FONT_SIZE,
        "labelColor": c["muted"],
        "domainColor": c["axis"],
        "ticks": False,
        "grid": False,
    }
    chart: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": plot_width,
        "height": PLOT_HEIGHT,
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "scale": {"domain": years},
                "axis": {"title": None, "labelAngle": 0, "labelColor": c["ink"]},
            }
        },
        "layer": layers,
        "config": {
            "font": FONT_FAMILY,
            "aria": False,  # the page names the whole chart (its <title>); its parts need no names of their own
            "view": {"stroke": None},
            # Set here, not on the mark: a mark's own opacity would replace the legend's samples.
            "point": {"filled": True, "size": 45, "opacity": 1},
            "axis": axis,
            "text": {"fontSize": FONT_SIZE},
            "legend": {
                "orient": "bottom",
                "direction": "vertical",
                "title": None,
                "labelFontSize": FONT_SIZE,
                "labelColor": c["ink"],
                "labelLimit": 0,
                "offset": 8,
                "symbolSize": 250,
                "symbolStrokeWidth": 2,
                "layout": {"bottom": {"anchor": "start"}},
            },
        },
    }
    if spec.unit:  # what the values are in, above the value axis
        chart["title"] = {"text": spec.unit, "anchor": "start", "frame": "bounds", "offset": 6}
        chart["config"]["title"] = {"fontSize": FONT_SIZE, "fontWeight": "normal", "color": c["muted"]}
    return chart


# --- drawing ---------------------------------------------------------------------------------------


class ChartUnavailable(RuntimeError):
    """The charts cannot be drawn here; the message says why (a report then says the chart is missing)."""


_started_in: int | None = None  # the process whose vl-convert has started its JavaScript runtime


def draw(vl_spec: dict[str, Any], fmt: Literal["svg", "png"], **options: Any) -> Any:
    """``vl_spec`` drawn by vl-convert: an SVG string, or PNG bytes (``options``: scale, ppi)."""
    global _started_in
    try:
        import vl_convert
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ChartUnavailable("vl-convert-python chưa được cài / vl-convert-python is not installed") from exc
    if _started_in not in (None, os.getpid()):
        # Its runtime runs on threads a fork does not copy: the call would wait for ever. A process
        # that forks workers (reports.batch) leaves the charts to them.
        raise ChartUnavailable("tiến trình con không vẽ được biểu đồ / charts cannot be drawn after a fork")
    # Marked before the call: a drawing that fails has started the runtime all the same.
    _started_in = os.getpid()
    try:
        return (vl_convert.vegalite_to_svg if fmt == "svg" else vl_convert.vegalite_to_png)(vl_spec, **options)
    except ValueError as exc:  # what vl-convert raises when a spec cannot be drawn
        raise ChartUnavailable(f"không vẽ được biểu đồ / the chart could not be drawn: {exc}") from exc


def started_here() -> bool:
    """Whether this process has drawn a chart: a process forked from it could not draw."""
    return _started_in == os.getpid()


_ids = itertools.count(1)
_ID_REFS = re.compile(r'(\bid="|url\(#|href="#)')
# Vega names its inner groups for assistive technology (role="graphics-object"…); inside an SVG that
# is one image with its own <title>, those parts have no names and axe counts each as an image
# without a text alternative. The page's chart is named once, as a whole.
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


@functools.lru_cache(maxsize=1024)
def _drawn_svg(spec: TrendSpec) -> str:
    """The SVG of one chart, kept by its spec (frozen, so a key of its own): a committee page whose
    one target changed draws that target's chart again, not all 28 (40 ms each)."""
    return _INNER_ARIA.sub("", draw(vega_lite(spec), "svg"))


def trend_svg(spec: TrendSpec | None, *, title: str = "") -> str:
    """The chart as inline SVG, named for a screen reader by its ``title`` and the chart in words.
    Its ids (a clip, a gradient) get a prefix of their own: a page shows a chart per target."""
    if spec is None:
        return ""
    try:
        svg = _drawn_svg(spec)
    except ChartUnavailable:  # the figures in words, where the chart cannot be drawn
        return f'<span class="muted">{escape(spec.description)} (không vẽ được biểu đồ)</span>'
    prefix = f"trend{next(_ids)}-"
    svg = _ID_REFS.sub(lambda m: m[1] + prefix, svg)
    head = re.match(r"<svg [^>]*>", svg)
    size = " ".join(re.findall(r'\b(?:width|height|viewBox)="[^"]*"', head[0]))
    label = escape((f"{title}. " if title else "") + spec.description)
    return f'<svg class="trend" {size} role="img"><title>{label}</title>{svg[head.end() :]}'
