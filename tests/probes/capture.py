"""Capture a probe's real output into tests/probes/golden/<probe>/<case>.{out,err,rc}.

Runs the probe exactly as the collector does (auditor.collect.script.build_script: one sh script on
stdin, LC_ALL=C, fixed PATH, the probe in a subshell with stdin closed), locally, as another
local user, or over SSH. Then write the expected JSON with
`AUDITOR_UPDATE_GOLDEN=1 pytest tests/probes` and review the diff.

    python -m tests.probes.capture sshd_effective debian12-root
    python -m tests.probes.capture sshd_effective debian12-nonroot --user nobody
    python -m tests.probes.capture passwd extra-uid0 --bind /tmp/crafted-passwd:/etc/passwd
    python -m tests.probes.capture apt_upgradable lab-neglected \
        --ssh root@10.231.2.2 --ssh-opt -i --ssh-opt /var/tmp/auditor-lab/id_ed25519 ...
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
from pathlib import Path

from auditor.collect.script import build_script, new_nonce, split_output
from auditor.probes.registry import probe_registry

GOLDEN = Path(__file__).parent / "golden"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("probe")
    parser.add_argument("case")
    parser.add_argument("--user", help="run as this local user (via su)")
    parser.add_argument("--ssh", help="run on this SSH destination instead")
    parser.add_argument("--ssh-opt", action="append", default=[], help="extra ssh argument (repeatable)")
    parser.add_argument("--sudo", action="store_true", help="wrap in sudo -n (with --ssh)")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the local shell (repeatable)")
    parser.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="SRC:DST",
        help="bind-mount SRC over DST in a private mount namespace first (repeatable; local, root)",
    )
    parser.add_argument("--netns", help="run locally inside this network namespace (ip netns exec)")
    args = parser.parse_args()

    probe = probe_registry()[args.probe]
    nonce = new_nonce()
    script = build_script([probe], nonce=nonce)
    shell = "sudo -n sh -s" if args.sudo else "sh -s"
    if args.ssh:
        argv = ["ssh", "-o", "BatchMode=yes", *args.ssh_opt, args.ssh, shell]
    elif args.user:
        argv = ["su", args.user, "-s", "/bin/sh", "-c", shell]
    elif args.netns:
        argv = ["ip", "netns", "exec", args.netns, "sh", "-c", shell]
    else:
        argv = ["sh", "-c", shell]
    if args.bind and not args.ssh:
        # a private mount namespace: the host's real files stay untouched
        mounts = " && ".join(
            f"mount --bind {shlex.quote(src)} {shlex.quote(dst)}"
            for src, _, dst in (spec.partition(":") for spec in args.bind)
        )
        argv = ["unshare", "-m", "sh", "-c", f"{mounts} && exec {shlex.join(argv)}"]
    if args.env and not args.ssh:
        argv = ["env", *args.env, *argv]
    done = subprocess.run(argv, input=script, capture_output=True, text=True, timeout=300, check=False)
    sections, finished = split_output(done.stdout, done.stderr, probes=[probe], nonce=nonce)
    if not finished or args.probe not in sections:
        raise SystemExit(f"script did not finish (exit {done.returncode}): {done.stderr[-500:]}")
    output = sections[args.probe].output
    folder = GOLDEN / args.probe
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{args.case}.out").write_text(output.stdout)
    for suffix, text, wanted in (
        (".err", output.stderr, bool(output.stderr)),
        (".rc", f"{output.exit_status}\n", output.exit_status != 0),
    ):
        target = folder / f"{args.case}{suffix}"
        if wanted:
            target.write_text(text)
        elif target.exists():
            target.unlink()
    print(f"{folder}/{args.case}: {len(output.stdout)} bytes out, {len(output.stderr)} err, exit {output.exit_status}")


if __name__ == "__main__":
    main()
