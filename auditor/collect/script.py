"""Collection: one POSIX sh script per host built from the needed probes, one exec, local parsing.

The script prints each probe's output between marker lines carrying a random per-run nonce, on
stdout and on stderr alike, with the probe's exit status on the closing marker. Output from the
host cannot fake a section without knowing the nonce. A section that never closed (the command
timed out, the connection dropped) is recorded as such; sections that did close are kept.

Privilege: the header sets the shell variable AUDITOR_SUDO, and a probe writes each command that
needs root as `$AUDITOR_SUDO cmd args` (constant arguments). It is empty when the whole script
already runs as root (become) or as a plain user; in least-privilege mode (auditor.checklib.sudoers) the
script runs as the login user and AUDITOR_SUDO is `sudo -n`, so only those exact commands are run
through sudo and `auditor sudoers` can list them as a sudoers allowlist.
"""

from __future__ import annotations

import re
import secrets
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.inventory import Host
from auditor.probes.base import Probe, RawOutput

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class Section:
    """Raw evidence of one probe on one host."""

    probe: str
    command: str
    output: RawOutput
    complete: bool  # False: the closing marker never arrived


def new_nonce() -> str:
    return secrets.token_hex(8)


def nonces_for(hosts: Sequence[Host]) -> Mapping[str, str]:
    """One section nonce per host, fixed before collection so a batch can send the scripts first."""
    return {host.name: new_nonce() for host in hosts}


def build_script(probes: Sequence[Probe[Any]], *, nonce: str, sudo: str = "") -> str:
    """The collector script: constant probe snippets only, each in a subshell with stdin closed.

    Stdin must be closed for every probe because the script itself arrives on the shell's stdin.
    `sudo` is the AUDITOR_SUDO prefix (see the module docstring); it is always set, so a value
    from the login environment can never stand in for it.
    """
    marker = f"AUDITOR-{nonce}"
    lines = [
        "LC_ALL=C; export LC_ALL",
        f"PATH={PATH}; export PATH",
        "umask 077",
        f"AUDITOR_SUDO={shlex.quote(sudo)}",
    ]
    for probe in probes:
        name = probe.name
        lines += [
            f"printf '%s BEGIN {name}\\n' '{marker}'; printf '%s BEGIN {name}\\n' '{marker}' >&2",
            f"( {probe.command}\n) </dev/null",
            f"printf '\\n%s END {name} %s\\n' '{marker}' \"$?\"; printf '\\n%s END {name}\\n' '{marker}' >&2",
        ]
    lines.append(f"printf '%s DONE\\n' '{marker}'")
    return "\n".join(lines) + "\n"


def split_output(
    stdout: str, stderr: str, *, probes: Sequence[Probe[Any]], nonce: str
) -> tuple[dict[str, Section], bool]:
    """Cut the script's output into sections; returns (sections by probe, whether the script finished)."""
    marker = re.escape(f"AUDITOR-{nonce}")
    begin = re.compile(rf"^{marker} BEGIN (\w+)\n", re.MULTILINE)
    end_out = re.compile(rf"\n{marker} END (\w+) (\d+)\n", re.MULTILINE)
    end_err = re.compile(rf"\n{marker} END (\w+)\n", re.MULTILINE)
    done = re.search(rf"^{marker} DONE$", stdout, re.MULTILINE) is not None

    out_parts = _sections(stdout, begin, end_out)
    err_parts = _sections(stderr, begin, end_err)
    by_name = {probe.name: probe for probe in probes}
    sections: dict[str, Section] = {}
    for name, (text, closing) in out_parts.items():
        if name not in by_name:
            continue
        err_text = err_parts.get(name, ("", None))[0]
        status = int(closing.group(2)) if closing is not None else -1
        sections[name] = Section(
            probe=name,
            command=by_name[name].command,
            output=RawOutput(stdout=text, stderr=err_text, exit_status=status),
            complete=closing is not None,
        )
    return sections, done


def _sections(text: str, begin: re.Pattern[str], end: re.Pattern[str]) -> dict[str, tuple[str, re.Match[str] | None]]:
    found: dict[str, tuple[str, re.Match[str] | None]] = {}
    position = 0
    while True:
        opening = begin.search(text, position)
        if opening is None:
            return found
        name = opening.group(1)
        closing = end.search(text, opening.end())
        if closing is None or closing.group(1) != name:
            # unterminated: keep what arrived, up to the next section start if any
            following = begin.search(text, opening.end())
            stop = following.start() if following else len(text)
            found[name] = (text[opening.end() : stop], None)
            if following is None:
                return found
            position = following.start()
            continue
        found[name] = (text[opening.end() : closing.start()], closing)
        position = closing.end()
