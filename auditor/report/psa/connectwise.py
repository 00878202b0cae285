"""ConnectWise PSA (Manage) REST API 3.0: service tickets and their notes.

Basic authentication as `companyId+publicKey:privateKey` with the integration's `clientId`
header; tickets are created by POST, changed by PATCH with a JSON Patch operations list, found
with a `conditions` query, and notes are POSTed to the ticket's `notes`.
"""

from __future__ import annotations

import base64

from auditor.config.tickets import ClientMapping, TicketConfig
from auditor.report.psa.http import JsonSession, field
from auditor.report.psa.text import TicketText

API_PATH = "/v4_6_release/apis/3.0"


class ConnectWise:
    summary_limit = 100  # the API refuses a longer summary

    def __init__(self, config: TicketConfig, secrets: tuple[str, ...]) -> None:
        company, public_key, private_key, client_id = secrets
        token = base64.b64encode(f"{company}+{public_key}:{private_key}".encode()).decode()
        self._closed_status = str(config.closed_status)
        self._http = JsonSession(
            "connectwise",
            config.url + API_PATH,
            headers={"Authorization": f"Basic {token}", "clientId": client_id},
            ca_file=config.ca_file,
            timeout=config.timeout,
        )

    def close_session(self) -> None:
        self._http.close()

    def find_open(self, marker: str, mapping: ClientMapping) -> str | None:
        conditions = f'summary like "%{marker}%" and closedFlag = false'
        answer = self._http.call(
            "GET", "service/tickets", params={"conditions": conditions, "fields": "id,summary", "pageSize": "25"}
        )
        for ticket in answer if isinstance(answer, list) else ():
            if isinstance(ticket, dict) and marker in str(ticket.get("summary", "")) and ticket.get("id"):
                return str(ticket["id"])
        return None

    def create(self, text: TicketText, mapping: ClientMapping) -> str:
        body: dict[str, object] = {
            "summary": text.summary,
            "initialDescription": text.description,
            "company": {"identifier": str(mapping.company)},
        }
        if mapping.board is not None:
            body["board"] = {"name": str(mapping.board)}
        answer = self._http.call("POST", "service/tickets", body=body)
        return str(field(answer, "id", where="connectwise: POST service/tickets"))

    def update(self, ticket_id: str, text: TicketText) -> None:
        self._http.call(
            "PATCH", f"service/tickets/{ticket_id}", body=[{"op": "replace", "path": "summary", "value": text.summary}]
        )

    def add_note(self, ticket_id: str, note: str) -> None:
        body = {"text": note, "internalAnalysisFlag": True, "detailDescriptionFlag": False}
        self._http.call("POST", f"service/tickets/{ticket_id}/notes", body=body)

    def close(self, ticket_id: str, note: str) -> None:
        self.add_note(ticket_id, note)
        patch = [{"op": "replace", "path": "status", "value": {"name": self._closed_status}}]
        self._http.call("PATCH", f"service/tickets/{ticket_id}", body=patch)
