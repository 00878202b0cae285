"""Governed waivers: request, decide (never one's own), the trail, expiry, and the waivers file both
ways; approved ones apply to a host's results exactly as a waivers file does. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from auditor.core.errors import StoreError
from auditor.core.models import Status
from auditor.evaluate.waivers import apply_waivers, load_waivers
from auditor.store import governance
from auditor.store.database import Store
from tests.fixtures_runs import sample_run
from tests.portal.conftest import seed, sign_in
from tests.stores import BACKENDS, store_url

NOW = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


def _request(store: Store, *, expires: date, host: str | None = "web01.acme.example") -> governance.GovernedWaiver:
    wanted = governance.WaiverRequest(
        check_id="patch-reboot-required",
        client="acme",
        group=None,
        host=host,
        justification="Line-of-business server, rebooted in the quarterly window",
        ticket="PSA-1234",
        expires=expires,
    )
    return governance.request_waiver(store.engine, wanted, actor="tech", now=NOW)


@pytest.mark.parametrize("backend", BACKENDS)
def test_request_approve_apply_and_expire(backend: str, tmp_path: Path) -> None:
    with store_url(backend, tmp_path) as url:
        store = seed(url)
        made = _request(store, expires=date(2024, 6, 30))
        assert governance.approved_entries(store.engine) == ()  # a request waives nothing yet
        with pytest.raises(StoreError, match="someone other than"):
            governance.decide(store.engine, made.id, approve=True, actor="tech", note="", now=NOW)
        decided = governance.decide(store.engine, made.id, approve=True, actor="boss", note="ok for Q2", now=NOW)
        assert decided.status == "approved" and decided.decided_by == "boss"
        with pytest.raises(StoreError, match="not awaiting"):
            governance.decide(store.engine, made.id, approve=False, actor="admin", note="", now=NOW)
        trail = governance.events(store.engine, made.id)
        assert [(e.actor, e.action) for e in trail] == [("tech", "requested"), ("boss", "approved")]
        assert trail[1].note == "ok for Q2"

        entries = governance.approved_entries(store.engine)
        web01 = next(h for h in sample_run().hosts if h.name == "web01.acme.example")
        assert any(r.check_id == "patch-reboot-required" and r.status is Status.FAIL for r in web01.results)
        waived = apply_waivers(web01, entries, today=date(2024, 6, 1))
        result = next(r for r in waived.results if r.check_id == "patch-reboot-required")
        assert result.status is Status.WAIVED and result.waiver is not None and result.waiver.approved_by == "boss"
        expired = apply_waivers(web01, entries, today=date(2024, 7, 1))
        result = next(r for r in expired.results if r.check_id == "patch-reboot-required")
        assert result.status is Status.FAIL and result.waiver is not None and result.waiver.expired
        store.close()


def test_rejected_and_other_scopes_do_not_apply(store: Store) -> None:
    rejected = _request(store, expires=date(2099, 1, 1))
    governance.decide(store.engine, rejected.id, approve=False, actor="boss", note="fix it", now=NOW)
    other_host = _request(store, expires=date(2099, 1, 1), host="db01.acme.example")
    governance.decide(store.engine, other_host.id, approve=True, actor="boss", note="", now=NOW)
    web01 = next(h for h in sample_run().hosts if h.name == "web01.acme.example")
    after = apply_waivers(web01, governance.approved_entries(store.engine), today=date(2024, 6, 1))
    assert next(r for r in after.results if r.check_id == "patch-reboot-required").status is Status.FAIL


def test_request_needs_a_reason_and_a_future_expiry(store: Store) -> None:
    with pytest.raises(StoreError, match="in the future"):
        _request(store, expires=NOW.date())
    short = governance.WaiverRequest(
        check_id="c",
        client="acme",
        group=None,
        host=None,
        justification="because",
        ticket=None,
        expires=date(2099, 1, 1),
    )
    with pytest.raises(StoreError, match="justification"):
        governance.request_waiver(store.engine, short, actor="tech", now=NOW)


def test_expiring_soon_lists_approved_waivers_near_their_end(store: Store) -> None:
    soon = _request(store, expires=NOW.date() + timedelta(days=10))
    later = _request(store, expires=NOW.date() + timedelta(days=200))
    pending = _request(store, expires=NOW.date() + timedelta(days=5))
    for item in (soon, later):
        governance.decide(store.engine, item.id, approve=True, actor="boss", note="", now=NOW)
    listed = governance.expiring_soon(store.engine, clients=None, today=NOW.date())
    assert [w.id for w in listed] == [soon.id]
    assert pending.id not in [w.id for w in listed]
    assert governance.expiring_soon(store.engine, clients=["globex"], today=NOW.date()) == []


def test_waivers_file_round_trips_through_the_store(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "waivers.yaml"
    source.write_text(
        yaml.safe_dump(
            {
                "waivers": [
                    {
                        "check": "patch-auto-updates",
                        "scope": {"client": "globex", "group": "legacy"},
                        "justification": "Updates are staged by the vendor's tool",
                        "approved_by": "cto@globex",
                        "ticket": "G-9",
                        "created": "2024-01-10",
                        "expires": "2024-12-31",
                    },
                    {
                        "check": "backup-recent-success",
                        "justification": "Host is being decommissioned this month",
                        "approved_by": "ops",
                        "expires": "2024-06-30",
                    },
                ]
            }
        )
    )
    entries = load_waivers(source)
    assert governance.import_entries(store.engine, entries, actor="cli", now=NOW) == 2
    assert governance.import_entries(store.engine, entries, actor="cli", now=NOW) == 0  # already stored
    exported = tmp_path / "exported.yaml"
    exported.write_text(yaml.safe_dump(governance.export_document(store.engine)))
    again = load_waivers(exported)
    assert {(e.check, e.scope, e.approved_by, e.expires, e.ticket) for e in again} == {
        (e.check, e.scope, e.approved_by, e.expires, e.ticket) for e in entries
    }
    imported = governance.waivers(store.engine, clients=None)
    assert {w.source for w in imported} == {"file"} and all(w.status == "approved" for w in imported)
    assert [e.action for e in governance.events(store.engine, imported[0].id)] == ["imported"]


def test_the_browser_flow_of_request_and_approval(app_client: TestClient, store: Store) -> None:
    csrf = sign_in(app_client, "tech")
    form = app_client.get("/waivers/new?client=acme&host=web01.acme.example&check=patch-reboot-required")
    assert 'value="patch-reboot-required"' in form.text
    made = app_client.post(
        "/waivers",
        data={
            "csrf": csrf,
            "check": "patch-reboot-required",
            "client": "acme",
            "host": "web01.acme.example",
            "justification": "Rebooted in the quarterly window only",
            "ticket": "PSA-77",
            "expires": "2099-03-01",
        },
    )
    assert made.status_code == 303
    page = app_client.get(made.headers["location"])
    assert 'id="waiver-status" class="st-requested">requested<' in page.text and "Approve" not in page.text
    waiver_id = made.headers["location"].rsplit("/", 1)[1]
    own = app_client.post(f"/waivers/{waiver_id}/decision", data={"csrf": csrf, "decision": "approve"})
    assert own.status_code == 403
    app_client.cookies.clear()
    boss = sign_in(app_client, "boss")
    assert app_client.get("/waivers/new").status_code == 403  # approvers decide, technicians request
    done = app_client.post(f"/waivers/{waiver_id}/decision", data={"csrf": boss, "decision": "approve", "note": "ok"})
    assert done.status_code == 303
    page = app_client.get(f"/waivers/{waiver_id}").text
    assert ">approved<" in page and "boss on" in page and "PSA-77" in page
    assert "patch-reboot-required" in app_client.get("/waivers/export.yaml").text
    again = app_client.post(f"/waivers/{waiver_id}/decision", data={"csrf": boss, "decision": "reject"})
    assert again.status_code == 409
