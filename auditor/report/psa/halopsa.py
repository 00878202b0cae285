"""HaloPSA REST API: OAuth2 client credentials, then Tickets and Actions.

A token comes from the authorisation server's `/token` (grant_type client_credentials, scope
`all`, `tenant` for hosted instances). Tickets are created and updated alike by POSTing a JSON
array to `/Tickets` (an update carries the ticket's `id`); notes and the closing status change
are Actions POSTed as an array to `/Actions`; `/Tickets?search=` finds a ticket again. Halo
shows ticket details and notes as HTML, so the text is escaped and its line breaks kept.
"""

from __future__ import annotations

import html

from auditor.config.tickets import ClientMapping, TicketConfig
from auditor.core.errors import PsaError
from auditor.report.psa.http import JsonSession, field
from auditor.report.psa.text import TicketText


class HaloPsa:
    summary_limit = 250

    def __init__(self, config: TicketConfig, secrets: tuple[str, ...]) -> None:
        client_id, client_secret = secrets
        assert config.auth_url is not None
        self._closed_status = _number(config.closed_status, what="closed_status")
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": "all",
        }
        with JsonSession(
            "halopsa", config.auth_url, headers={}, ca_file=config.ca_file, timeout=config.timeout
        ) as auth:
            params = {"tenant": config.tenant} if config.tenant else None
            answer = auth.call("POST", "token", form=form, params=params)
        token = field(answer, "access_token", where="halopsa: POST token")
        self._http = JsonSession(
            "halopsa",
            config.url,
            headers={"Authorization": f"Bearer {token}"},
            ca_file=config.ca_file,
            timeout=config.timeout,
        )

    def close_session(self) -> None:
        self._http.close()

    def find_open(self, marker: str, mapping: ClientMapping) -> str | None:
        answer = self._http.call("GET", "Tickets", params={"search": marker, "open_only": "true"})
        tickets = answer.get("tickets") if isinstance(answer, dict) else None
        for ticket in tickets if isinstance(tickets, list) else ():
            if isinstance(ticket, dict) and marker in str(ticket.get("summary", "")) and ticket.get("id"):
                return str(ticket["id"])
        return None

    def create(self, text: TicketText, mapping: ClientMapping) -> str:
        ticket: dict[str, object] = {
            "summary": text.summary,
            "details": _html(text.description),
            "client_id": _number(mapping.company, what="[tickets.clients] company (the client_id)"),
        }
        if mapping.board is not None:
            ticket["team"] = str(mapping.board)
        answer = self._http.call("POST", "Tickets", body=[ticket])
        created = answer[0] if isinstance(answer, list) and answer else answer
        return str(field(created, "id", where="halopsa: POST Tickets"))

    def update(self, ticket_id: str, text: TicketText) -> None:
        self._http.call("POST", "Tickets", body=[{"id": int(ticket_id), "summary": text.summary}])

    def add_note(self, ticket_id: str, note: str) -> None:
        action = {"ticket_id": int(ticket_id), "note": _html(note), "outcome": "Private Note", "hiddenfromuser": True}
        self._http.call("POST", "Actions", body=[action])

    def close(self, ticket_id: str, note: str) -> None:
        status = self._closed_status
        action = {"ticket_id": int(ticket_id), "note": _html(note), "outcome": "Closed", "new_status": status}
        self._http.call("POST", "Actions", body=[action])


def _html(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _number(value: str | int, *, what: str) -> int:
    """Halo identifies clients and statuses by number."""
    try:
        return int(str(value))
    except ValueError:
        raise PsaError(f"halopsa: {what} must be a number, not {value!r}") from None
