"""Least privilege: the $AUDITOR_SUDO mechanism, the sudoers allowlist, and the host's mode."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from auditor.checklib.sudoers import privileged_commands, render_sudoers, sudoers_for_checks
from auditor.collect.script import build_script, new_nonce, split_output
from auditor.core.errors import ConfigError
from auditor.inventory import Host
from auditor.probes.base import FactModel, Probe, RawOutput
from auditor.probes.registry import ALL_PROBES, probe_registry
from auditor.run.pipeline import collector_script
from auditor.transport.choose import transport_view


class _Nothing(FactModel):
    pass


def _probe(command: str, *, needs_root: bool = False, name: str = "p") -> Probe[Any]:
    return Probe(
        name=name, description="d", command=command, model=_Nothing, parse=lambda _: _Nothing(), needs_root=needs_root
    )


HOST = Host(name="h", client="c", address="10.0.0.1", user="audit", become=True)
LEAST = dataclasses.replace(HOST, vars={"auditor_least_privilege": "yes"})


def test_every_probe_marks_exact_commands_only() -> None:
    marked = {probe.name: [c.argv for c in privileged_commands(probe)] for probe in ALL_PROBES}
    assert marked["sshd_effective"] == [("sshd", "-T")]
    assert marked["firewall"] == [("nft", "-t", "list", "ruleset")]
    assert marked["shadow_status"] == [("cat", "/etc/shadow")]


@pytest.mark.parametrize(
    "command", ["$AUDITOR_SUDO cat $f", "$AUDITOR_SUDO tail /var/log/*.log", "$AUDITOR_SUDO /bin/sh -c x"]
)
def test_a_command_that_is_not_exact_is_refused(command: str) -> None:
    with pytest.raises(ConfigError, match="not an exact command"):
        privileged_commands(_probe(command))


def test_sudoers_text_is_one_alias_and_one_nopasswd_rule() -> None:
    probes = [
        _probe("if x; then $AUDITOR_SUDO sshd -T; fi", name="sshd"),
        _probe("{ $AUDITOR_SUDO nft -t list ruleset; echo $?; } | head", name="fw"),
        _probe("$AUDITOR_SUDO sshd -T", name="again"),
        _probe("awk x /etc/shadow", needs_root=True, name="unmarked"),
    ]
    text = render_sudoers(user="audit", probes=probes, checks_by_probe={"sshd": ["ssh-root-login"]})
    rules = [line for line in text.splitlines() if not line.startswith("#")]
    assert rules == [
        "Cmnd_Alias AUDITOR_CMDS = /usr/sbin/sshd -T, \\",
        "    /usr/sbin/nft -t list ruleset",
        "audit ALL=(root) NOPASSWD: AUDITOR_CMDS",
    ]
    assert "# NOT COVERED: unmarked" in text
    assert "#   sshd (checks: ssh-root-login): sshd -T" in text


def test_sudoers_refuses_a_bad_user_and_needs_no_rule_without_root_commands() -> None:
    with pytest.raises(ConfigError, match="not a valid account name"):
        render_sudoers(user="audit ALL", probes=[], checks_by_probe={})
    text = render_sudoers(user="audit", probes=[_probe("cat /etc/os-release")], checks_by_probe={})
    assert "needs no sudo rule" in text
    assert "NOPASSWD" not in text


def test_sudoers_for_ssh_checks_lists_only_sshd(tmp_path: Path) -> None:
    text = sudoers_for_checks(user="audit", selected=["ssh-root-login"])
    assert [line for line in text.splitlines() if not line.startswith("#")] == [
        "Cmnd_Alias AUDITOR_CMDS = /usr/sbin/sshd -T",
        "audit ALL=(root) NOPASSWD: AUDITOR_CMDS",
    ]
    visudo = shutil.which("visudo") or shutil.which("visudo", path="/usr/sbin:/sbin")
    if visudo is None:
        pytest.skip("visudo is not installed here (the lab test checks the file on a lab host)")
    sudoers = tmp_path / "auditor"
    sudoers.write_text(text)
    done = subprocess.run([visudo, "-cf", str(sudoers)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_least_privilege_host_runs_without_become_and_sudo_per_command() -> None:
    assert transport_view(HOST) is HOST
    assert transport_view(LEAST).become is False
    assert "\nAUDITOR_SUDO='sudo -n'\n" in collector_script(LEAST, [], nonce="n")
    assert "\nAUDITOR_SUDO=''\n" in collector_script(HOST, [], nonce="n")
    other = dataclasses.replace(LEAST, become_user="backup")
    assert "\nAUDITOR_SUDO='sudo -n -u backup'\n" in collector_script(other, [], nonce="n")


def test_an_empty_prefix_runs_the_commands_as_before() -> None:
    """With AUDITOR_SUDO empty the marked commands run as they did before the mark existed."""
    probe = probe_registry()["sshd_effective"]
    nonce = new_nonce()
    script = build_script([_probe("echo $AUDITOR_SUDO-marker", name="echo")], nonce=nonce)
    done = subprocess.run(["sh", "-s"], input=script, capture_output=True, text=True, check=True)
    sections, finished = split_output(done.stdout, done.stderr, probes=[_probe("", name="echo")], nonce=nonce)
    assert finished
    assert sections["echo"].output == RawOutput(stdout="-marker\n", stderr="", exit_status=0)
    assert "$AUDITOR_SUDO sshd -T" in probe.command
