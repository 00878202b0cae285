"""When each account last logged in, from `lastlog` (the /var/log/lastlog database), with the host clock.

Debian 13 and other recent systems dropped lastlog (its database was not year-2038 safe) for
lastlog2, which is only present when its PAM module is installed; either is read when present,
otherwise the fact says there is no login record. Readable by any user.
"""

from __future__ import annotations

import re
from datetime import datetime

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, epoch, meta_value

LIMIT = 2000

COMMAND = (
    'echo "#auditor now $(date +%s)"; '
    "if command -v lastlog >/dev/null 2>&1; then echo '#auditor source lastlog'; "
    f"lastlog | tail -n +2 | head -n {LIMIT}; "
    "elif command -v lastlog2 >/dev/null 2>&1; then echo '#auditor source lastlog2'; "
    f"lastlog2 | tail -n +2 | head -n {LIMIT}; "
    "else echo '#auditor source none'; fi"
)

_NEVER = re.compile(r"(?P<user>[A-Za-z0-9._][A-Za-z0-9._-]{0,63}\$?)\s+\*\*Never logged in\*\*")
_STAMP = re.compile(r"[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}")
_USER = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._-]{0,63}\$?")


class LastLogins(FactModel):
    now_epoch: int
    source: str  # "lastlog", "lastlog2" or "none"
    last_login: dict[str, int | None] = {}  # account -> epoch of its last login; None: never logged in

    def days_since(self, account: str) -> float | None:
        """Days since the account's last login; None when it never logged in or is not listed."""
        stamp = self.last_login.get(account)
        return None if stamp is None else max(0, self.now_epoch - stamp) / 86400


def _line(line: str) -> tuple[str, int | None] | None:
    never = _NEVER.fullmatch(line.strip())
    if never is not None:
        return never["user"], None
    stamp = _STAMP.search(line)
    user = line.split(None, 1)[0] if line.strip() else ""
    if stamp is None or not _USER.fullmatch(user):
        return None
    try:
        return user, int(datetime.strptime(stamp.group(), "%a %b %d %H:%M:%S %z %Y").timestamp())
    except ValueError:
        return None


def parse(raw: RawOutput) -> LastLogins:
    now = epoch(meta_value(raw, "now"), "host time")
    source = (meta_value(raw, "source") or "").strip()
    if source not in ("lastlog", "lastlog2", "none"):
        raise ProbeError(f"unexpected login record source: {clip(source, 40)!r}")
    logins: dict[str, int | None] = {}
    for line in raw.stdout.splitlines():
        if line.startswith(META) or not line.strip():
            continue
        found = _line(line)
        if found is None:
            raise ProbeError(f"unrecognised {source} line: {clip(line, 100)!r}")
        logins[found[0]] = found[1]
    return LastLogins(now_epoch=now, source=source, last_login=logins)


LAST_LOGINS = Probe(
    name="last_logins",
    description="Last login time per account (lastlog or lastlog2) and the host clock",
    command=COMMAND,
    model=LastLogins,
    parse=parse,
)
