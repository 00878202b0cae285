"""What auditor asks of a PSA, and the table of PSA clients (imported only when tickets are synced).

Each client maps the same five verbs onto its PSA's documented REST API: find an open ticket by
its marker (so that a sync cut short after the PSA created a ticket does not create it again),
create, update the summary and severity, add a note, and close with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Protocol

from auditor.config.tickets import CREDENTIALS, ClientMapping, TicketConfig
from auditor.core.errors import PsaError
from auditor.report.psa.text import TicketText

_CLIENTS = {
    "connectwise": "auditor.report.psa.connectwise:ConnectWise",
    "autotask": "auditor.report.psa.autotask:Autotask",
    "halopsa": "auditor.report.psa.halopsa:HaloPsa",
}


class Psa(Protocol):
    summary_limit: int

    def find_open(self, marker: str, mapping: ClientMapping) -> str | None: ...

    def create(self, text: TicketText, mapping: ClientMapping) -> str: ...

    def update(self, ticket_id: str, text: TicketText) -> None: ...

    def add_note(self, ticket_id: str, note: str) -> None: ...

    def close(self, ticket_id: str, note: str) -> None: ...

    def close_session(self) -> None: ...


class PsaFactory(Protocol):
    def __call__(self, config: TicketConfig, secrets: tuple[str, ...]) -> Psa: ...


def credentials(psa: str, environ: Mapping[str, str]) -> tuple[str, ...]:
    """The PSA's credentials from the environment, in CREDENTIALS order; PsaError naming the missing ones."""
    names = CREDENTIALS[psa]
    missing = [name for name in names if not environ.get(name)]
    if missing:
        raise PsaError(f"{psa}: credentials missing: set {', '.join(missing)} in the environment")
    return tuple(environ[name] for name in names)


def open_psa(config: TicketConfig, environ: Mapping[str, str]) -> Psa:
    """The configured PSA's client, logged in with the environment's credentials."""
    assert config.psa is not None
    module, _, name = _CLIENTS[config.psa].partition(":")
    factory: PsaFactory = getattr(import_module(module), name)
    return factory(config, credentials(config.psa, environ))
