"""`auditor feeds update|import|status`: the vulnerability feeds the controller holds (auditor.feeds).

Hosts never fetch feeds: the controller downloads them (`update`), or a site without internet
copies the files across and loads them (`import`, each file recognised by its content).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from auditor.core.errors import ConfigError, ExitCode
from auditor.core.terminal import inert

feeds_app = typer.Typer(no_args_is_help=True, help="Vulnerability feeds: CISA KEV, FIRST EPSS, Debian and Ubuntu.")

IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--feeds", help="Feeds index (SQLite) [default: $AUDITOR_FEEDS or ~/.local/share/auditor/feeds.sqlite]."
    ),
]
MaxAgeOption = Annotated[float, typer.Option("--max-age-days", help="A feed older than this is reported stale.")]


def _index(path: Path | None) -> Path:
    from auditor.feeds.index import default_index_path

    return (path or default_index_path()).expanduser()


@feeds_app.command("import")
def feeds_import(
    files: Annotated[list[Path], typer.Argument(help="KEV JSON, EPSS CSV(.gz), Debian tracker JSON, Ubuntu OSV.")],
    feeds: IndexOption = None,
) -> None:
    """Load feed files (their kind is read from their content); each replaces the previous edition."""
    from auditor.feeds.importer import import_file

    index = _index(feeds)
    for path in files:
        if not path.is_file():
            raise ConfigError(f"{path}: no such file")
        version = import_file(path, index, now=datetime.now(UTC))
        typer.echo(f"{version.name}: imported {version.records} records, version {inert(version.version)} from {path}")


@feeds_app.command("update")
def feeds_update(
    feeds: IndexOption = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Update only this feed (repeatable).")] = None,
    url: Annotated[list[str] | None, typer.Option("--url", help="NAME=URL: fetch a feed from a mirror.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds without data before giving up.")] = 60.0,
) -> None:
    """Download the feeds (conditional requests, size limits, verified TLS); a failed one keeps its old edition."""
    from auditor.feeds.download import DEFAULT_SOURCES, FeedSource, update_feed

    mirrors = dict(_pair(item) for item in url or [])
    known = {source.name for source in DEFAULT_SOURCES}
    unknown = sorted((set(mirrors) | set(only or [])) - known)
    if unknown:
        raise ConfigError(f"unknown feed {unknown[0]!r}: choose from {', '.join(sorted(known))}")
    index = _index(feeds)
    failed = 0
    for source in DEFAULT_SOURCES:
        if only and source.name not in only:
            continue
        chosen = FeedSource(source.name, mirrors.get(source.name, source.url), source.max_bytes)
        outcome = update_feed(chosen, index, now=datetime.now(UTC), timeout=timeout)
        failed += outcome.status == "failed"
        typer.echo(f"{outcome.name}: {outcome.status}: {inert(outcome.detail)}", err=outcome.status == "failed")
    if failed:
        raise typer.Exit(ExitCode.FEED_FAILED)


def _pair(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not value:
        raise ConfigError(f"--url {item!r}: expected NAME=URL")
    return name.strip(), value.strip()


@feeds_app.command("status")
def feeds_status(
    feeds: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    max_age_days: MaxAgeOption = 7.0,
) -> None:
    """Each feed's source, version or date, age, and whether it is stale."""
    from auditor.feeds.index import feed_age_days, read_versions

    now = datetime.now(UTC)
    versions = read_versions(_index(feeds))
    rows = [
        {
            **version.model_dump(mode="json"),
            "age_days": round(feed_age_days(version, now), 1),
            "stale": feed_age_days(version, now) > max_age_days,
        }
        for version in versions
    ]
    if as_json:
        document = {
            "schema": "auditor.feeds/1",
            "index": str(_index(feeds)),
            "max_age_days": max_age_days,
            "feeds": rows,
        }
        typer.echo(json.dumps(document, indent=2))
        return
    if not rows:
        typer.echo(f"no feeds in {_index(feeds)}: run `auditor feeds update` or `auditor feeds import FILE...`")
        return
    for row in rows:
        stale = "  STALE" if row["stale"] else ""
        typer.echo(
            f"{row['name']:<7} {inert(str(row['version'])):<32} {row['age_days']:>6} days  "
            f"{row['records']:>8} records  {inert(str(row['source']))}{stale}"
        )
