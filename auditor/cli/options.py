"""Options shared by several `auditor` commands, and the small argument helpers they use."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.core.errors import ConfigError
from auditor.report.formatnames import FORMATS as REPORT_FORMATS

InventoryOpt = Annotated[
    str, typer.Option("--inventory", "-i", help="Ansible inventory: INI/YAML file, directory or 'h1,h2,'.")
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Run store: SQLAlchemy URL or SQLite file [default: ~/.local/share/auditor/auditor.db, or $AUDITOR_DB].",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (TOML) [default: ~/.config/auditor/config.toml if present]."),
]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="Check profile: baseline, strict, or a profile .yaml file [default: the config's, else all checks].",
    ),
]
ChecksDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--checks-dir",
        metavar="DIR",
        help="Folder of custom checks in the library's format (repeatable; adds to the config's checks_dirs).",
    ),
]
LimitOpt = Annotated[
    str | None,
    typer.Option(
        "--limit", "-l", help="Hosts or groups (Ansible pattern); 'latest' is the newest run that audited them all."
    ),
]
FORMATS = REPORT_FORMATS  # one list: auditor.report.render.FORMATS
WaiversOpt = Annotated[
    Path | None, typer.Option("--waivers", help="Waivers file (YAML) [default: the config's `waivers`].")
]


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (shape in docs/JSON.md) instead of a table.")]
STDOUT = Path("-")


def parse_formats(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in FORMATS]
    if unknown or not chosen:
        raise ConfigError(f"unknown report format {','.join(unknown) or value!r}; choose from {', '.join(FORMATS)}")
    return chosen


def write_file(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


def write_output(path: Path | None, content: str | bytes) -> None:
    """A report or playbook to a file, or to stdout when there is no path or it is `-`."""
    if path is None or path == STDOUT:
        if isinstance(content, bytes):  # PDF
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        return
    write_file(path, content if isinstance(content, bytes) else content.encode("utf-8"))
    typer.echo(f"wrote {path}", err=True)
