"""Local accounts from /etc/passwd: name, password-field class, uid, gid, home, shell.

The password field is reduced on the host to shadow|empty|locked|set, so a legacy hash kept in
/etc/passwd never leaves it; GECOS (personal names) is not collected at all.
Readable by any user.
"""

from __future__ import annotations

import re
from typing import Literal

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, first_line

COMMAND = (
    "awk -F: '"
    "/^[[:space:]]*(#|$)/ { next } "
    'NF != 7 { print "#auditor malformed " NR; next } '
    '{ p = "set"; if ($2 == "x") p = "shadow"; else if ($2 == "") p = "empty"; '
    'else if ($2 ~ /^[!*]/) p = "locked"; '
    'print NR ":" $1 ":" p ":" $3 ":" $4 ":" $6 ":" $7 }'
    "' /etc/passwd"
)

_NUMBER = re.compile(r"\d{1,10}")

PasswordClass = Literal["shadow", "empty", "locked", "set"]
_CLASSES: dict[str, PasswordClass] = {"shadow": "shadow", "empty": "empty", "locked": "locked", "set": "set"}


class PasswdEntry(FactModel):
    name: str
    password: PasswordClass
    uid: int
    gid: int
    home: str
    shell: str


class Passwd(FactModel):
    entries: tuple[PasswdEntry, ...]
    malformed_lines: tuple[int, ...] = ()  # line numbers in /etc/passwd

    def by_uid(self, uid: int) -> tuple[PasswdEntry, ...]:
        return tuple(e for e in self.entries if e.uid == uid)


def parse(raw: RawOutput) -> Passwd:
    if raw.exit_status != 0:
        raise ProbeError(f"cannot read /etc/passwd: {first_line(raw.stderr) or f'exit {raw.exit_status}'}")
    entries: list[PasswdEntry] = []
    malformed: list[int] = []
    for line in raw.stdout.splitlines():
        if line.startswith(META + "malformed "):
            number = line.rsplit(" ", 1)[-1]
            if _NUMBER.fullmatch(number):
                malformed.append(int(number))
            continue
        fields = line.split(":")
        if len(fields) != 7 or not _NUMBER.fullmatch(fields[0]) or fields[2] not in _CLASSES:
            raise ProbeError("unrecognised output for /etc/passwd")
        if not (_NUMBER.fullmatch(fields[3]) and _NUMBER.fullmatch(fields[4])):
            # NIS "+" lines and the like have no numeric ids: not a local account
            malformed.append(int(fields[0]))
            continue
        entries.append(
            PasswdEntry(
                name=fields[1],
                password=_CLASSES[fields[2]],
                uid=int(fields[3]),
                gid=int(fields[4]),
                home=fields[5],
                shell=fields[6],
            )
        )
    if not entries:
        raise ProbeError("no accounts in /etc/passwd")
    return Passwd(entries=tuple(entries), malformed_lines=tuple(malformed))


PASSWD = Probe(
    name="passwd",
    description="Local accounts from /etc/passwd (password field reduced to its class)",
    command=COMMAND,
    model=Passwd,
    parse=parse,
)
