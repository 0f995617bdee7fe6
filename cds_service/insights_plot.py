"""The trend plot's geometry: stacked bars (accepted, overridden, ignored) per day or week (pure).

The template draws it as inline SVG: no script, no library, nothing from outside the app; a table of the
same numbers follows it for screen readers and for reading exact values.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36
STACK = ("accepted", "overridden", "ignored")  # bottom to top


@dataclass(frozen=True)
class Segment:
    outcome: str
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    left: int
    bottom: float  # y of the x axis
    right: float
    bars: tuple[Bar, ...]
    y_ticks: tuple[tuple[float, int], ...]  # (y, value)
    x_labels: tuple[tuple[float, str], ...]  # (x centre, text)


def tick_step(peak: int) -> int:
    """The y axis' step: the smallest 1, 2 or 5 × 10^k with four steps reaching the peak."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if 4 * step * scale >= peak:
                return step * scale
        scale *= 10


def layout(points: list[dict]) -> Plot:
    """Bars for ``points`` (each with ``start`` and the outcome counts), scaled to the plot area."""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    axis_y = TOP + inner_h
    step = tick_step(max((p["shown"] for p in points), default=0))
    top = 4 * step
    slot = inner_w / max(len(points), 1)
    bars = []
    for i, point in enumerate(points):
        y = float(axis_y)
        segments = []
        for outcome in STACK:
            height = inner_h * point[outcome] / top
            y -= height
            if point[outcome]:
                segments.append(Segment(outcome, round(y, 2), round(height, 2)))
        bars.append(Bar(round(LEFT + i * slot + slot * 0.1, 2), round(slot * 0.8, 2), point["start"], tuple(segments)))
    ticks = tuple((round(axis_y - inner_h * k / 4, 2), step * k) for k in range(5))
    every = max(1, -(-len(points) // 8))  # at most about 8 date labels
    labels = tuple(
        (round(LEFT + i * slot + slot / 2, 2), point["start"][5:]) for i, point in enumerate(points) if i % every == 0
    )
    return Plot(WIDTH, HEIGHT, LEFT, float(axis_y), float(WIDTH - RIGHT), tuple(bars), ticks, labels)
