"""Accounts: argon2id hashes, the CLI (passwords never in argv), tokens shown once, sign-in lockout,
throttling, session cookies and the audit log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from auditor.portal.app import PortalSettings, create_app
from auditor.store import auditlog
from auditor.store.accounts import MAX_FAILED_LOGINS, disable_user, list_users, token_account
from auditor.store.database import Store
from auditor.store.db.schema import TokenRow, UserRow
from tests.portal.conftest import PASSWORD, login_attempt, sign_in

REPO = Path(__file__).resolve().parents[2]


def auditor(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        input=stdin,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )


def test_user_add_takes_the_password_from_the_environment_and_stores_an_argon2id_hash(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    secret = "a-long-enough-secret-1"
    done = auditor(
        "user",
        "add",
        "alice",
        "--role",
        "viewer",
        "--client",
        "acme",
        "--db",
        db,
        env={"AUDITOR_USER_PASSWORD": secret},
    )
    assert done.returncode == 0, done.stderr
    assert "added alice (viewer for acme)" in done.stdout
    store = Store(f"sqlite:///{db}")
    with Session(store.engine) as session:
        row = session.scalars(select(UserRow)).one()
    assert row.password_hash.startswith("$argon2id$") and secret not in row.password_hash
    assert (tmp_path / "a.db").read_bytes().find(secret.encode()) == -1
    listed = auditor("user", "list", "--db", db)
    assert "alice\tviewer\tacme\tactive" in listed.stdout


def test_user_add_refuses_what_makes_no_sense_in_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    env = {"AUDITOR_USER_PASSWORD": "a-long-enough-secret-1"}
    viewer = auditor("user", "add", "v", "--role", "viewer", "--db", db, env=env)
    assert viewer.returncode == 4 and "give --client" in viewer.stderr and "Traceback" not in viewer.stderr
    staff = auditor("user", "add", "t", "--role", "technician", "--client", "acme", "--db", db, env=env)
    assert staff.returncode == 4 and "viewers only" in staff.stderr
    role = auditor("user", "add", "t", "--role", "root", "--db", db, env=env)
    assert role.returncode == 4 and "unknown role" in role.stderr
    short = auditor("user", "add", "t", "--role", "admin", "--db", db, env={"AUDITOR_USER_PASSWORD": "short"})
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    again = auditor("user", "add", "x", "--role", "admin", "--db", db, env=env)
    twice = auditor("user", "add", "x", "--role", "admin", "--db", db, env=env)
    assert again.returncode == 0 and twice.returncode == 4 and "already exists" in twice.stderr


def test_token_is_printed_once_and_stored_hashed(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    auditor("user", "add", "bot", "--role", "technician", "--db", db, env={"AUDITOR_USER_PASSWORD": PASSWORD})
    done = auditor("token", "create", "bot", "--label", "psa", "--db", db)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert token.startswith("aud_") and len(token) > 40
    store = Store(f"sqlite:///{db}")
    with Session(store.engine) as session:
        stored = session.scalars(select(TokenRow)).one()
    assert stored.digest != token and token not in (tmp_path / "a.db").read_bytes().decode("latin-1")
    account = token_account(store.engine, token)
    assert account is not None and account.name == "bot"
    assert token_account(store.engine, token + "x") is None
    missing = auditor("token", "create", "nobody", "--db", db)
    assert missing.returncode == 4 and "no user named 'nobody'" in missing.stderr


def test_help_does_not_import_the_web_framework() -> None:
    code = "import sys; from auditor.cli.main import main; main(['--help']); print('fastapi' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip().endswith("False"), done.stdout + done.stderr


def test_repeated_bad_passwords_lock_the_account_even_for_the_right_password(
    app_client: TestClient, store: Store
) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        assert login_attempt(app_client, "tech", "wrong password!") == 401
    assert login_attempt(app_client, "tech", PASSWORD) == 401  # locked, although correct
    actions = [entry.action for entry in auditlog.entries(store.engine)]
    assert "login.locked" in actions and actions.count("login.failed") >= MAX_FAILED_LOGINS - 1
    with Session(store.engine) as session:
        row = session.scalars(select(UserRow).where(UserRow.name == "tech")).one()
        assert row.locked_until is not None


def test_one_address_is_throttled_across_accounts(store: Store) -> None:
    with TestClient(create_app(PortalSettings(db_url=store.url)), follow_redirects=False) as client:
        codes = [login_attempt(client, f"nobody{n}", "guess-guess-guess") for n in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    assert "login.throttled" in [entry.action for entry in auditlog.entries(store.engine)]


def test_session_cookie_flags_and_sign_out(app_client: TestClient, store: Store) -> None:
    form = app_client.get("/login")
    assert "httponly" in form.headers["set-cookie"].lower()
    sign_in(app_client, "tech")
    page = app_client.get("/")
    assert page.status_code == 200 and "tech (technician)" in page.text
    entries = auditlog.entries(store.engine)
    assert entries[0].action == "login.ok" and entries[0].actor == "tech"
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    assert app_client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert app_client.get("/").status_code == 303  # the session is gone from the store


def test_cookies_are_secure_under_tls_and_hsts_is_sent(store: Store) -> None:
    app = create_app(PortalSettings(db_url=store.url))
    with TestClient(app, base_url="https://portal.example", follow_redirects=False) as client:
        form = client.get("/login")
        assert "secure" in form.headers["set-cookie"].lower()
        assert form.headers["strict-transport-security"].startswith("max-age=")
        token = form.text.split('name="login_token" value="')[1].split('"')[0]
        done = client.post("/login", data={"username": "tech", "password": PASSWORD, "login_token": token})
        cookie = done.headers["set-cookie"].lower()
        assert "auditor_session=" in cookie and "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    with TestClient(app, follow_redirects=False) as plain:
        assert "strict-transport-security" not in plain.get("/login").headers


def test_disabling_a_user_ends_its_sessions_and_tokens(app_client: TestClient, store: Store) -> None:
    sign_in(app_client, "tech")
    assert app_client.get("/").status_code == 200
    disable_user(store.engine, "tech")
    assert app_client.get("/").status_code == 303
    assert [a.disabled for a in list_users(store.engine) if a.name == "tech"] == [True]
    assert login_attempt(app_client, "tech", PASSWORD) == 401


def test_sign_in_never_redirects_off_site(app_client: TestClient) -> None:
    form = app_client.get("/login")
    token = form.text.split('name="login_token" value="')[1].split('"')[0]
    done = app_client.post(
        "/login",
        data={"username": "tech", "password": PASSWORD, "login_token": token, "next": "//evil.example/x"},
    )
    assert done.status_code == 303 and done.headers["location"] == "/"


def test_sign_in_form_needs_its_own_token(app_client: TestClient) -> None:
    done = app_client.post("/login", data={"username": "tech", "password": PASSWORD, "login_token": "forged"})
    assert done.status_code == 403 and "auditor_session=" not in done.headers.get("set-cookie", "")
    assert app_client.get("/").status_code == 303
