"""The report's inline SVG charts: bars, stacked bars and lines, no script, no style.

The collector's Content-Security-Policy blocks ``style=""`` but not SVG presentation
attributes, so every colour and size here is an attribute. Charts either carry
``role="img"`` and an accessible name, or are ``aria-hidden`` decoration next to the text
that says the same (a table cell, a sentence). Sizes in percent keep bars fluid without a
viewBox, so their text never scales down on a phone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .report_measures import whole

INK = "#0b0c0c"
MUTED = "#505a5f"
TRACK = "#e8e8e8"
BAR = "#1d4e89"
GRID = "#b1b4b6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
#: Orange for the unfavourable end, purple for the favourable end (safe for colour blindness).
LOW_LIGHT, LOW_STRONG = (253, 184, 99), (179, 88, 6)
HIGH_LIGHT, HIGH_STRONG = (178, 171, 210), (84, 39, 136)
NEUTRAL = (224, 224, 224)
DETRACTOR, PASSIVE, PROMOTER = "#b35806", "#e0e0e0", "#542788"


@dataclass
class Segment:
    """One part of a stacked bar."""

    percent: float
    fill: str
    label: str


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _mix(a: Sequence[int], b: Sequence[int], t: float) -> str:
    return _hex([x + (y - x) * t for x, y in zip(a, b, strict=True)])


def ink_for(fill: str) -> str:
    """Near-black or white text, whichever contrasts more with ``fill``."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if (1.05 / (luminance + 0.05)) > ((luminance + 0.05) / 0.0549) else INK


def scale_colours(points: int) -> list[str]:
    """Diverging colours for a rating scale, low to high, grey in the middle if odd."""
    half = points // 2
    steps = [1.0] if half == 1 else [1 - i / (half - 1) for i in range(half)]
    if half == 1:
        low, high = ["#e66101"], ["#5e3c99"]
    else:
        low = [_mix(LOW_LIGHT, LOW_STRONG, t) for t in steps]
        high = [_mix(HIGH_LIGHT, HIGH_STRONG, t) for t in reversed(steps)]
    middle = [_hex(NEUTRAL)] if points % 2 else []
    return low + middle + high


def bar(percent: float, *, height: int = 14) -> Markup:
    """A decorative bar, ``percent`` of the width: the text beside it carries the value."""
    width = max(0.0, min(100.0, percent))
    return Markup(
        '<svg class="bar" width="100%" height="{h}" aria-hidden="true" focusable="false">'
        '<rect width="100%" height="{h}" fill="{track}"/>'
        '<rect width="{w:.2f}%" height="{h}" fill="{fill}"/></svg>'
    ).format(h=height, w=width, track=TRACK, fill=BAR)


def signed_bar(value: float, *, height: int = 10) -> Markup:
    """A decorative bar from the middle, for a value from -100 to +100 (an eNPS)."""
    value = max(-100.0, min(100.0, value))
    x = 50 + min(0.0, value) / 2
    fill = PROMOTER if value >= 0 else DETRACTOR
    return Markup(
        '<svg class="bar" width="100%" height="{h}" aria-hidden="true" focusable="false">'
        '<rect width="100%" height="{h}" fill="{track}"/>'
        '<rect x="{x:.2f}%" width="{w:.2f}%" height="{h}" fill="{fill}"/>'
        '<rect x="50%" width="1" height="{h}" fill="{ink}"/></svg>'
    ).format(h=height, x=x, w=abs(value) / 2, fill=fill, track=TRACK, ink=INK)


def stacked(segments: Sequence[Segment], name: str, *, height: int = 30) -> Markup:
    """A 100% stacked bar named ``name`` (role img); segments of 9% or more are labelled."""
    parts = []
    x = 0.0
    for seg in segments:
        if seg.percent <= 0:
            continue
        parts.append(
            Markup('<rect x="{x:.2f}%" width="{w:.2f}%" height="{h}" fill="{f}"/>').format(
                x=x, w=seg.percent, h=height, f=seg.fill
            )
        )
        if seg.percent >= 9:
            parts.append(
                Markup(
                    '<text x="{x:.2f}%" y="{y}" fill="{ink}" text-anchor="middle" '
                    'font-size="13" font-family="{font}">{t}%</text>'
                ).format(
                    x=x + seg.percent / 2,
                    y=height / 2 + 5,
                    ink=ink_for(seg.fill),
                    font=FONT,
                    t=whole(seg.percent),
                )
            )
        x += seg.percent
    # White gaps between the parts, so that neighbours are told apart without colour.
    edges = []
    x = 0.0
    for seg in segments[:-1]:
        x += max(0.0, seg.percent)
        if 0 < x < 100:
            edges.append(
                Markup('<rect x="{x:.2f}%" width="2" height="{h}" fill="#ffffff"/>').format(
                    x=x, h=height
                )
            )
    return Markup(
        '<svg class="stack" width="100%" height="{h}" role="img" aria-label="{name}">{p}{e}</svg>'
    ).format(h=height, name=name, p=Markup("").join(parts), e=Markup("").join(edges))


