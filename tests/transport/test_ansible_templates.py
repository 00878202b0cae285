"""The Ansible path refuses Jinja2 templates in inventory values, as the SSH path does: Ansible
would render them on this machine (a `lookup('pipe', ...)` runs a command here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.core.errors import InventoryError
from auditor.transport.ansible_inventory import hosts_from_listing

REPO = Path(__file__).resolve().parents[2]


def _listing(variables: dict[str, object], *, group_vars: dict[str, object] | None = None) -> dict[str, object]:
    acme: dict[str, object] = {"hosts": ["h1"]}
    if group_vars is not None:
        acme["vars"] = group_vars
    return {"_meta": {"hostvars": {"h1": variables}}, "all": {"children": ["acme"]}, "acme": acme}


@pytest.mark.parametrize(
    "value",
    [
        "{{ lookup('pipe', 'touch /tmp/x') }}",
        "{% if true %}x{% endif %}",
        "a {# comment #}",
        ["ok", {"deep": "{{ 1 }}"}],
        {"{{ key }}": "v"},
    ],
)
def test_a_template_anywhere_in_a_host_variable_is_refused(value: object) -> None:
    with pytest.raises(InventoryError, match=r"host h1: variable ansible_host is a Jinja2 template"):
        hosts_from_listing(_listing({"ansible_host": value}), origin="inv")


def test_a_template_in_group_vars_is_refused_and_plain_values_pass() -> None:
    with pytest.raises(InventoryError, match="group acme: variable auditor_x is a Jinja2 template"):
        hosts_from_listing(_listing({}, group_vars={"auditor_x": "{{ 1 }}"}), origin="inv")
    vaulted = {"__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256\n3131"}
    (host,) = hosts_from_listing(_listing({"ansible_host": "10.0.0.1", "secret": vaulted, "x": "{ not }"}), origin="i")
    assert host.address == "10.0.0.1"


def test_a_templated_inventory_runs_nothing_on_the_controller(tmp_path: Path) -> None:
    pytest.importorskip("ansible_runner")
    planted = tmp_path / "planted"
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(f"[acme]\nh1 ansible_host=\"{{{{ lookup('pipe', 'touch {planted}') }}}}\"\n")
    done = subprocess.run(
        [
            sys.executable, "-m", "auditor", "run", "-i", str(inventory), "--transport", "ansible",
            "--db", str(tmp_path / "a.db"), "-o", str(tmp_path / "out"), "--no-progress",
        ],
        capture_output=True, text=True, timeout=300, check=False, cwd=REPO,
    )  # fmt: skip
    assert not planted.exists()
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "is a Jinja2 template" in done.stderr
