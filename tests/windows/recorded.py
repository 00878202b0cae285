"""What the Windows collector prints, rebuilt from recorded probe output (the goldens).

The PowerShell collector (auditor.collect.powershell) writes, per probe, the BEGIN marker on stdout and
stderr, the probe's JSON (or nothing when it threw), the exception text on stderr, and the END
markers with the status; DONE at the end. No Windows machine can run here, so tests (and the lab
stand-in, which does the same in bash: inventories/lab/windows/standin.sh) produce exactly that
from recorded sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from auditor.probes.base import RawOutput

GOLDEN = Path(__file__).resolve().parent.parent / "probes" / "golden"


def golden(probe: str, case: str) -> RawOutput:
    """A recorded golden section of a Windows probe."""
    out = GOLDEN / probe / f"{case}.out"
    err, rc = out.with_suffix(".err"), out.with_suffix(".rc")
    return RawOutput(
        stdout=out.read_text(encoding="utf-8"),
        stderr=err.read_text(encoding="utf-8") if err.exists() else "",
        exit_status=int(rc.read_text().strip()) if rc.exists() else 0,
    )


def collector_output(nonce: str, sections: Sequence[tuple[str, RawOutput]], *, done: bool = True) -> tuple[str, str]:
    """(stdout, stderr) as the Windows collector prints them for these sections."""
    marker = f"AUDITOR-{nonce}"
    out: list[str] = []
    err: list[str] = []
    for name, raw in sections:
        out.append(f"{marker} BEGIN {name}\n")
        err.append(f"{marker} BEGIN {name}\n")
        out.append(raw.stdout.rstrip("\r\n") if raw.exit_status == 0 else "")
        err.append(raw.stderr.rstrip("\r\n"))
        out.append(f"\n{marker} END {name} {raw.exit_status}\n")
        err.append(f"\n{marker} END {name}\n")
    if done:
        out.append(f"{marker} DONE\n")
    return "".join(out), "".join(err)
