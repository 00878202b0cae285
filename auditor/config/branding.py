"""How client-facing reports look and speak: the MSP's brand, the language and the paper size,
for every client and per client.

    [branding]                      # every client-facing report (client report, onboarding, their PDFs)
    name = "Example IT Services"
    logo = "logo.png"               # PNG, JPEG, GIF, WebP or SVG; relative to this file; embedded
    primary_color = "#0f1f47"       # #rgb or #rrggbb
    accent_color = "#1e88e5"
    contact = "help@example-it.example, +44 20 7946 0000"
    website = "example-it.example"

    [report]
    language = "en"                 # en or fr
    paper = "A4"                    # A4 or Letter (PDF)

    [clients.acme.branding]         # one client's overrides: any key of [branding]
    name = "Example IT for ACME"
    [clients.acme.report]
    language = "fr"

A client's language, highest first: `--lang`, the inventory variable auditor_report_language on
the client's hosts, [clients.NAME.report], [report], English.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError

LANGUAGES = ("en", "fr")
PAPERS = ("A4", "Letter")
LANGUAGE_VARIABLE = "auditor_report_language"


@dataclass(frozen=True)
class Branding:
    """How the MSP presents itself in client-facing reports; the logo is embedded as a data: URI."""

    name: str = "Your IT partner"
    logo_data_uri: str | None = field(default=None, repr=False)
    primary_color: str = "#0f1f47"
    accent_color: str = "#1e88e5"
    contact: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class ReportLook:
    """Language and paper of a client's reports."""

    language: str = "en"
    paper: str = "A4"


@dataclass(frozen=True)
class Presentation:
    """[branding] and [report] with their [clients.NAME.*] overrides."""

    branding: Branding = field(default_factory=Branding)
    look: ReportLook = field(default_factory=ReportLook)
    client_branding: Mapping[str, Branding] = field(default_factory=dict)
    client_look: Mapping[str, ReportLook] = field(default_factory=dict)

    def branding_for(self, client: str | None) -> Branding:
        return self.client_branding.get(client, self.branding) if client else self.branding

    def look_for(self, client: str | None) -> ReportLook:
        return self.client_look.get(client, self.look) if client else self.look


def check_language(value: object, where: str) -> str:
    """A shipped language code, or a one-line error naming where the bad value came from."""
    if not isinstance(value, str) or value not in LANGUAGES:
        raise ConfigError(f"{where}: language must be one of {', '.join(LANGUAGES)}, not {value!r}")
    return value


def parse_presentation(data: Mapping[str, Any], path: Path) -> Presentation:
    branding = _branding(data.get("branding", {}), path, "[branding]", Branding())
    look = _look(data.get("report", {}), path, "[report]", ReportLook())
    clients = data.get("clients", {})
    if not isinstance(clients, dict):
        raise ConfigError(f"{path}: [clients] must be a table of client names")
    client_branding: dict[str, Branding] = {}
    client_look: dict[str, ReportLook] = {}
    for name, table in clients.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [clients.{name}] must be a table")
        if "branding" in table:
            client_branding[name] = _branding(table["branding"], path, f"[clients.{name}.branding]", branding)
        if "report" in table:
            client_look[name] = _look(table["report"], path, f"[clients.{name}.report]", look)
    return Presentation(branding=branding, look=look, client_branding=client_branding, client_look=client_look)


def _look(raw: object, path: Path, where: str, base: ReportLook) -> ReportLook:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    unknown = sorted(set(raw) - {"language", "paper"})
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in {where}: {', '.join(unknown)}; known: language, paper")
    look = base
    if "language" in raw:
        look = replace(look, language=check_language(raw["language"], f"{path}: {where}"))
    if "paper" in raw:
        if raw["paper"] not in PAPERS:
            raise ConfigError(f"{path}: {where} paper must be one of {', '.join(PAPERS)}, not {raw['paper']!r}")
        look = replace(look, paper=raw["paper"])
    return look


_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
LOGO_MAX_BYTES = 1_000_000
_BRANDING_TEXT = ("name", "contact", "website")
_BRANDING_KEYS = {*_BRANDING_TEXT, "logo", "primary_color", "accent_color"}


def _branding(raw: object, path: Path, where: str, base: Branding) -> Branding:
    """A branding table over `base`, validated; colours must be hex because they go into the report's CSS."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    unknown = sorted(set(raw) - _BRANDING_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in {where}: {', '.join(unknown)}")
    values: dict[str, str] = {}
    for key in _BRANDING_TEXT:
        if key in raw:
            value = raw[key]
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise ConfigError(f"{path}: {where} {key} must be a non-empty string of at most 200 characters")
            values[key] = value.strip()
    for key in ("primary_color", "accent_color"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, str) or not _COLOR.match(value):
                raise ConfigError(f"{path}: {where} {key} must be a hex colour like #1e88e5, not {value!r}")
            values[key] = value
    logo = raw.get("logo")
    if logo is not None and (not isinstance(logo, str) or not logo):
        raise ConfigError(f"{path}: {where} logo must be a file path")
    if logo:
        values["logo_data_uri"] = _logo_data_uri(path.parent / Path(logo).expanduser(), config=path, where=where)
    return replace(base, **values)


def _logo_data_uri(logo: Path, *, config: Path, where: str) -> str:
    mime = _LOGO_TYPES.get(logo.suffix.lower())
    if mime is None:
        raise ConfigError(f"{config}: {where} logo {logo} must be one of {', '.join(sorted(_LOGO_TYPES))}")
    try:
        data = logo.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{config}: {where} logo file not found: {logo}") from None
    except OSError as exc:
        raise ConfigError(f"{config}: {where} cannot read logo {logo}: {exc.strerror}") from None
    if len(data) > LOGO_MAX_BYTES:
        raise ConfigError(f"{config}: {where} logo {logo} is over {LOGO_MAX_BYTES // 1000} kB; use a smaller file")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
