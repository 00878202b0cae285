"""A host's output is untrusted: whatever one host answers, the run finishes and every other host
is stored and assessed.

The honest host here runs the real collector script with /bin/sh on this machine; a hostile host
answers with crafted output that knows the script's nonce (as a compromised host would). The lab
test tests/lab/test_hostile.py does the same over real SSH with the hostile lab host.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.cli.console import print_outcome
from auditor.core.errors import ExitCode, StoreError
from auditor.core.runmodel import HostReport
from auditor.core.terminal import InertConsole
from auditor.inventory import Host
from auditor.run import runner
from auditor.run.pipeline import store_host
from auditor.run.runner import RunRequest, execute_run
from auditor.store.database import Store
from auditor.transport.base import CommandResult

CHECKS = "patch-os-supported,patch-os-eol-soon"
Answer = Callable[[str], CommandResult]


def honest(script: str) -> CommandResult:
    done = subprocess.run(["/bin/sh", "-s"], input=script.encode(), capture_output=True, timeout=60, check=False)
    return CommandResult(done.returncode, done.stdout, done.stderr)


def marker_of(script: str) -> tuple[str, list[str]]:
    """What a hostile host learns from the script: its marker and its probes, in order."""
    names = re.findall(r"^printf '%s BEGIN (\w+)\\n' '(AUDITOR-[0-9a-f]+)'", script, re.MULTILINE)
    return names[0][1], [name for name, _ in names]


def closing_with(status: str) -> Answer:
    def answer(script: str) -> CommandResult:
        marker, names = marker_of(script)
        out = "".join(f"{marker} BEGIN {n}\nID=debian\n\n{marker} END {n} {status}\n" for n in names)
        return CommandResult(0, f"{out}{marker} DONE\n".encode(), b"")

    return answer


def dead_after_marker(script: str) -> CommandResult:
    marker, names = marker_of(script)
    return CommandResult(255, f"{marker} BEGIN {names[0]}\n".encode(), b"\x1b]52;c;cHduZWQ=\x07 died\n")


def dropped(script: str) -> CommandResult:
    marker, names = marker_of(script)
    return CommandResult(-1, f"{marker} BEGIN {names[0]}\nID=deb".encode(), b"")


def flooded(script: str) -> CommandResult:
    marker, names = marker_of(script)
    return CommandResult(-1, f"{marker} BEGIN {names[0]}\n".encode() + b"x" * 3_000_000, b"", output_limited=True)


class Crafted:
    """A transport whose hosts answer as told, by host name."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def run_script(self, host: Host, script: str) -> CommandResult:
        return self.answers[host.name](script)


def audit(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: dict[str, Answer],
    *,
    inventory: str,
    output_dir: Path | None = None,
    config: Path | None = None,
    formats: tuple[str, ...] = ("markdown", "json"),
) -> ExitCode:
    monkeypatch.setattr(runner, "make_transport", lambda *_a, **_k: Crafted(answers))
    (tmp_path / "hosts.yml").write_text(inventory, encoding="utf-8")
    request = RunRequest(
        inventory=str(tmp_path / "hosts.yml"),
        limit=None,
        checks=CHECKS,
        forks=2,
        formats=list(formats),
        output_dir=output_dir or tmp_path,
        db=str(tmp_path / "auditor.db"),
        config=config,
        known_hosts=None,
        trust_on_first_use=False,
        connect_timeout=5,
        command_timeout=60,
        become_password=None,
        operator="test",
        run_id="hostile",
        auditor_version="test",
    )
    outcome = execute_run(request)
    print_outcome(InertConsole(stderr=True), outcome)  # what `auditor run` shows after a run
    return outcome.exit_code


def two_hosts(first: str = "good", second: str = "evil") -> str:
    return f'all:\n  children:\n    acme:\n      hosts:\n        "{first}": {{}}\n        "{second}": {{}}\n'


