"""The terminal summary after a run: per-client rollup, waivers, and grouped could-not-assess causes."""

from __future__ import annotations

from auditor.cli.console import print_summary
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckResult, Run, Waiver
from auditor.core.terminal import InertConsole
from auditor.report.data import build_view
from auditor.report.summary import NEEDS_ROOT, error_causes, waiver_counts
from tests.fixtures_runs import sample_run


def _error(check_id: str, fact: str, message: str) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        check_version=1,
        title=f"{check_id} title",
        category=Category.SECURITY,
        severity=Severity.MEDIUM,
        status=Status.ERROR,
        message=message,
        facts=[fact],
    )


def _run() -> Run:
    run = sample_run()
    plain = next(host for host in run.hosts if not host.become and host.assessed)
    plain.results += [_error(f"root-check-{n}", "sshd_effective", "sshd -T needs root") for n in range(3)]
    plain.results += [_error("odd-check", "os_release", "fact os_release unavailable: \x1b[2Jgarbled")]
    expired = next(host for host in run.hosts if host.become)
    expired.results.append(
        _error("expired-waiver", "os_release", "still failing").model_copy(
            update={
                "status": Status.FAIL,
                "waiver": Waiver(
                    check_id="expired-waiver",
                    justification="old",
                    approved_by="ops",
                    expires="2020-01-01",
                    expired=True,
                ),
            }
        )
    )
    return run


def _printed(run: Run) -> str:
    console = InertConsole(width=160)
    with console.capture() as captured:
        print_summary(console, build_view(run))
    return captured.get()


def test_causes_are_grouped_biggest_first_with_what_to_do() -> None:
    causes = error_causes(build_view(_run()))
    assert causes[0] == (3, NEEDS_ROOT)
    assert any(count == 1 and "garbled" in cause for count, cause in causes)
    text = _printed(_run())
    assert "3 checks need root: set become, or use --least-privilege with the `auditor sudoers` allowlist" in text
    assert "\x1b" not in text


def test_waived_and_expired_waivers_are_counted() -> None:
    view = build_view(_run())
    counts = waiver_counts(view)
    waived = sum(r.status is Status.WAIVED for h in _run().hosts for r in h.results)
    assert (counts.waived, counts.expired) == (waived, 1) and waived >= 1
    assert f"waived: {waived} findings; expired waivers: 1 (failing again)" in _printed(_run())


def test_per_client_rollup() -> None:
    run = _run()
    text = _printed(run)
    assert "per client" in text
    rollup = text.split("per client", 1)[1].replace("│", " ")
    for client in {host.client for host in run.hosts}:
        hosts = sum(host.client == client for host in run.hosts)
        assert any(line.split()[:2] == [client, str(hosts)] for line in rollup.splitlines() if line.split()), client
