"""Portal fixtures: a store holding the sample run (two clients) with its summaries, one user of
each role, and the app served in-process (httpx through the ASGI interface, no socket)."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from auditor.config.scoring import ScoringConfig
from auditor.report.data import build_view
from auditor.report.stored import summaries_of
from auditor.store.accounts import add_user
from auditor.store.database import Store
from tests.fixtures_runs import sample_run

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

if importlib.util.find_spec("fastapi") is None and os.environ.get("AUDITOR_LAB") != "1":
    # without the portal's libraries (pip install -e '.[dev]') there is nothing to test here;
    # CI (AUDITOR_LAB=1) installs them, and there a missing one fails at import instead
    collect_ignore_glob = ["test_*.py"]

PASSWORD = "correct horse battery"
USERS = {
    "admin": ("admin", []),
    "tech": ("technician", []),
    "boss": ("approver", []),
    "acme-owner": ("viewer", ["acme"]),
}
# everything of the other client a viewer of acme must never see
GLOBEX = ("globex", "app01.globex.example", "mail01.globex.example")


def seed(url: str) -> Store:
    """The sample run stored as a real run is (hosts, then its per-client summaries), and the users."""
    run = sample_run()
    store = Store(url)
    store.begin_run(run.info)
    for host in run.hosts:
        store.add_host(run.info.id, host)
    assert run.info.finished_at is not None
    store.finish_run(run.info.id, finished_at=run.info.finished_at, complete=True)
    store.record_summaries(run.info.id, summaries_of(build_view(run, config=ScoringConfig())))

    from auditor.portal.passwords import hash_password

    hashed = hash_password(PASSWORD)
    for name, (role, clients) in USERS.items():
        add_user(store.engine, name=name, role=role, clients=clients, password_hash=hashed)
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seed(f"sqlite:///{tmp_path / 'portal.db'}")


@pytest.fixture
def app_client(store: Store) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from auditor.portal.app import PortalSettings, create_app

    with TestClient(create_app(PortalSettings(db_url=store.url)), follow_redirects=False) as client:
        yield client


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Sign in through the form as a browser does; returns the session's CSRF token."""
    form = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token is not None, form.text
    done = client.post("/login", data={"username": name, "password": password, "login_token": token.group(1)})
    assert done.status_code == 303, done.text
    page = client.get("/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    return csrf.group(1)


def login_attempt(client: TestClient, name: str, password: str) -> int:
    form = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = client.post("/login", data={"username": name, "password": password, "login_token": token.group(1)})
    return int(answer.status_code)
