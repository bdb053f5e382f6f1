"""The report's chart: completion of each main target against its target (100%), as a PNG.

Drawn directly with Pillow: a horizontal bar per target, its figure at the end, a dashed line at
100%. matplotlib drew the same picture in 0,2-0,3 s, more than the rest of a report together (its
per-text layout is slow); Pillow takes a few milliseconds, which is what lets a province's hundred
reports take seconds.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from chitieu.core.quantity import format_number

if TYPE_CHECKING:
    from .content import Chart

__all__ = ["AXIS_CAP", "ChartUnavailable", "render_png"]

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
