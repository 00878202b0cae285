"""A Windows host through evaluation and the pipeline: its family, applicability both ways, case defaults."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Verdict
from auditor.checklib.registry import CASE_NOW, CASE_WIN_OS, probes_for, with_case_defaults
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import Evidence
from auditor.evaluate.engine import evaluate_check, facts_from_case, host_os
from auditor.inventory import Host
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.registry import probe_registry
from auditor.probes.win_os import WIN_OS
from auditor.run.pipeline import audit_host, collector_script
from auditor.transport.base import CommandResult
from tests.windows.recorded import collector_output, golden

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def _check(check_id: str, *, facts: tuple[str, ...], families: frozenset[str] = frozenset()) -> Check:
    def evaluate(found: Facts) -> Verdict:
        win = found.get(WIN_OS)
        return Verdict.passed(f"build {win.build}") if win.ubr else Verdict.failed("no UBR")

    return Check(
        meta=CheckMeta(
            id=check_id,
            title="A Windows check for tests",
            category=Category.PATCH,
            severity=Severity.LOW,
            rationale="Only here to exercise applicability on Windows hosts.",
            remediation="Nothing to do.",
            applies_to=Applicability(families=families),
            facts=facts,
        ),
        evaluate=evaluate,
        cases=(),
    )


WIN_CHECK = _check("win-test-build", facts=("win_os",), families=frozenset({"windows"}))
SSH_ROOT = _check("ssh-root-login", facts=("sshd_effective",))  # a Linux check for every family


def _facts(**values: object) -> Facts:
    registry = probe_registry()
    parsed = {name: registry[name].model.model_validate(value) for name, value in values.items()}
    return Facts(values=parsed, errors={}, now=NOW)


def _windows_facts() -> Facts:
    return Facts(values={"win_os": WIN_OS.parse(golden("win_os", "server-2022-datacenter"))}, errors={}, now=NOW)


def test_a_windows_host_is_family_windows_with_its_full_build() -> None:
    os_release = host_os(_windows_facts())
    assert (os_release.id, os_release.family, os_release.version_id, os_release.version_codename) == (
        "windows",
        "windows",
        "10.0.20348.2113",
        "21H2",
    )
    assert os_release.pretty_name == "Windows Server 2022 Datacenter (21H2, build 20348.2113)"


def test_linux_checks_are_not_applicable_on_windows_and_windows_checks_on_linux() -> None:
    verdict = evaluate_check(SSH_ROOT, _windows_facts())
    assert verdict.status is Status.NOT_APPLICABLE
    linux = Facts(values={"os_release": OS_RELEASE.model.model_validate(dict(_linux()))}, errors={}, now=NOW)
    assert evaluate_check(WIN_CHECK, linux) == Verdict.not_applicable("applies to windows; host is debian")
    assert evaluate_check(WIN_CHECK, _windows_facts()) == Verdict.passed("build 20348.2113")


def test_a_check_for_every_family_is_not_applicable_where_its_probes_never_run() -> None:
    anywhere_windows = _check("win-test-anywhere", facts=("win_os",))
    linux = Facts(values={"os_release": OS_RELEASE.model.model_validate(dict(_linux()))}, errors={}, now=NOW)
    assert evaluate_check(anywhere_windows, linux) == Verdict.not_applicable(
        "needs Windows facts (win_os); host is debian"
    )
    assert evaluate_check(SSH_ROOT, _windows_facts()) == Verdict.not_applicable(
        "needs Linux/Unix facts (sshd_effective); host is windows"
    )


def test_a_failed_win_os_makes_every_check_could_not_assess_with_its_reason() -> None:
    facts = Facts(values={}, errors={"win_os": "win_os failed: CimException: Access denied"}, now=NOW)
    verdict = evaluate_check(WIN_CHECK, facts)
    assert verdict == Verdict.cannot_assess("operating system unknown: win_os failed: CimException: Access denied")
    linux = Facts(values={}, errors={"os_release": "no ID= line"}, now=NOW)
    assert evaluate_check(WIN_CHECK, linux) == Verdict.cannot_assess("operating system unknown: no ID= line")


def test_windows_cases_get_the_default_windows_host() -> None:
    case = Case(name="ok", facts={"win_os": dict(CASE_WIN_OS)}, expect=Status.PASS)
    assert with_case_defaults(case, check=WIN_CHECK) is case
    bare = Case(name="x", facts={"win_other": "not collected"}, expect=Status.ERROR)
    assert with_case_defaults(bare, check=WIN_CHECK).facts["win_os"] == CASE_WIN_OS
    linux = Case(name="y", facts={"sshd_effective": "denied"}, expect=Status.ERROR)
    assert "os_release" in with_case_defaults(linux).facts
    assert "win_os" not in with_case_defaults(linux).facts
    facts = facts_from_case(with_case_defaults(case), probe_registry(), default_now=CASE_NOW)
    assert host_os(facts).family == "windows"


def test_probes_for_picks_by_shell() -> None:
    checks = (SSH_ROOT, WIN_CHECK)
    assert [p.name for p in probes_for(checks, shell="sh")] == ["os_release", "sshd_effective"]
    assert [p.name for p in probes_for(checks, shell="powershell")] == ["win_os"]
    assert {p.name for p in probes_for(checks)} == {"os_release", "sshd_effective", "win_os"}


class _Recorded:
    """A transport that answers like a Windows host, from recorded sections."""

    def __init__(self) -> None:
        self.scripts: list[str] = []

    def run_script(self, host: Host, script: str) -> CommandResult:
        self.scripts.append(script)
        nonce = re.search(r"AUDITOR-([0-9a-f]{16}) DONE", script)
        assert nonce is not None
        out, err = collector_output(nonce.group(1), [("win_os", golden("win_os", "server-2022-datacenter"))])
        return CommandResult(exit_status=0, stdout=out.encode(), stderr=err.encode())


def test_a_windows_host_through_the_pipeline() -> None:
    host = Host(name="srv", client="acme", address="10.0.0.5", vars={"ansible_shell_type": "powershell"})
    checks = (SSH_ROOT, WIN_CHECK)
    probes = probes_for(checks)
    transport = _Recorded()
    report = audit_host(
        host, transport=transport, probes=probes, checks=checks, probe_registry=probe_registry(), clock=lambda: NOW
    )
    assert transport.scripts[0].startswith("$ErrorActionPreference = 'Stop'")
    assert "sshd" not in transport.scripts[0]
    assert report.assessed
    assert (report.os_id, report.os_version, report.os_family, report.os_pretty) == (
        "windows",
        "10.0.20348.2113",
        "windows",
        "Windows Server 2022 Datacenter (21H2, build 20348.2113)",
    )
    assert [e.probe for e in report.evidence] == ["win_os"]
    statuses = {r.check_id: r.status for r in report.results}
    assert statuses == {"win-test-build": Status.PASS}, "a Linux check leaves no row on a Windows host"


def test_linux_hosts_keep_the_sh_collector() -> None:
    host = Host(name="web", client="acme", address="10.0.0.6")
    script = collector_script(host, probes_for((SSH_ROOT, WIN_CHECK)), nonce="0123456789abcdef")
    assert script.startswith("LC_ALL=C")
    assert "BEGIN os_release" in script and "win_os" not in script


def _linux() -> dict[str, object]:
    from auditor.checklib.registry import CASE_OS_RELEASE

    return dict(CASE_OS_RELEASE)


def test_a_windows_host_with_only_linux_checks_selected_still_reports_its_os() -> None:
    host = Host(name="srv", client="acme", address="10.0.0.5", connection="winrm")
    probes = probes_for((SSH_ROOT,))
    assert [p.name for p in probes] == ["os_release", "sshd_effective"]
    transport = _Recorded()
    report = audit_host(
        host, transport=transport, probes=probes, checks=(SSH_ROOT,), probe_registry=probe_registry(), clock=lambda: NOW
    )
    assert "BEGIN win_os" in transport.scripts[0]
    assert report.assessed and report.os_family == "windows"
    assert report.results == []


def test_only_checks_of_the_host_kind_leave_a_result() -> None:
    """evaluate_host drops checks of the other kind of host; family mismatches within a kind stay."""
    from auditor.evaluate.engine import evaluate_host, of_host_kind

    rhel_only = _check("kernel-test-rhel", facts=("kernel_params",), families=frozenset({"rhel"}))
    assert of_host_kind(SSH_ROOT, windows=False) and not of_host_kind(SSH_ROOT, windows=True)
    assert of_host_kind(WIN_CHECK, windows=True) and not of_host_kind(WIN_CHECK, windows=False)
    assert of_host_kind(rhel_only, windows=False) and not of_host_kind(rhel_only, windows=True)
    release = (Path(__file__).parent.parent / "probes" / "golden" / "os_release" / "debian12-root.out").read_text()
    evidence = [Evidence(probe="os_release", command="cat /etc/os-release", stdout=release, stderr="", exit_status=0)]
    result = evaluate_host(
        evidence, checks=(SSH_ROOT, WIN_CHECK, rhel_only), probes=probe_registry(), now=NOW, settings={}
    )
    assert [(r.check_id, r.status) for r in result.results] == [
        ("ssh-root-login", Status.ERROR),  # its fact was not collected: could not assess, never dropped
        ("kernel-test-rhel", Status.NOT_APPLICABLE),
    ]
    unknown = evaluate_host([], checks=(SSH_ROOT, WIN_CHECK), probes=probe_registry(), now=NOW, settings={})
    assert [r.check_id for r in unknown.results] == ["ssh-root-login", "win-test-build"], "kind unknown: all kept"
