"""Scripting the CLI: JSON on stdout, user errors exit 2, read-only commands create nothing, scoped 'latest'."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from auditor.cli.main import main
from auditor.core.runmodel import RunInfo
from auditor.store.listing import RunLine
from tests.fixtures_runs import sample_run, store_sample_run


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


Invoke = Callable[..., Done]


@pytest.fixture
def auditor(capsys: pytest.CaptureFixture[str]) -> Invoke:
    """`auditor ARGS` in this process (as the entry point runs it): exit code, stdout, stderr."""

    def invoke(*args: str) -> Done:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Done(code, out, err)

    return invoke


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    store_sample_run(path).close()
    return path


def _add_acme_only_run(db: Path) -> str:
    """A later run limited to acme's hosts (as `-l acme` makes)."""
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    run = sample_run()
    info = run.info.model_copy(
        update={"id": "20240507T090000Z-acme", "started_at": run.info.started_at + timedelta(days=1), "limit": "acme"}
    )
    store = Store(to_url(str(db)))
    store.begin_run(info)
    for host in run.hosts:
        if host.client == "acme":
            store.add_host(info.id, host)
    store.finish_run(info.id, finished_at=info.started_at + timedelta(seconds=5), complete=True)
    store.close()
    return info.id


@pytest.mark.parametrize(
    "args",
    [
        ["runs"],
        ["report", "--format", "json"],
        ["diff", "latest", "latest"],
        ["fix"],
        ["verify", "latest"],
        ["prune", "--keep", "30d"],
        ["export", "findings", "--since", "2026-11-01", "--until", "2026-11-30"],
    ],
)
def test_read_only_commands_never_create_a_store(auditor: Invoke, tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "typo" / "stroe.db"
    done = auditor(*args, "--db", str(missing))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "no run store at" in done.stderr
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.parametrize("run", ["nosuchrun", "latest"])
def test_unknown_run_and_no_runs_are_user_errors(auditor: Invoke, tmp_path: Path, db: Path, run: str) -> None:
    empty = tmp_path / "empty.db"
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    Store(to_url(str(empty))).close()
    target = db if run != "latest" else empty
    done = auditor("report", "--run", run, "--format", "json", "--db", str(target))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("auditor: error: no run")


def test_report_to_stdout_with_dash(auditor: Invoke, tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = auditor("report", "--format", "json", "-o", "-", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["run"]["id"] == sample_run().info.id
    assert not (tmp_path / "-").exists()


def test_latest_is_scoped_to_the_client(auditor: Invoke, db: Path) -> None:
    acme_run = _add_acme_only_run(db)
    globex = auditor("report", "--client", "globex", "--format", "json", "-o", "-", "--db", str(db))
    assert globex.returncode == 0, globex.stderr
    assert json.loads(globex.stdout)["run"]["id"] == sample_run().info.id
    acme = auditor("report", "--client", "acme", "--format", "json", "-o", "-", "--db", str(db))
    assert json.loads(acme.stdout)["run"]["id"] == acme_run
    nobody = auditor("report", "--client", "initech", "--format", "json", "--db", str(db))
    assert nobody.returncode == 2
    assert "with client 'initech'" in nobody.stderr


def test_runs_json(auditor: Invoke, db: Path) -> None:
    acme_run = _add_acme_only_run(db)
    done = auditor("runs", "--json", "--db", str(db))
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema"] == "auditor.runs/1"
    assert [run["id"] for run in document["runs"]] == [acme_run, sample_run().info.id]
    assert document["runs"][0]["limit"] == "acme" and document["runs"][0]["complete"] is True
    scoped = json.loads(auditor("runs", "--json", "--client", "globex", "--db", str(db)).stdout)
    assert [run["id"] for run in scoped["runs"]] == [sample_run().info.id]


def test_checks_list_json(auditor: Invoke) -> None:
    done = auditor("checks", "list", "--json", "--checks", "ssh-*")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema"] == "auditor.checks/1"
    ids = [check["id"] for check in document["checks"]]
    assert ids and all(check_id.startswith("ssh-") for check_id in ids)
    assert {"id", "title", "category", "severity", "facts"} <= set(document["checks"][0])


def test_inventory_show_json(auditor: Invoke, tmp_path: Path) -> None:
    inventory = tmp_path / "inv.ini"
    inventory.write_text(
        "[acme]\nweb1 ansible_host=10.0.0.1 ansible_user=audit ansible_become=true\n"
        "[globex]\ndb1 ansible_host=10.0.0.2 ansible_port=2222 ansible_become_password=hunter2\n"
    )
    done = auditor("inventory", "show", "-i", str(inventory), "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema"] == "auditor.inventory/1"
    clients = {client["name"]: client["hosts"] for client in document["clients"]}
    assert clients["acme"][0] == {
        "name": "web1",
        "address": "10.0.0.1",
        "port": 22,
        "user": "audit",
        "connection": "ssh",
        "become": True,
        "become_user": "root",
        "groups": ["acme"],
    }
    assert clients["globex"][0]["port"] == 2222
    assert "hunter2" not in done.stdout


def _line(info: RunInfo) -> RunLine:
    return RunLine.of(info.model_dump(mode="json"))


def test_ids_are_never_cut_in_narrow_tables(db: Path) -> None:
    from auditor.cli.console import print_checks, print_runs
    from auditor.core.terminal import InertConsole
    from auditor.run.selection import listed_checks

    console = InertConsole(width=60)
    library = listed_checks(selected="ssh-*")
    with console.capture() as captured:
        print_runs(console, [_line(sample_run().info)], where="a-very-long-store-location-that-takes-room")
        print_checks(console, library)
    text = captured.get()
    assert sample_run().info.id in text
    assert library.checks
    for check in library.checks:
        assert check.id in text
    for line in text.splitlines():
        assert len(line) <= 60 or any(line.startswith(check.id) for check in library.checks), line


def _keys(value: object) -> object:
    """The shape of a JSON value: keys of objects, the first item of lists (a check's references
    map framework names, which are data, so only their presence counts)."""
    if isinstance(value, dict):
        return {key: None if key == "references" else _keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys(value[0])] if value and isinstance(value[0], dict) else []
    return None


def test_documented_shapes_match_the_output(auditor: Invoke, db: Path, tmp_path: Path) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "JSON.md").read_text(encoding="utf-8")
    blocks = [json.loads(block.split("```", 1)[0]) for block in docs.split("```json\n")[1:]]
    documented = {block["schema"]: block for block in blocks}
    inventory = tmp_path / "inv.ini"
    inventory.write_text("[acme]\nweb1 ansible_host=10.0.0.1 ansible_user=audit ansible_become=true\n")
    printed = [
        auditor("runs", "--json", "--db", str(db)).stdout,
        auditor("checks", "list", "--json", "--checks", "ssh-*", "--profile", "baseline").stdout,
        auditor("inventory", "show", "-i", str(inventory), "--json").stdout,
    ]
    for text in printed:
        document = json.loads(text)
        assert _keys(document) == _keys(documented[document["schema"]]), document["schema"]
