"""The shared walk on the lab hosts: one `find` gives special_files and world_writable the facts that
each probe's own command gives, as root (sudo), as root login, and as a plain user (errors included)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from auditor.collect.script import build_script, new_nonce, split_output
from auditor.probes.base import FactModel, Probe
from auditor.probes.special_files import SPECIAL_FILES
from auditor.probes.world_writable import WORLD_WRITABLE

pytestmark = pytest.mark.lab

PROBES: tuple[Probe[Any], ...] = (SPECIAL_FILES, WORLD_WRITABLE)


def _facts(lab: Path, login: str, shell: str, probes: tuple[Probe[Any], ...]) -> dict[str, FactModel]:
    nonce = new_nonce()
    done = subprocess.run(
        [
            "ssh",
            "-o",
            "BatchMode=yes",
            "-o",
            f"UserKnownHostsFile={lab / 'known_hosts'}",
            "-i",
            str(lab / "id_ed25519"),
            login,
            shell,
        ],
        input=build_script(probes, nonce=nonce).encode(),
        capture_output=True,
        timeout=300,
        check=False,
    )
    sections, finished = split_output(done.stdout, done.stderr, probes=probes, nonce=nonce)
    assert finished, done.stderr[-500:]
    return {probe.name: probe.parse(sections[probe.name].output) for probe in probes}


@pytest.mark.parametrize(
    ("login", "shell"),
    [
        ("audit@10.231.1.2", "sudo -n /bin/sh -s"),  # hardened, Debian 13
        ("root@10.231.2.2", "/bin/sh -s"),  # neglected, Debian 12: world-writable and SUID findings
        ("audit@10.231.3.2", "/bin/sh -s"),  # partial, as a plain user: unreadable directories
    ],
)
def test_one_walk_finds_what_each_probe_finds_alone(lab: Path, login: str, shell: str) -> None:
    walked = _facts(lab, login, shell, PROBES)
    alone = {name: fact for probe in PROBES for name, fact in _facts(lab, login, shell, (probe,)).items()}
    assert walked == alone
