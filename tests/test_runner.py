"""A run as a function: it returns its outcome and reports progress to what the caller passes, printing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.core.errors import ExitCode
from auditor.report.data import build_view
from auditor.run.runner import RunOutcome, RunRequest, execute_run
from tests.fixtures_runs import sample_run


class Recorder:
    """A RunProgress that keeps what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def note(self, text: str) -> None:
        self.events.append(("note", text))

    def begin(self, total: int, *, label: str) -> None:
        self.events.append(("begin", (total, label)))

    def advance(self, *, done: int, last: str = "") -> None:
        self.events.append(("advance", (done, last)))

    def end(self) -> None:
        self.events.append(("end", None))


def _request(tmp_path: Path) -> RunRequest:
    inventory = tmp_path / "inv.ini"
    # port 1 on loopback refuses at once: two real connection attempts, both unreachable
    hosts = "".join(f"{name} ansible_host=127.0.0.1 ansible_port=1\n" for name in ("web1", "web2"))
    inventory.write_text(f"[acme]\n{hosts}")
    return RunRequest(
        inventory=str(inventory),
        limit=None,
        checks="ssh-root-login",
        forks=2,
        formats=["json"],
        output_dir=tmp_path / "out",
        db=str(tmp_path / "auditor.db"),
        config=None,
        known_hosts=tmp_path / "known_hosts",
        trust_on_first_use=False,
        connect_timeout=2.0,
        command_timeout=5.0,
        become_password=None,
        operator="tester@here",
        run_id="r1",
        auditor_version="test",
    )


def test_a_run_returns_its_outcome_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recorder = Recorder()
    outcome = execute_run(_request(tmp_path), progress=recorder)
    assert capsys.readouterr() == ("", "")
    assert outcome.counts == {"assessed": 0, "unassessed": 2, "failed_checks": 0}
    assert outcome.exit_code is ExitCode.HOSTS_UNASSESSED
    assert [path.name for path in outcome.reports] == ["auditor-r1.json"]
    assert outcome.reports[0].is_file()
    assert outcome.store_url == f"sqlite:///{(tmp_path / 'auditor.db').resolve()}"
    assert [host.host.name for host in outcome.view.unassessed] == ["web1", "web2"]
    assert recorder.events[0] == ("begin", (2, "auditing"))
    assert recorder.events[-1] == ("end", None)
    advances = [event for kind, event in recorder.events if kind == "advance"]
    assert advances in ([(1, "web1"), (2, "web2")], [(1, "web2"), (2, "web1")])


@pytest.mark.parametrize(
    ("counts", "failures", "code"),
    [
        ({"assessed": 3, "unassessed": 0, "failed_checks": 0}, (), ExitCode.OK),
        ({"assessed": 3, "unassessed": 0, "failed_checks": 2}, (), ExitCode.FINDINGS),
        ({"assessed": 3, "unassessed": 0, "failed_checks": 2}, ("webhook: 500",), ExitCode.NOTIFY_FAILED),
        ({"assessed": 2, "unassessed": 1, "failed_checks": 2}, ("webhook: 500",), ExitCode.HOSTS_UNASSESSED),
    ],
)
def test_the_exit_code_puts_unassessed_hosts_before_alerts_before_findings(
    counts: dict[str, int], failures: tuple[str, ...], code: ExitCode
) -> None:
    view = build_view(sample_run())
    outcome = RunOutcome(view=view, counts=counts, reports=(), store_url="sqlite://", alert_failures=failures)
    assert outcome.exit_code is code
