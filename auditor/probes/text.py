"""Small helpers shared by probe parsers: host output is untrusted text, so every helper is strict.

Probes print their own meta lines with the prefix `#auditor `; parsers only honour those at the
start of a line, and content copied from host files is always printed behind a `| ` prefix so a
file cannot forge a meta line.
"""

from __future__ import annotations

import re

from auditor.probes.base import ProbeError, RawOutput

META = "#auditor "
CONTENT = "| "

_DENIED = re.compile(r"permission denied|operation not permitted|must be root|are you root", re.IGNORECASE)


def clip(text: str, limit: int = 160) -> str:
    """One short, printable line for an error message (host text may hold anything)."""
    line = " ".join(text.split())
    if not line.isprintable():  # checked whole first: most lines are, and a walk per character is slow
        line = "".join(ch if ch.isprintable() else "?" for ch in line)
    return line if len(line) <= limit else line[: limit - 3] + "..."


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return clip(line)
    return ""


def denied(text: str) -> bool:
    """Whether an error text says the probe lacked privileges."""
    return _DENIED.search(text) is not None


def meta_lines(raw: RawOutput) -> list[tuple[str, str]]:
    """The probe's own `#auditor WORD REST` lines as (word, rest), in order."""
    found: list[tuple[str, str]] = []
    for line in raw.stdout.splitlines():
        if line.startswith(META):
            word, _, rest = line[len(META) :].partition(" ")
            found.append((word, rest))
    return found


def meta_value(raw: RawOutput, word: str) -> str | None:
    for key, rest in meta_lines(raw):
        if key == word:
            return rest
    return None


def epoch(text: str | None, what: str) -> int:
    """A Unix time printed by the host (`date +%s`, `stat -c %Y`)."""
    if text is None:
        raise ProbeError(f"no {what} in the output")
    value = text.strip()
    if not re.fullmatch(r"\d{1,12}", value):
        raise ProbeError(f"bad {what}: {clip(value, 40)!r}")
    return int(value)
