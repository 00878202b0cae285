"""Geometry of the reports' charts: axes, ticks, points and the values printed beside them.

Charts are inline SVG written by the template macro in reports/_chart.html.j2 from these numbers,
so they need no script, print sharp, and read the same on paper as on screen: every value is
printed, never shown only on hover. Pure functions; labels are text the template escapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from auditor.store.records import RunSummary

WIDTH = 640
HEIGHT = 230
MARGIN_LEFT = 56
MARGIN_RIGHT = 52
MARGIN_TOP = 22
MARGIN_BOTTOM = 44
MAX_X_LABELS = 8
MAX_PRINTED_VALUES = 16


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Mark:
    """One data point: where it sits, the bar under it, and whether its value is printed."""

    x: float
    y: float
    value: float
    text: str
    printed: bool


@dataclass(frozen=True)
class Chart:
    kind: str  # line or bar
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float  # y of the x axis
    marks: tuple[Mark, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    bar_width: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in self.marks)


def _nice_step(top: float, steps: int = 5) -> float:
    raw = max(top, 1.0) / steps
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


def _printed(count: int) -> set[int]:
    """Which values to print: all of a short series; else evenly spaced ones, always the last."""
    if count <= MAX_PRINTED_VALUES:
        return set(range(count))
    every = math.ceil(count / MAX_PRINTED_VALUES)
    return {index for index in range(count) if index % every == 0} | {count - 1}


def chart(
    series: Sequence[tuple[str, float | None]],
    *,
    kind: str = "line",
    y_max: float | None = None,
    value_text: Callable[[float], str] = lambda value: f"{value:g}",
    tick_text: Callable[[float], str] = lambda value: f"{value:g}",
) -> Chart:
    """A chart of (x label, value) pairs in order; points without a value are left out.

    `y_max` fixes the scale (scores: 100); otherwise it is the largest value rounded up to a step.
    """
    known = [(label, value) for label, value in series if value is not None]
    top_value = y_max if y_max is not None else max([value for _, value in known] or [1.0])
    step = _nice_step(top_value)
    top = y_max if y_max is not None else step * math.ceil(max(top_value, 1.0) / step)
    left, right = float(MARGIN_LEFT), float(WIDTH - MARGIN_RIGHT)
    upper, bottom = float(MARGIN_TOP), float(HEIGHT - MARGIN_BOTTOM)
    count = len(known)
    slot = (right - left) / max(count, 1)

    def x_of(index: int) -> float:
        if kind == "bar" or count > 1:
            offset = slot / 2 if kind == "bar" else 0.0
            spread = slot if kind == "bar" else (right - left) / (count - 1)
            return left + offset + index * spread
        return (left + right) / 2

    def y_of(value: float) -> float:
        return bottom - (bottom - upper) * min(max(value, 0.0), top) / top

    printed = _printed(count)
    marks = tuple(
        Mark(x=x_of(i), y=y_of(value), value=value, text=value_text(value), printed=i in printed)
        for i, (_, value) in enumerate(known)
    )
    every = max(1, math.ceil(count / MAX_X_LABELS))
    x_ticks = tuple(
        Tick(position=x_of(i), text=label)
        for i, (label, _) in enumerate(known)
        if i % every == 0 or (i == count - 1 and (count - 1) % every >= every / 2)
    )
    levels = [step * n for n in range(int(top // step) + 1)]
    y_ticks = tuple(Tick(position=y_of(level), text=tick_text(level)) for level in levels)
    return Chart(
        kind=kind,
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=upper,
        bottom=bottom,
        marks=marks,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        bar_width=max(2.0, min(28.0, slot * 0.6)),
    )


def history_charts(trend: Sequence[RunSummary]) -> tuple[Chart, Chart]:
    """The technician report's trend of a client: score per run (0-100) and failed checks per run."""
    labels = [f"{summary.started_at:%m-%d}" for summary in trend]
    scores = chart(list(zip(labels, [s.score for s in trend], strict=True)), y_max=100, value_text=lambda v: f"{v:.1f}")
    failed = [float(sum(s.failed_by_severity.values())) for s in trend]
    return scores, chart(list(zip(labels, failed, strict=True)), kind="bar", value_text=lambda v: f"{v:.0f}")
