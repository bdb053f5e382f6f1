"""A target's trend chart: its yearly results against the target, with axes, values and a legend.

One spec (``trend_spec``: the years, each value with its Vietnamese label, the target's band or line,
the unit, the ticks) and one layout (``layout``: where the plot, the ticks, the labels and the legend
stand) make both drawings: ``trend_svg`` for the committee page, an inline SVG that needs no
JavaScript, is kept in the page's cache and prints as it shows; and the report's PNG
(``chitieu.reports.chart.render_trend_png``), drawn with Pillow from the same spec and layout, so the
page and the DOCX show the same chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape

from chitieu.core.quantity import MONEY_SCALES, Unit, format_number, money_scale, round_half_up
from chitieu.core.targets import Period, Shape, Target, format_target

__all__ = ["COLOURS", "Layout", "Point", "Tick", "TrendSpec", "layout", "trend_spec", "trend_svg"]

# The colours of both drawings: the results in blue, the target in green.
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


# --- the layout -------------------------------------------------------------------------------

FONT = 11.0  # the size of every text, in the layout's units (the SVG's pixels)


def text_width(text: str) -> float:
    """A text's width at ``FONT``, estimated on the safe side for the serifs a page may be shown in
    (Times New Roman, Liberation Serif, DejaVu Serif): a capital 0,78 of the size, a digit or a small
    letter 0,62, a space or a stop 0,33."""
    return FONT * sum(0.78 if ch.isupper() else 0.33 if ch in " .,:;-/()'" else 0.62 for ch in text)


def _wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and measure(f"{out[-1]} {word}") <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    left: float  # the plot's box
    right: float
    top: float
    bottom: float
    slot: float  # each year's share of the width
    years: tuple[int, ...]
    low: Decimal
    high: Decimal
    years_y: float  # baseline of the year labels
    unit_y: float  # baseline of the unit above the value axis
    # The legend: one entry a line, (kind "line" / "band" / "goal" / "note", its lines, first baseline)
    legend: tuple[tuple[str, tuple[str, ...], float], ...]
    swatch: float  # width of a legend's sample

    def x(self, year: int) -> float:
        return self.left + self.slot * (self.years.index(year) + 0.5)

    def y(self, value: Decimal) -> float:
        share = float((value - self.low) / (self.high - self.low))
        return self.bottom - share * (self.bottom - self.top)

    def label_y(self, value: Decimal, *, below: bool = False) -> float:
        """Baseline of a value's label: above its point, or ``below`` it (a low point: the line runs
        above), each where there is room."""
        y = self.y(value)
        above_fits = y - 6 - FONT >= self.top - 10
        below_fits = y + FONT + 4 <= self.bottom - 1
        return y + FONT + 4 if (below and below_fits) or not above_fits else y - 6


def layout(
    spec: TrendSpec, width: float = 340, plot_height: float = 110, measure: Callable[[str], float] = text_width
) -> Layout:
    """Where everything stands, in units of ``width``; ``measure`` gives a text's width at ``FONT``
    (the page estimates it, the PNG measures its font)."""
    gap = 6
    left = max(measure(t.label) for t in spec.ticks) + gap + 2
    right = width - 6
    top = FONT + 14  # room for the unit above the value axis
    bottom = top + plot_height
    years_y = bottom + FONT + 4
    swatch = 22.0
    entries = [("line", spec.result_legend)]
    entries.append(("goal" if spec.goal == "line" else spec.goal or "note", spec.goal_legend))
    legend = []
    y = years_y + FONT + 8
    for kind, text in entries:
        lines = tuple(_wrap(text, width - swatch - 14, measure))
        legend.append((kind, lines, y))
        y += len(lines) * (FONT + 3)
    return Layout(
        width=width,
        height=y - FONT + 6,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        slot=(right - left) / len(spec.years),
        years=spec.years,
        low=spec.bottom,
        high=spec.top,
        years_y=years_y,
        unit_y=FONT + 1,
        legend=tuple(legend),
        swatch=swatch,
    )


def labels_below(spec: TrendSpec) -> set[int]:
    """The years whose value is a low point (the line runs higher on each side it has): labelled
    below, out of the line's way."""
    by_year = {p.year: p.value for p in spec.points}
    years = [p.year for p in spec.points]
    out = set()
    for i, y in enumerate(years):
        sides = [by_year[years[j]] for j in (i - 1, i + 1) if 0 <= j < len(years)]
        if sides and all(v > by_year[y] for v in sides):
            out.add(y)
    return out


def segments(spec: TrendSpec) -> list[tuple[Point, Point, bool]]:
    """The line between consecutive results; dashed (True) across years with no result."""
    order = {y: i for i, y in enumerate(spec.years)}
    pts = list(spec.points)
    return [(a, b, order[b.year] - order[a.year] > 1) for a, b in zip(pts, pts[1:], strict=False)]


