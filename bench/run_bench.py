"""Fleet benchmark: N simulated SSH hosts audited by auditor (paramiko and Ansible paths) and by peers.

Why: issue 8 sets targets (1,000 hosts in < 5 min on 2 cores, >= 3x `ansible -m setup`, >= 10x
oscap-ssh and Lynis per host, peak RSS < 500 MB); this measures them on this machine, every figure
in the same run. Hosts come from bench/fleet/fleet.sh (one sshd in the network namespace
auditorbench serving 127.1.x.y; each host is its own SSH login running the real collector).

    sudo .venv/bin/python bench/run_bench.py            # N = 10, 100, 500, 1000, all tools, peers

Needs root (network namespace). Prints a markdown table; --json keeps the raw figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLEET = REPO / "bench" / "fleet" / "fleet.sh"
# Fixed, root-owned state directories of the fleet and of the lab (their key), as in fleet.sh.
STATE = Path("/var/tmp/auditor-bench")  # noqa: S108
INVENTORY = STATE / "hosts.ini"
KNOWN_HOSTS = STATE / "known_hosts"
KEY = "/var/tmp/auditor-lab/id_ed25519"  # noqa: S108
NS = "auditorbench"
VENV = REPO / ".venv" / "bin"
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measure:
    tool: str
    hosts: int
    ok: int
    wall_s: float
    client_cpu_s: float
    peak_rss_mb: float
    bytes_total: int
    sshd_cpu_s: float
    machine_cpu_s: float

    @property
    def per_minute(self) -> float:
        return self.hosts / self.wall_s * 60


def _client_env() -> dict[str, str]:
    """The clients' environment, without PYTHONDONTWRITEBYTECODE: a development shell may set it,
    and then every auditor start compiles its modules again, which an installed wheel never does."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _precompile(checkouts: list[Path]) -> None:
    """Byte-compile each checkout's code and venv once, as installing a wheel does."""
    for checkout in checkouts:
        python = checkout / ".venv" / "bin" / "python"
        folders = [str(checkout / name) for name in ("auditor", "checks", "reports") if (checkout / name).is_dir()]
        site = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        subprocess.run([str(python), "-m", "compileall", "-q", *folders, site], capture_output=True, check=False)


def _netns(argv: list[str]) -> list[str]:
    return ["ip", "netns", "exec", NS, *argv]


def _nft_bytes() -> int:
    out = subprocess.run(
        _netns(["nft", "-j", "list", "counters", "table", "inet", "bench"]), capture_output=True, text=True, check=True
    ).stdout
    return sum(item["counter"]["bytes"] for item in json.loads(out)["nftables"] if "counter" in item)


def _nft_reset() -> None:
    subprocess.run(_netns(["nft", "reset", "counters", "table", "inet", "bench"]), capture_output=True, check=True)


def _sshd_pid() -> int:
    pids = subprocess.run(["ip", "netns", "pids", NS], capture_output=True, text=True, check=True).stdout.split()
    for pid in pids:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if cmd.startswith(b"sshd: ") and b"[listener]" in cmd:  # sshd retitles its argv
            return int(pid)
    raise SystemExit("bench: the fleet's sshd is not running")


