"""The lines of `auditor runs`: aligned columns when they fit the terminal, else a block per run.

Plain lines instead of a rich table: laying out a table was a tenth of the command's time, and a
listing people type often should start at once. The run id is never cut (users type it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.store.listing import RunLine

GAP = "  "
INDENT = "    "
HEADINGS = ("id", "started", "finished", "complete", "checks", "inventory")


def run_lines(runs: Sequence[RunLine], *, width: int) -> list[str]:
    """A header and a line per run if every column fits in `width`; otherwise a short block per run."""
    rows = [_cells(run) for run in runs]
    widths = [max([len(heading), *(len(row[at]) for row in rows)]) for at, heading in enumerate(HEADINGS)]
    if sum(widths) + len(GAP) * (len(widths) - 1) <= width:
        return [_aligned(HEADINGS, widths), *(_aligned(row, widths) for row in rows)]
    lines: list[str] = []
    for run, row in zip(runs, rows, strict=True):
        lines.append(f"{run.id}{GAP}complete {row[3]}, {row[4]} checks")
        lines.append(f"{INDENT}started  {row[1]}")
        lines.append(f"{INDENT}finished {row[2]}")
        lines.append(f"{INDENT}inventory {row[5]}")
    return lines


def _cells(run: RunLine) -> tuple[str, ...]:
    return (
        run.id,
        run.started_at.isoformat(timespec="seconds"),
        run.finished_at.isoformat(timespec="seconds") if run.finished_at else "-",
        "yes" if run.complete else "NO",
        str(run.checks),
        run.inventory,
    )


def _aligned(cells: Sequence[str], widths: Sequence[int]) -> str:
    return GAP.join(cell.ljust(size) for cell, size in zip(cells, widths, strict=True)).rstrip()
