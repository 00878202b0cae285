"""`auditor fix`: the remediation playbook for a stored run (built offline from a synthetic run)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.checklib.fixes import Fix, load_catalogue, served_checks
from auditor.checklib.registry import CheckDefinitionError, load_checks
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckResult, HostReport, Run, RunInfo
from auditor.report.remediation import plan_host, render_playbook

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _result(check: str, status: Status, details: tuple[str, ...] = ()) -> CheckResult:
    return CheckResult(
        check_id=check,
        check_version=1,
        title="t",
        category=Category.SECURITY,
        severity=Severity.HIGH,
        status=status,
        message="m",
        details=list(details),
    )


def _host(name: str, results: list[CheckResult], *, family: str = "debian", assessed: bool = True) -> HostReport:
    return HostReport(
        name=name,
        client="acme",
        address="10.0.0.1",
        port=22,
        user="root",
        become=False,
        assessed=assessed,
        os_family=family,
        started_at=NOW,
        finished_at=NOW,
        results=results,
    )


def _run(*hosts: HostReport) -> Run:
    info = RunInfo(id="r1", started_at=NOW, auditor_version="0", operator="o", inventory="inv.ini")
    return Run(info=info, hosts=list(hosts))


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!unsafe", lambda loader, node: ("UNSAFE", loader.construct_scalar(node)))  # type: ignore[arg-type]


def _load(text: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.load(text, Loader=_Loader)
    return loaded


NEGLECTED = [
    _result("ssh-root-login", Status.FAIL),
    _result("ssh-x11-forwarding", Status.FAIL),
    _result("patch-security-updates", Status.FAIL),
    _result("patch-pending-updates", Status.FAIL),
    _result("accounts-extra-uid0", Status.FAIL, ("toor (uid 0, shell /bin/bash)", "{{lookup('pipe','id')}} (uid 0)")),
    _result("backup-recent", Status.FAIL),
    _result("ssh-password-auth", Status.PASS),
    _result("firewall-active", Status.WAIVED),
]


def test_one_play_per_host_with_tasks_tagged_by_check_id() -> None:
    text, summary = render_playbook(_run(_host("web1", NEGLECTED)), now=NOW)
    (play,) = _load(text)
    assert (play["hosts"], play["become"], play["gather_facts"]) == ("web1", True, False)
    tags = [tuple(task["tags"]) for task in play["tasks"]]
    assert ("patch-pending-updates", "patch-security-updates") in tags  # one upgrade task serves both
    assert ("ssh-root-login",) in tags and ("ssh-x11-forwarding",) in tags
    assert not any("ssh-password-auth" in t or "firewall-active" in t for t in tags)  # passed / waived
    assert [handler["name"] for handler in play["handlers"]] == ["auditor reload sshd"]
    assert "# web1: no automatic fix for: backup-recent" in text
    assert summary == "5 failed check(s) on 1 host(s) have a fix in the playbook; 1 need a person (listed at the top)"


def test_risky_fixes_are_opt_in_and_host_values_are_never_templated() -> None:
    text, _ = render_playbook(_run(_host("web1", NEGLECTED)), now=NOW)
    (play,) = _load(text)
    uid0 = [task for task in play["tasks"] if "accounts-extra-uid0" in task["tags"]]
    assert uid0 and all(task["tags"] == ["accounts-extra-uid0", "never"] for task in uid0)
    assert uid0[0]["vars"] == {"auditor_items": [("UNSAFE", "toor")]}  # the template-like "name" was dropped
    assert "lookup" not in text


def test_fixes_follow_the_os_family_and_unassessed_hosts_are_skipped() -> None:
    rhel = _host("rh1", [_result("patch-security-updates", Status.FAIL), _result("ssh-root-login", Status.FAIL)])
    rhel = rhel.model_copy(update={"os_family": "rhel"})
    down = _host("down", [], assessed=False).model_copy(update={"error_kind": "unreachable"})
    text, _ = render_playbook(_run(rhel, down), now=NOW)
    (play,) = _load(text)
    assert {tag for task in play["tasks"] for tag in task["tags"]} == {"ssh-root-login"}
    assert "# rh1: no automatic fix for: patch-security-updates" in text
    assert "# down: not assessed in this run (unreachable)" in text


def test_nothing_to_fix_is_an_empty_playbook() -> None:
    text, summary = render_playbook(_run(_host("ok", [_result("ssh-root-login", Status.PASS)])), now=NOW)
    assert _load(text) == []
    assert summary.startswith("0 failed check(s) on 0 host(s)")


@pytest.mark.parametrize("name", ["web 1", "{{x}}", "-evil"])
def test_unusual_host_names_are_not_written(name: str) -> None:
    text, _ = render_playbook(_run(_host(name, NEGLECTED)), now=NOW)
    assert _load(text) == []
    assert name not in text


def test_checks_name_their_fixes_and_every_fix_is_named() -> None:
    """One owner: a check's metadata names its fixes; the catalogue's recipes list no checks."""
    catalogue = load_catalogue()
    served = served_checks(catalogue, load_checks())
    assert {fix.id for fix in catalogue.fixes if not served[fix.id]} == set(), "a recipe no check names"
    assert set(served["sshd-dropin"]) == {
        "ssh-empty-passwords",
        "ssh-max-auth-tries",
        "ssh-password-auth",
        "ssh-root-login",
        "ssh-x11-forwarding",
    }
    assert "checks" not in Fix.model_fields
    plan = plan_host(_host("web1", NEGLECTED), catalogue, served)
    assert plan.items == {"extra-uid0": ["toor"]}
    assert plan.manual == ["backup-recent"]


def test_a_check_naming_an_unknown_fix_is_refused_naming_its_file(tmp_path: Path) -> None:
    from tests.checks.test_registry_rejects import GOOD, make_library

    root = make_library(
        tmp_path,
        {
            "security/kernel_test_aslr.py": GOOD.replace(
                "facts=(KERNEL_PARAMS.name,),", 'facts=(KERNEL_PARAMS.name,),\n    fixes=("no-such-fix",),'
            )
        },
    )
    with pytest.raises(CheckDefinitionError) as error:
        load_checks(root=root)
    assert str(error.value).startswith(
        "security/kernel_test_aslr.py: fix(es) ['no-such-fix'] not in auditor/data/remediation.yaml"
    )
