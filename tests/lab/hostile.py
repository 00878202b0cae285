"""The lab's hostile Linux hosts, for tests: one sshd (lab host "hostile", 10.231.7.2) whose forced
command answers the auditor's collector with crafted output, one behaviour per port.

Its forced command (inventories/lab/hostile/hostile.sh) reads the collector script from stdin, learns
its section nonce and probe names, and answers as a compromised host would: exit statuses no store
can hold, floods past the output cap, collectors that die after one marker or drop the connection,
terminal escapes, multi-megabyte lines, binary output, a sudo prompt that records what it is sent.
The behaviours and their ports are listed once, in inventories/lab/hostile/behaviours.

Use it from a lab test through the `hostile` fixture (tests/lab/conftest.py), which starts it
with `scripts/lab hostile` (idempotent; `scripts/lab down` or `hostile-down` stops it):

    def test_something(hostile: Hostile, tmp_path: Path) -> None:
        inventory = hostile.inventory(tmp_path / "hosts.ini", ["dead-marker", "flood"], lab_hosts=["neglected"])
        done = run_auditor("run", "-i", str(inventory), "--known-hosts", str(hostile.known_hosts(tmp_path)), ...)
        assert "10.231.7.2" not in hostile.harvested()  # what its sudo prompt was sent, by port

Each inventory host is named after its behaviour (`flood`, `dead-marker`, ...) in the client `hostile`;
`lab_hosts` adds real lab hosts by their hosts.ini lines. Keep such tests cheap: the machine has two
shared cores, and the flood behaviour sends 80 MB.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from tests.lab.conftest import INVENTORY, LAB_STATE, REPO

BEHAVIOURS = REPO / "inventories" / "lab" / "hostile" / "behaviours"
ADDRESS = "10.231.7.2"
HOST_DIR = LAB_STATE / "hosts" / "hostile"
KEY = LAB_STATE / "id_ed25519"


def behaviours() -> dict[str, int]:
    """Behaviour name -> port, from the behaviours file."""
    found: dict[str, int] = {}
    for line in BEHAVIOURS.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0].isdigit():
            found[fields[1]] = int(fields[0])
    return found


@dataclass(frozen=True)
class Hostile:
    """The running hostile host: inventories for it and what it recorded."""

    ports: dict[str, int]

    def inventory(
        self, path: Path, names: Sequence[str], *, lab_hosts: Sequence[str] = (), become: Set[str] = frozenset()
    ) -> Path:
        """An INI inventory of these behaviours (client `hostile`) plus real lab hosts (their own lines)."""
        lines = ["[hostile]"]
        for name in names:
            extra = " ansible_become=true" if name in become else ""
            lines.append(
                f"{name} ansible_host={ADDRESS} ansible_port={self.ports[name]} ansible_user=root "
                f"ansible_ssh_private_key_file={KEY}{extra}"
            )
        if lab_hosts:
            lines.append("[lab]")
            lab_lines = {line.split()[0]: line for line in INVENTORY.read_text().splitlines() if line[:1].isalpha()}
            lines += [lab_lines[name] for name in lab_hosts]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def known_hosts(self, folder: Path) -> Path:
        """A known_hosts file with the lab's real hosts and every hostile port."""
        path = folder / "known_hosts"
        path.write_text((LAB_STATE / "known_hosts").read_text() + (HOST_DIR / "known_hosts").read_text())
        return path

    def harvested(self) -> str:
        """Every line the sudo-harvest behaviour was sent, as PORT<TAB>LINE."""
        log = HOST_DIR / "root" / "var" / "log" / "auditor-hostile" / "harvested"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def start() -> Hostile:
    """Start (or keep) the hostile host; a failure says why."""
    done = subprocess.run(
        [str(REPO / "scripts" / "lab"), "hostile"], capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts/lab hostile failed: {done.stderr.strip() or done.stdout.strip()}")
    return Hostile(ports=behaviours())