def _proc_cpu(pid: int) -> float:
    """CPU of a process and its reaped children (sshd reaps each session: the hosts' whole cost)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


def _machine_cpu() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    busy = sum(int(x) for i, x in enumerate(fields[:8]) if i not in (3, 4))  # all but idle, iowait
    return busy / TICK


def measure(tool: str, argv: list[str], *, hosts: int, ok_count: Callable[[str], int], cwd: Path = REPO) -> Measure:
    """Run one client to completion and take its wall time, rusage and the traffic it caused."""
    sshd = _sshd_pid()
    _nft_reset()
    sshd0, machine0 = _proc_cpu(sshd), _machine_cpu()
    logs = STATE / "work" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{''.join(c if c.isalnum() else '_' for c in tool)}-{hosts}.log"
    with log.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(_netns(argv), stdout=sink, stderr=subprocess.STDOUT, cwd=cwd, env=_client_env())
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, with its reaped descendants
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    time.sleep(0.3)  # let sshd reap the last sessions
    text = log.read_text(errors="replace")
    result = Measure(
        tool=tool,
        hosts=hosts,
        ok=ok_count(text),
        wall_s=wall,
        client_cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        bytes_total=_nft_bytes(),
        sshd_cpu_s=_proc_cpu(sshd) - sshd0,
        machine_cpu_s=_machine_cpu() - machine0,
    )
    print(f"  {tool}: {wall:.1f} s, ok {result.ok}/{hosts}, exit {proc.returncode}, log {log}", flush=True)
    return result


def _count(marker: str) -> Callable[[str], int]:
    return lambda text: text.count(marker)


def fleet(n: int, forks: int, work: Path, *, tools: set[str]) -> list[Measure]:
    subprocess.run([str(FLEET), "up", str(n)], check=True)
    try:
        common = [
            "-i",
            str(INVENTORY),
            "--known-hosts",
            str(KNOWN_HOSTS),
            "--no-progress",
            "--forks",
            str(forks),
            "--format",
            "json",
            "--format",
            "html",
        ]
        runs = []
        for transport in [
            t for t in ("ssh", "ansible") if {"ssh": "paramiko", "ansible": "ansible-transport"}[t] in tools
        ]:
            db = work / f"n{n}-{transport}.db"
            db.unlink(missing_ok=True)
            runs.append(
                measure(
                    f"auditor ({'paramiko' if transport == 'ssh' else 'Ansible transport'})",
                    [
                        str(VENV / "auditor"),
                        "run",
                        *common,
                        "--transport",
                        transport,
                        "--db",
                        str(db),
                        "-o",
                        str(work / f"out-{n}-{transport}"),
                    ],
                    hosts=n,
                    ok_count=_count(" assessed "),
                )
            )
        if "setup" not in tools:
            return runs
        ssh_args = f"-o UserKnownHostsFile={KNOWN_HOSTS} -o StrictHostKeyChecking=yes"
        runs.append(
            measure(
                "ansible -m setup",
                [
                    "env",
                    f"PATH={VENV}:/usr/sbin:/usr/bin:/sbin:/bin",
                    "ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3",
                    str(VENV / "ansible"),
                    "all",
                    "-i",
                    str(INVENTORY),
                    "-m",
                    "setup",
                    "-f",
                    str(forks),
                    f"--ssh-common-args={ssh_args}",
                ],
                hosts=n,
                ok_count=_count("| SUCCESS =>"),
            )
        )
        return runs
    finally:
        subprocess.run([str(FLEET), "down"], check=False)


def _single_auditor(tool: str, venv: Path, work: Path, *, repeat: int = 3) -> Measure:
    """`auditor run` of the fleet's one-host inventory as a whole process (start, imports, check
    loading, collect, a new store, JSON report), with `venv`'s auditor (this checkout's or a
    baseline's): the best of `repeat` runs after one run not measured, so the user's caches (check
    listing, parsed row files) are as every run but a fresh install's first finds them."""
    runs = [_single_auditor_once(tool, venv, work) for _ in range(repeat + 1)][1:]
    return min(runs, key=lambda m: m.wall_s)


def _single_auditor_once(tool: str, venv: Path, work: Path) -> Measure:
    db = work / f"single-{''.join(c if c.isalnum() else '-' for c in tool)}.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # a new store every time
    return measure(
        tool,
        [
            str(venv / "auditor"),
            "run",
            "-i",
            str(INVENTORY),
            "--known-hosts",
            str(KNOWN_HOSTS),
            "--no-progress",
            "--format",
            "json",
            "--db",
            str(db),
            "-o",
            str(work / "out-single"),
        ],
        hosts=1,
        ok_count=_count(" assessed "),
        cwd=venv.parent.parent,
    )


def _bare_login(tool: str, ssh_opts: str, login: str, command: str) -> Measure:
    """The floor of any agentless tool on this host: one SSH login running `command` (best of five)."""
    runs = [
        measure(tool, ["ssh", *shlex.split(ssh_opts), login, command], hosts=1, ok_count=lambda _text: 1)
        for _ in range(5)
    ]
    return min(runs, key=lambda m: m.wall_s)


