"""The report's charts as PNGs: completion of each main target against its target (100%), and each
target's trend over the years (the committee page's chart, ``plans.charts.vega_lite``, drawn at the
report's size).

Both are Vega-Lite charts drawn by vl-convert (the Vega project's converter: Vega in an embedded
JavaScript runtime, rendered by resvg), the committee page's library, then made a palette PNG by
Pillow. Measured (CPU time, a busy 2-core machine): ~70 ms a trend chart, 0,05-0,2 s the completion
chart (more bars, more text), ~0,5 s once per process to start the runtime. A term report with 28
trends takes ~2 s more than when Pillow drew them in a few milliseconds, which is why a batch of many
committees may leave its trends out (``content.build_report(..., trends=False)``).

resvg draws the text with the machine's fonts: one with every Vietnamese letter must be there
(DejaVu Sans: Debian's fonts-dejavu-core, which comes with chromium; Arial on Windows and macOS),
or in the directory ``CHITIEU_CHART_FONTS`` names. Without one the chart is not drawn
(``ChartUnavailable``) and the report says so in its place: no chart is better than one in boxes.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chitieu.core.quantity import format_number
from chitieu.plans.charts import FONT_FAMILY, WIDTH, ChartUnavailable, draw, lookup, text_width, vega_lite, wrap

if TYPE_CHECKING:
    from chitieu.plans.charts import TrendSpec

    from .content import Chart

__all__ = ["AXIS_CAP", "ChartUnavailable", "completion_spec", "render_png", "render_trend_png"]

# Green for met or exceeded, red for not met: the colours offices use in their own tables.
COLOURS = {"met": "#2e7d32", "exceeded": "#1b5e20", "not_met": "#c62828"}
GREY = "#757575"
# Past this, a bar is cut and its figure written beside it: one 903% plan must not flatten the rest.
AXIS_CAP = 200.0

# Where the fonts resvg finds are, and the files of the families plans.charts.FONT_FAMILY names.
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
_VIETNAMESE_FONTS = {"dejavusans.ttf", "arial.ttf"}


@cache
def _fonts() -> None:
    """A font with every Vietnamese letter where resvg finds it, or ChartUnavailable saying so."""
    configured = os.environ.get("CHITIEU_CHART_FONTS")
    if configured:
        if not Path(configured).is_dir():
            raise ChartUnavailable(f"CHITIEU_CHART_FONTS không phải thư mục / is not a directory: {configured}")
        import vl_convert

        vl_convert.register_font_directory(str(Path(configured).resolve()))
        return
    for folder in (Path(d).expanduser() for d in _FONT_DIRS):
        if folder.is_dir() and any(f.name.lower() in _VIETNAMESE_FONTS for f in folder.rglob("*.[tT][tT][fF]")):
            return
    raise ChartUnavailable(
        "máy không có phông chữ tiếng Việt (DejaVu Sans, Arial) / no font with Vietnamese letters: "
        "apt-get install fonts-dejavu-core, or set CHITIEU_CHART_FONTS"
    )


def _png(vl_spec: dict[str, Any], *, scale: float, dpi: int) -> bytes:
    from PIL import Image

    _fonts()
    # ``ppi`` multiplies the pixels: the chart's points (1/72 inch) at ``dpi``.
    drawn = Image.open(io.BytesIO(draw(vl_spec, "png", scale=scale, ppi=dpi)))
    # A few colours and their blends: as a palette the PNG is a fifth of vl-convert's RGBA (~7 kB
    # a trend, not 40: a report holds 28, the country's batch 3,321 reports), for ~10 ms.
    small = drawn.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    small.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _pct(value: float) -> str:
    return f"{format_number(Decimal(f'{value:.2f}'))}%"


def completion_spec(chart: Chart, width_pt: float) -> dict[str, Any]:
    """The completion chart as Vega-Lite, ``width_pt`` points wide: a horizontal bar per target in
    its verdict's colour, its figure at the end, a dashed line at 100%."""
    label_size, value_size, small_size = 10.5, 10, 9  # points, as the report's small print
    rows = [
        {
            "row": str(i),  # the bars in the report's order, two targets of one name apart
            "shown": min(b.pct, AXIS_CAP),
            "figure": f"{'» ' if b.pct > AXIS_CAP else ''}{_pct(b.pct)}",
            "colour": COLOURS.get(b.verdict_key, GREY),
        }
        for i, b in enumerate(chart.bars)
    ]
    names = [wrap(b.label, width_pt * 0.45, label_size, lines=2) for b in chart.bars]
    limit = min(max(max(b.pct for b in chart.bars), 110.0), AXIS_CAP) * 1.05
    ticks = list(range(0, int(limit) + 1, 50 if limit > 120 else 25))
    x = {
        "field": "shown",
        "type": "quantitative",
        "scale": {"domain": [0, limit], "nice": False},
        "axis": {"values": ticks, "labelExpr": lookup(ticks, [f"{t}%" for t in ticks]), "title": None, "grid": False},
    }
    y = {
        "field": "row",
        "type": "nominal",
        "sort": None,
        "scale": {"paddingInner": 0.4, "paddingOuter": 0.2},
        "axis": {"labelExpr": lookup([r["row"] for r in rows], names), "title": None, "ticks": False},
    }
    hundred = {"x": {"datum": 100, "type": "quantitative"}}
    line_height = label_size * 1.2
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width_pt,
        "height": {"step": max(25.0, max(len(n) for n in names) * line_height + 8)},
        "autosize": {"type": "fit-x", "contains": "padding"},
        # Room right of the plot for the figure of a bar reaching its end ("» 903,18%")
        "padding": {"left": 5, "top": 5, "bottom": 5, "right": max(text_width(r["figure"], value_size) for r in rows)},
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {"mark": "bar", "encoding": {"x": x, "color": {"field": "colour", "type": "nominal", "scale": None}}},
            {
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": value_size},
                "encoding": {"x": x, "text": {"field": "figure"}},
            },
            # The target itself: a dashed line at 100%, named above the bars.
            {"mark": {"type": "rule", "strokeDash": [3, 3], "color": "#333333"}, "encoding": {**hundred, "y": None}},
            {
                "data": {"values": [{}]},
                "mark": {"type": "text", "baseline": "bottom", "dy": -3, "fontSize": small_size},
                "encoding": {**hundred, "y": {"value": 0}, "text": {"value": f"{chart.ref} = 100%"}},
            },
        ],
        "config": {
            "font": FONT_FAMILY,
            "view": {"stroke": None},
            "axis": {"labelFontSize": label_size, "labelColor": "black", "labelLimit": 0, "domainColor": "black"},
            "axisX": {"labelFontSize": small_size, "labelColor": "#555555", "domainColor": "#8a8a8a"},
        },
    }


def render_png(chart: Chart, *, width_cm: float = 16.0, dpi: int = 150) -> bytes:
    """The completion chart as PNG bytes, ``width_cm`` wide at ``dpi``."""
    return _png(completion_spec(chart, width_cm / 2.54 * 72), scale=1, dpi=dpi)


def render_trend_png(spec: TrendSpec, *, width_cm: float = 7.6, dpi: int = 150) -> bytes:
    """The trend chart of the committee page (``plans.charts``) as PNG bytes, ``width_cm`` wide at
    ``dpi``: the page's chart, its pixels scaled to the width."""
    return _png(vega_lite(spec), scale=width_cm / 2.54 * 72 / WIDTH, dpi=dpi)
