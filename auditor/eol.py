"""End-of-support data (auditor/data/eol.yaml): read by the patch checks, validated on first use.

Each entry carries its source and the day it was checked, so a report can say where a date
comes from. Lookups are by os-release ID and VERSION_ID.
"""

from __future__ import annotations

from datetime import UTC, date
from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict

from auditor.checkdef import Facts, FactUnavailable
from auditor.probes.os_release import OS_RELEASE, OsRelease


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


def host_support(facts: Facts) -> tuple[Support, date]:
    """The host's release support data and the (UTC) day its evidence was collected.

    A release eol.yaml does not know raises FactUnavailable: the check cannot assess it.
    """
    os_release = facts.get(OS_RELEASE)
    support = support_for(os_release)
    if support is None:
        label = os_release.pretty_name or f"{os_release.id} {os_release.version_id}".strip()
        raise FactUnavailable(f"no support data for {label!r} (release not in auditor's eol.yaml)")
    now = facts.now if facts.now.tzinfo else facts.now.replace(tzinfo=UTC)
    return support, now.astimezone(UTC).date()
