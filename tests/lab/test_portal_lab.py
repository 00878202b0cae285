"""The portal over real lab runs: a real uvicorn server driven by Chromium (Playwright) through sign-in,
fleet -> client -> host -> evidence, a waiver requested by a technician and approved by an approver
that the next real run applies with that approver's name, and a client viewer who sees only its
client; and a viewer's walk of every route and API call over a lab run, finding no other client.

The lab's host names are ordinary words ("partial", "hardened"), so these runs use an inventory with
unique client and host names (host keys are checked by address: the hosts are the same real ones).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser import FLAGS, chromium
from tests.lab.conftest import INVENTORY, REPO, run_auditor

pytestmark = [
    pytest.mark.lab,
    pytest.mark.skipif(
        importlib.util.find_spec("fastapi") is None and os.environ.get("AUDITOR_LAB") != "1",
        reason="pip install -e '.[dev]' (the portal's libraries)",
    ),
]

CLIENTS = {"acme": "alphaport", "globex": "betaport"}
HOSTS = {
    "hardened": "ap-hardened-1",
    "neglected": "ap-neglected-2",
    "partial": "bp-partial-3",
    "unreachable": "bp-unreach-4",
    "wrongkey": "bp-wrongkey-5",
}
OTHER = ("betaport", "bp-partial-3", "bp-unreach-4", "bp-wrongkey-5", "10.231.3.2")
PASSWORD = "lab-portal-password"
SCREENSHOTS = REPO / "docs" / "screenshots"
WAIVED_CHECK = "kernel-kptr-restrict"  # fails on every lab host: the machine's kernel (ground_truth.yaml)


@dataclass(frozen=True)
class LabStore:
    folder: Path
    inventory: Path
    db: Path


def _inventory(path: Path) -> None:
    lines = []
    for line in INVENTORY.read_text().splitlines():
        group = re.fullmatch(r"\[(\w+)\]", line.strip())
        if group:
            line = f"[{CLIENTS[group.group(1)]}]"
        elif line.split() and line.split()[0] in HOSTS:
            name, rest = line.split(maxsplit=1)
            line = f"{HOSTS[name]} {rest}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")


def _audit(store: LabStore, lab: Path, *extra: str) -> dict[str, Any]:
    out = store.folder / f"run-{time.monotonic_ns()}"
    done = run_auditor(
        "run", "-i", str(store.inventory), "--known-hosts", str(lab / "known_hosts"), "--db", str(store.db),
        "--output-dir", str(out), "--format", "json,html", "--no-progress", *extra,
    )  # fmt: skip
    assert done.returncode in (1, 3), done.stderr
    (report,) = out.glob("auditor-*.json")
    document: dict[str, Any] = json.loads(report.read_text())
    document["_html"] = next(out.glob("auditor-*.html")).read_text()
    return document


def _user(store: LabStore, name: str, role: str, *clients: str) -> None:
    scope = [part for client in clients for part in ("--client", client)]
    done = run_auditor(
        "user", "add", name, "--role", role, *scope, "--db", str(store.db), env={"AUDITOR_USER_PASSWORD": PASSWORD}
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def lab_store(lab: Path, tmp_path_factory: pytest.TempPathFactory) -> LabStore:
    folder = tmp_path_factory.mktemp("portal-lab")
    store = LabStore(folder=folder, inventory=folder / "hosts.ini", db=folder / "auditor.db")
    _inventory(store.inventory)
    _audit(store, lab)
    _user(store, "tess", "technician")
    _user(store, "alan", "approver")
    _user(store, "owner", "viewer", "alphaport")
    return store


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(lab_store: LabStore) -> Iterator[str]:
    """`auditor serve`'s app under a real uvicorn server on a free port, in a thread."""
    uvicorn = pytest.importorskip("uvicorn")
    from auditor.portal.app import PortalSettings, create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(PortalSettings(db_url=f"sqlite:///{lab_store.db}")), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install auditor[dev] (playwright)")
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=chromium(), args=[flag for flag in FLAGS if flag != "--headless"]
        )
        yield launched
        launched.close()


