"""`auditor tickets sync|list` as a user types them, the [tickets] config table, and the ticket
book on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from auditor.core.errors import ConfigError, ExitCode
from auditor.core.models import Status
from auditor.store.database import Store
from auditor.store.tickets import TicketBook, TicketMember, TicketRecord
from tests.tickets.fakes import CW, SECRETS, serve
from tests.tickets.runs import T0, host, store_run, ticket_config
from tests.tlscerts import Pki, make_pki

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    folder = tmp_path / "pki"
    folder.mkdir()
    return make_pki(folder)


def _auditor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_CW_")}
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**clean, **env},
        cwd=REPO,
    )


def test_tickets_sync_and_list_from_the_command_line(tmp_path: Path, pki: Pki) -> None:
    db = tmp_path / "auditor.db"
    store = Store(f"sqlite:///{db}")
    store_run(store, 1, [host("web01", {"ssh-root-login": Status.FAIL})])
    store.close()
    with serve("connectwise", pki) as psa:
        ticket_config(tmp_path, psa="connectwise", url=psa.url, pki=pki)
        config = str(tmp_path / "config.toml")
        dry = _auditor("tickets", "sync", "--dry-run", "--db", str(db), "--config", config, env={})
        assert dry.returncode == 0 and dry.stdout.startswith("ticket: would open a ticket for acme"), dry.stderr
        assert psa.requests == []
        psa.faults["POST /v4_6_release/apis/3.0/service/tickets"] = "503"
        failed = _auditor("tickets", "sync", "--db", str(db), "--config", config, env=CW)
        done = _auditor("tickets", "sync", "--db", str(db), "--config", config, env=CW)
    assert failed.returncode == ExitCode.TICKETS_FAILED
    (line,) = failed.stdout.splitlines()
    assert line.startswith("tickets not synced: connectwise: POST service/tickets: HTTP 503")
    assert "Traceback" not in failed.stderr
    assert done.returncode == 0 and done.stdout.startswith("ticket: opened ticket 1001 for acme"), done.stderr
    for output in (dry, failed, done):
        assert not any(secret in output.stdout + output.stderr for secret in SECRETS)
    listed = json.loads(_auditor("tickets", "list", "--json", "--db", str(db), env={}).stdout)
    assert listed["schema"] == "auditor.tickets/1"
    assert [(t["ticket_id"], t["status"], t["group"]) for t in listed["tickets"]] == [
        ("1001", "open", "ssh-root-login")
    ]
    table = _auditor("tickets", "list", "--db", str(db), env={})
    assert "1001" in table.stdout and "ssh-root-login" in table.stdout


def test_sync_without_a_tickets_table_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "auditor.db"
    store_run(Store(f"sqlite:///{db}"), 1, [host("web01", {"ssh-root-login": Status.FAIL})])
    (tmp_path / "config.toml").write_text("[alerts]\nmin_severity = 'high'\n")
    done = _auditor("tickets", "sync", "--db", str(db), "--config", str(tmp_path / "config.toml"), env={})
    assert done.returncode == 2 and "no [tickets] table" in done.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'psa = "connectwise"\nurl = "https://x"\ngroup = "host"',
            "unknown key 'group' in [tickets]; did you mean 'group_by'",
        ),
        ('psa = "servicenow"\nurl = "https://x"', "psa must be one of connectwise, autotask, halopsa"),
        ('psa = "connectwise"\nurl = "http://x"', "url must be an https:// URL"),
        ('psa = "halopsa"\nurl = "https://x/api"', 'psa = "halopsa" needs auth_url'),
        ('psa = "autotask"\nurl = "https://x"\ngroup_by = "client"', "group_by must be one of check, host"),
        ('psa = "autotask"\nurl = "https://x"\n[tickets.clients.acme]\nboard = 3', "company is required"),
    ],
)
def test_the_tickets_table_is_checked_strictly(tmp_path: Path, table: str, message: str) -> None:
    from auditor.config.loader import load_config

    path = tmp_path / "config.toml"
    path.write_text(f"[tickets]\n{table}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert message in str(raised.value)


def test_the_ticket_book_round_trips_on_both_backends(db_url: str) -> None:
    book = TicketBook(Store(db_url))
    member = TicketMember("web01", "ssh-root-login", "SSH permits root login", "high")
    record = TicketRecord(
        psa="autotask",
        client="acme",
        group_by="check",
        group_key="ssh-root-login",
        ticket_id="7741",
        status="open",
        severity="high",
        members=(member,),
        opened_at=T0,
        updated_at=T0,
        last_run_id="run01",
        last_run_at=T0,
    )
    saved = book.save(record)
    assert saved.row_id is not None and book.open_tickets("autotask") == {("acme", "check", "ssh-root-login"): saved}
    closed = book.save(TicketRecord(**{**saved.__dict__, "status": "closed", "closed_at": T0 + timedelta(days=3)}))
    assert closed.row_id == saved.row_id and book.open_tickets("autotask") == {}
    assert [entry.closed_at for entry in book.entries(include_closed=True)] == [T0 + timedelta(days=3)]


def test_a_store_at_the_previous_revision_is_upgraded_with_the_ticket_book(db_url: str) -> None:
    """A store written before tickets existed (revision 0005) gains the table when next opened."""
    from importlib.resources import files

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from auditor.store.db.migrate import head_revision

    engine = sa.create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    assert "psa_tickets" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    store = Store(db_url)
    assert "psa_tickets" in sa.inspect(store.engine).get_table_names()
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    assert head_revision() == "0006"
    assert TicketBook(store).entries(include_closed=True) == []


def test_config_check_describes_the_tickets_table_without_secrets(
    tmp_path: Path, pki: Pki, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from auditor.cli.main import main

    ticket_config(tmp_path, psa="connectwise", url="https://cw.example", pki=pki)
    for name, value in CW.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AUDITOR_CW_PRIVATE_KEY")
    assert main(["config", "check", "--config", str(tmp_path / "config.toml")]) == 0
    out = capsys.readouterr().out
    assert "tickets: connectwise, one per client and check, from severity high; clients acme;" in out
    assert "not set: AUDITOR_CW_PRIVATE_KEY" in out and CW["AUDITOR_CW_CLIENT_ID"] not in out
