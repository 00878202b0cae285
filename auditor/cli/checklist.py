"""The lines of `auditor checks list`: plain aligned columns instead of a rich table.

A rich table of the whole library (a hundred and more rows, wrapped to 80 columns) took a third of
a second to lay out, as long as the rest of the command. These columns are laid out in one pass:
the id is never cut (users type it), the title and the facts wrap in their own column, and on a
terminal too narrow for the columns each check's id gets a line of its own with the rest indented.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.checklib.catalogue import CheckSummary

GAP = "  "
CATEGORY_WIDTH = len("security")
SEVERITY_WIDTH = len("critical")
MIN_TEXT_WIDTH = 24  # below this, the title column would wrap a word or two per line: stack instead
INDENT = "    "


def check_lines(checks: Sequence[CheckSummary], *, width: int) -> list[str]:
    """The header and one block of lines per check, every line within `width` except an id longer than it."""
    id_width = max([len("id"), *(len(check.id) for check in checks)])
    lead = id_width + len(GAP) + CATEGORY_WIDTH + len(GAP) + SEVERITY_WIDTH + len(GAP)
    if width - lead >= MIN_TEXT_WIDTH:
        return _columns(checks, id_width=id_width, text_width=width - lead)
    return _stacked(checks, width=width)


def _columns(checks: Sequence[CheckSummary], *, id_width: int, text_width: int) -> list[str]:
    pad = " " * (id_width + len(GAP) + CATEGORY_WIDTH + len(GAP) + SEVERITY_WIDTH + len(GAP))
    lines = [
        GAP.join(
            ["id".ljust(id_width), "category".ljust(CATEGORY_WIDTH), "severity".ljust(SEVERITY_WIDTH), "title, facts"]
        )
    ]
    for check in checks:
        text = _wrapped(check, width=text_width)
        first = GAP.join(
            [check.id.ljust(id_width), check.category.ljust(CATEGORY_WIDTH), check.severity.ljust(SEVERITY_WIDTH)]
        )
        lines.append(f"{first}{GAP}{text[0]}")
        lines += [pad + line for line in text[1:]]
    return lines


def _stacked(checks: Sequence[CheckSummary], *, width: int) -> list[str]:
    lines: list[str] = []
    text_width = max(width - len(INDENT), MIN_TEXT_WIDTH)
    for check in checks:
        lines.append(check.id)
        lines += [
            INDENT + line for line in _wrapped(check, width=text_width, lead=f"{check.category}, {check.severity}: ")
        ]
    return lines


def _wrapped(check: CheckSummary, *, width: int, lead: str = "") -> list[str]:
    title = textwrap.wrap(lead + check.title, width=width, break_on_hyphens=False) or [""]
    facts = textwrap.wrap("facts: " + ", ".join(check.facts), width=width, break_on_hyphens=False)
    return title + facts