def swatch(fill: str) -> Markup:
    """A small colour square for a legend (decorative: the legend text names it)."""
    return Markup(
        '<svg class="sw" width="14" height="14" aria-hidden="true" focusable="false">'
        '<rect width="14" height="14" fill="{f}"/></svg>'
    ).format(f=fill)


def _label_y(point_y: float, value: float, floor: float) -> float:
    """Where a point's value goes: above it, but below a negative one (above, it would sit
    on the zero line and read as struck through) unless that runs into the axis labels
    (their tops are 10 below ``floor``: a label any lower touched them, as -83 did in
    print)."""
    below = point_y + 19
    return below if value < 0 and below <= floor - 4 else point_y - 10


def line_chart(
    points: Sequence[tuple[str, str, float | None]],
    *,
    low: float,
    high: float,
    ticks: Sequence[float],
    label: Callable[[float], str],
    labelledby: str,
) -> Markup:
    """A line over ``points`` ((top label, bottom label, value or None for a gap)).

    role="img", named by the elements ``labelledby`` points at (a caption and a sentence).
    """
    width, height = 480, 230
    left, right, top, bottom = 46, 12, 26, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(points))

    def y(v: float) -> float:
        return top + (high - v) / (high - low) * plot_h

    grid = []
    for t in ticks:
        grid.append(
            Markup(
                '<line x1="{l}" x2="{r}" y1="{y:.1f}" y2="{y:.1f}" stroke="{c}" '
                'stroke-width="{w}"/><text x="{tx}" y="{ty:.1f}" text-anchor="end" '
                'font-size="13" fill="{ink}">{t}</text>'
            ).format(
                l=left,
                r=width - right,
                y=y(t),
                c=INK if t == 0 and low < 0 else GRID,
                w=1.5 if t == 0 and low < 0 else 1,
                tx=left - 6,
                ty=y(t) + 4,
                ink=MUTED,
                t=label(t),
            )
        )
    every = 1 if len(points) <= 8 else 2
    out = []
    path: list[str] = []
    for i, (upper, lower, value) in enumerate(points):
        x = left + (i + 0.5) * step
        if i % every == 0 or i == len(points) - 1:
            out.append(
                Markup(
                    '<text x="{x:.1f}" y="{y1}" text-anchor="middle" font-size="13" '
                    'fill="{ink}">{a}</text><text x="{x:.1f}" y="{y2}" text-anchor="middle" '
                    'font-size="13" fill="{mut}">{b}</text>'
                ).format(x=x, y1=height - 24, y2=height - 8, ink=INK, mut=MUTED, a=upper, b=lower)
            )
        if value is None:
            path.append("")
            continue
        path.append(f"{x:.1f},{y(value):.1f}")
        out.append(
            Markup(
                '<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{c}"/>'
                '<text x="{x:.1f}" y="{ty:.1f}" text-anchor="middle" font-size="13" '
                'font-weight="700" fill="{ink}" stroke="#ffffff" stroke-width="4" '
                'paint-order="stroke">{t}</text>'
            ).format(
                x=x,
                y=y(value),
                c=BAR,
                ty=_label_y(y(value), value, height - bottom),
                ink=INK,
                t=label(value),
            )
        )
    lines = []
    run: list[str] = []
    for p in [*path, ""]:
        if p:
            run.append(p)
            continue
        if len(run) > 1:
            lines.append(
                Markup(
                    '<polyline points="{p}" fill="none" stroke="{c}" stroke-width="2.5"/>'
                ).format(p=" ".join(run), c=BAR)
            )
        run = []
    return Markup(
        '<svg class="line" viewBox="0 0 {w} {h}" width="100%" role="img" '
        'aria-labelledby="{by}" font-family="{font}">{grid}{lines}{out}</svg>'
    ).format(
        w=width,
        h=height,
        by=labelledby,
        font=FONT,
        grid=Markup("").join(grid),
        lines=Markup("").join(lines),
        out=Markup("").join(out),
    )
