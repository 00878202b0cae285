"""The effective apt configuration for automatic updates (`apt-config dump`, filtered on the host).

`apt-config dump` merges every file under /etc/apt/apt.conf.d in apt's own order, which is
what apt.systemd.daily and unattended-upgrades will see; reading the files ourselves would
get the precedence wrong. List entries (`Key:: "value";`) are collected per key.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, first_line, meta_value

COMMAND = (
    "if command -v apt-config >/dev/null 2>&1; then "
    "apt-config dump | grep -E "
    "'^(APT::Periodic::|Unattended-Upgrade::(Origins-Pattern|Allowed-Origins|Automatic-Reboot))'; "
    "else echo '#auditor no-apt-config'; fi"
)

_LINE = re.compile(r'(?P<key>[A-Za-z0-9:_.-]+) "(?P<value>.*)";')


class AptConfig(FactModel):
    installed: bool  # apt-config present on the host
    values: dict[str, str] = {}  # scalar options, full key -> value
    lists: dict[str, tuple[str, ...]] = {}  # list options (Key::), full key without "::" -> items

    def periodic(self, name: str) -> str | None:
        """APT::Periodic::<name>, or None when unset (apt's default then applies)."""
        return self.values.get(f"APT::Periodic::{name}")

    @property
    def origins(self) -> tuple[str, ...]:
        """unattended-upgrades' origin selection, in either of its two spellings."""
        return self.lists.get("Unattended-Upgrade::Origins-Pattern", ()) + self.lists.get(
            "Unattended-Upgrade::Allowed-Origins", ()
        )


def parse(raw: RawOutput) -> AptConfig:
    if meta_value(raw, "no-apt-config") is not None:
        return AptConfig(installed=False)
    if any(line.startswith("E:") for line in raw.stderr.splitlines()):
        raise ProbeError(f"apt-config dump failed: {first_line(raw.stderr)}")
    values: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for line in raw.stdout.splitlines():
        if not line or line.startswith(META):
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None:
            continue  # not an apt-config line: ignore rather than trust it
        key, value = match["key"], match["value"]
        if key.endswith("::"):
            lists.setdefault(key[:-2], []).append(value)
        elif value or key not in lists:
            values[key] = value
    # apt prints a list's parent key with an empty value before its items
    for key in lists:
        if values.get(key) == "":
            del values[key]
    return AptConfig(installed=True, values=values, lists={k: tuple(v) for k, v in lists.items()})


APT_CONFIG = Probe(
    name="apt_config",
    description="Effective APT::Periodic and unattended-upgrades origin settings",
    command=COMMAND,
    model=AptConfig,
    parse=parse,
)
