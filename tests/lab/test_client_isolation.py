"""One client per file: every client-facing output of a real lab audit names only its own client.

The lab's host names are ordinary words that a report's own prose may use ("hardened",
"unreachable"), so this audit gives the lab hosts and clients unique names through its own
inventory (host keys are checked by address, so the hosts are the same real ones). Each client's
client report, onboarding assessment, their PDFs (text extracted with pypdf) and CSV are then
searched for the other client's name, host names and addresses.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.lab.conftest import INVENTORY, run_auditor

pytestmark = pytest.mark.lab

CLIENTS = {"acme": "alphazq", "globex": "betaxv"}
HOSTS = {
    "hardened": "azq-hardened-h1",
    "neglected": "azq-neglected-h2",
    "partial": "bxv-partial-h3",
    "unreachable": "bxv-unreach-h4",
    "wrongkey": "bxv-wrongkey-h5",
}
CLIENT_FACING = ("client", "client-pdf", "onboarding", "onboarding-pdf", "csv")


@dataclass(frozen=True)
class Renamed:
    db: Path
    day: str
    hosts: dict[str, tuple[str, ...]]  # client -> its host names
    addresses: dict[str, tuple[str, ...]]  # client -> its hosts' non-loopback addresses


def _renamed_inventory(path: Path) -> Renamed:
    lines = []
    hosts: dict[str, list[str]] = {}
    addresses: dict[str, list[str]] = {}
    client = ""
    for line in INVENTORY.read_text().splitlines():
        group = re.fullmatch(r"\[(\w+)\]", line.strip())
        if group:
            client = CLIENTS[group.group(1)]
            line = f"[{client}]"
        elif line.split() and line.split()[0] in HOSTS:
            name, rest = line.split(maxsplit=1)
            line = f"{HOSTS[name]} {rest}"
            hosts.setdefault(client, []).append(HOSTS[name])
            address = re.search(r"ansible_host=(\S+)", rest)
            # loopback is on every host; wrongkey's address is the neglected host's second one (lab README)
            if address and not address.group(1).startswith("127.") and name != "wrongkey":
                addresses.setdefault(client, []).append(address.group(1))
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")
    return Renamed(
        db=path.parent / "auditor.db",
        day="",
        hosts={c: tuple(h) for c, h in hosts.items()},
        addresses={c: tuple(a) for c, a in addresses.items()},
    )


@pytest.fixture(scope="module")
def renamed(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> Renamed:
    out = tmp_path_factory.mktemp("isolation")
    plan = _renamed_inventory(out / "hosts.ini")
    done = run_auditor(
        "run", "-i", str(out / "hosts.ini"), "--known-hosts", str(lab / "known_hosts"), "--db", str(plan.db),
        "--output-dir", str(out), "--format", "json", "--no-progress",
    )  # fmt: skip
    assert done.returncode in (1, 3), done.stderr
    return Renamed(db=plan.db, day=datetime.now(UTC).date().isoformat(), hosts=plan.hosts, addresses=plan.addresses)


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
        return re.sub(r"\s+", "", text)  # a name broken across lines in a narrow cell is still that name
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", CLIENT_FACING)
def test_each_client_facing_file_names_only_its_own_client(renamed: Renamed, fmt: str, tmp_path: Path) -> None:
    for client in CLIENTS.values():
        target = tmp_path / f"{client}.{'pdf' if fmt.endswith('pdf') else 'out'}"
        period = ("--since", renamed.day, "--until", renamed.day) if fmt.startswith("client") else ()
        done = run_auditor(
            "report", "--format", fmt, "--client", client, "--db", str(renamed.db), "-o", str(target), *period
        )
        assert done.returncode == 0, done.stderr
        text = _text(target)
        assert client in text, f"{fmt} for {client} does not name its client"
        assert any(host in text for host in renamed.hosts[client]), f"{fmt} for {client} names none of its hosts"
        for other in CLIENTS.values():
            if other == client:
                continue
            leaked = [
                token for token in (other, *renamed.hosts[other], *renamed.addresses.get(other, ())) if token in text
            ]
            assert not leaked, f"{fmt} for {client} shows {other}'s {leaked}"