def single_host_peers(work: Path, *, baseline: Path | None) -> list[Measure]:
    """oscap-ssh (SSG Debian profile) and Lynis, one host each, over SSH to the same simulated host;
    auditor on that host and on the hardened Debian 13 host with sudo, beside a bare login each."""
    # The Debian 12 copy (root login): SSG has Debian 12 content, none for Debian 13 yet.
    subprocess.run([str(FLEET), "up", "1", "neglected"], check=True)
    subprocess.run([str(FLEET), "ssg"], check=True)
    ssh_opts = f"-i {KEY} -o UserKnownHostsFile={KNOWN_HOSTS} -o StrictHostKeyChecking=yes -o BatchMode=yes"
    try:
        runs = [_bare_login("bare ssh root@host true (Debian 12)", ssh_opts, "root@127.1.0.1", "true")]
        content = str(STATE / "ssg/usr/share/xml/scap/ssg/content/ssg-debian12-ds.xml")
        for profile in ("standard", "anssi_bp28_high"):
            runs.append(
                measure(
                    f"oscap-ssh (SSG debian12 {profile})",
                    [
                        "env",
                        f"SSH_ADDITIONAL_OPTIONS={ssh_opts}",
                        "oscap-ssh",
                        "root@127.1.0.1",
                        "22",
                        "xccdf",
                        "eval",
                        "--profile",
                        f"xccdf_org.ssgproject.content_profile_{profile}",
                        "--results",
                        str(work / f"oscap-{profile}.xml"),
                        content,
                    ],
                    hosts=1,
                    ok_count=lambda text: int("Rule" in text),
                )
            )
        runs.append(
            measure(
                "lynis audit system (over ssh)",
                ["ssh", *shlex.split(ssh_opts), "root@127.1.0.1", "lynis audit system --quick --no-colors"],
                hosts=1,
                ok_count=lambda text: int("Hardening index" in text),
            )
        )
        runs.append(_single_auditor("auditor (paramiko), 1 host", VENV, work))
        if baseline is not None:
            runs.append(_single_auditor("auditor baseline (paramiko), 1 host", baseline / ".venv" / "bin", work))
        # the issue's own case: a hardened Debian 13 host reached as a user with sudo
        subprocess.run([str(FLEET), "up", "1"], check=True)
        runs.append(
            _bare_login("bare ssh audit@host sudo -n true (Debian 13)", ssh_opts, "audit@127.1.0.1", "sudo -n true")
        )
        runs.append(_single_auditor("auditor (paramiko), 1 hardened host", VENV, work))
        if baseline is not None:
            runs.append(
                _single_auditor("auditor baseline (paramiko), 1 hardened host", baseline / ".venv" / "bin", work)
            )
        return runs
    finally:
        subprocess.run([str(FLEET), "down"], check=False)


