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
from auditor.probes import file_walk
from auditor.probes.base import Probe, RawOutput

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Bytes of one probe's stdout (and of its stderr) that are kept, evaluated and stored. Real probe
# output is far smaller (the largest recorded: 25 KB of dpkg packages); beyond this a host is
# flooding, and the probe is reported as truncated instead of evaluated (auditor.evaluate.engine).
SECTION_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class Section:
    """Raw evidence of one probe on one host."""

    probe: str
    command: str
    output: RawOutput
    complete: bool  # False: the closing marker never arrived
    dropped: int = 0  # bytes of output beyond SECTION_LIMIT, not kept


def new_nonce() -> str:
    return secrets.token_hex(8)


def nonces_for(hosts: Sequence[Host]) -> Mapping[str, str]:
    """One section nonce per host, fixed before collection so a batch can send the scripts first."""
    return {host.name: new_nonce() for host in hosts}


def exit_status_of(value: int) -> int:
    """An exit status as stored: one that does not fit a 32-bit signed integer (what every store's
    integer column holds; a hostile SSH server may send anything) is kept as -1."""
    return value if -(2**31) <= value < 2**31 else -1


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
    for name, command in script_units(probes):
        lines += [
            f"printf '%s BEGIN {name}\\n' '{marker}'; printf '%s BEGIN {name}\\n' '{marker}' >&2",
            f"( {command}\n) </dev/null",
            f"printf '\\n%s END {name} %s\\n' '{marker}' \"$?\"; printf '\\n%s END {name}\\n' '{marker}' >&2",
        ]
    lines.append(f"printf '%s DONE\\n' '{marker}'")
    return "\n".join(lines) + "\n"


def _shares_walk(probes: Sequence[Probe[Any]]) -> bool:
    """Whether the probes that walk the disks are all selected, so one walk serves them."""
    names = {probe.name for probe in probes}
    return all(member in names for member in file_walk.MEMBERS)


def script_units(probes: Sequence[Probe[Any]]) -> list[tuple[str, str]]:
    """(section name, command) in the script's order: each probe's own, or the shared walk once."""
    walk = _shares_walk(probes)
    units: list[tuple[str, str]] = []
    for probe in probes:
        if not (walk and probe.name in file_walk.MEMBERS):
            units.append((probe.name, probe.command))
        elif (file_walk.NAME, file_walk.WALK) not in units:
            units.append((file_walk.NAME, file_walk.WALK))
    return units


def split_output(
    stdout: str | bytes,
    stderr: str | bytes,
    *,
    probes: Sequence[Probe[Any]],
    nonce: str,
    limit: int = SECTION_LIMIT,
) -> tuple[dict[str, Section], bool]:
    """Cut the script's output into sections; returns (sections by probe, whether the script finished).

    Works on the raw bytes, and each section keeps at most `limit` bytes of stdout and of stderr
    (decoded then, invalid UTF-8 replaced): a host that floods one section costs no more than that
    here, and `Section.dropped` says how much was not kept.
    """
    out = stdout.encode("utf-8", "surrogateescape") if isinstance(stdout, str) else stdout
    err = stderr.encode("utf-8", "surrogateescape") if isinstance(stderr, str) else stderr
    marker = re.escape(f"AUDITOR-{nonce}".encode())
    begin = re.compile(rb"^" + marker + rb" BEGIN (\w+)\n", re.MULTILINE)
    # sh's $? is 0..255 and PowerShell's status 0 or 1: a longer number is not a closing marker
    # (a host that knows the nonce must not hand the store an integer it cannot hold)
    end_out = re.compile(rb"\n" + marker + rb" END (\w+) (\d{1,3})\n", re.MULTILINE)
    end_err = re.compile(rb"\n" + marker + rb" END (\w+)\n", re.MULTILINE)
    done = re.search(rb"^" + marker + rb" DONE$", out, re.MULTILINE) is not None

    out_parts = _sections(out, begin, end_out)
    err_parts = _sections(err, begin, end_err)
    by_name = {probe.name: probe for probe in probes}
    sections: dict[str, Section] = {}
    walk = _shares_walk(probes)
    for name, (span, closing) in out_parts.items():
        if name not in by_name and not (walk and name == file_walk.NAME):
            continue
        err_span = err_parts.get(name, ((0, 0), None))[0]
        out_text, out_dropped = _text(out, span, limit)
        err_text, err_dropped = _text(err, err_span, limit)
        status = int(closing.group(2)) if closing is not None else -1
        output = RawOutput(stdout=out_text, stderr=err_text, exit_status=status)
        parts = file_walk.split(output) if name == file_walk.NAME else {name: output}
        for probe, part in parts.items():
            sections[probe] = Section(
                probe=probe,
                command=file_walk.WALK if name == file_walk.NAME else by_name[name].command,
                output=part,
                complete=closing is not None,
                dropped=out_dropped + err_dropped,
            )
    return sections, done


def _text(data: bytes, span: tuple[int, int], limit: int) -> tuple[str, int]:
    """A section's text, at most `limit` bytes of it (only those are copied), and the bytes left out."""
    start, stop = span
    kept = min(stop, start + limit)
    return data[start:kept].decode("utf-8", errors="replace"), stop - kept


Span = tuple[int, int]


def _sections(
    data: bytes, begin: re.Pattern[bytes], end: re.Pattern[bytes]
) -> dict[str, tuple[Span, re.Match[bytes] | None]]:
    """Each section's (start, stop) and closing marker, in order; linear in the output: a closing
    marker is looked for only up to the next opening one, so a host printing many openings
    without closings cannot make this quadratic."""
    found: dict[str, tuple[Span, re.Match[bytes] | None]] = {}
    opening = begin.search(data)
    while opening is not None:
        name = opening.group(1).decode("ascii")
        following = begin.search(data, opening.end())
        stop = following.start() if following else len(data)
        closing = end.search(data, opening.end(), stop)
        if closing is not None and closing.group(1) == opening.group(1):
            found[name] = ((opening.end(), closing.start()), closing)
        else:
            # unterminated: keep what arrived, up to the next section start if any
            found[name] = ((opening.end(), stop), None)
        opening = following
    return found
