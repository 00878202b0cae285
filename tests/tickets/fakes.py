"""Local HTTPS stand-ins for the ConnectWise PSA, Autotask and HaloPSA REST APIs (see SOURCE.md).

Each fake is a real server on 127.0.0.1 with a certificate from a test CA. It checks what a real
PSA would refuse (authentication headers, required fields, the JSON Patch shape, a JSON array
for HaloPSA) and answers with the documented shapes. `faults` makes the next matching request
fail: an HTTP status, `timeout` (no answer in time), `badjson`, or `lost` (the change is made
but the answer is a 502, as when a connection drops after the PSA committed).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.tlscerts import Pki

CW = {
    "AUDITOR_CW_COMPANY_ID": "msp",
    "AUDITOR_CW_PUBLIC_KEY": "pubKEY1",
    "AUDITOR_CW_PRIVATE_KEY": "cw-private-SECRET-93f1",
    "AUDITOR_CW_CLIENT_ID": "0f3c-client-id",
}
AUTOTASK = {
    "AUDITOR_AUTOTASK_INTEGRATION_CODE": "INTEGRATIONCODE7",
    "AUDITOR_AUTOTASK_USERNAME": "api@msp.example",
    "AUDITOR_AUTOTASK_SECRET": "at-SECRET-5be2",
}
HALO = {"AUDITOR_HALO_CLIENT_ID": "halo-client", "AUDITOR_HALO_CLIENT_SECRET": "halo-SECRET-77aa"}
SECRETS = ("cw-private-SECRET-93f1", "at-SECRET-5be2", "halo-SECRET-77aa", "INTEGRATIONCODE7")


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class FakePsa:
    """The state one fake PSA holds: its tickets, notes, and every request it was sent."""

    kind: str
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    faults: dict[str, str] = field(default_factory=dict)  # "METHOD /path" -> 500 | timeout | badjson | lost
    url: str = ""

    def open_tickets(self) -> list[dict[str, Any]]:
        return [ticket for ticket in self.tickets.values() if not ticket["closed"]]

    def new_id(self) -> int:
        return 1000 + len(self.tickets) + 1

    def create(self, summary: str, **fields: Any) -> dict[str, Any]:
        ticket = {"id": self.new_id(), "summary": summary, "closed": False, **fields}
        self.tickets[ticket["id"]] = ticket
        return ticket

    def ticket(self, ticket_id: str | int) -> dict[str, Any]:
        try:
            return self.tickets[int(ticket_id)]
        except (KeyError, ValueError):
            raise Refused(404, "ticket not found") from None

    def fault_for(self, method: str, path: str) -> str | None:
        for key, fault in list(self.faults.items()):
            wanted_method, _, wanted_path = key.partition(" ")
            if wanted_method == method and path == wanted_path:
                del self.faults[key]
                return fault
        return None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise Refused(400, message)


def connectwise(psa: FakePsa, method: str, path: str, query: dict[str, str], headers: Any, body: Any) -> Any:
    """ConnectWise PSA REST 3.0 under /v4_6_release/apis/3.0/."""
    token = base64.b64encode(b"msp+pubKEY1:cw-private-SECRET-93f1").decode()
    if headers.get("Authorization") != f"Basic {token}":
        raise Refused(401, "The supplied authentication is incorrect")
    if headers.get("clientId") != CW["AUDITOR_CW_CLIENT_ID"]:
        raise Refused(401, "clientId required")
    _require(path.startswith("/v4_6_release/apis/3.0/service/tickets"), f"no route {path}")
    rest = path.removeprefix("/v4_6_release/apis/3.0/service/tickets").strip("/")
    if method == "GET" and not rest:
        match = re.fullmatch(r'summary like "%(.+)%" and closedFlag = false', query.get("conditions", ""))
        _require(match is not None, "conditions not understood")
        assert match is not None
        found = [t for t in psa.open_tickets() if match[1] in t["summary"]]
        return [{"id": t["id"], "summary": t["summary"]} for t in found]
    if method == "POST" and not rest:
        _require(isinstance(body, dict), "a ticket object is expected")
        _require(isinstance(body.get("summary"), str) and 0 < len(body["summary"]) <= 100, "summary: 1-100 chars")
        _require(isinstance(body.get("company", {}).get("identifier"), str), "company.identifier is required")
        _require(isinstance(body.get("initialDescription"), str), "initialDescription expected")
        ticket = psa.create(body["summary"], company=body["company"], board=body.get("board"), status="New")
        ticket["description"] = body["initialDescription"]
        return (201, {"id": ticket["id"], "summary": ticket["summary"], "closedFlag": False})
    ticket_id, _, sub = rest.partition("/")
    ticket = psa.ticket(ticket_id)
    if method == "PATCH" and not sub:
        _require(isinstance(body, list) and bool(body), "a JSON Patch operations list is expected")
        for op in body:
            _require(op.get("op") in ("add", "replace", "remove") and isinstance(op.get("path"), str), "bad op")
            if op["path"] == "status":
                ticket["status"] = op["value"]["name"]
                ticket["closed"] = op["value"]["name"] == "Closed"
            else:
                _require(op["path"] == "summary" and len(op["value"]) <= 100, "summary: 1-100 chars")
                ticket["summary"] = op["value"]
        return {"id": ticket["id"], "summary": ticket["summary"], "closedFlag": ticket["closed"]}
    if method == "POST" and sub == "notes":
        _require(isinstance(body.get("text"), str) and body["text"], "text is required")
        psa.notes.append({"ticket": ticket["id"], "text": body["text"]})
        return (201, {"id": len(psa.notes), "ticketId": ticket["id"], "text": body["text"]})
    raise Refused(405, "method not allowed")


def autotask(psa: FakePsa, method: str, path: str, query: dict[str, str], headers: Any, body: Any) -> Any:
    """Autotask REST v1.0 under /atservicesrest/v1.0/."""
    if (headers.get("ApiIntegrationCode"), headers.get("UserName"), headers.get("Secret")) != tuple(AUTOTASK.values()):
        raise Refused(401, "")
    _require(path.startswith("/atservicesrest/v1.0/Tickets"), f"no route {path}")
    rest = path.removeprefix("/atservicesrest/v1.0/Tickets").strip("/")
    if method == "POST" and rest == "query":
        _require(isinstance(body.get("filter"), list) and body["filter"], "filter is required")
        found = list(psa.tickets.values())
        for item in body["filter"]:
            _require(item.get("op") in ("eq", "noteq", "contains"), "unknown op")
            name = "summary" if item["field"] == "title" else item["field"]
            if item["op"] == "contains":
                found = [t for t in found if item["value"] in str(t[name])]
            elif item["op"] == "noteq":
                found = [t for t in found if t[name] != item["value"]]
            else:
                found = [t for t in found if t[name] == item["value"]]
        items = [{"id": t["id"], "title": t["summary"], "status": t["status"]} for t in found]
        return {"items": items, "pageDetails": {"count": len(items), "requestCount": 500}}
    if method == "POST" and not rest:
        for name in ("companyID", "status", "priority", "queueID"):
            _require(isinstance(body.get(name), int), f"{name} is required and must be an integer")
        _require(isinstance(body.get("title"), str) and 0 < len(body["title"]) <= 255, "title: 1-255 chars")
        ticket = psa.create(body["title"], status=body["status"], priority=body["priority"], company=body["companyID"])
        ticket["description"] = body.get("description", "")
        return {"itemId": ticket["id"]}
    if method == "PATCH" and not rest:
        ticket = psa.ticket(body.get("id"))
        for name, value in body.items():
            if name == "title":
                ticket["summary"] = value
            elif name in ("status", "priority"):
                _require(isinstance(value, int), f"{name} must be an integer")
                ticket[name] = value
        ticket["closed"] = ticket["status"] == 5
        return {"itemId": ticket["id"]}
    ticket_id, _, sub = rest.partition("/")
    if method == "POST" and sub == "Notes":
        ticket = psa.ticket(ticket_id)
        _require(body.get("ticketID") == ticket["id"], "ticketID must match the URL")
        for name in ("title", "description"):
            _require(isinstance(body.get(name), str) and body[name], f"{name} is required")
        _require(isinstance(body.get("noteType"), int) and isinstance(body.get("publish"), int), "noteType, publish")
        _require(len(body["description"]) <= 3200, "description: at most 3200 chars")
        psa.notes.append({"ticket": ticket["id"], "text": body["description"]})
        return {"itemId": len(psa.notes)}
    raise Refused(405, "method not allowed")


def halopsa(psa: FakePsa, method: str, path: str, query: dict[str, str], headers: Any, body: Any) -> Any:
    """HaloPSA: /auth/token (OAuth2 client credentials) and the resource server under /api/."""
    if path == "/auth/token":
        _require(method == "POST", "token: POST only")
        form = body
        _require(form.get("grant_type") == "client_credentials" and form.get("scope") == "all", "grant or scope")
        if (form.get("client_id"), form.get("client_secret")) != tuple(HALO.values()):
            raise Refused(401, '{"error": "invalid_client"}')
        return {"access_token": "halo-access-token-1", "token_type": "Bearer", "expires_in": 3600}
    if headers.get("Authorization") != "Bearer halo-access-token-1":
        raise Refused(401, "")
    if path == "/api/Tickets" and method == "GET":
        found = [t for t in psa.open_tickets() if query.get("search", "") in t["summary"]]
        return {"record_count": len(found), "tickets": [{"id": t["id"], "summary": t["summary"]} for t in found]}
    _require(isinstance(body, list) and len(body) == 1, "a JSON array is expected")
    item = body[0]
    if path == "/api/Tickets" and method == "POST":
        if "id" in item:
            ticket = psa.ticket(item["id"])
            ticket["summary"] = item.get("summary", ticket["summary"])
            return {"id": ticket["id"], "summary": ticket["summary"]}
        _require(isinstance(item.get("summary"), str) and isinstance(item.get("client_id"), int), "summary, client_id")
        ticket = psa.create(item["summary"], client_id=item["client_id"], status_id=1)
        ticket["description"] = item.get("details", "")
        return {"id": ticket["id"], "summary": ticket["summary"], "client_id": item["client_id"]}
    if path == "/api/Actions" and method == "POST":
        ticket = psa.ticket(item.get("ticket_id"))
        _require(isinstance(item.get("note"), str) and item["note"], "note is required")
        psa.notes.append({"ticket": ticket["id"], "text": item["note"]})
        if "new_status" in item:
            ticket["status_id"] = item["new_status"]
            ticket["closed"] = item["new_status"] == 9
        return {"id": len(psa.notes), "ticket_id": ticket["id"]}
    raise Refused(405, "method not allowed")


ROUTES = {"connectwise": connectwise, "autotask": autotask, "halopsa": halopsa}


def _handler(psa: FakePsa) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            psa.requests.append((self.command, self.path, dict(self.headers), raw))
            fault = psa.fault_for(self.command, parts.path)
            if fault == "timeout":
                time.sleep(3)
                return
            if fault == "badjson":
                self._answer(200, b"<html>maintenance</html>")
                return
            if fault is not None and fault != "lost":
                self._answer(int(fault), b'{"message": "internal error"}')
                return
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            try:
                if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                    body: Any = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
                else:
                    body = json.loads(raw) if raw else None
                answer = ROUTES[psa.kind](psa, self.command, parts.path, query, self.headers, body)
            except Refused as exc:
                self._answer(exc.status, json.dumps({"message": str(exc)}).encode())
                return
            except (ValueError, AttributeError, KeyError, TypeError) as exc:
                self._answer(400, json.dumps({"message": f"bad request: {exc}"}).encode())
                return
            status, document = answer if isinstance(answer, tuple) else (200, answer)
            if fault == "lost":
                self._answer(502, b"Bad Gateway")
                return
            self._answer(status, json.dumps(document).encode())

        def _answer(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

    return Handler


@contextmanager
def serve(kind: str, pki: Pki) -> Iterator[FakePsa]:
    """A fake `kind` PSA over HTTPS on a free port of 127.0.0.1; its base URL is in `.url`."""
    psa = FakePsa(kind)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(psa))
    server.socket = pki.server_context().wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    psa.url = f"https://127.0.0.1:{server.server_address[1]}"
    try:
        yield psa
    finally:
        server.shutdown()
        server.server_close()
