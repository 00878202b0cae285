"""The checks a run or a re-render asks for: `--checks` as ids, each check's metadata as the run
records it (so a stored run says which checks, in which version, it was judged by), and the
library as `auditor checks list|show` shows it (imported without the store or the report model).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.checklib.catalogue import Listing
    from auditor.core.runmodel import CheckInfo


def selected_checks(checks: str | None) -> list[str] | None:
    return [part.strip() for part in checks.split(",") if part.strip()] if checks else None


def check_infos(checks: Sequence[object]) -> list[CheckInfo]:
    from auditor.checklib.checkdef import Check
    from auditor.core.runmodel import CheckInfo

    infos = []
    for check in checks:
        assert isinstance(check, Check)
        meta = check.meta
        infos.append(
            CheckInfo(
                id=meta.id,
                version=meta.version,
                title=meta.title,
                category=meta.category,
                severity=meta.severity,
                rationale=meta.rationale,
                remediation=meta.remediation,
                references={key: list(values) for key, values in meta.references.items()},
                rule=meta.rule or "",
            )
        )
    return infos


def listed_checks(
    *, selected: str | None, profile: str | None = None, checks_dirs: Sequence[Path] = (), config: Path | None = None
) -> Listing:
    """The checks `auditor checks list` shows: the library's metadata (auditor.checklib.catalogue: cached,
    without importing the checks' code when nothing changed) with the profile (given or the config's)
    and --checks."""
    from auditor.checklib.catalogue import list_library
    from auditor.config.loader import load_config

    policy = load_config(config).policy
    return list_library(
        checks=selected_checks(selected),
        profile=profile or policy.profile,
        checks_dirs=(*policy.checks_dirs, *checks_dirs),
    )


def show_check(check_id: str, *, checks_dirs: Sequence[Path] = (), config: Path | None = None) -> None:
    from auditor.checklib.library import show_check as show
    from auditor.config.loader import load_config

    show(check_id, checks_dirs=(*load_config(config).policy.checks_dirs, *checks_dirs))
