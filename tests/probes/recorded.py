"""Package managers that cannot run here (dnf, yum, zypper, apk, Ubuntu Pro), replayed from recorded output.

Each case names the recorded real outputs (tests/probes/golden/<probe>/recorded/, sources in
SOURCE.md beside them) that stand-in executables print for each sub-command, with the exit
status the real tool gave. The probe's own, unchanged sh command runs against those stand-ins,
so the golden .out files are what the probe prints on such a host, and
test_recorded_managers.py checks that they still are. Only the host-specific meta lines (clock,
cache file mtimes) are set per case, since this machine has no dnf/zypper/apk cache to stat.

    python -m tests.probes.recorded     # rewrite the .out files from the recordings
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from auditor.probes.registry import probe_registry

GOLDEN = Path(__file__).parent / "golden"
# Meta lines whose values depend on the host rather than on the package manager's answers.
HOST_LINES = re.compile(r"^#auditor (now|repomd|index|syncdb|updateinfo-cached)( .*)?$")


@dataclass(frozen=True)
class Reply:
    """What a stand-in prints when its arguments contain `match`: a recorded file, and an exit status."""

    match: str
    recording: str | None  # file name under the probe's recorded/ folder; None prints nothing
    exit_status: int = 0


@dataclass(frozen=True)
class Case:
    probe: str
    name: str
    tools: dict[str, tuple[Reply, ...]]
    host_lines: tuple[str, ...] = ()  # meta lines set for this case (clock, cache mtimes)
    stderr: dict[str, str] = field(default_factory=dict)  # tool -> message on stderr


NOW = "#auditor now 1768478400"  # 2026-01-15 12:00 UTC, the library's CASE_NOW
FRESH = 1768470000  # 2 h 20 min before NOW
STALE = 1765000000  # 40 days before NOW

CASES: tuple[Case, ...] = (
    Case(
        "dnf_updates",
        "rhel9-security",
        {
            "dnf": (
                Reply("--version", "dnf4-version.txt"),
                Reply("check-update", "rhel9-check-update.txt", 100),
                Reply("list", "rhel9-updateinfo-list.txt"),
                Reply("info", "rhel9-updateinfo-info.txt"),
            ),
            "rpm": (Reply("-q", "rhel9-rpm-installed.txt"),),
        },
        (
            NOW,
            f"#auditor repomd {FRESH} /var/cache/dnf/rhel-9-baseos-rpms-1a2b3c4d5e6f7a8b/repodata/repomd.xml",
            "#auditor updateinfo-cached",
        ),
    ),
    Case(
        "dnf_updates",
        "fedora40-no-updateinfo",
        {
            "dnf": (
                Reply("--version", "dnf4-version.txt"),
                Reply("check-update", "fedora40-check-update.txt", 100),
                Reply("list", None),
                Reply("info", None),
            ),
            "rpm": (Reply("-q", None),),  # the published output gives no installed versions
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/dnf/updates-0123456789abcdef/repodata/repomd.xml"),
    ),
    Case(
        "dnf_updates",
        "fedora-up-to-date-stale-cache",
        {
            "dnf": (
                Reply("--version", "dnf4-version.txt"),
                Reply("check-update", None),
                Reply("list", None),
                Reply("info", None),
            )
        },
        (
            NOW,
            f"#auditor repomd {STALE} /var/cache/dnf/fedora-0123456789abcdef/repodata/repomd.xml",
            "#auditor updateinfo-cached",
        ),
    ),
    Case(
        "dnf_updates",
        "dnf5-security",
        {
            "dnf": (
                Reply("--version", "dnf5-version.txt"),
                Reply("check-update", "dnf5-check-update.txt", 100),
                Reply("advisory list", "dnf5-advisory-list.txt"),
                Reply("advisory info", "dnf5-advisory-info.txt"),
            ),
            "rpm": (Reply("-q", "dnf5-rpm-installed.txt"),),
        },
        (
            NOW,
            f"#auditor repomd {FRESH} /var/cache/libdnf5/dnf-ci-fedora-updates-0123456789abcdef/repodata/repomd.xml",
            "#auditor updateinfo-cached",
        ),
    ),
    Case(
        "dnf_updates",
        "el9-check-update",
        {
            "dnf": (
                Reply("--version", "dnf4-version.txt"),
                Reply("check-update", "el9-check-update.txt", 100),
                Reply("list", None),
                Reply("info", None),
            ),
            "rpm": (Reply("-q", None),),
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/dnf/baseos-0123456789abcdef/repodata/repomd.xml"),
    ),
    Case(
        "dnf_updates",
        "dnf5-third-party",
        {
            "dnf": (
                Reply("--version", "dnf5-version.txt"),
                Reply("check-update", "dnf5-warp-check-update.txt", 100),
                Reply("advisory list", None),
                Reply("advisory info", None),
            ),
            "rpm": (Reply("-q", None),),
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/libdnf5/warpdotdev-0123456789abcdef/repodata/repomd.xml"),
    ),
    Case(
        "dnf_updates",
        "yum-el-check-update",
        {
            "yum": (
                Reply("--version", "yum-version.txt"),
                Reply("check-update", "yum-check-update.txt", 100),
                Reply("list", None),
                Reply("info", None),
            ),
            "rpm": (Reply("-q", None),),
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/yum/x86_64/15/fedora/repomd.xml"),
    ),
    Case(
        "dnf_updates",
        "centos7-obsoleting",
        {
            "yum": (
                Reply("--version", "yum-version-el7.txt"),
                Reply("check-update", "centos7-obsoleting-check-update.txt", 100),
                Reply("list", None),
                Reply("info", None),
            ),
            "rpm": (Reply("-q", None),),
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/yum/x86_64/7/epel/repomd.xml"),
    ),
    Case(
        "dnf_updates",
        "no-cache",
        {
            "dnf": (
                Reply("--version", "dnf4-version.txt"),
                Reply("check-update", None, 1),
                Reply("list", None, 1),
                Reply("info", None, 1),
            )
        },
        (NOW,),
        {"dnf": "Error: Cache-only enabled but no cache for 'fedora'"},
    ),
    Case("dnf_updates", "absent", {}),
    Case(
        "zypper_updates",
        "leap16-security",
        {
            "zypper": (
                Reply("list-updates", "leap16-list-updates.xml"),
                Reply("list-patches", "leap16-list-patches.xml"),
            )
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/zypp/raw/repo-oss/repodata/repomd.xml"),
    ),
    Case(
        "zypper_updates",
        "leap15-stack-update-blocks",
        {
            "zypper": (
                Reply("list-updates", "empty-update-list.xml"),
                Reply("list-patches", "leap15-list-patches-blocked.xml"),
            )
        },
        (NOW, f"#auditor repomd {FRESH} /var/cache/zypp/raw/repo-sle-update/repodata/repomd.xml"),
    ),
    Case(
        "zypper_updates",
        "up-to-date",
        {"zypper": (Reply("list-updates", "empty-update-list.xml"), Reply("list-patches", "empty-update-list.xml"))},
        (NOW, f"#auditor repomd {FRESH} /var/cache/zypp/raw/repo-oss/repodata/repomd.xml"),
    ),
    Case("zypper_updates", "absent", {}),
    Case(
        "apk_upgradable",
        "alpine-upgrades",
        {"apk": (Reply("version", "apk-version.txt"),)},
        (NOW, f"#auditor index {FRESH} /var/cache/apk/APKINDEX.4a36e8f5.tar.gz"),
    ),
    Case(
        "apk_upgradable",
        "up-to-date",
        {"apk": (Reply("version", "apk-version-empty.txt"),)},
        (NOW, f"#auditor index {FRESH} /var/cache/apk/APKINDEX.4a36e8f5.tar.gz"),
    ),
    Case("apk_upgradable", "absent", {}),
    Case(
        "pacman_updates",
        "arch-kernel-upgrade",
        {"pacman": (Reply("-Qu", "pacman-qu.txt"),)},
        (
            NOW,
            f"#auditor syncdb {FRESH} /var/lib/pacman/sync/core.db",
            f"#auditor syncdb {FRESH} /var/lib/pacman/sync/extra.db",
        ),
    ),
    Case(
        "pacman_updates",
        "up-to-date",
        {"pacman": (Reply("-Qu", None, 1),)},
        (NOW, f"#auditor syncdb {FRESH} /var/lib/pacman/sync/core.db"),
    ),
    Case("pacman_updates", "absent", {}),
    Case("ubuntu_pro", "xenial-unattached-esm-pending", {"pro": (Reply("security-status", "xenial-unattached.json"),)}),
    Case(
        "ubuntu_pro", "jammy-attached-livepatch", {"pro": (Reply("security-status", "jammy-attached-livepatch.json"),)}
    ),
)


def _stand_in(folder: Path, replies: tuple[Reply, ...], stderr: str) -> str:
    lines = ["#!/bin/sh", 'case "$*" in']
    for reply in replies:
        body = f"cat {shlex.quote(str(folder / reply.recording))}" if reply.recording else ":"
        if stderr and reply.exit_status:
            body += f"; echo {shlex.quote(stderr)} >&2"
        lines.append(f"  *{shlex.quote(reply.match)}*) {body}; exit {reply.exit_status};;")
    lines += ["esac", "exit 0", ""]
    return "\n".join(lines)


def replay(case: Case) -> tuple[str, str, int]:
    """Run the probe's command with the case's stand-ins first on PATH; (stdout, stderr, exit status)."""
    probe = probe_registry()[case.probe]
    recorded = GOLDEN / case.probe / "recorded"
    with tempfile.TemporaryDirectory() as scratch:
        bin_dir = Path(scratch)
        for tool, replies in case.tools.items():
            stub = bin_dir / tool
            stub.write_text(_stand_in(recorded, replies, case.stderr.get(tool, "")))
            stub.chmod(0o755)
        # Only the stand-ins and the basic tools: the machine's own dnf/zypper/apk, if any, stay out.
        tools = bin_dir / "tools"
        tools.mkdir()
        for name in ("awk", "head", "sed", "date", "stat", "cat", "printf", "sh"):
            for place in ("/usr/bin", "/bin"):
                if os.path.exists(f"{place}/{name}"):
                    (tools / name).symlink_to(f"{place}/{name}")
                    break
        env = {"PATH": f"{bin_dir}:{tools}", "LC_ALL": "C"}
        done = subprocess.run(
            ["/bin/sh", "-c", f"( {probe.command}\n) </dev/null"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    return done.stdout, done.stderr, done.returncode


def without_host_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not HOST_LINES.match(line))


def expected_output(case: Case) -> tuple[str, str, int]:
    """The replayed output with the case's host lines in place of this machine's."""
    stdout, stderr, status = replay(case)
    body = without_host_lines(stdout)
    if case.tools:
        lines = body.splitlines()
        # after the manager/version lines when present, else first
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("#auditor version")), 0)
        body = "\n".join([*lines[:at], *case.host_lines, *lines[at:]])
    return body + "\n", stderr, status


def main() -> None:
    for case in CASES:
        stdout, stderr, status = expected_output(case)
        folder = GOLDEN / case.probe
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{case.name}.out").write_text(stdout)
        for suffix, text, wanted in ((".err", stderr, bool(stderr)), (".rc", f"{status}\n", status != 0)):
            target = folder / f"{case.name}{suffix}"
            if wanted:
                target.write_text(text)
            elif target.exists():
                target.unlink()
        print(f"{folder.name}/{case.name}: {len(stdout)} bytes, exit {status}")


if __name__ == "__main__":
    main()
