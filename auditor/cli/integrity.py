"""`auditor keys init` and `auditor verify`: the MSP's signing key, and checking a run or a report
against its signed evidence manifest (auditor.store.integrity)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from auditor.core.errors import ConfigError, ExitCode

keys_app = typer.Typer(no_args_is_help=True, help="The MSP's key that signs each run's evidence manifest.")

DEFAULT_KEY = Path("~/.config/auditor/signing.key")


@keys_app.command("init")
def keys_init(
    key: Annotated[
        Path, typer.Option("--key", help="Private key path (0600); the public key goes to KEY.pub.")
    ] = DEFAULT_KEY,
) -> None:
    """Create an Ed25519 signing key; put `[signing] key = "PATH"` in the config to sign every run."""
    from auditor.store.integrity import generate_key

    path = key.expanduser()
    fingerprint = generate_key(path)
    typer.echo(f"wrote {path} (private, 0600) and {path}.pub; fingerprint {fingerprint}")
    typer.echo(f'add to the config:\n[signing]\nkey = "{path}"')


def verify_command(
    target: Annotated[str, typer.Argument(help="Run id, prefix or latest; or a JSON report file.")],
    public_key: Annotated[
        Path | None, typer.Option("--public-key", help="The MSP's public key to pin (PEM) (default: the config's key).")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Run store: SQLAlchemy URL or SQLite file.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (its [signing] key).")] = None,
) -> None:
    """Check that a run's stored evidence, or a JSON report's, is what the run collected and signed."""
    from auditor.config.loader import load_config
    from auditor.store.integrity import SignedManifest, load_public_key, problems

    pinned: bytes | None = None
    if public_key is not None:
        pinned = load_public_key(public_key.expanduser())
    else:
        settings = load_config(config)
        if settings.signing_key is not None:
            pinned = load_public_key(settings.signing_key)
    report = Path(target)
    if report.suffix == ".json" and report.is_file():
        document = _json(report)
        if "integrity" not in document:
            raise ConfigError(f"{report} carries no evidence manifest (rendered without one, or for one client)")
        signed = SignedManifest.model_validate(document["integrity"])
        digests = _report_digests(document)
        what = f"report {report}"
    else:
        from auditor.store.database import Store
        from auditor.store.engine import to_url
        from auditor.store.manifests import stored_digests, stored_manifest

        store = Store(to_url(db), existing=True)
        run_id = store.resolve(target)
        stored = stored_manifest(store, run_id)
        if stored is None:
            raise ConfigError(f"run {run_id} has no evidence manifest (stored before manifests existed)")
        signed, digests = stored, stored_digests(store, run_id)
        what = f"run {run_id}"
    found = problems(signed, digests, pinned_key=pinned)
    if found:
        for line in found:
            typer.echo(f"{what}: {line}", err=True)
        raise typer.Exit(int(ExitCode.NOT_VERIFIED))
    items = sum(len(probes) for probes in digests.values())
    key = f"signed by key {signed.key_fingerprint}" + ("" if pinned else " (not pinned: pass --public-key)")
    typer.echo(f"{what}: verified, {items} evidence items unaltered, manifest {signed.digest[:16]}, {key}")


def _json(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read {path} as a JSON report: {exc}") from None
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path} is not a JSON report")
    return loaded


def _report_digests(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    from auditor.store.integrity import evidence_digest

    digests: dict[str, dict[str, str]] = {}
    try:
        for host in document["hosts"]:
            for item in host.get("evidence", []):
                digests.setdefault(host["name"], {})[item["probe"]] = evidence_digest(
                    probe=item["probe"],
                    command=item["command"],
                    stdout=item["stdout"],
                    stderr=item["stderr"],
                    exit_status=item["exit_status"],
                    complete=item["complete"],
                )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"the report's evidence is not in the documented shape: {exc}") from None
    return digests
