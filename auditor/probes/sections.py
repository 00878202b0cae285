"""Sectioned output for probes that run several commands: `#auditor begin NAME`, content, `#auditor end NAME RC`.

A probe that asks a package manager several questions prints each answer between its own begin
and end lines, with every line of the answer behind the `| ` prefix (see text.py), so nothing
the package manager prints can pose as a meta line. `RUN` is the sh function that does this on
the host; `split_sections` takes it apart locally.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.probes.base import ProbeError, RawOutput
from auditor.probes.text import CONTENT, META, clip

# sh function: run "$@" (stdin closed), print its stdout as a section named $1, capped at
# $2 lines, after the awk program in $f when one is set (to drop what is not needed on the host).
# The full output stays in $o for the next command. stderr goes to the probe's stderr untouched.
RUN = (
    'f=1; run() { n=$1; l=$2; shift 2; o=$("$@" </dev/null); r=$?; '
    'echo "#auditor begin $n"; printf \'%s\\n\' "$o" | awk "$f" | head -n "$l" | sed \'s/^/| /\'; '
    'echo "#auditor end $n $r"; }; '
)


@dataclass(frozen=True)
class Section:
    """What one command printed and its exit status."""

    lines: tuple[str, ...]
    exit_status: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def split_sections(raw: RawOutput) -> dict[str, Section]:
    """Every closed section by name; a section that never closed is an error (the probe was cut off)."""
    sections: dict[str, Section] = {}
    current: str | None = None
    lines: list[str] = []
    for line in raw.stdout.splitlines():
        if line.startswith(META + "begin "):
            current, lines = line[len(META + "begin ") :].strip(), []
        elif line.startswith(META + "end ") and current is not None:
            name, _, status = line[len(META + "end ") :].partition(" ")
            if name != current or not status.strip().isdigit():
                raise ProbeError(f"malformed section end: {clip(line, 80)!r}")
            sections[current] = Section(tuple(lines), int(status.strip()))
            current = None
        elif current is not None and (line.startswith(CONTENT) or line == CONTENT.rstrip()):
            lines.append(line[len(CONTENT) :])
    if current is not None:
        raise ProbeError(f"output of {current!r} was cut off")
    return sections


def require(sections: dict[str, Section], name: str) -> Section:
    section = sections.get(name)
    if section is None:
        raise ProbeError(f"no {name} output (the probe did not finish)")
    return section
