"""A small inline SVG trend chart: yearly results as a line, the target as a band or a line.

Drawn server-side so the page needs no JavaScript library and prints as it shows.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from chitieu.core.quantity import format_number

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 260, 90, 34, 8, 8, 18


def trend_svg(years: list[int], yearly: dict[int, Decimal], low: Decimal | None, high: Decimal | None) -> str:
    points = [(y, yearly[y]) for y in years if y in yearly]
    values = [v for _, v in points] + [v for v in (low, high) if v is not None]
    if not values or not years:
        return ""
    top = max(values) * Decimal("1.1") or Decimal(1)
    bottom = min(Decimal(0), min(values))
    span = (top - bottom) or Decimal(1)

    def x(year: int) -> float:
        if len(years) == 1:
            return PAD_L + (W - PAD_L - PAD_R) / 2
        return PAD_L + (W - PAD_L - PAD_R) * (years.index(year) / (len(years) - 1))

    def y(v: Decimal) -> float:
        return PAD_T + float((top - v) / span) * (H - PAD_T - PAD_B)

    parts = [f'<svg class="trend" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img">']
    if low is not None and high is not None and high != low:
        parts.append(
            f'<rect x="{PAD_L}" y="{y(high):.1f}" width="{W - PAD_L - PAD_R}" height="{y(low) - y(high):.1f}" '
            'class="band"><title>chỉ tiêu</title></rect>'
        )
    elif low is not None:
        parts.append(
            f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(low):.1f}" y2="{y(low):.1f}" class="goal">'
            "<title>chỉ tiêu</title></line>"
        )
    if low is not None:
        parts.append(f'<text x="2" y="{y(low) + 3:.1f}" class="axis">{escape(format_number(low))}</text>')
    if points:
        path = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v in points)
        parts.append(f'<polyline points="{path}" class="line"/>')
        for yr, v in points:
            parts.append(
                f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3" class="dot">'
                f"<title>{yr}: {escape(format_number(v))}</title></circle>"
            )
    for yr in years:
        parts.append(f'<text x="{x(yr) - 10:.1f}" y="{H - 4}" class="axis">{yr}</text>')
    parts.append("</svg>")
    return "".join(parts)
