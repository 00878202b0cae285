"""The controller alone: `auditor run` against a replay fleet of N hosts (bench/fleet/replay.sh).

Why: on this machine real hosts share the client's two cores, so their collector work hides what
the controller itself costs. Replayed hosts still cost a real SSH connection, key exchange, login
and exec each, but answer with a recorded host's output, so almost all the CPU left is the
controller's: SSH client, parsing, evaluation of the check set, the store, the report.

    sudo bench/fleet/replay.sh record                               # once (or after the probe set changed)
    sudo .venv/bin/python bench/replay_bench.py --hosts 1000,2000    # measure
    sudo .venv/bin/python bench/replay_bench.py --hosts 1000 --runs 2  # two runs into one store

Per N it prints wall time, the client's CPU per host (wait4 rusage of the `auditor run` process
and its reaped children), its peak RSS (ru_maxrss), the sshd side's CPU per host, and the store's
growth per host per run (SQLite file and its WAL). Every replayed host must come back with exactly
the recorded host's verdicts; a mismatch is reported. Needs root (network namespace).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPLAY = REPO / "bench" / "fleet" / "replay.sh"
STATE = Path("/var/tmp/auditor-replay")  # noqa: S108 - the replay fleet's fixed root-owned state, as replay.sh
NS = "auditorreplay"
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measure:
    hosts: int
    run: int
    ok: int
    wall_s: float
    client_cpu_s: float
    peak_rss_mb: float
    sshd_cpu_s: float
    store_growth_bytes: int
    verdicts_match: bool
    build: str = "this checkout"
    rss_collected_mb: float = 0.0  # VmRSS when the last host had been stored (before the end of the run)


def _sshd_pid() -> int:
    pids = subprocess.run(["ip", "netns", "pids", NS], capture_output=True, text=True, check=True).stdout.split()
    for pid in pids:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if cmd.startswith(b"sshd: ") and b"[listener]" in cmd:  # sshd retitles its argv
            return int(pid)
    raise SystemExit("bench: the replay fleet's sshd is not running")


def _proc_cpu(pid: int) -> float:
    """CPU of a process and its reaped children (sshd reaps each session: the replayed hosts' cost)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / TICK


def _store_bytes(db: Path) -> int:
    """The store's size once its write-ahead log is folded in (the run has ended: nothing else writes)."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def _verdicts(db: Path, run_id: str | None = None) -> dict[str, dict[str, str]]:
    """check id -> status, per host, of one run (the latest when none is named)."""
    with sqlite3.connect(db) as con:
        run = run_id or con.execute("SELECT id FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0]
        rows = con.execute(
            "SELECT h.name, r.check_id, r.status FROM results r JOIN hosts h ON h.id = r.host_id WHERE h.run_id = ?",
            (run,),
        ).fetchall()
    out: dict[str, dict[str, str]] = {}
    for host, check, status in rows:
        out.setdefault(host, {})[check] = status
    return out


def _sub_fleet(n: int) -> tuple[Path, Path]:
    """The inventory and known_hosts of the fleet's first n hosts (one sshd serves them all)."""
    lines = (STATE / "hosts.ini").read_text().splitlines()
    header = [line for line in lines[:2] if not line.startswith("r")]
    hosts = [line for line in lines if line.startswith("r")][:n]
    if len(hosts) < n:
        raise SystemExit(f"bench: the replay fleet has {len(hosts)} hosts, fewer than {n}")
    inventory, known = STATE / "bench" / f"hosts-{n}.ini", STATE / "bench" / f"known_hosts-{n}"
    inventory.write_text("\n".join([*header, *hosts]) + "\n")
    known.write_text("\n".join((STATE / "known_hosts").read_text().splitlines()[:n]) + "\n")
    return inventory, known


def _sample(pid: int, db: Path, samples: list[tuple[float, float, int]], done: threading.Event) -> None:
    """(seconds, VmRSS MB, hosts stored in the newest run) every 2 s, to tell collection from the end."""
    start = time.perf_counter()
    while not done.wait(2.0):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
                stored = con.execute(
                    "SELECT count(*) FROM hosts WHERE run_id = (SELECT id FROM runs ORDER BY started_at DESC LIMIT 1)"
                ).fetchone()[0]
        except (OSError, StopIteration, sqlite3.Error):
            continue
        samples.append((time.perf_counter() - start, rss, stored))


def measure(n: int, run: int, *, db: Path, forks: int, formats: list[str], auditor: Path, tag: str) -> Measure:
    """One `auditor run` over the first n hosts of the replay fleet: wall, rusage, sshd CPU, store growth."""
    sshd = _sshd_pid()
    before = _store_bytes(db)
    sshd0 = _proc_cpu(sshd)
    out = STATE / "bench" / f"out-{n}-{tag}"
    log = STATE / "bench" / f"run-{n}-{run}-{tag}.log"
    inventory, known = _sub_fleet(n)
    argv = [
        str(auditor),
        "run",
        "-i",
        str(inventory),
        "--known-hosts",
        str(known),
        "--no-progress",
        "--forks",
        str(forks),
        *[arg for fmt in formats for arg in ("--format", fmt)],
        "--db",
        str(db),
        "-o",
        str(out),
    ]
    samples: list[tuple[float, float, int]] = []
    done = threading.Event()
    with log.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(["ip", "netns", "exec", NS, *argv], stdout=sink, stderr=subprocess.STDOUT)
        sampler = threading.Thread(target=_sample, args=(proc.pid, db, samples, done), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
    time.sleep(0.3)  # let sshd reap the last sessions
    text = log.read_text(errors="replace")
    expected = next(iter(_verdicts(STATE / "recording" / "record.db").values()))
    got = _verdicts(db)
    result = Measure(
        hosts=n,
        run=run,
        ok=text.count(" assessed "),
        wall_s=wall,
        client_cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        sshd_cpu_s=_proc_cpu(sshd) - sshd0,
        store_growth_bytes=_store_bytes(db) - before,
        verdicts_match=len(got) == n and all(v == expected for v in got.values()),
        build=tag,
        rss_collected_mb=next((rss for _, rss, stored in samples if stored >= n), 0.0),
    )
    (STATE / "bench" / f"rss-{n}-{run}-{tag}.json").write_text(json.dumps(samples))
    print(
        f"  {tag} N={n} run {run}: {wall:.1f} s, exit {os.waitstatus_to_exitcode(status)}, ok {result.ok}/{n}, "
        f"verdicts {'as recorded' if result.verdicts_match else 'DIFFER from the recording'}, log {log}",
        flush=True,
    )
    return result


def table(rows: list[Measure]) -> str:
    out = [
        "| build | hosts | run | ok | verdicts as recorded | wall s | hosts/min | client CPU s/host | peak RSS MB "
        "| RSS after collection MB | sshd CPU s/host | store KiB/host/run |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in rows:
        out.append(
            f"| {m.build} | {m.hosts} | {m.run} | {m.ok} | {'yes' if m.verdicts_match else 'NO'} | {m.wall_s:.1f} | "
            f"{m.hosts / m.wall_s * 60:.0f} | {m.client_cpu_s / m.hosts:.4f} | {m.peak_rss_mb:.0f} | "
            f"{m.rss_collected_mb:.0f} | "
            f"{m.sshd_cpu_s / m.hosts:.4f} | {m.store_growth_bytes / m.hosts / 1024:.1f} |"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", default="1000,2000", help="comma-separated fleet sizes")
    parser.add_argument("--runs", type=int, default=1, help="runs per size, into one store")
    parser.add_argument("--forks", type=int, default=50)
    parser.add_argument("--format", default="json", help="report formats, comma-separated ('' for the default)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--auditor",
        type=Path,
        default=REPO / ".venv" / "bin" / "auditor",
        help="the auditor to measure (e.g. a before tree's)",
    )
    parser.add_argument("--tag", default="after", help="names this build in the table, its store and its logs")
    parser.add_argument(
        "--fleet-up", action="store_true", help="use the replay fleet already up (at least max N hosts) and leave it up"
    )
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench: run as root (network namespace): sudo .venv/bin/python bench/replay_bench.py ...")
    if not (STATE / "recording" / "record.db").exists():
        sys.exit("bench: no recording: run `sudo bench/fleet/replay.sh record` first")
    (STATE / "bench").mkdir(parents=True, exist_ok=True)
    formats = [f for f in args.format.split(",") if f]
    rows: list[Measure] = []
    sizes = [int(x) for x in args.hosts.split(",")]
    try:
        if not args.fleet_up:
            subprocess.run([str(REPLAY), "up", str(max(sizes))], check=True)
        for n in sizes:
            db = STATE / "bench" / f"n{n}-{args.tag}.db"
            for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                path.unlink(missing_ok=True)
            for run in range(1, args.runs + 1):
                rows.append(
                    measure(n, run, db=db, forks=args.forks, formats=formats, auditor=args.auditor, tag=args.tag)
                )
                if args.json:
                    args.json.write_text(json.dumps([asdict(m) for m in rows], indent=1))
    finally:
        if not args.fleet_up:
            subprocess.run([str(REPLAY), "down"], check=False, capture_output=True)
    print(table(rows))


if __name__ == "__main__":
    main()
