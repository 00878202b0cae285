"""`auditor report --format onboarding|onboarding-pdf`: the onboarding assessment, one client per file.

A prospect's assessment must never show another client's systems, so every client gets its own
document: with --client (or a run of one client) one document goes to -o FILE or stdout; otherwise
-o names a folder and each client's document is written there. `auditor run --format onboarding
-o DIR` writes the same per-client files.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from auditor.config.branding import check_language
from auditor.config.loader import Config
from auditor.core.errors import ConfigError
from auditor.report.data import ClientView, ReportView
from auditor.report.render import preflight

ONBOARDING_FORMATS = ("onboarding", "onboarding-pdf")
SUFFIXES = {"onboarding": ".onboarding.html", "onboarding-pdf": ".onboarding.pdf"}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def onboarding_filename(run_id: str, client: str, fmt: str) -> str:
    """auditor-RUN-CLIENT.onboarding.html; a client name is reduced to characters safe in a file name."""
    safe = _UNSAFE.sub("-", client).strip("-.") or "client"
    return f"auditor-{run_id}-{safe}{SUFFIXES[fmt]}"


def render_client(
    view: ReportView, client: ClientView, fmt: str, *, config: Config, language: str | None, generated_at: datetime
) -> bytes:
    """One client's assessment in its language (--lang over the config's) with its brand and the MSP's rates."""
    from auditor.report.formats.onboarding_page import render_onboarding_html, render_onboarding_pdf

    look = config.presentation.look_for(client.name)
    render = render_onboarding_pdf if fmt == "onboarding-pdf" else render_onboarding_html
    content = render(
        view,
        client,
        branding=config.presentation.branding_for(client.name),
        language=language or look.language,
        paper=look.paper,
        rates=config.onboarding_rates,
        generated_at=generated_at,
    )
    return content if isinstance(content, bytes) else content.encode("utf-8")


def write_onboarding(
    view: ReportView, fmt: str, *, config: Config, output_dir: Path, language: str | None = None
) -> list[Path]:
    """Each client's assessment as its own file in `output_dir`."""
    generated = datetime.now(UTC)
    written: list[Path] = []
    for client in view.clients:
        path = output_dir / onboarding_filename(view.run.info.id, client.name, fmt)
        content = render_client(view, client, fmt, config=config, language=language, generated_at=generated)
        _write(path, content)
        written.append(path.resolve())
    return written


@dataclass(frozen=True)
class OnboardingRequest:
    run: str
    fmt: str
    client: str | None
    language: str | None
    output: Path | None
    db: str | None
    config: Path | None
    re_evaluate: bool = False
    waivers: Path | None = None


def report_onboarding(request: OnboardingRequest) -> list[Path]:
    """Render a stored run's onboarding assessment(s); returns the files written (none for stdout)."""
    from auditor.run.offline import stored_report_view

    if request.language is not None:
        check_language(request.language, "--lang")
    preflight(["pdf"] if request.fmt == "onboarding-pdf" else [])
    config, view = stored_report_view(
        run=request.run,
        db=request.db,
        config=request.config,
        re_evaluate=request.re_evaluate,
        client=request.client,
        waivers=request.waivers,
    )
    if len(view.clients) == 1 and not (request.output and request.output.is_dir()):
        (client,) = view.clients
        content = render_client(
            view, client, request.fmt, config=config, language=request.language, generated_at=datetime.now(UTC)
        )
        if request.output is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return []
        _write(request.output, content)
        return [request.output]
    if request.output is None or request.output.suffix.lower() in (".html", ".htm", ".pdf"):
        names = ", ".join(client.name for client in view.clients) or "none"
        raise ConfigError(
            f"--format {request.fmt} writes one client per file: give --client NAME, or -o FOLDER for every "
            f"client's file (clients in this run: {names})"
        )
    return write_onboarding(view, request.fmt, config=config, output_dir=request.output, language=request.language)


def _write(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        raise ConfigError(f"cannot write report {path}: {exc.strerror}") from None
