"""Small pieces every HTML report shares: number and date formats, grade classes and clipped raw
output. The audit report (auditor.report.render) and the client-facing pages
(auditor.report.formats) both use them, so they sit below both. Which evidence a host section
shows is auditor.report.verdicts' business.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from auditor.core.models import Status

EVIDENCE_CLIP_CHARS = 8000  # raw output shown per probe in HTML; the JSON report keeps all of it
FLEET_TABLE_STATUSES = (Status.FAIL, Status.ERROR, Status.WAIVED)


def format_score(value: float | None) -> str:
    """A 0-100 score with one decimal, or an em dash when nothing could be scored."""
    return "\u2014" if value is None else f"{value:.1f}"


def format_pct(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.1f}%"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return "\u2014"
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    zone = value.tzname()
    return f"{text} {zone}" if zone else text


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def grade_class(grade: str) -> str:
    """CSS class suffix of a grade letter ("-" when there is no score)."""
    return grade.lower() if grade in {"A", "B", "C", "D", "F"} else "none"


class Clipped(NamedTuple):
    text: str
    omitted: int  # characters cut off


def clip(text: str, limit: int = EVIDENCE_CLIP_CHARS) -> Clipped:
    """At most `limit` characters of raw output, cut at a line end where one is near."""
    if len(text) <= limit:
        return Clipped(text, 0)
    cut = text.rfind("\n", limit // 2, limit)
    end = cut + 1 if cut != -1 else limit
    return Clipped(text[:end], len(text) - end)