# --- the page's drawing -----------------------------------------------------------------------


def _f(v: float) -> str:
    return f"{v:.1f}".removesuffix(".0")


def trend_svg(spec: TrendSpec | None, *, width: float = 340, title: str = "") -> str:
    """The chart as inline SVG: its own colours and sizes, so that it needs no stylesheet and prints."""
    if spec is None:
        return ""
    lay = layout(spec, width)
    c = COLOURS
    label = escape((f"{title}. " if title else "") + spec.description)
    out = [
        f'<svg class="trend" viewBox="0 0 {_f(lay.width)} {_f(lay.height)}" width="{_f(lay.width)}" '
        f'height="{_f(lay.height)}" role="img" font-size="{_f(FONT)}" fill="{c["ink"]}"><title>{label}</title>'
    ]
    # the target first, under everything
    if spec.goal == "band":
        y_hi, y_lo = lay.y(spec.high), lay.y(spec.low)
        out.append(
            f'<rect x="{_f(lay.left)}" y="{_f(y_hi)}" width="{_f(lay.right - lay.left)}" '
            f'height="{_f(max(y_lo - y_hi, 1))}" fill="{c["band"]}"/>'
        )
    # value axis: ticks, grid lines, the zero line darker
    for t in spec.ticks:
        y = lay.y(t.value)
        colour = c["zero"] if t.value == 0 and spec.bottom < 0 else c["grid"]
        out.append(f'<line x1="{_f(lay.left)}" x2="{_f(lay.right)}" y1="{_f(y)}" y2="{_f(y)}" stroke="{colour}"/>')
        out.append(
            f'<text x="{_f(lay.left - 6)}" y="{_f(y + FONT * 0.35)}" text-anchor="end" fill="{c["muted"]}">'
            f"{escape(t.label)}</text>"
        )
    if spec.unit:
        out.append(f'<text x="2" y="{_f(lay.unit_y)}" fill="{c["muted"]}">{escape(spec.unit)}</text>')
    if spec.goal == "line":
        y = lay.y(spec.low)
        out.append(
            f'<line x1="{_f(lay.left)}" x2="{_f(lay.right)}" y1="{_f(y)}" y2="{_f(y)}" stroke="{c["goal"]}" '
            'stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
    out.append(
        f'<path d="M{_f(lay.left)} {_f(lay.top)}V{_f(lay.bottom)}H{_f(lay.right)}" fill="none" stroke="{c["axis"]}"/>'
    )
    for yr in spec.years:
        out.append(f'<text x="{_f(lay.x(yr))}" y="{_f(lay.years_y)}" text-anchor="middle">{yr}</text>')
    # the results: the line, dashed across a year with no result, a dot and a label on each year
    for a, b, gap in segments(spec):
        dash = ' stroke-dasharray="4 3"' if gap else ""
        out.append(
            f'<line x1="{_f(lay.x(a.year))}" y1="{_f(lay.y(a.value))}" x2="{_f(lay.x(b.year))}" '
            f'y2="{_f(lay.y(b.value))}" stroke="{c["line"]}" stroke-width="2"{dash}/>'
        )
    below = labels_below(spec)
    for p in spec.points:
        x = lay.x(p.year)
        out.append(f'<circle cx="{_f(x)}" cy="{_f(lay.y(p.value))}" r="3.5" fill="{c["line"]}"/>')
        out.append(
            f'<text x="{_f(x)}" y="{_f(lay.label_y(p.value, below=p.year in below))}" text-anchor="middle" '
            f'fill="{c["line"]}" font-weight="bold" stroke="#fff" stroke-width="3" paint-order="stroke">'
            f"{escape(p.label)}</text>"
        )
    # the legend
    for kind, lines, y in lay.legend:
        mid = y - FONT * 0.35
        x0, x1 = 4, 4 + lay.swatch
        if kind == "line":
            out.append(
                f'<line x1="{x0}" x2="{_f(x1)}" y1="{_f(mid)}" y2="{_f(mid)}" stroke="{c["line"]}" stroke-width="2"/>'
                f'<circle cx="{_f((x0 + x1) / 2)}" cy="{_f(mid)}" r="3.5" fill="{c["line"]}"/>'
            )
        elif kind == "band":
            out.append(f'<rect x="{x0}" y="{_f(mid - 5)}" width="{_f(lay.swatch)}" height="10" fill="{c["band"]}"/>')
        elif kind == "goal":
            out.append(
                f'<line x1="{x0}" x2="{_f(x1)}" y1="{_f(mid)}" y2="{_f(mid)}" stroke="{c["goal"]}" '
                'stroke-width="1.5" stroke-dasharray="5 3"/>'
            )
        for k, line in enumerate(lines):
            out.append(f'<text x="{_f(x1 + 6)}" y="{_f(y + k * (FONT + 3))}">{escape(line)}</text>')
    out.append("</svg>")
    return "".join(out)
