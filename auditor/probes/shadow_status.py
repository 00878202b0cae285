"""Password state per account from /etc/shadow: empty, locked or set. Needs root.

No hash ever leaves the host: awk on the host prints only the class of the password field
(plus the last-change day and maximum age), never the field itself.
"""

from __future__ import annotations

import re
from typing import Literal

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import denied, first_line

COMMAND = (
    # read by a plain `cat` (the one command sudo must allow), parsed unprivileged
    "s=$($AUDITOR_SUDO cat /etc/shadow) && printf '%s\\n' \"$s\" | awk -F: '"
    "/^[[:space:]]*(#|$)/ { next } "
    'NF < 2 { print NR ":malformed"; next } '
    '{ p = "set"; if ($2 == "") p = "empty"; else if ($2 ~ /^[!*]/) p = "locked"; '
    'print NR ":" $1 ":" p ":" $3 ":" $5 }'
    "'"
)

_NUMBER = re.compile(r"\d{1,10}")

StatusClass = Literal["empty", "locked", "set"]
_CLASSES: dict[str, StatusClass] = {"empty": "empty", "locked": "locked", "set": "set"}


class ShadowEntry(FactModel):
    name: str
    status: StatusClass
    last_change_days: int | None = None  # days since 1970-01-01; None when empty
    max_days: int | None = None  # password maximum age; None when unset


class ShadowStatus(FactModel):
    entries: tuple[ShadowEntry, ...]
    malformed_lines: tuple[int, ...] = ()


def _optional_int(text: str) -> int | None:
    return int(text) if _NUMBER.fullmatch(text) else None


def parse(raw: RawOutput) -> ShadowStatus:
    if raw.exit_status != 0:
        if denied(raw.stderr):
            raise ProbeError("permission denied reading /etc/shadow (needs root)")
        raise ProbeError(f"cannot read /etc/shadow: {first_line(raw.stderr) or f'exit {raw.exit_status}'}")
    entries: list[ShadowEntry] = []
    malformed: list[int] = []
    for line in raw.stdout.splitlines():
        fields = line.split(":")
        if not fields[0].isdigit():
            raise ProbeError("unrecognised output for /etc/shadow")
        if len(fields) == 2 and fields[1] == "malformed":
            malformed.append(int(fields[0]))
            continue
        if len(fields) != 5 or fields[2] not in _CLASSES:
            raise ProbeError("unrecognised output for /etc/shadow")
        entries.append(
            ShadowEntry(
                name=fields[1],
                status=_CLASSES[fields[2]],
                last_change_days=_optional_int(fields[3]),
                max_days=_optional_int(fields[4]),
            )
        )
    if not entries:
        raise ProbeError("no accounts in /etc/shadow")
    return ShadowStatus(entries=tuple(entries), malformed_lines=tuple(malformed))


SHADOW_STATUS = Probe(
    name="shadow_status",
    description="Password state (empty/locked/set) per account from /etc/shadow; hashes never leave the host",
    command=COMMAND,
    model=ShadowStatus,
    parse=parse,
    needs_root=True,
)
