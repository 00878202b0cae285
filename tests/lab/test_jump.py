"""A lab host reachable only through a jump host, audited over both transports.

`behind` (10.231.5.2) has no route from this machine: its one link ends in the bastion's
namespace. inventories/lab/jump.ini reaches it three ways: a per-client ProxyJump in
ansible_ssh_common_args (one hop), a two-hop chain in auditor_jump_hosts, and an ssh config alias
whose HostName, User, IdentityFile and ProxyJump all come from inventories/lab/ssh_config.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from auditor.inventory import Host
from auditor.transport.base import ErrorKind, TransportError
from auditor.transport.ssh import SshOptions, SshTransport
from tests.lab.lab_runs import JUMP_INVENTORY, KEY, KNOWN_HOSTS, SSH_CONFIG, Report, audit, lab_lock

pytestmark = pytest.mark.lab

NAMES = ["behind-alias", "behind", "behind-chain"]
BASTION_LOG = Path("/var/tmp/auditor-lab/hosts/bastion/sshd.log")


def _second_hop_logins() -> int:
    """Logins to the bastion that came from the bastion's own inner address: a chain's second hop."""
    text = BASTION_LOG.read_text(errors="replace")
    return len(re.findall(r"Accepted publickey for jump from 10\.231\.5\.1 ", text))


@pytest.fixture(scope="module")
def jump_audits(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Report, int]]:
    found = {}
    with lab_lock("bastion-log"):  # the second-hop count must be this session's alone
        for transport in ("ssh", "ansible"):
            before = _second_hop_logins()
            report = audit(
                tmp_path_factory.mktemp(f"jump-{transport}"),
                "-i",
                str(JUMP_INVENTORY),
                "--ssh-config",
                str(SSH_CONFIG),
                "--transport",
                transport,
            )
            found[transport] = (report, _second_hop_logins() - before)
    return found


def test_the_host_behind_the_bastion_has_no_direct_route(lab: Path) -> None:
    host = Host(name="behind", client="c", address="10.231.5.2", user="audit", private_key_file=str(KEY))
    with pytest.raises(TransportError) as caught:
        SshTransport(SshOptions(known_hosts=KNOWN_HOSTS, connect_timeout=5)).run_script(host, "true\n")
    assert caught.value.kind is ErrorKind.UNREACHABLE
    assert "no route to host" in caught.value.reason


@pytest.mark.parametrize("transport", ["ssh", "ansible"])
def test_every_route_through_the_bastion_is_assessed(
    jump_audits: dict[str, tuple[Report, int]], transport: str
) -> None:
    report, _ = jump_audits[transport]
    assert [h["name"] for h in report.document["hosts"]] == NAMES
    for name in NAMES:
        host = report.host(name)
        assert host["assessed"] is True, (transport, name, host["error"])
        assert host["client"] == ("hooli" if name == "behind-alias" else "initech")
    statuses = report.statuses("behind")
    assert statuses["ssh-x11-forwarding"] == "fail"  # behind's own sshd, not the bastion's
    assert statuses["firewall-active"] == "pass"  # become to root worked through the tunnel
    assert report.statuses("behind-chain") == statuses == report.statuses("behind-alias")


@pytest.mark.parametrize("transport", ["ssh", "ansible"])
def test_the_chain_really_takes_two_hops(jump_audits: dict[str, tuple[Report, int]], transport: str) -> None:
    _, second_hops = jump_audits[transport]
    assert second_hops == 1  # behind-chain only; the others use one hop


def test_both_transports_agree_behind_the_bastion(jump_audits: dict[str, tuple[Report, int]]) -> None:
    ssh, ansible = jump_audits["ssh"][0], jump_audits["ansible"][0]
    for name in NAMES:
        assert ansible.statuses(name) == ssh.statuses(name), name


def test_jump_host_keys_are_verified_too(lab: Path, tmp_path: Path) -> None:
    """A known_hosts with the target's key but not the bastion's: the hop is refused, by name."""
    lines = KNOWN_HOSTS.read_text().splitlines()
    partial = tmp_path / "known_hosts"
    partial.write_text("".join(f"{line}\n" for line in lines if not line.startswith("10.231.4.2 ")))
    host = Host(
        name="behind",
        client="c",
        address="10.231.5.2",
        user="audit",
        private_key_file=str(KEY),
        vars={"auditor_jump_hosts": "jump@10.231.4.2"},
    )
    with pytest.raises(TransportError) as caught:
        SshTransport(SshOptions(known_hosts=partial, ssh_config=SSH_CONFIG)).run_script(host, "true\n")
    assert caught.value.kind is ErrorKind.HOST_KEY
    assert caught.value.reason.startswith("host key of jump host 10.231.4.2:22 is not in")


def test_an_unreachable_second_hop_names_the_hop(lab: Path) -> None:
    host = Host(
        name="behind",
        client="c",
        address="10.231.5.2",
        user="audit",
        private_key_file=str(KEY),
        vars={"auditor_jump_hosts": "jump@10.231.4.2,jump@10.231.5.3"},
    )
    with pytest.raises(TransportError) as caught:
        SshTransport(SshOptions(known_hosts=KNOWN_HOSTS, connect_timeout=5)).run_script(host, "true\n")
    assert caught.value.kind is ErrorKind.UNREACHABLE
    assert caught.value.reason.startswith("jump host jump@10.231.4.2 cannot reach 10.231.5.3:22")


@pytest.fixture
def encrypted_key(tmp_path: Path) -> Path:
    """A copy of the lab key, encrypted with a passphrase."""
    copy = tmp_path / "id_encrypted"
    copy.write_bytes(KEY.read_bytes())
    copy.chmod(0o600)
    subprocess.run(["ssh-keygen", "-q", "-p", "-N", "lab-passphrase", "-f", str(copy)], check=True, timeout=30)
    assert b"lab-passphrase" not in copy.read_bytes()
    return copy


def test_encrypted_key_with_passphrase_from_the_environment(lab: Path, tmp_path: Path, encrypted_key: Path) -> None:
    """The key opens the bastion and the host behind it; without the passphrase, a clear auth error."""
    inventory = tmp_path / "inv.ini"
    inventory.write_text(
        "[initech]\nbehind ansible_host=10.231.5.2 ansible_user=audit ansible_become=true "
        f"ansible_ssh_private_key_file={encrypted_key} auditor_jump_hosts=jump@10.231.4.2\n"
    )
    opened = audit(tmp_path / "with", "-i", str(inventory), env={"AUDITOR_KEY_PASSPHRASE": "lab-passphrase"})
    assert opened.host("behind")["assessed"] is True, opened.host("behind")["error"]
    refused = audit(tmp_path / "without", "-i", str(inventory), "--key-passphrase-env", "NO_SUCH_VARIABLE_FOR_THE_TEST")
    host = refused.host("behind")
    # a key that cannot be opened is a local problem, named before any connection is made
    assert (host["assessed"], host["error_kind"]) == (False, "config")
    assert "is encrypted" in host["error"]
    assert "lab-passphrase" not in opened.stderr + refused.stderr
