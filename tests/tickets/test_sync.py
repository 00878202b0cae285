"""PSA tickets against local HTTPS fakes of ConnectWise PSA, Autotask and HaloPSA (SOURCE.md):
one ticket per client and group, deduplicated across runs, updated on change, closed only on a
verified fix, never by a host that was not assessed or not in the run; failures are one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.core.models import Status
from auditor.core.runmodel import HostReport
from auditor.run.tickets import sync_tickets
from auditor.store.database import Store
from auditor.store.tickets import TicketBook
from tests.tickets.fakes import AUTOTASK, CW, HALO, SECRETS, FakePsa, serve
from tests.tickets.runs import host, store_run, ticket_config
from tests.tlscerts import Pki, make_pki

FAIL, PASS, ERROR = Status.FAIL, Status.PASS, Status.ERROR
ENVIRON = {**CW, **AUTOTASK, **HALO}
SSH, PATCH, TIME = "ssh-root-login", "patch-security-updates", "time-sync"


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    folder = tmp_path / "pki"
    folder.mkdir()
    return make_pki(folder)


@pytest.fixture(params=["connectwise", "autotask", "halopsa"])
def psa(request: pytest.FixtureRequest, pki: Pki) -> Iterator[FakePsa]:
    with serve(request.param, pki) as fake:
        yield fake


def _store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'auditor.db'}")


def test_a_ticket_lives_from_first_failure_to_verified_fix(tmp_path: Path, psa: FakePsa, pki: Pki) -> None:
    store = _store(tmp_path)
    config = ticket_config(tmp_path, psa=psa.kind, url=psa.url, pki=pki)

    def sync(day: int, hosts: list[HostReport], *, limit: str | None = None) -> tuple[str, ...]:
        result = sync_tickets(store, store_run(store, day, hosts, limit=limit), config, environ=ENVIRON)
        assert result.failure is None
        return result.changes

    first = [
        host("web01", {SSH: FAIL, PATCH: FAIL}),
        host("db01", {SSH: FAIL, TIME: FAIL}),  # time-sync is low: below min_severity
        host("mail01", {SSH: FAIL}, client="globex"),  # globex has no mapping: no ticket
    ]
    assert len(sync(1, first)) == 2
    assert sorted(len(t["summary"]) > 0 for t in psa.open_tickets()) == [True, True]
    ssh_ticket = next(t for t in psa.open_tickets() if "SSH permits root login" in t["summary"])
    assert "2 hosts" in ssh_ticket["summary"] and "globex" not in ssh_ticket["description"]

    assert sync(2, first) == (), "an identical run changes nothing"
    assert len(psa.tickets) == 2

    third = [host("web01", {SSH: FAIL, PATCH: FAIL}), host("db01", {SSH: PASS}), host("app01", {SSH: FAIL})]
    (update,) = sync(3, third)
    assert update.startswith(f"updated ticket {ssh_ticket['id']}") and "1 new, 1 verified fixed" in update
    note = psa.notes[-1]["text"]
    assert "db01" in note and "app01" in note and "Verified fixed" in note
    assert len(psa.tickets) == 2

    # web01 unreachable, app01's check errored, db01 not in this --limit run: nothing is verified
    assert sync(4, [host("web01", None), host("app01", {SSH: ERROR})], limit="web01,app01") == ()
    assert sync(5, [host("db01", {SSH: PASS})], limit="db01") == ()
    assert len(psa.open_tickets()) == 2

    closed = sync(6, [host("web01", {SSH: PASS, PATCH: PASS}), host("app01", {SSH: PASS})])
    assert sorted(line.split()[0] for line in closed) == ["closed", "closed"]
    assert psa.open_tickets() == []
    book = TicketBook(store)
    assert book.entries() == [] and len(book.entries(include_closed=True)) == 2

    (reopened,) = sync(7, [host("web01", {SSH: FAIL})])
    assert reopened.startswith("opened") and len(psa.tickets) == 3, "a regression after a close is a new ticket"


def test_grouping_by_host_opens_one_ticket_per_host(tmp_path: Path, pki: Pki) -> None:
    store = _store(tmp_path)
    with serve("connectwise", pki) as psa:
        config = ticket_config(tmp_path, psa="connectwise", url=psa.url, pki=pki, group_by="host")
        run = store_run(store, 1, [host("web01", {SSH: FAIL, PATCH: FAIL}), host("db01", {SSH: FAIL})])
        result = sync_tickets(store, run, config, environ=ENVIRON)
    assert len(result.changes) == 2
    summaries = sorted(t["summary"] for t in psa.tickets.values())
    assert summaries[0].startswith("acme critical: web01: 2 findings") and summaries[1].startswith("acme high: db01")
    assert all(len(s) <= 100 for s in summaries), "ConnectWise allows 100 characters"


def test_a_severity_change_is_a_note_on_the_same_ticket(tmp_path: Path, pki: Pki) -> None:
    from auditor.core.models import Severity
    from tests.tickets.runs import result

    store = _store(tmp_path)
    with serve("autotask", pki) as psa:
        config = ticket_config(tmp_path, psa="autotask", url=psa.url, pki=pki)
        sync_tickets(store, store_run(store, 1, [host("web01", {SSH: FAIL})]), config, environ=ENVIRON)
        (ticket,) = psa.tickets.values()
        assert ticket["priority"] == 1  # high
        raised = host("web01", {})
        raised = raised.model_copy(update={"results": [result(SSH, FAIL, severity=Severity.CRITICAL)]})
        changed = sync_tickets(store, store_run(store, 2, [raised]), config, environ=ENVIRON)
    assert len(psa.tickets) == 1 and ticket["priority"] == 4  # critical
    assert changed.changes[0].startswith("updated") and "Severity: high -> critical" in psa.notes[-1]["text"]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("500", "HTTP 500 Internal Server Error"),
        ("timeout", "no answer within 2 s"),
        ("badjson", "the answer is not JSON"),
    ],
)
def test_a_psa_failure_is_one_line_and_a_rerun_resumes_without_duplicates(
    tmp_path: Path, pki: Pki, fault: str, expected: str
) -> None:
    store = _store(tmp_path)
    with serve("connectwise", pki) as psa:
        config = ticket_config(tmp_path, psa="connectwise", url=psa.url, pki=pki)
        run = store_run(store, 1, [host("web01", {SSH: FAIL, PATCH: FAIL})])
        psa.faults["POST /v4_6_release/apis/3.0/service/tickets"] = fault
        failed = sync_tickets(store, run, config, environ=ENVIRON)
        assert failed.failure is not None and "\n" not in failed.failure
        assert failed.failure.startswith("connectwise: POST service/tickets: ")
        assert expected in failed.failure and "wait for the next sync" in failed.failure
        assert not any(secret in failed.failure for secret in SECRETS)
        again = sync_tickets(store, run, config, environ=ENVIRON)
    assert again.failure is None
    assert len(psa.open_tickets()) == 2 and len(TicketBook(store).entries()) == 2


@pytest.mark.parametrize("kind", ["connectwise", "autotask", "halopsa"])
def test_a_ticket_created_before_the_answer_was_lost_is_found_again(tmp_path: Path, pki: Pki, kind: str) -> None:
    store = _store(tmp_path)
    with serve(kind, pki) as psa:
        config = ticket_config(tmp_path, psa=kind, url=psa.url, pki=pki)
        run = store_run(store, 1, [host("web01", {SSH: FAIL})])
        path = {
            "connectwise": "/v4_6_release/apis/3.0/service/tickets",
            "autotask": "/atservicesrest/v1.0/Tickets",
            "halopsa": "/api/Tickets",
        }[kind]
        psa.faults[f"POST {path}"] = "lost"  # the PSA made the ticket, the answer never came back
        assert "HTTP 502" in (sync_tickets(store, run, config, environ=ENVIRON).failure or "")
        assert len(psa.tickets) == 1 and TicketBook(store).entries() == []
        again = sync_tickets(store, run, config, environ=ENVIRON)
    assert again.failure is None and len(psa.tickets) == 1
    (record,) = TicketBook(store).entries()
    assert record.ticket_id == str(next(iter(psa.tickets)))


def test_an_untrusted_certificate_sends_no_credentials(tmp_path: Path, pki: Pki) -> None:
    store = _store(tmp_path)
    with serve("connectwise", pki) as psa:
        config = ticket_config(tmp_path, psa="connectwise", url=psa.url, pki=None)  # the system's CAs only
        result = sync_tickets(store, store_run(store, 1, [host("web01", {SSH: FAIL})]), config, environ=ENVIRON)
    assert result.failure is not None and "TLS certificate not trusted" in result.failure
    assert psa.requests == []


def test_wrong_or_missing_credentials_are_one_line_naming_the_variables(tmp_path: Path, pki: Pki) -> None:
    store = _store(tmp_path)
    with serve("halopsa", pki) as psa:
        config = ticket_config(tmp_path, psa="halopsa", url=psa.url, pki=pki)
        run = store_run(store, 1, [host("web01", {SSH: FAIL})])
        missing = sync_tickets(store, run, config, environ={"AUDITOR_HALO_CLIENT_ID": "x"})
        wrong = sync_tickets(store, run, config, environ={**HALO, "AUDITOR_HALO_CLIENT_SECRET": "nope"})
    assert missing.failure == (
        "halopsa: credentials missing: set AUDITOR_HALO_CLIENT_SECRET in the environment; "
        "1 ticket change(s) wait for the next sync"
    )
    assert wrong.failure is not None and wrong.failure.startswith("halopsa: POST token: HTTP 401")
    assert "nope" not in wrong.failure


def test_dry_run_contacts_no_psa_and_records_nothing(tmp_path: Path, pki: Pki) -> None:
    store = _store(tmp_path)
    with serve("autotask", pki) as psa:
        config = ticket_config(tmp_path, psa="autotask", url=psa.url, pki=pki)
        run = store_run(store, 1, [host("web01", {SSH: FAIL, PATCH: FAIL})])
        result = sync_tickets(store, run, config, environ={}, dry_run=True)
    assert result.dry_run and len(result.changes) == 2 and result.changes[0].startswith("open a ticket for acme")
    assert psa.requests == [] and TicketBook(store).entries() == []


def test_no_secret_reaches_the_store(tmp_path: Path, pki: Pki) -> None:
    store = _store(tmp_path)
    for kind in ("connectwise", "autotask", "halopsa"):
        with serve(kind, pki) as psa:
            config = ticket_config(tmp_path, psa=kind, url=psa.url, pki=pki)
            run = store_run(store, {"connectwise": 1, "autotask": 2, "halopsa": 3}[kind], [host("web01", {SSH: FAIL})])
            assert sync_tickets(store, run, config, environ=ENVIRON).failure is None
    store.close()
    data = (tmp_path / "auditor.db").read_bytes()
    assert not any(secret.encode() in data for secret in SECRETS)


def test_a_run_whose_tickets_failed_exits_10_after_unassessed_reports_and_alerts() -> None:
    from auditor.core.errors import ExitCode
    from auditor.report.data import build_view
    from auditor.run.runner import RunOutcome
    from auditor.run.tickets import TicketSync
    from tests.fixtures_runs import sample_run

    failed = TicketSync("r1", failure="connectwise: POST service/tickets: HTTP 500 Internal Server Error")
    view = build_view(sample_run())
    findings = {"assessed": 3, "unassessed": 0, "failed_checks": 2}

    def code(tickets: TicketSync, alert_failures: tuple[str, ...] = ()) -> ExitCode:
        outcome = RunOutcome(
            view=view,
            counts=findings,
            reports=(),
            store_url="sqlite://",
            alert_failures=alert_failures,
            tickets=tickets,
        )
        return outcome.exit_code

    assert code(failed) is ExitCode.TICKETS_FAILED
    assert code(TicketSync("r1", changes=("opened ticket 1",))) is ExitCode.FINDINGS
    assert code(failed, alert_failures=("webhook 1 failed",)) is ExitCode.NOTIFY_FAILED


def test_a_dry_run_names_the_ticket_it_would_close(tmp_path: Path, pki: Pki) -> None:
    store = _store(tmp_path)
    with serve("connectwise", pki) as psa:
        config = ticket_config(tmp_path, psa="connectwise", url=psa.url, pki=pki)
        sync_tickets(store, store_run(store, 1, [host("web01", {SSH: FAIL})]), config, environ=ENVIRON)
        asked = len(psa.requests)
        fixed = store_run(store, 2, [host("web01", {SSH: PASS})])
        (line,) = sync_tickets(store, fixed, config, environ={}, dry_run=True).changes
        assert len(psa.requests) == asked
    assert line.startswith("close ticket 1001 for acme, check ssh-root-login") and "1 verified fixed" in line