def stored(tmp_path: Path) -> dict[str, HostReport]:
    with sqlite3.connect(tmp_path / "auditor.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return {host.name: host for host in Store(f"sqlite:///{tmp_path / 'auditor.db'}").load_run("hostile").hosts}


@pytest.mark.parametrize("status", ["9223372036854775808", "18446744073709551615", "-5", "7" * 5000])
def test_an_exit_status_no_store_can_hold_costs_only_that_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    # before: 2^63 overflowed SQLite's INTEGER, the run died with a traceback and stored nobody
    code = audit(tmp_path, monkeypatch, {"good": honest, "evil": closing_with(status)}, inventory=two_hosts())
    assert code is ExitCode.HOSTS_UNASSESSED
    hosts = stored(tmp_path)
    assert hosts["good"].assessed and hosts["good"].results
    assert not hosts["evil"].assessed
    assert "sections did not close" in (hosts["evil"].error or "")


def test_a_host_name_with_a_lone_surrogate_is_stored_and_the_others_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # before: UnicodeEncodeError in the store, traceback, nothing stored
    inventory = two_hosts(second="evil\\ud800name")
    answers: dict[str, Answer] = {"good": honest, "evil\ud800name": honest}
    assert audit(tmp_path, monkeypatch, answers, inventory=inventory) in {ExitCode.OK, ExitCode.FINDINGS}
    hosts = stored(tmp_path)
    assert set(hosts) == {"good", "evil\ufffdname"}
    assert all(host.assessed for host in hosts.values())
    assert "evil\ufffdname" in (tmp_path / "auditor-hostile.json").read_text(encoding="utf-8")


def test_one_host_the_store_refuses_is_stored_as_could_not_assess(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'auditor.db'}")
    refuse_once = {"evil"}
    add_host = store.add_host

    def failing(run_id: str, report: HostReport) -> HostReport:
        if report.name in refuse_once:
            refuse_once.discard(report.name)
            raise StoreError("run store: OverflowError: Python int too large to convert to SQLite INTEGER")
        return add_host(run_id, report)

    store.add_host = failing  # type: ignore[method-assign,assignment]
    from tests.fixtures_runs import sample_run

    run = sample_run()
    store.begin_run(run.info)
    evil = run.hosts[0].model_copy(update={"name": "evil"})
    kept = [store_host(store, run.info.id, evil, note=lambda _line: None)]
    kept += [store_host(store, run.info.id, host, note=lambda _line: None) for host in run.hosts]
    loaded = {host.name: host for host in store.load_run(run.info.id).hosts}
    assert not loaded["evil"].assessed and loaded["evil"].error_kind == "store"
    assert "could not be stored" in (loaded["evil"].error or "")
    assert all(loaded[host.name].assessed == host.assessed for host in run.hosts)
    assert not kept[0].assessed


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (dead_after_marker, "stopped after 0 of"),
        (dropped, "the connection closed without an exit status"),
        (flooded, "more than the output limit"),
    ],
)
def test_a_dead_collector_is_not_assessed_and_the_run_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: Answer, reason: str
) -> None:
    # before: "assessed" with 0% coverage and an error per check, exit 0, "No check failed"
    code = audit(tmp_path, monkeypatch, {"good": honest, "evil": answer}, inventory=two_hosts())
    assert code is ExitCode.HOSTS_UNASSESSED
    hosts = stored(tmp_path)
    assert hosts["good"].assessed
    assert not hosts["evil"].assessed and not hosts["evil"].results
    assert reason in (hosts["evil"].error or "")
    assert "\x1b" not in (hosts["evil"].error or "")
    markdown = (tmp_path / "auditor-hostile.md").read_text(encoding="utf-8")
    assert "### Could not assess (1)" in markdown
    assert "No check failed on any assessed host." not in markdown
    assert "No check failed on the 1 assessed host; 1 host could not be assessed (above)." in markdown
