"""PSA tickets at the end of a real run, and 'latest' scoped by --limit, on the lab fleet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lab.conftest import INVENTORY, run_auditor
from tests.tickets.fakes import CW, SECRETS, FakePsa, serve
from tests.tlscerts import make_pki

pytestmark = pytest.mark.lab


@dataclass(frozen=True)
class Runs:
    db: Path
    config: Path
    psa: FakePsa
    hardened_run: str
    neglected_run: str
    neglected_stdout: str
    neglected_stderr: str
    neglected_exit: int


@pytest.fixture(scope="module")
def runs(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    folder = tmp_path_factory.mktemp("tickets-lab")
    pki = make_pki(folder)
    db = folder / "auditor.db"
    with serve("connectwise", pki) as psa:
        config = folder / "config.toml"
        config.write_text(
            f'[tickets]\npsa = "connectwise"\nurl = "{psa.url}"\nca_file = "{pki.ca_file}"\n'
            'min_severity = "high"\n[tickets.clients.acme]\ncompany = "AcmeCorp"\nboard = "Security"\n'
        )
        common = ["-i", str(INVENTORY), "--known-hosts", str(lab / "known_hosts"), "--db", str(db)]
        common += ["--output-dir", str(folder), "--format", "json", "--no-progress"]
        first = run_auditor("run", *common, "-l", "hardened")  # no [tickets]: this run opens nothing
        assert first.returncode in (0, 1), first.stderr
        second = run_auditor("run", *common, "-l", "neglected", "--config", str(config), env=CW)
        listed = json.loads(run_auditor("runs", "--json", "--db", str(db)).stdout)["runs"]
        yield Runs(
            db=db,
            config=config,
            psa=psa,
            hardened_run=listed[1]["id"],
            neglected_run=listed[0]["id"],
            neglected_stdout=second.stdout,
            neglected_stderr=second.stderr,
            neglected_exit=second.returncode,
        )


def test_a_run_opens_tickets_for_its_findings_once(runs: Runs) -> None:
    assert runs.neglected_exit == 1, runs.neglected_stderr  # findings; the tickets went through
    output = runs.neglected_stdout + runs.neglected_stderr  # the run's summary goes to stderr
    opened = [line for line in output.splitlines() if line.startswith("ticket: opened ticket")]
    assert opened and len(opened) == len(runs.psa.tickets)
    assert all("for acme, check " in line for line in opened)
    assert not any(secret in output for secret in SECRETS)
    assert not any(secret.encode() in runs.db.read_bytes() for secret in SECRETS)
    again = run_auditor("tickets", "sync", "--db", str(runs.db), "--config", str(runs.config), env=CW)
    assert again.returncode == 0 and again.stdout.startswith("tickets: no change"), again.stderr
    listed = json.loads(run_auditor("tickets", "list", "--json", "--db", str(runs.db)).stdout)
    assert {t["ticket_id"] for t in listed["tickets"]} == {str(i) for i in runs.psa.tickets}
    assert all(f["host"] == "neglected" for t in listed["tickets"] for f in t["findings"])


def test_latest_for_a_limit_is_the_newest_run_that_audited_those_hosts(runs: Runs) -> None:
    scoped = run_auditor("report", "--db", str(runs.db), "--limit", "hardened", "--format", "json", "-o", "-")
    assert scoped.returncode == 0, scoped.stderr
    document = json.loads(scoped.stdout)
    assert document["run"]["id"] == runs.hardened_run
    assert [host["name"] for host in document["hosts"]] == ["hardened"]
    unscoped = json.loads(run_auditor("report", "--db", str(runs.db), "--format", "json", "-o", "-").stdout)
    assert unscoped["run"]["id"] == runs.neglected_run
    diff = run_auditor("diff", runs.hardened_run, "latest", "--limit", "hardened", "--db", str(runs.db))
    assert diff.returncode == 0 and runs.neglected_run not in diff.stdout, diff.stderr
    nothing = run_auditor("report", "--db", str(runs.db), "--limit", "nosuchhost", "--format", "json")
    assert nothing.returncode == 2 and "matches no host or group" in nothing.stderr
