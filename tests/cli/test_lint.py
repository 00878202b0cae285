"""Strict configuration: unknown keys name the closest valid one; unmatched waivers are errors;
`auditor config check` and `auditor waivers check` lint without a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli.main import main
from auditor.core.errors import ConfigError
from auditor.evaluate.waivers import load_waivers, unmatched_waivers
from tests.fixtures_runs import sample_run

INVENTORY = "[acme]\nweb1 ansible_host=10.0.0.1\n\n[acme:children]\nacme_db\n\n[acme_db]\ndb1 ansible_host=10.0.0.2\n"
WAIVER = """  - check: {check}
    justification: legacy appliance that cannot be changed
    approved_by: ops@msp.example
    expires: 2099-01-01
"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _waivers(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n" + "".join(entries))
    return path


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[alert]\nmin_severity = "high"\n', "unknown key 'alert' in the top level; did you mean 'alerts'?"),
        ('[alerts]\nmin_severty = "high"\n', "unknown key 'min_severty' in [alerts]; did you mean 'min_severity'?"),
        ('[clients.acme.brandng]\nname = "x"\n', "unknown key 'brandng' in [clients.acme]; did you mean 'branding'?"),
    ],
)
def test_config_check_names_the_closest_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, toml: str, expected: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml)
    code, _, err = _run(capsys, "config", "check", "--config", str(config))
    assert code == 2
    assert err.strip() == f"auditor: error: {config}: {expected}"


def test_config_check_passes_a_good_config_and_checks_its_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('profile = "baseline"\n[settings]\nssh_config_max_mode = "0644"\n')
    code, out, _ = _run(capsys, "config", "check", "--config", str(config))
    assert code == 0
    assert f"{config}: OK" in out and "profile baseline:" in out
    config.write_text("[settings]\nssh_confg_max_mode = 1\n")
    code, _, err = _run(capsys, "config", "check", "--config", str(config))
    assert code == 2 and "ssh_confg_max_mode" in err and "ssh_config_max_mode" in err


def test_profile_unknown_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = tmp_path / "mine.yaml"
    profile.write_text("name: mine\ndescription: our own profile\nexclud: ['ssh-*']\n")
    code, _, err = _run(capsys, "checks", "list", "--profile", str(profile))
    assert code == 2
    assert err.strip() == f"auditor: error: {profile}: unknown key 'exclud'; did you mean 'exclude'?"


def test_waiver_unknown_key_before_the_missing_one(tmp_path: Path) -> None:
    path = _waivers(tmp_path, WAIVER.format(check="ssh-weak-macs").replace("justification", "justifcation"))
    with pytest.raises(ConfigError, match="unknown key 'justifcation'; did you mean 'justification'\\?"):
        load_waivers(path)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("", "no check 'ssh-weak-macz'; did you mean 'ssh-weak-macs'?"),
        ("    scope: {client: acmee}\n", "no client 'acmee' in the inventory; did you mean 'acme'?"),
        ("    scope: {host: web2}\n", "no host 'web2' in the inventory; did you mean 'web1'?"),
        ("    scope: {group: acme_web}\n", "no group 'acme_web' in the inventory; did you mean 'acme_db'?"),
        ("    scope: {group: acme_db, host: web1}\n", "its scope (group=acme_db, host=web1) matches no host"),
    ],
)
def test_unmatched_waivers_are_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scope: str, expected: str
) -> None:
    inventory = tmp_path / "inv.ini"
    inventory.write_text(INVENTORY)
    check = "ssh-weak-macz" if not scope else "ssh-weak-macs"
    path = _waivers(tmp_path, WAIVER.format(check=check) + scope)
    code, _, err = _run(capsys, "waivers", "check", "--waivers", str(path), "-i", str(inventory))
    assert code == 2
    assert expected in err and "--allow-unmatched-waivers" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = _run(
        capsys, "waivers", "check", "--waivers", str(path), "-i", str(inventory), "--allow-unmatched-waivers"
    )
    assert code == 0 and "unmatched (allowed)" in out


def test_matching_waivers_pass_and_expiries_are_listed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inventory = tmp_path / "inv.ini"
    inventory.write_text(INVENTORY)
    expired = WAIVER.format(check="ssh-root-login").replace("2099-01-01", "2020-01-01") + "    scope: {host: db1}\n"
    path = _waivers(tmp_path, WAIVER.format(check="ssh-weak-macs") + "    scope: {group: acme_db}\n", expired)
    code, out, _ = _run(capsys, "waivers", "check", "--waivers", str(path), "-i", str(inventory))
    assert code == 0, out
    assert f"{path}: 2 waivers, 1 active, 1 expired" in out
    assert "expired 2020-01-01: ssh-root-login (host=db1)" in out


def test_a_run_stops_on_an_unmatched_waiver_before_contacting_hosts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    inventory = tmp_path / "inv.ini"
    inventory.write_text("[acme]\nweb1 ansible_host=127.0.0.1 ansible_port=1\n")
    path = _waivers(tmp_path, WAIVER.format(check="ssh-weak-macs") + "    scope: {client: globex}\n")
    db = tmp_path / "store.db"
    args = ("run", "-i", str(inventory), "--waivers", str(path), "--db", str(db), "-o", str(tmp_path / "out"))
    code, _, err = _run(capsys, *args, "--connect-timeout", "1")
    assert code == 2 and "no client 'globex'" in err
    assert not (tmp_path / "out").exists()


def test_unmatched_waivers_against_stored_hosts(tmp_path: Path) -> None:
    hosts = sample_run().hosts
    entries = load_waivers(_waivers(tmp_path, WAIVER.format(check="ssh-weak-macs") + "    scope: {client: initech}\n"))
    (problem,) = unmatched_waivers(entries, checks={"ssh-weak-macs"}, hosts=hosts)
    assert problem == "waiver 1 (ssh-weak-macs): no client 'initech' in the inventory; clients: acme, globex"
