"""Profiles (check selection + parameters), the config's check policy, and how settings reach a host."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checklib.library import Library, select_library
from auditor.checklib.registry import load_checks
from auditor.config.loader import Config, client_settings, load_config
from auditor.config.profiles import ProfileError, load_profile, profile_names
from auditor.core.errors import ConfigError
from auditor.inventory import Host
from auditor.run.pipeline import host_settings

ALL = load_checks()


def test_builtin_profiles() -> None:
    assert profile_names() == ("baseline", "strict")
    baseline = load_profile("baseline")
    strict = load_profile("strict")
    assert len(strict.select(ALL)) == len(ALL)
    chosen = {c.id for c in baseline.select(ALL)}
    assert "kernel-modules-disabled" not in chosen and "ssh-tcp-forwarding" not in chosen
    assert "ssh-root-login" in chosen and "backup-recent" in chosen
    assert len(chosen) == len(ALL) - len(baseline.exclude)
    assert baseline.settings["ssh_config_max_mode"] == "0644"
    assert strict.settings["ssh_max_auth_tries"] == 3


def _profile(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    return str(path)


def test_a_profile_file_by_path(tmp_path: Path) -> None:
    path = _profile(
        tmp_path, "name: ssh-only\ndescription: Only SSH checks.\ninclude: ['ssh-*']\nexclude: [ssh-banner]\n"
    )
    library = select_library(checks=None, profile=path)
    assert library.profile is not None and library.profile.name == "ssh-only"
    assert {c.id for c in library.checks} == {c.id for c in ALL if c.id.startswith("ssh-")} - {"ssh-banner"}
    # --checks narrows the profile's selection further
    narrowed = select_library(checks=["ssh-root-*"], profile=path)
    assert [c.id for c in narrowed.checks] == ["ssh-root-login"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\ndescription: A typo.\ninclude: ['shh-*']\n", "pattern 'shh-*' matches no check"),
        (
            "name: x\ndescription: Extra key.\nchecks: [a]\n",
            "unknown key 'checks'; known keys: description, exclude, include, name, settings",
        ),
        ("name: Bad Name\ndescription: Bad name.\n", "invalid profile at name"),
        ("- just\n- a list\n", "a profile is a mapping"),
        ("name: x\ndescription: Prefixed.\nsettings: {auditor_x: 1}\n", "named without auditor_"),
    ],
)
def test_bad_profiles_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ProfileError) as error:
        select_library(checks=None, profile=_profile(tmp_path, text))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_unknown_profile_name() -> None:
    with pytest.raises(ProfileError, match="unknown profile 'nope'; built in: baseline, strict"):
        load_profile("nope")


def _config(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_config(path)


POLICY = """
profile = "baseline"
checks_dirs = ["custom"]

[settings]
ssh_max_auth_tries = 5
listening_ports_allowed = [22, 443]

[backup]
max_age_hours = 30
required_tool = "restic"
evidence_paths = ["/var/backups/ok-*"]

[clients.acme.settings]
ssh_max_auth_tries = 3

[clients.acme.backup]
max_age_hours = 48
restore_test_max_age_days = 30

[clients.acme.sla]
high = 7
"""


def test_config_policy_and_client_settings(tmp_path: Path) -> None:
    config = _config(tmp_path, POLICY)
    assert config.policy.profile == "baseline"
    assert config.policy.checks_dirs == ((tmp_path / "custom").resolve(),)
    assert client_settings(config, "globex") == {
        "ssh_max_auth_tries": 5,
        "listening_ports_allowed": [22, 443],
        "backup_max_age_hours": 30,
        "backup_required_tool": ["restic"],
        "backup_evidence_paths": ["/var/backups/ok-*"],
    }
    acme = client_settings(config, "acme")
    assert acme["ssh_max_auth_tries"] == 3
    assert acme["backup_max_age_hours"] == 48
    assert acme["backup_restore_test_max_age_days"] == 30
    assert acme["backup_required_tool"] == ["restic"]
    assert config.finding_sla["acme"]["high"] == 7  # the [clients.NAME.sla] table still works beside them


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[backup]\nmax_age = 3\n", "unknown key 'max_age' in [backup]; did you mean 'max_age_hours'?"),
        ("[backup]\nmax_age_hours = -1\n", "[backup] max_age_hours must be a number > 0"),
        ("[backup]\nevidence_paths = ['relative/path']\n", "must be absolute paths"),
        ("[clients.acme.backup]\nrequired_tool = []\n", "[clients.acme.backup] required_tool must be a package name"),
        ("[settings]\nauditor_x = 1\n", "without the auditor_ prefix"),
        ("[settings]\nBad-Name = 1\n", "must be lower-case letters"),
        ("[settings]\nx = {a = 1}\n", "[settings] x must be a string, a number, true or false or a list, not a table"),
        ("checks_dirs = 'one'\n", "checks_dirs must be a list, not a string"),
        ("profile = 3\n", "profile must be a string, not the number 3"),
    ],
)
def test_policy_errors_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        _config(tmp_path, text)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_settings_precedence_profile_config_client_inventory(tmp_path: Path) -> None:
    config = _config(tmp_path, POLICY)
    library = Library(checks=(), profile=load_profile("strict"))
    host = Host(name="web1", client="acme", address="10.0.0.1", vars={"auditor_backup_max_age_hours": "72"})
    settings = host_settings(library.host(host, config))
    assert settings["ssh_max_auth_tries"] == 3  # client config over the profile's 3 and [settings]' 5
    assert settings["backup_max_age_hours"] == "72"  # the inventory variable wins
    assert settings["ssh_idle_timeout_seconds"] == 600  # from the strict profile
    assert settings["listening_ports_allowed"] == [22, 443]  # from [settings]
    other = host_settings(library.host(Host(name="db1", client="globex", address="10.0.0.2"), config))
    assert other["ssh_max_auth_tries"] == 5 and other["backup_max_age_hours"] == 30
