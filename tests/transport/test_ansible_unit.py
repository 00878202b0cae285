"""The Ansible transport's pure parts: events to outcomes, reasons, ssh config, inventory listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.core.errors import InventoryError
from auditor.transport.ansible import AnsibleOptions, classify, event_outcome, reason, ssh_config_text
from auditor.transport.ansible_inventory import hosts_from_listing
from auditor.transport.base import CommandResult, ErrorKind, TransportError

HOST_KEY_CHANGED = (
    'Task failed: Data could not be sent to remote host "10.231.2.3". Make sure this host can be reached over '
    "ssh: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\r\n"
    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\n"
    "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\r\n"
    "It is also possible that a host key has just been changed.\r\n"
    "Host key for 10.231.2.3 has changed and you have requested strict checking.\r\n"
    "Host key verification failed."
)


def test_ok_event_is_the_collectors_output_with_the_original_bytes() -> None:
    res = {"exit_status": 3, "stdout": "caf\udce9\n", "stderr": "warn\n", "changed": False}
    assert event_outcome("runner_on_ok", res) == CommandResult(exit_status=3, stdout=b"caf\xe9\n", stderr=b"warn\n")


def test_ok_event_without_collector_fields_is_a_protocol_error() -> None:
    outcome = event_outcome("runner_on_ok", {"changed": False})
    assert isinstance(outcome, TransportError)
    assert outcome.kind is ErrorKind.PROTOCOL


@pytest.mark.parametrize(
    ("event", "message", "kind", "text"),
    [
        (
            "runner_on_unreachable",
            'Task failed: Data could not be sent to remote host "127.0.0.1". Make sure this host can be reached '
            "over ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused",
            ErrorKind.UNREACHABLE,
            "ansible: ssh: connect to host 127.0.0.1 port 1: Connection refused",
        ),
        (
            "runner_on_unreachable",
            HOST_KEY_CHANGED,
            ErrorKind.HOST_KEY,
            "ansible: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!; Host key for 10.231.2.3 has changed and "
            "you have requested strict checking.; Host key verification failed.",
        ),
        (
            "runner_on_unreachable",
            "Failed to connect to the host via ssh: audit@10.0.0.1: Permission denied (publickey).",
            ErrorKind.AUTH,
            "ansible: audit@10.0.0.1: Permission denied (publickey).",
        ),
        ("runner_on_failed", "Task failed: Missing sudo password", ErrorKind.BECOME, "ansible: Missing sudo password"),
        (
            "runner_on_failed",
            "Task failed: The task action 'auditor_collect' timed out after 310 seconds",
            ErrorKind.TIMEOUT,
            "ansible: The task action 'auditor_collect' timed out after 310 seconds",
        ),
    ],
)
def test_failures_keep_ansibles_reason_on_one_line(event: str, message: str, kind: ErrorKind, text: str) -> None:
    outcome = event_outcome(event, {"msg": message})
    assert isinstance(outcome, TransportError)
    assert (outcome.kind, outcome.reason) == (kind, text)


def test_other_events_are_not_results() -> None:
    assert event_outcome("runner_on_start", {}) is None
    assert event_outcome("playbook_on_stats", {}) is None


def test_unknown_failures_are_protocol_or_unreachable() -> None:
    assert classify("something odd", unreachable=False) is ErrorKind.PROTOCOL
    assert classify("something odd", unreachable=True) is ErrorKind.UNREACHABLE
    assert reason("") == "ansible: no reason given"


def test_ssh_config_puts_auditors_host_key_policy_before_the_users(tmp_path: Path) -> None:
    user = tmp_path / "config"
    user.write_text("Host *\n    StrictHostKeyChecking no\n")
    text = ssh_config_text(AnsibleOptions(inventory="x", known_hosts=tmp_path / "kh", ssh_config=user))
    lines = [line.strip() for line in text.splitlines() if not line.startswith("#")]
    assert lines[:5] == [
        "Host *",
        f"UserKnownHostsFile {tmp_path / 'kh'}",
        "StrictHostKeyChecking yes",
        "Match all",
        f"Include {user}",
    ]
    tofu = ssh_config_text(AnsibleOptions(inventory="x", trust_on_first_use=True, ssh_config=user))
    assert "StrictHostKeyChecking accept-new" in tofu
    assert "UserKnownHostsFile" not in tofu


LISTING = {
    "_meta": {
        "hostvars": {
            "web1": {
                "ansible_host": "10.0.0.1",
                "ansible_user": {"__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256\n6162"},
                "ansible_become": "true",
                "ansible_become_password": "secret",
                "auditor_backup_max_age_hours": 48,
            },
            "db1": {"ansible_port": 2222, "client": "initech"},
            "lone": {},
        }
    },
    "all": {"children": ["ungrouped", "acme", "globex"]},
    "acme": {"children": ["web"]},
    "web": {"hosts": ["web1"]},
    "globex": {"hosts": ["db1"]},
    "ungrouped": {"hosts": ["lone"]},
}


def test_listing_gives_hosts_with_the_client_rule_and_no_secrets() -> None:
    hosts = {host.name: host for host in hosts_from_listing(LISTING, origin="inv")}
    web = hosts["web1"]
    assert (web.client, web.address, web.user, web.become, web.groups) == (
        "acme",
        "10.0.0.1",
        None,
        True,
        ("acme", "web"),
    )
    assert web.vars == {"ansible_host": "10.0.0.1", "ansible_become": "true", "auditor_backup_max_age_hours": 48}
    assert (hosts["db1"].client, hosts["db1"].port) == ("initech", 2222)
    assert (hosts["lone"].client, hosts["lone"].address, hosts["lone"].groups) == ("default", "lone", ("ungrouped",))


def test_listing_with_a_host_in_two_clients_is_an_inventory_error() -> None:
    listing = {**LISTING, "globex": {"hosts": ["db1", "web1"]}}
    with pytest.raises(InventoryError, match="web1 is in several top-level groups"):
        hosts_from_listing(listing, origin="inv")
