"""Bad input of every kind an operator can hand over: one line on stderr, a documented exit code.

Each case once ended in a traceback (or a MemoryError after minutes); each now stops before any
host is contacted, naming the file and what is wrong with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.cli.main import main
from auditor.core.errors import ExitCode

USAGE, STORE = int(ExitCode.USAGE), int(ExitCode.INTERNAL)
OK_INVENTORY = "[web]\nweb1 ansible_host=192.0.2.1\n"


def _laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _deep(key: str = "x") -> str:
    return f"{key}: " + "[" * 5000 + "]" * 5000 + "\n"


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def _run_with(tmp: Path, *extra: str) -> list[str]:
    inventory = _write(tmp / "hosts.ini", OK_INVENTORY)
    return ["run", "-i", str(inventory), "--db", str(tmp / "db.sqlite"), "-o", str(tmp / "out"), *extra]


def _inventory(content: str | bytes, name: str = "hosts.yml") -> Callable[[Path], list[str]]:
    return lambda tmp: ["inventory", "show", "-i", str(_write(tmp / name, content))]


def _waivers(content: str | bytes) -> Callable[[Path], list[str]]:
    return lambda tmp: _run_with(tmp, "--waivers", str(_write(tmp / "waivers.yaml", content)))


def _config(content: str | bytes) -> Callable[[Path], list[str]]:
    return lambda tmp: _run_with(tmp, "--config", str(_write(tmp / "config.toml", content)))


def _profile(content: str | bytes) -> Callable[[Path], list[str]]:
    return lambda tmp: _run_with(tmp, "--profile", str(_write(tmp / "profile.yaml", content)))


def _future_store(tmp: Path) -> list[str]:
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    db = tmp / "db.sqlite"
    Store(to_url(str(db))).close()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    return ["runs", "--db", str(db)]


def _db_under_a_file(tmp: Path) -> list[str]:
    inventory = _write(tmp / "inv.ini", "[acme]\nweb1 ansible_host=127.0.0.1 ansible_port=1\n")
    store = _write(tmp / "plain-file", "x") / "db.sqlite"
    return ["run", "-i", str(inventory), "--db", str(store), "-o", str(tmp / "out"), "--no-progress"]


def _db_not_a_database(tmp: Path) -> list[str]:
    return ["runs", "--db", str(_write(tmp / "db.sqlite", b"\x00garbage" * 512))]


WAIVER = "waivers:\n  - check: ssh-root-login\n    justification: accepted for now\n    approved_by: ops\n"
CASES: dict[str, tuple[Callable[[Path], list[str]], int, str]] = {
    "inventory alias bomb in vars": (
        _inventory("all:\n  hosts:\n    web1:\n  vars:\n    " + _laughs().replace("\n", "\n    ")),
        USAGE,
        "aliases are expanded",
    ),
    "inventory nested 5000 deep": (_inventory("all:\n  vars:\n    " + _deep()), USAGE, "nest"),
    "inventory not UTF-8": (_inventory(b"[web]\nweb1\xff\n", "hosts.ini"), USAGE, "not UTF-8"),
    "inventory range too large": (_inventory("[web]\nweb[1:9999999]\n", "hosts.ini"), USAGE, "more than 100000"),
    "waiver expiring on 30 February": (_waivers(WAIVER + "    expires: 2026-02-30\n"), USAGE, "day is out of range"),
    "waivers not UTF-8": (_waivers(b"waivers:\n  - check: x\xff\n"), USAGE, "not UTF-8"),
    "waivers nested 5000 deep": (_waivers(_deep("waivers")), USAGE, "nest"),
    "waivers alias bomb": (_waivers(_laughs() + "waivers: []\n"), USAGE, "aliases are expanded"),
    "config scoring = 5": (_config("scoring = 5\n"), USAGE, "[scoring] must be a table, not the number 5"),
    "config email to as a string": (
        _config('[alerts.email]\nhost = "smtp"\nsender = "a@msp"\nto = "ops@x"\n'),
        USAGE,
        "[alerts.email] to must be a list, not a string",
    ),
    "config misspelt key": (_config('[alerts]\nmin_severty = "high"\n'), USAGE, "did you mean 'min_severity'?"),
    "config not UTF-8": (_config(b'profile = "\xff"\n'), USAGE, "not UTF-8"),
    "config webhook url a number": (_config("[[alerts.webhook]]\nurl = 5\n"), USAGE, "url must be a string"),
    "profile not UTF-8": (_profile(b"name: x\xff\n"), USAGE, "not UTF-8"),
    "profile nested 5000 deep": (_profile(_deep("include")), USAGE, "nest"),
    "profile alias bomb": (_profile(_laughs()), USAGE, "aliases are expanded"),
    "store from a future schema": (_future_store, STORE, "newer than this auditor knows"),
    "--db under a file": (_db_under_a_file, STORE, "is a file, not a folder"),
    "--db mysql without a driver": (lambda tmp: ["runs", "--db", "mysql://u@db.invalid/x"], STORE, "driver"),
    "--db not a database": (_db_not_a_database, STORE, "not a database"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_and_an_exit_code(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, code, fragment = CASES[case]
    args = make(tmp_path)
    capsys.readouterr()
    assert main(args) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("auditor: error: ") and fragment in lines[0], lines[0]
    assert not (tmp_path / "out").exists()  # stopped before any host was contacted or report written