class Session:
    """One browser context; console errors and CSP violations are collected, and must stay empty."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def sign_in(self, name: str) -> None:
        self.page.goto(self.base + "/")
        assert "/login" in self.page.url
        self.page.fill("input[name=username]", name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base + "/")

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.mark.browser
def test_sign_in_browse_request_approve_and_the_next_run_waives(
    lab: Path, lab_store: LabStore, server: str, browser: Any
) -> None:
    tech = Session(browser, server)
    tech.sign_in("tess")
    assert tech.page.locator("#fleet").inner_text().count("alphaport") == 1
    tech.shot("fleet")
    tech.page.click("#fleet >> text=alphaport")
    assert tech.page.locator("svg.chart").count() == 2  # the trend charts
    tech.shot("client")
    tech.page.click("#hosts >> text=ap-hardened-1")
    tech.page.wait_for_selector("#checks")
    tech.shot("host")
    tech.page.click(".evidence a >> nth=0")
    assert tech.page.locator("#stdout").inner_text().strip()
    tech.shot("evidence")
    tech.page.go_back()
    tech.page.click(f"#check-{WAIVED_CHECK} >> text=Request waiver")
    tech.page.fill("textarea[name=justification]", "Kernel hardening is managed by the hosting provider")
    tech.page.fill("input[name=ticket]", "PSA-4711")
    tech.page.click("form.stacked button[type=submit]")
    assert tech.page.locator("#waiver-status").inner_text() == "requested"
    waiver_url = tech.page.url
    tech.shot("waiver-requested")
    assert tech.errors == []
    tech.close()

    approver = Session(browser, server)
    approver.sign_in("alan")
    approver.page.goto(waiver_url)
    approver.page.fill("input[name=note]", "Accepted until the provider's change")
    approver.page.click("button[value=approve]")
    assert approver.page.locator("#waiver-status").inner_text() == "approved"
    assert "alan" in approver.page.locator("#waiver-decider").inner_text()
    assert [row.inner_text().split("\t")[2] for row in approver.page.locator("#trail tbody tr").all()] == [
        "requested", "approved",
    ]  # fmt: skip
    approver.shot("waiver-approved")
    assert approver.errors == []
    approver.close()

    document = _audit(lab_store, lab, "--limit", "alphaport")
    host = next(h for h in document["hosts"] if h["name"] == "ap-hardened-1")
    result = next(r for r in host["results"] if r["check_id"] == WAIVED_CHECK)
    assert result["status"] == "waived" and result["waiver"]["approved_by"] == "alan"
    assert result["waiver"]["ticket"] == "PSA-4711"
    assert "Kernel hardening is managed by the hosting provider" in document["_html"]
    other = next(h for h in document["hosts"] if h["name"] == "ap-neglected-2")  # the waiver named one host
    assert next(r for r in other["results"] if r["check_id"] == WAIVED_CHECK)["status"] == "fail"


@pytest.mark.browser
def test_a_client_viewer_sees_only_its_client(lab_store: LabStore, server: str, browser: Any) -> None:
    viewer = Session(browser, server)
    viewer.sign_in("owner")
    seen = [viewer.page.content()]
    viewer.shot("viewer-fleet")
    viewer.page.click("#fleet >> text=alphaport")
    seen.append(viewer.page.content())
    viewer.shot("viewer-client")
    for path in ("/runs", "/waivers", "/api/v1/clients", "/api/v1/hosts", "/api/v1/findings", "/api/v1/runs"):
        viewer.page.goto(server + path)
        seen.append(viewer.page.content())
    viewer.page.goto(server + "/clients/betaport")
    assert "Not found" in viewer.page.content()
    text = "\n".join(seen)
    assert "ap-hardened-1" in text
    assert [word for word in OTHER if word in text] == []
    assert viewer.errors == [] or all("404" in error for error in viewer.errors)
    viewer.close()


def test_a_viewer_walks_every_route_of_a_lab_run_and_sees_no_other_client(lab_store: LabStore) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from auditor.portal.app import PortalSettings, create_app
    from auditor.store.database import Store
    from tests.portal.conftest import sign_in
    from tests.portal.walk import walk

    store = Store(f"sqlite:///{lab_store.db}")
    with TestClient(create_app(PortalSettings(db_url=store.url)), follow_redirects=False) as client:
        sign_in(client, "owner", PASSWORD)
        answers = walk(client, store)
    assert len(answers) > 100 and not [a for a in answers if a.status >= 500]
    mentions = [
        (a.method, a.path, word)
        for a in answers
        if "?q=" not in a.path  # the caller's own search text is echoed back to it
        for word in OTHER
        if word in a.body
    ]
    assert mentions == []
    assert any("ap-neglected-2" in a.body for a in answers if a.status == 200)
