"""paramiko with threads against asyncssh with asyncio: the client's cost of one SSH login + one exec.

Why: issue 8 asks to consider asyncssh only if paramiko with threads cannot reach the targets, and
to measure both before choosing. auditor's per-host work on the client is one connection, one exec
with the collector script on stdin and its output read back; this times exactly that, with the
same key, host keys, concurrency bound and remote command for both libraries, against the fleet of
bench/fleet/fleet.sh (the hosts run `cat >/dev/null; cat FILE`: the 29 KB collector script goes
in, ~35 KB comes back, as with the real collector, but with almost no work on the host, so the
client's share is visible).

    sudo bench/fleet/fleet.sh up 200
    sudo ip netns exec auditorbench .venv/bin/python bench/ssh_clients.py --hosts 200 --concurrency 50
    sudo bench/fleet/fleet.sh down

Prints wall time and client CPU seconds per host (getrusage of this process) for each library.
asyncssh is a benchmark-only dependency (`pip install asyncssh`); auditor itself does not use it.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import resource
import time
from collections.abc import Callable
from pathlib import Path

STATE = Path("/var/tmp/auditor-bench")  # noqa: S108 - the fleet's fixed, root-owned state directory
KEY = "/var/tmp/auditor-lab/id_ed25519"  # noqa: S108
COMMAND = "cat >/dev/null; cat /usr/share/common-licenses/GPL-3"
PAYLOAD = b"# collector stand-in\n" * 1400  # ~29 KB, the size of the real collector script


def addresses(count: int) -> list[str]:
    lines = (STATE / "hosts.ini").read_text().splitlines()
    found = [part.split("=", 1)[1] for line in lines for part in line.split() if part.startswith("ansible_host=")]
    if len(found) < count:
        raise SystemExit(f"the fleet has {len(found)} hosts; bring up at least {count}")
    return found[:count]


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def with_paramiko(hosts: list[str], concurrency: int) -> int:
    import paramiko

    known = paramiko.HostKeys(str(STATE / "known_hosts"))
    key = paramiko.Ed25519Key.from_private_key_file(KEY)

    def one(address: str) -> int:
        client = paramiko.SSHClient()
        for keytype, value in (known.lookup(address) or {}).items():
            client.get_host_keys().add(address, keytype, value)
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        client.connect(address, username="audit", pkey=key, allow_agent=False, look_for_keys=False, timeout=30)
        try:
            stdin, stdout, _ = client.exec_command(COMMAND)
            stdin.write(PAYLOAD)
            stdin.channel.shutdown_write()
            return len(stdout.read())
        finally:
            client.close()

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        return sum(1 for size in pool.map(one, hosts) if size > 30000)


def with_asyncssh(hosts: list[str], concurrency: int) -> int:
    import asyncssh

    async def main() -> int:
        gate = asyncio.Semaphore(concurrency)
        known = asyncssh.read_known_hosts(str(STATE / "known_hosts"))
        key = asyncssh.read_private_key(KEY)

        async def one(address: str) -> int:
            async with (
                gate,
                asyncssh.connect(
                    address, username="audit", client_keys=[key], known_hosts=known, agent_path=None
                ) as conn,
            ):
                result = await conn.run(COMMAND, input=PAYLOAD.decode(), check=True)
                return len(str(result.stdout))

        sizes = await asyncio.gather(*(one(address) for address in hosts))
        return sum(1 for size in sizes if size > 30000)

    return asyncio.run(main())


def measure(name: str, run: Callable[[list[str], int], int], hosts: list[str], concurrency: int) -> None:
    cpu0, wall0 = cpu(), time.perf_counter()
    ok = run(hosts, concurrency)
    wall, spent = time.perf_counter() - wall0, cpu() - cpu0
    print(f"| {name} | {len(hosts)} | {ok} | {wall:.1f} | {spent / len(hosts) * 1000:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    hosts = addresses(args.hosts)
    print("| client | hosts | ok | wall s | client CPU ms/host |\n|---|---|---|---|---|")
    measure("paramiko, threads", with_paramiko, hosts, args.concurrency)
    measure("asyncssh, asyncio", with_asyncssh, hosts, args.concurrency)
    measure("paramiko, threads (again)", with_paramiko, hosts, args.concurrency)


if __name__ == "__main__":
    main()
