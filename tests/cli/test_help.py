"""Help at 80 columns: every option name and default whole, an example per command, `--version`."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from auditor import __version__
from auditor.cli.main import app, main


def _leaf_commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append(path)

    walk(root, ())
    return found


COMMANDS = _leaf_commands()


def _help(path: tuple[str, ...]) -> str:
    done = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, prog_name="auditor")
    assert done.exit_code == 0, done.output
    return done.output


def test_every_command_is_covered() -> None:
    assert {("run",), ("report",), ("diff",), ("runs",), ("checks", "list"), ("schedule", "install")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(path) for path in COMMANDS])
def test_help_fits_80_columns_with_names_defaults_and_examples(path: tuple[str, ...]) -> None:
    text = _help(path)
    assert all(len(line) <= 80 for line in text.splitlines()), max(text.splitlines(), key=len)
    assert "…" not in text
    assert "<bool>" not in text
    assert not re.search(r"\s\.$", text, flags=re.M), "a help text ends in a stray ' .'"
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    for param in command.params:
        for option in (*param.opts, *param.secondary_opts):
            if option.startswith("-"):
                assert re.search(rf"(^|[\s,/]){re.escape(option)}(\s|,|$)", text, flags=re.M), option
        default = param.default
        plain = isinstance(default, str | int | float) and not isinstance(default, bool) and str(default)
        if plain and param.show_default and not getattr(param, "is_flag", False):
            assert f"[default: {default}" in " ".join(text.split()), (param.opts, default)
    assert "Examples:" in text
    examples = text.split("Examples:", 1)[1].strip().splitlines()
    assert examples and all(line.strip().startswith("auditor " + " ".join(path)) for line in examples if line.strip())


def test_long_defaults_are_whole() -> None:
    text = _help(("run",))
    assert "--trust-on-first-use" in text
    assert "AUDITOR_BECOME_PASSWORD" in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"auditor {__version__}"
