"""Time auditor's collector on one host: the whole script once, then each probe on its own.

Why: the per-host cost of an audit is the collector's wall time on the host plus the SSH setup;
knowing which probes dominate says where a faster collector would come from. Runs the real script
(the full check set's probes, as `auditor run` builds it) over OpenSSH with sudo, as the paramiko
transport does for a become host.

    .venv/bin/python bench/fleet/probe_profile.py --ssh "ssh -i KEY -o UserKnownHostsFile=KH audit@HOST"
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import time
from pathlib import Path
from typing import Any

NS = "auditorbench"
TICK = os.sysconf("SC_CLK_TCK")


def _sshd_pid() -> int | None:
    """The fleet's sshd listener (None outside the bench namespace: then no CPU figures)."""
    done = subprocess.run(["ip", "netns", "pids", NS], capture_output=True, text=True, check=False)
    for pid in done.stdout.split():
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if cmd.startswith(b"sshd: ") and b"[listener]" in cmd:
            return int(pid)
    return None


def _reaped_cpu(pid: int) -> float:
    """CPU of sshd's reaped children: every finished session, its sudo, shell and probe commands."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[13:15]) / TICK


def _session_cpu(sshd: int | None, argv: list[str], data: bytes, repeat: int) -> list[float]:
    """Host-side CPU seconds of each of `repeat` SSH sessions (sshd's reaped children grow by it)."""
    figures = []
    for _ in range(repeat if sshd else 0):
        before = _reaped_cpu(sshd or 0)
        subprocess.run(argv, input=data, capture_output=True, check=False)
        time.sleep(0.2)  # let sshd reap the session
        figures.append(_reaped_cpu(sshd or 0) - before)
    return figures


def _probes() -> tuple[Any, ...]:
    from auditor.checklib.library import select_library
    from auditor.checklib.registry import probes_for

    return probes_for(select_library(checks=None, profile=None, checks_dirs=()).checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ssh", required=True, help="ssh command line reaching the host (login user)")
    parser.add_argument("--sudo", default="sudo -n ", help="become prefix ('' for a root login)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from auditor.collect.script import build_script, new_nonce

    probes = _probes()
    ssh = shlex.split(args.ssh)
    script = build_script(probes, nonce=new_nonce())
    walls = []
    out_bytes = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        done = subprocess.run([*ssh, f"{args.sudo}/bin/sh -s"], input=script.encode(), capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        out_bytes = len(done.stdout) + len(done.stderr)
    start = time.perf_counter()
    subprocess.run([*ssh, "true"], capture_output=True, check=False)
    login = time.perf_counter() - start
    print(f"probes: {len(probes)}, script {len(script)} bytes, output {out_bytes} bytes")
    print(f"full collector over ssh (wall, {args.repeat} runs): " + ", ".join(f"{w:.2f} s" for w in walls))
    print(f"ssh login + `true` alone: {login:.2f} s")
    sshd = _sshd_pid()
    if sshd is not None:
        # the measure: the session's CPU minus that of a bare login with sudo
        bare = _session_cpu(sshd, [*ssh, f"{args.sudo}true"], b"", args.repeat)
        full = _session_cpu(sshd, [*ssh, f"{args.sudo}/bin/sh -s"], script.encode(), args.repeat)
        print("host CPU, bare login + sudo: " + ", ".join(f"{c:.2f} s" for c in bare))
        print("host CPU, login + sudo + collector: " + ", ".join(f"{c:.2f} s" for c in full))
        median = sorted(full)[len(full) // 2] - sorted(bare)[len(bare) // 2]
        print(f"collector CPU per host (median difference): {median:.2f} s")
    print(_per_probe(ssh, args.sudo, probes))


def _seconds(word: str) -> float:
    """A `times` figure such as 0m0.120000s."""
    minutes, _, rest = word.partition("m")
    return int(minutes) * 60 + float(rest.rstrip("s"))


def _units(probes: tuple[Any, ...]) -> list[tuple[str, str]]:
    """The script's units: probes, or the shared walk once (a checkout from before it: every probe)."""
    try:
        from auditor.collect.script import script_units
    except ImportError:
        return [(probe.name, probe.command) for probe in probes]
    return script_units(probes)


def _per_probe(ssh: list[str], sudo: str, probes: tuple[Any, ...]) -> str:
    """Each unit of the script (a probe, or the shared walk) run once: CPU of its processes and wall.

    CPU is the difference of the shell's children time (`times`, second line) around the unit: the
    processes the unit started, which is what the host pays for it.
    """
    lines = [
        "LC_ALL=C; export LC_ALL",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH",
        "AUDITOR_SUDO=",
        "umask 077",
    ]
    for name, command in _units(probes):
        lines += [
            "echo begin; times; t0=$(date +%s%N)",
            f"( {command}\n) </dev/null >/dev/null 2>&1",
            f't1=$(date +%s%N); echo "end {name} $(( (t1 - t0) / 1000000 ))"; times',
        ]
    done = subprocess.run(
        [*ssh, f"{sudo}/bin/sh -s"], input="\n".join(lines).encode() + b"\n", capture_output=True, check=False
    )
    out = done.stdout.decode().splitlines()
    rows = []
    for i, line in enumerate(out):
        if line.startswith("end "):
            _, name, ms = line.split()
            before = sum(_seconds(w) for w in out[i - 1].split())  # children line after `begin`'s times
            after = sum(_seconds(w) for w in out[i + 2].split())
            rows.append((after - before, int(ms), name))
    rows.sort(reverse=True)
    total = sum(cpu for cpu, _, _ in rows)
    table = [f"sum of unit CPU: {total * 1000:.0f} ms; top units:", "| unit | CPU ms | wall ms | share of CPU |"]
    table.append("|---|---|---|---|")
    for cpu, wall_ms, unit in rows[:15]:
        table.append(f"| {unit} | {cpu * 1000:.0f} | {wall_ms} | {100 * cpu / max(total, 1e-9):.0f}% |")
    return "\n".join(table)


if __name__ == "__main__":
    main()
