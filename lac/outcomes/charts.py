"""The progress flower: one petal per life area, first scores against latest.

Plain SVG text, no Django and no JavaScript, so it renders anywhere and prints.
Accessible without colour: the first scores are dashed outline petals, the
latest are solid filled petals with a dot at the tip, every label says
"first → latest" in numbers, and <title>/<desc> describe the whole chart in
words. A table of the same figures belongs beside it on the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext

RADIUS = 100.0
LABEL_RADIUS = 116.0
LABEL_SIZE = 16
LINE = 17
FIRST_COLOUR = "#505a5f"  # GOV.UK dark grey
LATEST_COLOUR = "#1d70b8"  # GOV.UK blue
LATEST_FILL = "#5694ca"


@dataclass(frozen=True)
class Petal:
    name: str
    scale_min: int
    scale_max: int
    first: int | None
    latest: int | None


def _length(score: int, scale_min: int, scale_max: int) -> float:
    """Score scale_min is a small petal, not nothing: steps are equal from there."""
    return RADIUS * (score - scale_min + 1) / (scale_max - scale_min + 1)


def _point(angle: float, distance: float) -> tuple[float, float]:
    return distance * math.sin(angle), -distance * math.cos(angle)


def _petal_path(angle: float, length: float, half_width: float) -> str:
    """A leaf shape from the centre to the tip along ``angle``."""
    ux, uy = math.sin(angle), -math.cos(angle)  # along the petal
    px, py = -uy, ux  # across it
    tip = (ux * length, uy * length)
    w = min(half_width, length * 0.45)

    def at(along: float, across: float) -> str:
        x = ux * length * along + px * w * across
        y = uy * length * along + py * w * across
        return f"{x:.1f} {y:.1f}"

    return (
        f"M0 0 C{at(0.3, 1.1)} {at(0.85, 0.9)} {tip[0]:.1f} {tip[1]:.1f} "
        f"C{at(0.85, -0.9)} {at(0.3, -1.1)} 0 0Z"
    )


def _label_lines(name: str) -> list[str]:
    words = name.split()
    if len(name) <= 12 or len(words) == 1:
        return [name]
    # Two lines, split where they come out most even.
    best = min(
        range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:])))
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def _change_words(petal: Petal) -> str:
    said = {"area": petal.name, "first": petal.first, "latest": petal.latest}
    if petal.first is None and petal.latest is None:
        return gettext("%(area)s: not scored") % said
    if petal.latest is None:
        return gettext("%(area)s: %(first)s at first") % said
    if petal.first is None:
        return gettext("%(area)s: %(latest)s latest (not scored at first)") % said
    change = petal.latest - petal.first
    if change == 0:
        return gettext("%(area)s: %(first)s at first, %(latest)s latest, no change") % said
    if change > 0:
        return gettext("%(area)s: %(first)s at first, %(latest)s latest, up %(change)s") % (
            said | {"change": change}
        )
    return gettext("%(area)s: %(first)s at first, %(latest)s latest, down %(change)s") % (
        said | {"change": -change}
    )


def flower_svg(
    petals: Sequence[Petal],
    *,
    title: str,
    chart_id: str = "flower",
    first_label: str = "",
    latest_label: str = "",
) -> str:
    """An SVG flower of first (dashed outline) and latest (filled) scores per area."""
    n = len(petals)
    if n == 0:
        return ""
    step = 2 * math.pi / n
    half_width = RADIUS * math.tan(step / 2) * 0.45 if n > 2 else RADIUS * 0.3
    top = max(p.scale_max - p.scale_min + 1 for p in petals)
    description = "; ".join(_change_words(p) for p in petals) + "."
    scale = gettext("Scores from the lowest (centre) to the highest (edge).")
    first_key = gettext("%(label)s (dashed outline)") % {"label": first_label or gettext("First")}
    latest_key = gettext("%(label)s (filled)") % {"label": latest_label or gettext("Latest")}
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-215 -165 430 390" '
        'width="430" height="390" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="lac-flower" '
        f'font-family="arial, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(scale)} {escape(description)}</desc>',
    ]
    # Rings: one per step of the longest scale, light so the petals stand out.
    for ring in range(1, top + 1):
        parts.append(
            f'<circle r="{RADIUS * ring / top:.1f}" fill="none" stroke="#b1b4b6" '
            f'stroke-width="0.6"/>'
        )
    for index in range(n):
        x, y = _point(index * step, RADIUS)
        parts.append(
            f'<line x1="0" y1="0" x2="{x:.1f}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="0.6"/>'
        )
    for index, petal in enumerate(petals):
        angle = index * step
        if petal.latest is not None:
            length = _length(petal.latest, petal.scale_min, petal.scale_max)
            parts.append(
                f'<path d="{_petal_path(angle, length, half_width)}" fill="{LATEST_FILL}" '
                f'fill-opacity="0.55" stroke="{LATEST_COLOUR}" stroke-width="2"/>'
            )
            tx, ty = _point(angle, length)
            parts.append(f'<circle cx="{tx:.1f}" cy="{ty:.1f}" r="3.5" fill="{LATEST_COLOUR}"/>')
    for index, petal in enumerate(petals):
        angle = index * step
        if petal.first is not None:
            length = _length(petal.first, petal.scale_min, petal.scale_max)
            parts.append(
                f'<path d="{_petal_path(angle, length, half_width)}" fill="none" '
                f'stroke="{FIRST_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
            )
    for index, petal in enumerate(petals):
        angle = index * step
        x, y = _point(angle, LABEL_RADIUS)
        anchor = "middle" if abs(x) < 20 else ("start" if x > 0 else "end")
        lines = _label_lines(petal.name)
        figures = "–" if petal.first is None else str(petal.first)
        if petal.latest is not None:
            figures += f" → {petal.latest}"
        lines.append(figures)
        # Labels above the centre grow upwards, so they never run into the petals.
        first_dy = (
            -(len(lines) - 1) * LINE
            if y < -20
            else (6 if y > 20 else -(len(lines) - 1) * LINE // 2)
        )
        bold = ' font-weight="bold"'
        spans = "".join(
            f'<tspan x="{x:.1f}" dy="{first_dy if i == 0 else LINE}"'
            f"{bold if i == len(lines) - 1 else ''}>{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="{LABEL_SIZE}" text-anchor="{anchor}" '
            f'fill="#0b0c0c">{spans}</text>'
        )
    # Legend: shape and line style, not colour alone.
    parts.append(
        '<g font-size="15" fill="#0b0c0c" transform="translate(-205 215)">'
        f'<rect x="0" y="-8" width="22" height="10" fill="none" stroke="{FIRST_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="28" y="1">{escape(first_key)}</text>'
        f'<rect x="215" y="-8" width="22" height="10" fill="{LATEST_FILL}" fill-opacity="0.55" '
        f'stroke="{LATEST_COLOUR}" stroke-width="2"/>'
        f'<text x="243" y="1">{escape(latest_key)}</text>'
        "</g>"
    )
    parts.append("</svg>")
    return "".join(parts)
