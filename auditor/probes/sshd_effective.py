"""The OpenSSH server's effective configuration, as `sshd -T` prints it.

`sshd -T` resolves includes, defaults and the compiled-in values, which reading
/etc/ssh/sshd_config cannot. It shows the global configuration only: Match blocks are not
applied (that would need `-C user=...,host=...`). It needs root, because sshd loads its host
keys first; as a plain user it fails with "no hostkeys available".
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, denied, first_line, meta_value

COMMAND = "if command -v sshd >/dev/null 2>&1; then $AUDITOR_SUDO sshd -T; else echo '#auditor no-sshd'; fi"

_KEY = re.compile(r"[a-z][a-z0-9]*")


class SshdEffective(FactModel):
    installed: bool
    options: dict[str, tuple[str, ...]] = {}  # lower-case keyword -> values, one per line printed

    def value(self, keyword: str) -> str | None:
        """The first value of a keyword, or None when sshd did not print it."""
        values = self.options.get(keyword.lower(), ())
        return values[0] if values else None


def parse(raw: RawOutput) -> SshdEffective:
    if meta_value(raw, "no-sshd") is not None:
        return SshdEffective(installed=False)
    if raw.exit_status != 0:
        if "no hostkeys available" in raw.stderr or denied(raw.stderr):
            raise ProbeError(f"sshd -T needs root ({first_line(raw.stderr)})")
        if "privilege separation directory" in raw.stderr:
            raise ProbeError(f"sshd -T failed, is sshd running? ({first_line(raw.stderr)})")
        raise ProbeError(f"sshd -T failed (exit {raw.exit_status}): {first_line(raw.stderr)}")
    options: dict[str, list[str]] = {}
    for line in raw.stdout.splitlines():
        if not line.strip() or line.startswith(META):
            continue
        keyword, _, value = line.strip().partition(" ")
        keyword = keyword.lower()
        if not _KEY.fullmatch(keyword):
            raise ProbeError(f"unrecognised sshd -T line: {clip(line, 100)!r}")
        options.setdefault(keyword, []).append(value.strip())
    if not options:
        raise ProbeError("sshd -T printed nothing")
    return SshdEffective(installed=True, options={k: tuple(v) for k, v in options.items()})


SSHD_EFFECTIVE = Probe(
    name="sshd_effective",
    description="Effective OpenSSH server settings from sshd -T",
    command=COMMAND,
    model=SshdEffective,
    parse=parse,
    needs_root=True,
)
