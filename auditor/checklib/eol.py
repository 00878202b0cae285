"""End-of-support data (auditor/data/eol.yaml): read by the patch checks, validated on first use.

Each entry carries its source and the day it was checked, so a report can say where a date
comes from. Lookups are by os-release ID and VERSION_ID; a Windows host (win_os, no os_release) is
looked up under `windows` by build and kind of edition (windows_keys), because one build number can
be a server, a client and an LTSC release with different support dates.
"""

from __future__ import annotations

from datetime import UTC, date
from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict

from auditor.checklib.checkdef import Facts, FactUnavailable
from auditor.probes.os_release import OS_RELEASE, OsRelease
from auditor.probes.win_os import WIN_OS, WinOs


class Support(BaseModel):
    """One release's support periods, as recorded in eol.yaml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    standard: date
    extended: date | None = None
    extended_name: str = ""
    source: str
    as_of: date

    @property
    def source_note(self) -> tuple[str, ...]:
        """Where the dates come from, as a verdict detail."""
        return (f"source: {self.source}, checked {self.as_of.isoformat()}",)

    @property
    def final(self) -> date:
        """The last day any (free) security support covers the release."""
        return self.extended or self.standard


@cache
def support_data() -> dict[str, dict[str, Support]]:
    """eol.yaml, validated; read on first use, not at import."""
    text = files("auditor").joinpath("data/eol.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return {
        os_id: {str(version): Support.model_validate(entry) for version, entry in releases.items()}
        for os_id, releases in raw.items()
    }


def support_for(os_release: OsRelease) -> Support | None:
    return support_data().get(os_release.id, {}).get(os_release.version_id)


def windows_keys(win: WinOs) -> tuple[str, ...]:
    """The eol.yaml `windows` keys to try for this host, most specific first (see eol.yaml)."""
    build = win.current_build or win.build_number
    edition = (win.edition_id or "").lower()
    server = win.product_type in (2, 3) or (win.installation_type or "").lower().startswith("server")
    if server:
        return (f"server-{build}",)
    if edition.startswith("iotenterprises"):
        return (f"iot-ltsc-{build}", f"ltsc-{build}")
    if edition.startswith("enterprises"):
        return (f"ltsc-{build}",)
    if edition.startswith(("enterprise", "education", "iotenterprise")):
        return (f"client-{build}-enterprise", f"client-{build}")
    return (f"client-{build}",)


def windows_support_for(win: WinOs) -> Support | None:
    releases = support_data().get("windows", {})
    return next((releases[key] for key in windows_keys(win) if key in releases), None)


def host_support(facts: Facts) -> tuple[Support, date]:
    """The host's release support data and the (UTC) day its evidence was collected.

    A release eol.yaml does not know raises FactUnavailable: the check cannot assess it.
    """
    now = facts.now if facts.now.tzinfo else facts.now.replace(tzinfo=UTC)
    try:
        os_release = facts.get(OS_RELEASE)
    except FactUnavailable as linux:
        try:
            win = facts.get(WIN_OS)
        except FactUnavailable:
            raise linux from None
        windows = windows_support_for(win)
        if windows is None:
            raise FactUnavailable(
                f"no support data for {win.pretty_name!r} (build {win.current_build or win.build_number}, edition "
                f"{win.edition_id or 'unknown'} not in auditor's eol.yaml)"
            ) from None
        return windows, now.astimezone(UTC).date()
    support = support_for(os_release)
    if support is None:
        label = os_release.pretty_name or f"{os_release.id} {os_release.version_id}".strip()
        raise FactUnavailable(f"no support data for {label!r} (release not in auditor's eol.yaml)")
    return support, now.astimezone(UTC).date()
