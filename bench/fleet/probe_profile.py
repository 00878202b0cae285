"""Time auditor's collector on one host: the whole script once, then each probe on its own.

Why: the per-host cost of an audit is the collector's wall time on the host plus the SSH setup;
knowing which probes dominate says where a faster collector would come from. Runs the real script
(the full check set's probes, as `auditor run` builds it) over OpenSSH with sudo, as the paramiko
transport does for a become host.

    .venv/bin/python bench/fleet/probe_profile.py --ssh "ssh -i KEY -o UserKnownHostsFile=KH audit@HOST"
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import time
from typing import Any


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
    lines = [
        "LC_ALL=C; export LC_ALL",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export PATH",
        "AUDITOR_SUDO=",
        "umask 077",
    ]
    for probe in probes:
        lines += [
            "t0=$(date +%s%N)",
            f"( {probe.command}\n) </dev/null >/dev/null 2>&1",
            f't1=$(date +%s%N); echo "{probe.name} $(( (t1 - t0) / 1000000 ))"',
        ]
    done = subprocess.run(
        [*ssh, f"{args.sudo}/bin/sh -s"], input="\n".join(lines).encode() + b"\n", capture_output=True, check=False
    )
    rows = sorted(
        ((int(ms), name) for name, ms in (line.split() for line in done.stdout.decode().splitlines())), reverse=True
    )
    total = sum(ms for ms, _ in rows)
    print(f"sum of probe times: {total} ms; top probes:")
    print("| probe | ms | share |\n|---|---|---|")
    for ms, name in rows[:15]:
        print(f"| {name} | {ms} | {100 * ms / max(total, 1):.0f}% |")


if __name__ == "__main__":
    main()
