"""The report's charts as PNGs: completion of each main target against its target (100%), and each
target's trend over the years (the committee page's chart, from the same spec and layout).

Drawn directly with Pillow: a horizontal bar per target, its figure at the end, a dashed line at
100%. matplotlib drew the same picture in 0,2-0,3 s, more than the rest of a report together (its
per-text layout is slow); Pillow takes a few milliseconds, which is what lets a province's hundred
reports take seconds.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from chitieu.core.quantity import format_number

if TYPE_CHECKING:
    from chitieu.plans.charts import TrendSpec

    from .content import Chart

__all__ = ["AXIS_CAP", "ChartUnavailable", "render_png", "render_trend_png"]

# Green for met or exceeded, red for not met: the colours offices use in their own tables.
COLOURS = {"met": (46, 125, 50), "exceeded": (27, 94, 32), "not_met": (198, 40, 40)}
GREY = (117, 117, 117)
# Past this, a bar is cut and its figure written beside it: one 903% plan must not flatten the rest.
AXIS_CAP = 200.0

# Fonts with every Vietnamese letter, Times-like first. Liberation Serif 1.x (Debian's
# fonts-liberation) lacks the stacked diacritics (ộ, ữ), so only version 2 is listed.
_FONT_PATHS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/dejavu/DejaVuSerif.ttf",
    "/Library/Fonts/Times New Roman.ttf",
    "C:/Windows/Fonts/times.ttf",
)


class ChartUnavailable(RuntimeError):
    pass


@cache
def _font_path() -> str | None:
    configured = os.environ.get("CHITIEU_CHART_FONT")
    for path in ((configured,) if configured else ()) + _FONT_PATHS:
        if Path(path).is_file():
            return path
    return None


@cache
def _font(size_px: int):
    try:
        from PIL import ImageFont
    except ImportError as exc:  # pragma: no cover - Pillow is a dependency
        raise ChartUnavailable("Pillow chưa được cài / Pillow is not installed") from exc
    path = _font_path()
    if path:
        return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size_px)  # Pillow's own font: no diacritics lost, a plainer look


_BOLD = (("-Regular.ttf", "-Bold.ttf"), ("Serif.ttf", "Serif-Bold.ttf"), ("times.ttf", "timesbd.ttf"),
         ("Roman.ttf", "Roman Bold.ttf"))  # fmt: skip


@cache
def _bold_font(size_px: int):
    """The bold of the chart's font where it is beside it (the values of a trend), else the font."""
    path = _font_path()
    for regular, bold in _BOLD if path else ():
        if path.endswith(regular) and Path(path.removesuffix(regular) + bold).is_file():
            from PIL import ImageFont

            return ImageFont.truetype(path.removesuffix(regular) + bold, size_px)
    return _font(size_px)


def _pct(value: float) -> str:
    return f"{format_number(Decimal(f'{value:.2f}'))}%"


def _wrap(text: str, font, width: float, lines: int = 2) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and font.getlength(f"{out[-1]} {word}") <= width:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
        while font.getlength(out[-1] + "…") > width and " " in out[-1]:
            out[-1] = out[-1].rsplit(" ", 1)[0]
        out[-1] += "…"
    return out


