"""Autotask PSA REST API v1.0: Tickets and their TicketNotes.

Every request carries the `ApiIntegrationCode`, `UserName` and `Secret` headers. A ticket is
created by POST (the answer's `itemId` is its id), changed by PATCH with its `id` and the fields
to change, found with a `Tickets/query` filter; a note is POSTed to `Tickets/{id}/Notes`.
Status 1 is New and 5 Complete; priority 4 is Critical, 1 High, 2 Medium, 3 Low.
"""

from __future__ import annotations

from auditor.config.tickets import ClientMapping, TicketConfig
from auditor.core.errors import PsaError
from auditor.report.psa.http import JsonSession, field
from auditor.report.psa.text import TicketText

API_PATH = "/atservicesrest/v1.0"
STATUS_NEW = 1
PRIORITY = {"critical": 4, "high": 1, "medium": 2, "low": 3, "info": 3}
MAX_DESCRIPTION = 8000
MAX_NOTE = 3200


class Autotask:
    summary_limit = 255

    def __init__(self, config: TicketConfig, secrets: tuple[str, ...]) -> None:
        integration_code, username, secret = secrets
        self._closed_status = _number(config.closed_status, what="closed_status")
        self._http = JsonSession(
            "autotask",
            config.url + API_PATH,
            headers={"ApiIntegrationCode": integration_code, "UserName": username, "Secret": secret},
            ca_file=config.ca_file,
            timeout=config.timeout,
        )

    def close_session(self) -> None:
        self._http.close()

    def find_open(self, marker: str, mapping: ClientMapping) -> str | None:
        query = {
            "filter": [
                {"op": "contains", "field": "title", "value": marker},
                {"op": "noteq", "field": "status", "value": self._closed_status},
            ]
        }
        answer = self._http.call("POST", "Tickets/query", body=query)
        items = answer.get("items") if isinstance(answer, dict) else None
        for ticket in items if isinstance(items, list) else ():
            if isinstance(ticket, dict) and marker in str(ticket.get("title", "")) and ticket.get("id"):
                return str(ticket["id"])
        return None

    def create(self, text: TicketText, mapping: ClientMapping) -> str:
        body: dict[str, object] = {
            "companyID": _number(mapping.company, what="company"),
            "title": text.summary,
            "description": text.description[:MAX_DESCRIPTION],
            "status": STATUS_NEW,
            "priority": PRIORITY[text.severity],
        }
        if mapping.board is not None:
            body["queueID"] = _number(mapping.board, what="board (the queueID)")
        answer = self._http.call("POST", "Tickets", body=body)
        return str(field(answer, "itemId", where="autotask: POST Tickets"))

    def update(self, ticket_id: str, text: TicketText) -> None:
        body = {"id": int(ticket_id), "title": text.summary, "priority": PRIORITY[text.severity]}
        self._http.call("PATCH", "Tickets", body=body)

    def add_note(self, ticket_id: str, note: str) -> None:
        body = {
            "ticketID": int(ticket_id),
            "title": "auditor",
            "description": note[:MAX_NOTE],
            "noteType": 1,
            "publish": 1,
        }
        self._http.call("POST", f"Tickets/{ticket_id}/Notes", body=body)

    def close(self, ticket_id: str, note: str) -> None:
        self.add_note(ticket_id, note)
        self._http.call("PATCH", "Tickets", body={"id": int(ticket_id), "status": self._closed_status})


def _number(value: str | int | None, *, what: str) -> int:
    """Autotask identifies companies, queues and statuses by number."""
    try:
        return int(str(value))
    except ValueError:
        raise PsaError(f"autotask: [tickets] {what} must be a number, not {value!r}") from None
