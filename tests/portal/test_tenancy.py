"""A client viewer sees its client only: every route of the pages and the API, with every id in the
store, and the other client's names appear in no answer; what is outside the scope answers 404."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, quote_plus, urlsplit

from fastapi.testclient import TestClient

from auditor.store import governance
from auditor.store.accounts import create_token
from auditor.store.database import Store
from tests.portal.conftest import GLOBEX, sign_in
from tests.portal.walk import Answer, walk

NOW = datetime(2024, 5, 6, tzinfo=UTC)


def _waivers_for_both(store: Store) -> None:
    for client, host in (("acme", "web01.acme.example"), ("globex", "app01.globex.example")):
        made = governance.request_waiver(
            store.engine,
            governance.WaiverRequest(
                check_id="patch-reboot-required",
                client=client,
                group=None,
                host=host,
                justification=f"reason for {client} {host}",
                ticket=None,
                expires=date(2099, 1, 1),
            ),
            actor="tech",
            now=NOW,
        )
        governance.decide(store.engine, made.id, approve=True, actor="boss", note="", now=NOW)


def leaks(answer: Answer, forbidden: tuple[str, ...]) -> list[str]:
    """Forbidden names in an answer, leaving out the caller's own filter text echoed back to it
    (the search box's value and the sort links that keep the filter)."""
    text = answer.body
    typed = parse_qs(urlsplit(answer.path).query).get("q", [])
    for value in typed:
        text = text.replace(f'value="{value}"', "").replace(f"q={quote_plus(value)}", "")
    return [word for word in forbidden if re.search(re.escape(word), text, re.IGNORECASE)]


def test_a_viewer_walks_every_route_and_never_sees_another_client(app_client: TestClient, store: Store) -> None:
    _waivers_for_both(store)
    sign_in(app_client, "acme-owner")
    answers = walk(app_client, store)
    assert len(answers) > 200
    leaked = [(a.method, a.path, a.status, leaks(a, GLOBEX)) for a in answers if leaks(a, GLOBEX)]
    assert leaked == []
    assert not [a for a in answers if a.status >= 500]
    # what the viewer may see is there, so the walk really read pages
    bodies = " ".join(a.body for a in answers if a.status == 200)
    assert "web01.acme.example" in bodies and "db01.acme.example" in bodies
    named = [a for a in answers if a.method == "GET" and "globex" in urlsplit(a.path).path]
    assert named and {a.status for a in named} == {404}  # as if it did not exist
    by_query = ("/api/v1/hosts?client=globex", "/api/v1/findings?client=globex")
    filtered = [a for a in answers if a.path.startswith(by_query)]
    assert len(filtered) == 2 and {a.status for a in filtered} == {404}


def test_guessed_ids_of_another_client_answer_404_like_missing_ones(app_client: TestClient, store: Store) -> None:
    _waivers_for_both(store)
    sign_in(app_client, "acme-owner")
    theirs = [w.id for w in governance.waivers(store.engine, clients=["globex"])]
    assert app_client.get(f"/waivers/{theirs[0]}").status_code == 404
    assert app_client.get("/waivers/999999").status_code == 404
    assert app_client.get("/clients/globex/hosts/app01.globex.example").status_code == 404
    assert app_client.get("/clients/nosuch/hosts/app01.globex.example").status_code == 404
    export = app_client.get("/waivers/export.yaml").text
    assert "acme" in export and "globex" not in export


def test_the_api_with_a_viewer_token(app_client: TestClient, store: Store) -> None:
    _waivers_for_both(store)
    token = create_token(store.engine, user="acme-owner", label="test")
    headers = {"Authorization": f"Bearer {token}"}
    clients = app_client.get("/api/v1/clients", headers=headers)
    assert [c["name"] for c in clients.json()] == ["acme"]
    assert app_client.get("/api/v1/clients/globex", headers=headers).status_code == 404
    assert app_client.get("/api/v1/clients/acme", headers=headers).status_code == 200
    hosts = app_client.get("/api/v1/hosts", headers=headers).json()
    assert {h["client"] for h in hosts["hosts"]} == {"acme"} and hosts["page"]["total"] == 2
    assert app_client.get("/api/v1/hosts?client=globex", headers=headers).status_code == 404
    findings = app_client.get("/api/v1/findings", headers=headers).json()
    assert findings["findings"] and {f["client"] for f in findings["findings"]} == {"acme"}
    waivers = app_client.get("/api/v1/waivers", headers=headers).json()
    assert [w["client"] for w in waivers] == ["acme"]
    runs = app_client.get("/api/v1/runs", headers=headers).json()
    assert runs["runs"] and all(r["clients"] == ["acme"] for r in runs["runs"])
    # a viewer changes nothing, whatever it names
    body = {"check_id": "c", "client": "acme", "justification": "long enough reason", "expires": "2099-01-01"}
    assert app_client.post("/api/v1/waivers", headers=headers, json=body).status_code == 403
