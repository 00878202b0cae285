"""Probe contracts that golden files alone do not show: commands are constant, read-only, valid
POSIX sh; secrets are reduced or redacted on the host; model helpers decide correctly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.collect.script import build_script, new_nonce, split_output
from auditor.probes.backup_evidence import run_outcome
from auditor.probes.base import FactModel, ProbeError, RawOutput
from auditor.probes.firewall import NftChain
from auditor.probes.registry import ALL_PROBES, probe_registry
from auditor.probes.scheduled_jobs import _REDACT, runs_command
from auditor.probes.shadow_status import SHADOW_STATUS
from tests.probes.test_golden import GOLDEN, raw_output

ROOT_PROBES = {"shadow_status", "sshd_effective", "firewall"}
ROOT_PROBES |= {"win_bitlocker", "win_smb", "win_audit_policy"}  # Windows security controls
ROOT_PROBES |= {"win_features"}  # Windows optional features via CIM
ROOT_PROBES |= {"win_backup_wsb", "win_backup_veeam", "win_shadow_copies"}  # Windows backups
FORBIDDEN = re.compile(
    r"apt-get update|\brm\b|\bmv\b|\bcp\b|\btee\b|\bcurl\b|\bwget\b|(?<![-\w])exit\b|\bsudo\b|\btouch\b|\bmkdir\b"
)
SLOW = {"apt_upgradable", "world_writable"}
# The probes that run under /bin/sh; PowerShell probes (Windows) have their own contract
# tests (tests/windows) and cannot run here.
SH_PROBES = tuple(probe for probe in ALL_PROBES if probe.shell == "sh")


def _unquoted(command: str) -> str:
    """The command with single-quoted strings removed (awk/sed programs, format strings)."""
    return re.sub(r"'[^']*'", "''", command)


def test_registry_names_are_unique_and_match() -> None:
    names = [probe.name for probe in ALL_PROBES]
    assert len(names) == len(set(names))
    assert list(probe_registry()) == names
    for probe in ALL_PROBES:
        assert issubclass(probe.model, FactModel)
        assert re.fullmatch(r"[a-z][a-z0-9_]*", probe.name)


def test_root_needs_are_declared() -> None:
    assert {probe.name for probe in ALL_PROBES if probe.needs_root} == ROOT_PROBES


@pytest.mark.parametrize("probe", SH_PROBES, ids=lambda p: p.name)
def test_command_is_read_only_posix_sh(probe) -> None:
    command = _unquoted(probe.command)
    assert not FORBIDDEN.search(command), f"{probe.name}: {FORBIDDEN.search(command)}"
    # the only redirections allowed: discard stderr/stdout, or route stdin/stderr, never into a file
    for redirect in re.finditer(r"\d?>+[^\s;|)]*", command):
        assert redirect.group() in (">/dev/null", "2>/dev/null", ">&2", "2>&1"), f"{probe.name}: {redirect.group()}"
    shell = shutil.which("dash") or shutil.which("sh")
    assert shell is not None
    checked = subprocess.run([shell, "-n", "-c", f"( {probe.command}\n) </dev/null"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_shadow_never_echoes_a_hash() -> None:
    hostile = RawOutput(stdout="1:root:$6$salt$hash:19000:99999\n", stderr="", exit_status=0)
    with pytest.raises(ProbeError) as error:
        SHADOW_STATUS.parse(hostile)
    assert "$6$" not in str(error.value)
    for out in (GOLDEN / "shadow_status").glob("*.out"):
        if not out.stem.startswith("hostile"):
            assert "$" not in out.read_text(), f"{out.name} holds something hash-like"


@pytest.mark.skipif(shutil.which("sed") is None, reason="needs sed")
def test_credentials_are_redacted_on_the_host() -> None:
    secrets = {
        "RESTIC_PASSWORD=hunter2xyz": "hunter2xyz",
        'BORG_PASSPHRASE="correct horse battery"': "correct horse",
        "export AWS_SECRET_ACCESS_KEY=AKIAsecretvalue": "AKIAsecretvalue",
        "B2_ACCOUNT_KEY=k001secret": "k001secret",
        "0 1 * * * root mysqldump -uroot -pS3cret --all-databases": "S3cret",
        "0 2 * * * root duplicity --password Pa55w0rd /etc file:///b": "Pa55w0rd",
        "RESTIC_REPOSITORY=rest:https://user:Passw0rd@backup.example/repo": "Passw0rd",
        "api_token: tok_123456": "tok_123456",
    }
    text = "\n".join(secrets) + "\n"
    done = subprocess.run(["sh", "-c", _REDACT], input=text, capture_output=True, text=True, check=True)
    for line, secret in secrets.items():
        assert secret not in done.stdout, line
    assert done.stdout.count("<redacted>") >= len(secrets)
    kept = "15 2 * * * root restic backup --password-file /root/.restic /etc"
    done = subprocess.run(["sh", "-c", _REDACT], input=kept + "\n", capture_output=True, text=True, check=True)
    assert "restic backup" in done.stdout


@pytest.mark.parametrize(
    ("rule", "catch_all"),
    [
        ("drop", True),
        ("counter packets 12 bytes 720 drop", True),
        ('log prefix "nft drop: " drop', True),
        ("reject with icmpx admin-prohibited", True),
        ('counter packets 0 bytes 0 log prefix "drop: " reject with icmp admin-prohibited', True),
        ("tcp dport 23 drop", False),
        ("ip saddr 192.0.2.0/24 drop", False),
        ("accept", False),
        ("", False),
    ],
)
def test_catch_all_drop(rule: str, catch_all: bool) -> None:
    chain = NftChain(family="inet", table="f", name="input", type="filter", hook="input", priority="0", last_rule=rule)
    assert chain.ends_with_catch_all_drop is catch_all


@pytest.mark.parametrize(
    ("lines", "outcome"),
    [
        (("processed 9 files, 569.435 KiB in 0:00", "snapshot 8468a64f saved"), "success"),
        (("error: open /root/x: permission denied", "snapshot 8468a64f saved"), "success"),
        (("snapshot 8468a64f saved", "Fatal: unable to create lock in backend"), "failure"),
        (("terminating with success status, rc 0",), "success"),
        (("terminating with error status, rc 2",), "failure"),
        (("[2026-01-14T03:30:01] /usr/bin/rsnapshot daily: completed successfully",), "success"),
        (("Errors 0", "-------------------------------------------------"), "success"),
        (("Errors 3",), "failure"),
        (("starting backup",), "unknown"),
        ((), "unknown"),
    ],
)
def test_backup_run_outcome(lines: tuple[str, ...], outcome: str) -> None:
    assert run_outcome(lines) == outcome


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("15 2 * * * root restic backup /etc", "restic"),
        ("15 2 * * * root /usr/local/bin/restic backup /etc", "restic"),
        ("ExecStart=/usr/bin/borgmatic --verbosity -1", "borgmatic"),
        ("ExecStart=-/usr/bin/rsnapshot daily", "rsnapshot"),
        ("RESTIC_REPOSITORY=/srv/restic", None),
        ("0 1 * * * root gzip /var/log/restic.log", None),
        ("0 2 * * * root rsync -a /data/ /srv/borg", None),
        ("ExecStart=/usr/libexec/dpkg/dpkg-db-backup", None),
    ],
)
def test_runs_command(line: str, found: str | None) -> None:
    assert runs_command(line, frozenset({"restic", "borg", "borgmatic", "rsnapshot"})) == found


def _run_here(probes) -> dict[str, RawOutput]:
    nonce = new_nonce()
    done = subprocess.run(
        ["sh", "-s"], input=build_script(probes, nonce=nonce), capture_output=True, text=True, timeout=120
    )
    sections, finished = split_output(done.stdout, done.stderr, probes=probes, nonce=nonce)
    assert finished
    return {name: section.output for name, section in sections.items()}


@pytest.mark.skipif(not Path("/var/lib/dpkg/status").exists(), reason="live run needs a Debian-family machine")
def test_probes_run_and_parse_on_this_machine() -> None:
    """Every probe, run for real here: it finishes and parses, or fails with a ProbeError reason.

    The slow probes (apt-get simulation, find over /usr) only run with AUDITOR_LIVE_PROBES=1.
    """
    probes = [p for p in SH_PROBES if p.name not in SLOW or os.environ.get("AUDITOR_LIVE_PROBES") == "1"]
    outputs = _run_here(probes)
    assert set(outputs) == {p.name for p in probes}
    for probe in probes:
        try:
            fact = probe.parse(outputs[probe.name])
        except ProbeError as exc:
            assert probe.needs_root or probe.name == "sshd_effective", f"{probe.name}: {exc}"
            continue
        assert isinstance(fact, probe.model)


def test_golden_outputs_cover_denied_and_missing_cases() -> None:
    """Each root probe has a recorded non-root run; each tool probe a recorded 'tool missing' run."""
    for name in ROOT_PROBES:
        assert list((GOLDEN / name).glob("*nonroot.out")), name
    for name, case in (
        ("packages", "no-dpkg"),
        ("sshd_effective", "not-installed"),
        ("firewall", "no-nft"),
        ("apt_upgradable", "no-apt-get"),
        ("apt_config", "no-apt-config"),
    ):
        probe = probe_registry()[name]
        fact = probe.parse(raw_output(GOLDEN / name / f"{case}.out"))
        assert isinstance(fact, probe.model)
