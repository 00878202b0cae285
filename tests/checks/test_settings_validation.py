"""Settings given to a run (profile, config, inventory) are checked against the declarations first."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checklib.library import select_library
from auditor.checklib.settings import HOST_VARIABLES, SettingError
from auditor.config.loader import load_config
from auditor.config.profiles import load_profile, profile_names
from auditor.inventory import load_inventory

INI = """\
[acme]
web1 ansible_host=10.0.0.1 auditor_sudo_nopasswd_allowed_users=audit
web2 ansible_host=10.0.0.2

[acme:vars]
auditor_jump_hosts=bastion
auditor_least_privilege=true
auditor_report_recipients=it@acme.example
"""


def _validate(tmp_path: Path, ini: str, *, profile: str | None = None, config: str = "") -> None:
    (tmp_path / "hosts.ini").write_text(ini)
    (tmp_path / "config.toml").write_text(config)
    library = select_library(checks=None, profile=profile, checks_dirs=())
    library.validate(load_config(tmp_path / "config.toml"), load_inventory(tmp_path / "hosts.ini").hosts)


def test_declared_settings_and_host_variables_pass(tmp_path: Path) -> None:
    _validate(tmp_path, INI + "web3 auditor_backup_max_age_hours=48 auditor_ip_forwarding_allowed=yes\n")


def test_a_typo_in_an_inventory_variable_names_the_line_the_host_and_the_closest_name(tmp_path: Path) -> None:
    with pytest.raises(SettingError) as error:
        _validate(tmp_path, INI.replace("web2 ansible_host", "web2 auditor_backup_max_age_hourz=48 ansible_host"))
    assert str(error.value) == (
        f"{tmp_path / 'hosts.ini'}:3 (host web2): unknown setting auditor_backup_max_age_hourz; "
        "did you mean auditor_backup_max_age_hours?"
    )


def test_a_group_variable_of_the_wrong_type_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(SettingError) as error:
        _validate(tmp_path, INI + "auditor_ssh_max_auth_tries=four\n")
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'hosts.ini'}:9 (host web1): setting auditor_ssh_max_auth_tries")
    assert message.endswith("must be of type integer, not 'four'")


def test_a_typo_in_a_profile_names_the_profile_file(tmp_path: Path) -> None:
    profile = tmp_path / "mine.yaml"
    profile.write_text("name: mine\ndescription: An MSP profile.\nsettings:\n  password_max_dayz: 90\n")
    with pytest.raises(
        SettingError, match=rf"^{profile}: unknown setting password_max_dayz; did you mean password_max_days\?$"
    ):
        _validate(tmp_path, INI, profile=str(profile))


def test_config_tables_are_checked_with_the_table_named(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match=r"config\.toml \[clients\.acme\]: setting umask_min must be of type text"):
        _validate(tmp_path, INI, config='[clients.acme.settings]\numask_min = ["027"]\n')
    with pytest.raises(SettingError, match=r"\[settings\]/\[backup\]: unknown setting listening_port_allowed; did"):
        _validate(tmp_path, INI, config="[settings]\nlistening_port_allowed = [22]\n")


def test_the_built_in_profiles_use_declared_settings_only(tmp_path: Path) -> None:
    for name in profile_names():
        assert load_profile(name).settings
        _validate(tmp_path, INI, profile=name)


def test_every_auditor_variable_the_code_reads_is_a_declared_host_variable() -> None:
    from auditor.checklib.sudoers import LEAST_PRIVILEGE_VAR
    from auditor.config.branding import LANGUAGE_VARIABLE
    from auditor.run.distributed.sites import SITE_VAR
    from auditor.transport.sshroute import JUMP_HOSTS_VAR

    assert {LEAST_PRIVILEGE_VAR, SITE_VAR, JUMP_HOSTS_VAR, LANGUAGE_VARIABLE} <= set(HOST_VARIABLES)
    remediation = (Path(__file__).resolve().parents[2] / "auditor" / "data" / "remediation.yaml").read_text()
    assert all(name in HOST_VARIABLES for name in ("auditor_fix_update_cache", "auditor_fix_firewall_tcp_ports"))
    assert "auditor_fix_update_cache" in remediation and "auditor_fix_firewall_tcp_ports" in remediation
