"""The shared walk: one `find` for special_files and world_writable, cut back into each probe's section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.collect.script import build_script, split_output
from auditor.probes import file_walk
from auditor.probes.base import Probe, RawOutput
from auditor.probes.kernel_params import KERNEL_PARAMS
from auditor.probes.special_files import SPECIAL_FILES
from auditor.probes.world_writable import WORLD_WRITABLE
from tests.probes.test_golden import raw_output

GOLDEN = Path(__file__).parent / "golden"
NONCE = "00000000000000ab"


def _framed(name: str, stdout: str, stderr: str, status: int) -> tuple[str, str]:
    marker = f"AUDITOR-{NONCE}"
    return (
        f"{marker} BEGIN {name}\n{stdout}\n{marker} END {name} {status}\n{marker} DONE\n",
        f"{marker} BEGIN {name}\n{stderr}\n{marker} END {name}\n",
    )


def test_both_probes_selected_walk_the_disks_once() -> None:
    script = build_script([SPECIAL_FILES, KERNEL_PARAMS, WORLD_WRITABLE], nonce=NONCE)
    assert script.count("find / $r -xdev") == 1
    assert 'find "$d"' not in script  # world_writable's own walk of each system path
    assert f"BEGIN {file_walk.NAME}" in script
    assert script.index(f"BEGIN {file_walk.NAME}") < script.index("BEGIN kernel_params")


@pytest.mark.parametrize("probe", [SPECIAL_FILES, WORLD_WRITABLE], ids=lambda p: p.name)
def test_a_probe_alone_keeps_its_own_command(probe: Probe[Any]) -> None:
    script = build_script([probe, KERNEL_PARAMS], nonce=NONCE)
    assert file_walk.NAME not in script
    assert probe.command in script


def test_the_walk_output_is_cut_into_each_probes_evidence() -> None:
    stdout = (
        "#auditor skip /bin\n"
        "S 4755 0 0 root root /usr/bin/su\n"
        "W /etc/app.conf\n"
        "U 644 4242 4242 4242 4242 /opt/odd\n"
        "name\n"  # the tail of /opt/odd\nname: goes with the U line
        "W /usr/local/bin/a\n"
        "b\n"  # the tail of a world-writable name
        "#auditor find-exit 1\n"
        "#auditor done"
    )
    stderr = "find: '/root': Permission denied\nfind: '/etc/ssl/private': Permission denied"
    out, err = _framed(file_walk.NAME, stdout, stderr, 0)
    sections, done = split_output(out, err, probes=[SPECIAL_FILES, WORLD_WRITABLE], nonce=NONCE)
    assert done and set(sections) == {"special_files", "world_writable"}
    special, world = sections["special_files"], sections["world_writable"]
    assert special.command == world.command == file_walk.WALK
    assert special.output.stdout.splitlines() == [
        "S 4755 0 0 root root /usr/bin/su",
        "U 644 4242 4242 4242 4242 /opt/odd",
        "name",
        "#auditor find-exit 1",
    ]
    assert world.output.stdout.splitlines() == [
        "#auditor skip /bin",
        "W /etc/app.conf",
        "W /usr/local/bin/a",
        "b",
        "#auditor find-exit 1",
        "#auditor done",
    ]
    # world_writable answers for the system paths only: an unreadable /root is not its gap
    assert world.output.stderr == "find: '/etc/ssl/private': Permission denied\n"
    assert "/root" in special.output.stderr
    facts = WORLD_WRITABLE.parse(world.output)
    assert facts.paths == ("/etc/app.conf", "/usr/local/bin/a")
    assert facts.errors == ("'/etc/ssl/private': Permission denied",)
    assert [f.path for f in SPECIAL_FILES.parse(special.output).unowned] == ["/opt/odd"]


def test_a_walk_stopped_by_timeout_leaves_both_answers_incomplete() -> None:
    raw = RawOutput(stdout="W /etc/x\n#auditor find-exit 124\n#auditor done\n", stderr="", exit_status=0)
    parts = file_walk.split(raw)
    assert WORLD_WRITABLE.parse(parts["world_writable"]).truncated
    assert SPECIAL_FILES.parse(parts["special_files"]).truncated


def test_a_path_printed_twice_is_one_finding() -> None:
    raw = RawOutput(stdout="W /etc/x\nW /etc/x\n#auditor find-exit 0\n#auditor done\n", stderr="", exit_status=0)
    assert WORLD_WRITABLE.parse(file_walk.split(raw)["world_writable"]).paths == ("/etc/x",)


def test_a_section_named_like_the_walk_is_ignored_when_no_walk_was_asked_for() -> None:
    out, err = _framed(file_walk.NAME, "W /etc/forged\n#auditor done", "", 0)
    sections, _ = split_output(out, err, probes=[WORLD_WRITABLE], nonce=NONCE)
    assert sections == {}


@pytest.mark.parametrize("host", ["hardened-trixie", "neglected-bookworm"])
@pytest.mark.parametrize("probe", [SPECIAL_FILES, WORLD_WRITABLE], ids=lambda p: p.name)
def test_the_walk_finds_what_each_probe_found_alone(probe: Probe[Any], host: str) -> None:
    """Real output: the shared walk on the bench copies of the lab hosts, the probes' own commands
    on the lab hosts themselves (the same root file systems): the facts are the same."""
    alone = probe.parse(raw_output(GOLDEN / probe.name / f"lab-{host}.out"))
    walked = probe.parse(raw_output(GOLDEN / probe.name / f"walk-{host}.out"))
    assert walked == alone