def table(rows: list[Measure]) -> str:
    out = [
        "| tool | hosts | ok | wall s | hosts/min | client CPU s/host | peak RSS MB | KiB/host (loopback) "
        "| sshd CPU s/host | machine CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in rows:
        out.append(
            f"| {m.tool} | {m.hosts} | {m.ok} | {m.wall_s:.2f} | {m.per_minute:.0f} | "
            f"{m.client_cpu_s / m.hosts:.3f} | {m.peak_rss_mb:.0f} | {m.bytes_total / m.hosts / 1024:.1f} | "
            f"{m.sshd_cpu_s / m.hosts:.3f} | {m.machine_cpu_s:.0f} |"
        )
    return "\n".join(out)


def ratios(rows: list[Measure]) -> str:
    out = ["| N | ansible -m setup wall / auditor wall | Ansible transport wall / paramiko wall |", "|---|---|---|"]
    for n in sorted({m.hosts for m in rows if m.tool.startswith("auditor (paramiko)") and m.hosts > 1}):
        by = {m.tool: m for m in rows if m.hosts == n}
        base = by["auditor (paramiko)"].wall_s
        setup = by.get("ansible -m setup")
        tr = by.get("auditor (Ansible transport)")
        out.append(f"| {n} | {setup.wall_s / base:.2f}x | " if setup else f"| {n} | - | ")
        out[-1] += f"{tr.wall_s / base:.2f}x |" if tr else "- |"
    single = {m.tool: m for m in rows if m.hosts == 1}
    mine = single.get("auditor (paramiko), 1 host")
    if mine:
        for tool, m in single.items():
            if tool != mine.tool:
                ratio = m.wall_s / mine.wall_s
                out.append(f"\nper host: {tool} {m.wall_s:.1f} s vs auditor {mine.wall_s:.1f} s = {ratio:.1f}x")
    return "\n".join(out)


def targets(rows: list[Measure]) -> str:
    """Issue 8's targets, each with the figure that decides it, from this run's measurements."""
    fleet = {m.hosts: m for m in rows if m.tool == "auditor (paramiko)"}
    setup = {m.hosts: m for m in rows if m.tool == "ansible -m setup"}
    single = {m.tool: m for m in rows if m.hosts == 1}
    lines = ["", "| target | measured | holds |", "|---|---|---|"]

    def line(target: str, measured: str, holds: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if holds else 'no'} |")

    if 1000 in fleet:
        big = fleet[1000]
        line("1,000 hosts, full check set, < 5 min", f"{big.wall_s:.0f} s", big.wall_s < 300)
        line("peak RSS < 500 MB at 1,000 hosts", f"{big.peak_rss_mb:.0f} MB", big.peak_rss_mb < 500)
    for n in sorted(set(fleet) & set(setup)):
        ratio = setup[n].wall_s / fleet[n].wall_s
        line(f">= 3x faster than ansible -m setup, N = {n}", f"{ratio:.2f}x", ratio >= 3)
    mine = single.get("auditor (paramiko), 1 host")
    for tool, peer in single.items():
        if mine is not None and tool.startswith(("oscap", "lynis")):
            ratio = peer.wall_s / mine.wall_s
            line(f">= 10x faster per host than {tool}", f"{ratio:.1f}x", ratio >= 10)
            if tool.startswith("oscap"):
                line(f"faster than {tool} on the same host", f"{mine.wall_s:.2f} s vs {peer.wall_s:.2f} s", ratio > 1)
    for audit, bare in (
        ("auditor (paramiko), 1 hardened host", "bare ssh audit@host sudo -n true (Debian 13)"),
        ("auditor (paramiko), 1 host", "bare ssh root@host true (Debian 12)"),
    ):
        if audit in single and bare in single:
            ratio = single[audit].wall_s / single[bare].wall_s
            line(
                f"{audit}: within 8x of `{bare}`",
                f"{single[audit].wall_s:.2f} s / {single[bare].wall_s:.2f} s = {ratio:.1f}x",
                ratio <= 8,
            )
    sizes = sorted(fleet)
    if len(sizes) > 1:
        low, high = fleet[sizes[0]], fleet[sizes[-1]]
        growth = (high.peak_rss_mb - low.peak_rss_mb) / (high.hosts - low.hosts)
        line(
            "peak RSS grows at most linearly",
            f"{low.peak_rss_mb:.0f} MB at {low.hosts} -> {high.peak_rss_mb:.0f} MB at {high.hosts} "
            f"({growth * 1024:.0f} KB/host)",
            high.peak_rss_mb <= low.peak_rss_mb * high.hosts / low.hosts,
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", default="10,100,500,1000", help="comma-separated fleet sizes")
    parser.add_argument("--forks", type=int, default=50)
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time oscap-ssh and Lynis on one host (default: yes)",
    )
    parser.add_argument(
        "--tools",
        default="paramiko,ansible-transport,setup",
        help="fleet clients to run: paramiko, ansible-transport, setup (ansible -m setup)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout with its own .venv (e.g. a worktree of the code before a change): its "
        "one-host audit is timed beside this one's, in the same run",
    )
    parser.add_argument("--work", type=Path, default=STATE / "work")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench: run as root (network namespace): sudo .venv/bin/python bench/run_bench.py ...")
    args.work.mkdir(parents=True, exist_ok=True)
    rows: list[Measure] = []
    _precompile([REPO, *([args.baseline] if args.baseline else [])])
    try:
        if args.peers:
            rows += single_host_peers(args.work, baseline=args.baseline)
        for n in (int(x) for x in args.hosts.split(",") if x):
            print(f"N = {n}", flush=True)
            rows += fleet(n, args.forks, args.work, tools=set(args.tools.split(",")))
            if args.json:
                args.json.write_text(json.dumps([asdict(m) for m in rows], indent=1))
    finally:
        subprocess.run([str(FLEET), "down"], check=False, capture_output=True)
    print(table(rows))
    print(ratios(rows))
    print(targets(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in rows], indent=1))
    shutil.rmtree(args.work / "out-single", ignore_errors=True)


if __name__ == "__main__":
    main()
