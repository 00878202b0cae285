"""The pages: sign-in required, security headers, CSRF on changes, escaping of host output, lists
that filter, sort and page, charts, and the run comparison."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from auditor.core.models import Status
from auditor.store.database import Store
from tests.fixtures_runs import IMG_XSS, XSS, sample_run
from tests.portal.conftest import PASSWORD, sign_in

PAGES = (
    "/",
    "/runs",
    "/waivers",
    "/waivers/new",
    "/clients/acme",
    "/clients/acme/hosts/web01.acme.example",
    "/clients/acme/compare",
    "/audit",
    "/waivers/export.yaml",
)


def test_every_page_needs_a_session_and_the_api_answers_401(app_client: TestClient) -> None:
    for path in PAGES:
        answer = app_client.get(path)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next="), path
    for path in ("/api/v1/clients", "/api/v1/hosts", "/api/v1/runs", "/api/v1/findings", "/api/v1/waivers"):
        answer = app_client.get(path)
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer", path
    assert app_client.get("/api/v1/clients", headers={"Authorization": "Bearer aud_wrong"}).status_code == 401
    assert app_client.get("/api/v1/openapi.json").status_code == 200


def test_security_headers_forbid_inline_scripts_and_framing(app_client: TestClient) -> None:
    for answer in (app_client.get("/login"), app_client.get("/api/v1/clients"), app_client.get("/static/portal.js")):
        csp = answer.headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]+)", csp)
        assert script_src is not None and "unsafe-inline" not in script_src.group(1)
        assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
    sign_in(app_client, "admin")
    for path in PAGES:
        page = app_client.get(path)
        assert page.status_code == 200, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), f"inline script in {path}"
        assert " on" + "click=" not in page.text and "style=" not in page.text, path


def test_host_output_is_escaped_on_every_page(app_client: TestClient, store: Store) -> None:
    sign_in(app_client, "admin")
    host = app_client.get("/clients/acme/hosts/web01.acme.example")
    evidence_links = re.findall(r'href="(/evidence/\d+)"', host.text)
    assert evidence_links
    bodies = [app_client.get(link).text for link in evidence_links]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in body for body in bodies)
    for body in [host.text, *bodies]:
        assert XSS not in body and IMG_XSS not in body


def test_fleet_filters_sorts_and_pages(app_client: TestClient) -> None:
    sign_in(app_client, "admin")
    by_name = app_client.get("/?sort=name").text
    assert by_name.index(">acme<") < by_name.index(">globex<")
    by_name_desc = app_client.get("/?sort=name&desc=true").text
    assert by_name_desc.index(">globex<") < by_name_desc.index(">acme<")
    by_score = app_client.get("/?sort=score").text  # lowest first: acme scores below globex
    assert by_score.index(">acme<") < by_score.index(">globex<")
    filtered = app_client.get("/?q=glob").text
    assert ">globex<" in filtered and ">acme<" not in filtered
    assert "No client matches" in app_client.get("/?q=zzz").text
    assert app_client.get("/?page=999").status_code == 200  # past the end: the last page
    assert app_client.get("/?page=0").status_code == 422


def test_client_page_shows_trend_chart_ages_backups_and_hosts(app_client: TestClient) -> None:
    sign_in(app_client, "tech")
    page = app_client.get("/clients/acme").text
    assert '<svg class="chart chart-line"' in page and '<svg class="chart chart-bar"' in page
    assert 'id="ages"' in page and "over 90 days" in page
    assert "web01.acme.example" in page and "db01.acme.example" in page
    assert 'id="backups"' in page
    only_db = app_client.get("/clients/acme?q=db01").text
    assert "db01.acme.example" in only_db and "web01.acme.example" not in only_db
    assert app_client.get("/clients/nosuch").status_code == 404


def test_compare_two_runs_of_a_client(app_client: TestClient, store: Store) -> None:
    base = sample_run()
    later = base.info.started_at + timedelta(days=1)
    head_info = base.info.model_copy(update={"id": "20240507T090000Z-aaaa", "started_at": later})
    store.begin_run(head_info)
    for host in base.hosts:
        if host.name == "web01.acme.example":  # fixed everything on web01
            fixed = [r.model_copy(update={"status": Status.PASS, "waiver": None}) for r in host.results]
            host = host.model_copy(update={"results": fixed})
        store.add_host(head_info.id, host)
    store.finish_run(head_info.id, finished_at=later, complete=True)
    from auditor.config.scoring import ScoringConfig
    from auditor.report.data import build_view
    from auditor.report.stored import summaries_of

    store.record_summaries(head_info.id, summaries_of(build_view(store.load_run(head_info.id), config=ScoringConfig())))
    sign_in(app_client, "tech")
    page = app_client.get("/clients/acme/compare").text
    assert "Resolved (" in page and "Resolved (0)" not in page
    assert "globex" not in page  # one client's comparison
    wrong = app_client.get(f"/clients/acme/compare?base={base.info.id}&head=nosuchrun")
    assert wrong.status_code == 404


def test_changes_need_the_csrf_token(app_client: TestClient) -> None:
    csrf = sign_in(app_client, "tech")
    form = {
        "check": "patch-reboot-required",
        "client": "acme",
        "justification": "Vendor appliance, reboots monthly",
        "expires": "2099-01-01",
    }
    assert app_client.post("/waivers", data=form).status_code == 422  # no token at all
    assert app_client.post("/waivers", data={**form, "csrf": "forged"}).status_code == 403
    made = app_client.post("/waivers", data={**form, "csrf": csrf})
    assert made.status_code == 303
    api = app_client.post(
        "/api/v1/waivers",
        json={
            "check_id": "x-check",
            "client": "acme",
            "justification": "a long enough reason",
            "expires": "2099-01-01",
        },
    )
    assert api.status_code == 403  # a cookie caller without X-CSRF-Token
    ok = app_client.post(
        "/api/v1/waivers",
        headers={"X-CSRF-Token": csrf},
        json={
            "check_id": "x-check",
            "client": "acme",
            "justification": "a long enough reason",
            "expires": "2099-01-01",
        },
    )
    assert ok.status_code == 201 and ok.json()["status"] == "requested"


def test_audit_log_is_for_admins_only(app_client: TestClient) -> None:
    sign_in(app_client, "tech")
    assert app_client.get("/audit").status_code == 403


def test_links_and_cookies_follow_the_root_path_behind_a_proxy(store: Store) -> None:
    from auditor.portal.app import PortalSettings, create_app

    app = create_app(PortalSettings(db_url=store.url))
    with TestClient(app, root_path="/auditor", follow_redirects=False) as client:
        first = client.get("/auditor/")
        assert first.status_code == 303 and first.headers["location"].startswith("/auditor/login?next=")
        form = client.get("/auditor/login")
        assert 'action="/auditor/login"' in form.text and 'href="/auditor/static/portal.css"' in form.text
        assert "path=/auditor" in form.headers["set-cookie"].lower()
        token = form.text.split('name="login_token" value="')[1].split('"')[0]
        done = client.post("/auditor/login", data={"username": "tech", "password": PASSWORD, "login_token": token})
        assert done.status_code == 303 and done.headers["location"] == "/auditor/"
        fleet = client.get("/auditor/")
        assert 'href="/auditor/clients/acme"' in fleet.text
        assert client.get("/auditor/static/portal.js").status_code == 200
