"""Walk every route of the portal as one caller, with every id the store holds, and collect what
each answer says: the tenancy tests look for another client's names in it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.routing import Mount

from auditor.store.database import Store
from auditor.store.db.schema import EvidenceRow, GovernedWaiverRow, HostRow, RunRow

PARAM = re.compile(r"\{(\w+)\}")
SIGN_IN_ROUTES = ("/login", "/logout")  # they would end the walk's own session (tests/portal/test_accounts.py)


@dataclass(frozen=True)
class Answer:
    method: str
    path: str
    status: int
    body: str


def candidates(store: Store) -> dict[str, list[str]]:
    """Every value a path parameter can take in this store: clients, hosts, runs, evidence, waivers."""
    with Session(store.engine) as session:
        clients = sorted(set(session.scalars(select(HostRow.client))))
        hosts = sorted(set(session.scalars(select(HostRow.name))))
        runs = list(session.scalars(select(RunRow.id)))
        evidence = [str(i) for i in session.scalars(select(EvidenceRow.id))]
        waivers = [str(i) for i in session.scalars(select(GovernedWaiverRow.id))]
    return {
        "client": clients,
        "name": clients,
        "host": hosts,
        "evidence_id": evidence,
        "waiver_id": waivers,
        "base": runs,
        "head": runs,
    }


def _queries(values: dict[str, list[str]]) -> list[str]:
    """Query strings that name each client and run, so filters cannot leak either."""
    found = [""]
    found += [f"?client={c}" for c in values["client"]]
    found += [f"?q={c}" for c in values["client"]] + [f"?q={h}" for h in values["host"]]
    runs = values["base"]
    found += [f"?base={a}&head={b}" for a, b in itertools.permutations(runs, 2)]
    found += ["?status=open", "?status=approved", "?page=2"]
    return found


def routes(app: Any) -> list[Any]:
    """Every route of the app, the included routers' own ones flattened in."""
    found: list[Any] = []
    for route in app.routes:
        included = getattr(route, "original_router", None)
        found.extend(routes(included) if included is not None else [route])
    return found


def walk(client: TestClient, store: Store) -> list[Answer]:
    """GET every route with every parameter value and query; POST every change route with a body naming
    each client (a caller without the right must get no data back either)."""
    values = candidates(store)
    answers = []
    for route in routes(client.app):
        if isinstance(route, Mount):
            for name in ("portal.css", "portal.js"):
                answer = client.get(f"/static/{name}")
                answers.append(Answer("GET", f"/static/{name}", answer.status_code, answer.text))
            continue
        if getattr(route, "path", "") in SIGN_IN_ROUTES:
            continue
        methods = sorted(getattr(route, "methods", None) or {"GET"})
        names = PARAM.findall(route.path)
        for combo in itertools.product(*(values.get(n, ["1"]) or ["1"] for n in names)):
            path = route.path
            for name, value in zip(names, combo, strict=True):
                path = path.replace("{" + name + "}", value)
            for method in methods:
                if method == "HEAD":
                    continue
                if method == "GET":
                    for query in _queries(values):
                        answer = client.get(path + query)
                        answers.append(Answer(method, path + query, answer.status_code, answer.text))
                    continue
                for named in values["client"]:
                    body = {
                        "check_id": "c",
                        "client": named,
                        "justification": "long enough reason here",
                        "expires": "2099-01-01",
                        "decision": "approve",
                        "note": "",
                    }
                    kwargs = {"json": body} if isinstance(route, APIRoute) and "/api/" in path else {"data": body}
                    answer = client.request(method, path, **kwargs)
                    answers.append(Answer(method, path, answer.status_code, answer.text))
    return answers