def render_png(chart: Chart, *, width_cm: float = 16.0, dpi: int = 150) -> bytes:
    """The chart as PNG bytes, ``width_cm`` wide at ``dpi``."""
    try:
        from PIL import Image, ImageDraw
    except ImportError as exc:  # pragma: no cover - Pillow is a dependency
        raise ChartUnavailable("Pillow chưa được cài / Pillow is not installed") from exc
    px = dpi / 72  # pixels per point
    label_font, value_font, small_font = _font(round(10.5 * px)), _font(round(10 * px)), _font(round(9 * px))
    width = round(width_cm / 2.54 * dpi)
    bars = chart.bars
    label_width = width * 0.45
    labels = [_wrap(b.label, label_font, label_width) for b in bars]
    line_h = round(12.5 * px)
    row_h = max(round(25 * px), max((len(ls) for ls in labels), default=1) * line_h + round(8 * px))
    top_pad, bottom_pad = round(18 * px), round(6 * px)
    height = top_pad + row_h * len(bars) + bottom_pad
    axis_x = round(max((label_font.getlength(line) for ls in labels for line in ls), default=0) + 10 * px)
    plot_w = width - axis_x - round(60 * px)  # room for "» 903,18%" after the longest bar
    top = max([b.pct for b in bars] + [100.0])
    limit = min(max(top, 110.0), AXIS_CAP) * 1.05

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)

    def x_of(pct: float) -> int:
        return axis_x + round(min(pct, AXIS_CAP) / limit * plot_w)

    bar_h = round(row_h * 0.6)
    for i, (bar, label) in enumerate(zip(bars, labels, strict=True)):
        mid = top_pad + i * row_h + row_h // 2
        end = x_of(bar.pct)
        draw.rectangle((axis_x, mid - bar_h // 2, end, mid + bar_h // 2), fill=COLOURS.get(bar.verdict_key, GREY))
        cut = "» " if bar.pct > AXIS_CAP else ""
        draw.text((end + round(3 * px), mid), f"{cut}{_pct(bar.pct)}", font=value_font, fill="black", anchor="lm")
        first = mid - (len(label) - 1) * line_h / 2
        for k, line in enumerate(label):
            draw.text((axis_x - round(5 * px), first + k * line_h), line, font=label_font, fill="black", anchor="rm")
    # The target itself: a dashed line at 100%.
    hundred = x_of(100)
    y = top_pad - round(2 * px)
    dash = round(3 * px)
    while y < height - bottom_pad:
        draw.line(
            (hundred, y, hundred, min(y + dash, height - bottom_pad)), fill=(51, 51, 51), width=max(1, round(px * 0.8))
        )
        y += 2 * dash
    draw.text((hundred, top_pad - round(4 * px)), f"{chart.ref} = 100%", font=small_font, fill="black", anchor="mb")
    draw.line((axis_x, top_pad - round(2 * px), axis_x, height - bottom_pad), fill="black", width=max(1, round(px)))
    out = io.BytesIO()
    # Fast compression: a few kilobytes more, a good part of the chart's time less.
    image.save(out, format="PNG", compress_level=1, dpi=(dpi, dpi))
    return out.getvalue()


# --- a target's trend -------------------------------------------------------------------------


def _dashed(draw, start: tuple[float, float], end: tuple[float, float], *, dash: float, gap: float, **kw) -> None:
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if not length:
        return
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    at = 0.0
    while at < length:
        stop = min(at + dash, length)
        draw.line((x0 + dx * at, y0 + dy * at, x0 + dx * stop, y0 + dy * stop), **kw)
        at = stop + gap


@lru_cache(maxsize=2048)  # a few MB of small masks at most
def _text_mask(text: str, size_px: int, bold: bool, stroke: int):
    """``text`` drawn once as a mask, its offset from the baseline's start and its length: a
    province's charts repeat their years, ticks and legends, and drawing text is most of a chart."""
    from PIL import Image, ImageDraw

    font = _bold_font(size_px) if bold else _font(size_px)
    left, top, right, bottom = font.getbbox(text, anchor="ls", stroke_width=stroke)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor="ls", stroke_width=stroke)
    return mask, left, top, font.getlength(text)


def _text(image, x: float, y: float, text: str, size_px: int, fill: str, *, anchor="start", bold=False, halo=0):
    """``text`` on its baseline ``y``, starting, centred or ending at ``x`` (as SVG's text-anchor);
    ``halo``: a white edge that wide under it."""
    mask, left, top, length = _text_mask(text, size_px, bold, 0)
    x -= {"start": 0, "middle": length / 2, "end": length}[anchor]
    if halo:
        edge, edge_left, edge_top, _ = _text_mask(text, size_px, bold, halo)
        image.paste("white", (round(x + edge_left), round(y + edge_top)), edge)
    image.paste(fill, (round(x + left), round(y + top)), mask)


def render_trend_png(spec: TrendSpec, *, width_cm: float = 7.6, dpi: int = 150, units: float = 300) -> bytes:
    """The trend chart of the committee page (``plans.charts``) as PNG bytes, ``width_cm`` wide:
    the same layout, ``units`` of it across the width (fewer units: larger text)."""
    try:
        from PIL import Image, ImageDraw
    except ImportError as exc:  # pragma: no cover - Pillow is a dependency
        raise ChartUnavailable("Pillow chưa được cài / Pillow is not installed") from exc
    from chitieu.plans.charts import COLOURS, FONT, labels_below, layout, segments

    k = round(width_cm / 2.54 * dpi) / units  # pixels per unit of the layout
    size = round(FONT * k)
    fonts = (_font(size), _bold_font(size))
    lay = layout(spec, units, measure=lambda text: max(f.getlength(text) for f in fonts) / k)

    def s(v: float) -> float:
        return v * k

    image = Image.new("RGB", (round(s(lay.width)), round(s(lay.height))), "white")
    draw = ImageDraw.Draw(image)
    c = COLOURS
    thin, thick = max(1, round(k)), max(2, round(2 * k))
    left, right = s(lay.left), s(lay.right)
    if spec.goal == "band":
        draw.rectangle((left, s(lay.y(spec.high)), right, s(lay.y(spec.low))), fill=c["band"])
    for t in spec.ticks:
        y = s(lay.y(t.value))
        colour = c["zero"] if t.value == 0 and spec.bottom < 0 else c["grid"]
        draw.line((left, y, right, y), fill=colour, width=thin)
        _text(image, left - s(6), y + s(FONT * 0.35), t.label, size, c["muted"], anchor="end")
    if spec.unit:
        _text(image, s(2), s(lay.unit_y), spec.unit, size, c["muted"])
    if spec.goal == "line":
        y = s(lay.y(spec.low))
        _dashed(draw, (left, y), (right, y), dash=s(5), gap=s(3), fill=c["goal"], width=max(1, round(1.5 * k)))
    draw.line((left, s(lay.top), left, s(lay.bottom), right, s(lay.bottom)), fill=c["axis"], width=thin)
    for yr in spec.years:
        _text(image, s(lay.x(yr)), s(lay.years_y), str(yr), size, c["ink"], anchor="middle")
    for a, b, gap in segments(spec):
        start, end = (s(lay.x(a.year)), s(lay.y(a.value))), (s(lay.x(b.year)), s(lay.y(b.value)))
        if gap:
            _dashed(draw, start, end, dash=s(4), gap=s(3), fill=c["line"], width=thick)
        else:
            draw.line((*start, *end), fill=c["line"], width=thick)
    r = s(3.5)
    below = labels_below(spec)
    for p in spec.points:
        x, y = s(lay.x(p.year)), s(lay.y(p.value))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=c["line"])
        label_y = s(lay.label_y(p.value, below=p.year in below))
        # a white edge, as on the page: a label the line runs through stays readable
        _text(image, x, label_y, p.label, size, c["line"], anchor="middle", bold=True, halo=thick)
    for kind, lines, y in lay.legend:
        mid = s(y - FONT * 0.35)
        x0, x1 = s(4), s(4 + lay.swatch)
        if kind == "line":
            draw.line((x0, mid, x1, mid), fill=c["line"], width=thick)
            draw.ellipse(((x0 + x1) / 2 - r, mid - r, (x0 + x1) / 2 + r, mid + r), fill=c["line"])
        elif kind == "band":
            draw.rectangle((x0, mid - s(5), x1, mid + s(5)), fill=c["band"])
        elif kind == "goal":
            _dashed(draw, (x0, mid), (x1, mid), dash=s(5), gap=s(3), fill=c["goal"], width=max(1, round(1.5 * k)))
        for i, line in enumerate(lines):
            _text(image, x1 + s(6), s(y + i * (FONT + 3)), line, size, c["ink"])
    out = io.BytesIO()
    # A few colours and their blends: as a palette of 64 the PNG is a third of the size and written
    # in half the time (PNG's filters over full colour took most of a chart's time).
    image = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    image.save(out, format="PNG", compress_level=1, dpi=(dpi, dpi))
    return out.getvalue()
