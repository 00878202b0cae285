"""Password and lockout policy in force for local accounts (`net accounts`).

`net accounts` prints the effective policy (after Group Policy) without elevation and without
writing a file (secedit /export would need both). Its output is text, in the system's display
language; the body passes the lines on unchanged. The parser reads the en-US labels; on another
language it falls back to the fixed order in which net.exe prints the nine settings. A value
that is not a number ("Never", "None", "Unlimited" and their translations) is reported as null,
meaning "no limit": max password age never expires, no lockout threshold, no history kept, or a
lockout that lasts until an administrator unlocks the account (duration "Never").
On a domain controller the lines show the domain's default policy (Computer role PRIMARY/BACKUP).
"""

from __future__ import annotations

import re

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
$lines = @(net.exe accounts | ForEach-Object { "$_" })
if ($LASTEXITCODE -ne 0) { throw ("net accounts exited with status {0}: {1}" -f $LASTEXITCODE, ($lines -join ' ')) }
[pscustomobject]@{ Lines = $lines }
"""

# (en-US label, field) in the order net.exe prints them.
FIELDS = (
    ("Force user logoff how long after time expires?", "force_logoff_minutes"),
    ("Minimum password age (days)", "min_password_age_days"),
    ("Maximum password age (days)", "max_password_age_days"),
    ("Minimum password length", "min_password_length"),
    ("Length of password history maintained", "password_history"),
    ("Lockout threshold", "lockout_threshold"),
    ("Lockout duration (minutes)", "lockout_duration_minutes"),
    ("Lockout observation window (minutes)", "lockout_window_minutes"),
    ("Computer role", "computer_role"),
)
_LINE = re.compile(r"^(?P<label>[^:]{1,120}):\s+(?P<value>\S.{0,60})$")
MAX_LINES = 100


class WinAccountPolicy(FactModel):
    force_logoff_minutes: int | None = None
    min_password_age_days: int | None = None
    max_password_age_days: int | None = None  # None: passwords never expire
    min_password_length: int | None = None
    password_history: int | None = None  # None: no history ("None")
    lockout_threshold: int | None = None  # None: never locked out
    lockout_duration_minutes: int | None = None  # None: until an administrator unlocks
    lockout_window_minutes: int | None = None
    computer_role: str | None = None  # WORKSTATION, SERVER, PRIMARY, BACKUP
    english: bool = True  # whether the en-US labels were found (else read by position)


def _number(value: str) -> int | None:
    text = value.strip()
    return int(text) if re.fullmatch(r"\d{1,9}", text) else None


def parse(raw: RawOutput) -> WinAccountPolicy:
    item = winjson.load_one(raw, "win_account_policy")
    lines = winjson.as_list(item.get("Lines"))
    if len(lines) > MAX_LINES:
        raise ProbeError(f"win_account_policy: more than {MAX_LINES} lines")
    pairs: list[tuple[str, str]] = []
    for line in lines:
        text = winjson.as_str(line, "net accounts line", limit=400)
        match = _LINE.match((text or "").strip())
        if match:
            pairs.append((match.group("label").strip(), match.group("value").strip()))
    labels = {label.lower(): value for label, value in pairs}
    values: dict[str, str] = {}
    english = all(label.lower() in labels for label, _ in FIELDS)
    if english:
        values = {field: labels[label.lower()] for label, field in FIELDS}
    elif len(pairs) == len(FIELDS):
        values = {field: value for (_, field), (_, value) in zip(FIELDS, pairs, strict=True)}
    else:
        raise ProbeError(
            f"win_account_policy: net accounts printed {len(pairs)} setting line(s), expected {len(FIELDS)}"
        )
    numbers = {field: _number(value) for field, value in values.items() if field != "computer_role"}
    if numbers["min_password_length"] is None:
        raise ProbeError(
            f"win_account_policy: minimum password length is not a number: {values['min_password_length']!r:.40}"
        )
    role = values["computer_role"]
    return WinAccountPolicy(
        **numbers,
        computer_role=role if re.fullmatch(r"[A-Za-z]{1,20}", role) else None,
        english=english,
    )


WIN_ACCOUNT_POLICY = Probe(
    name="win_account_policy",
    description="Effective password and account lockout policy (net accounts)",
    command=COMMAND,
    model=WinAccountPolicy,
    parse=parse,
    shell="powershell",
)
