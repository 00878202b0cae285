"""The checks a run or a re-render asks for: `--checks` as ids, and each check's metadata as the
run records it (so a stored run says which checks, in which version, it was judged by).
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.core.runmodel import CheckInfo


def selected_checks(checks: str | None) -> list[str] | None:
    return [part.strip() for part in checks.split(",") if part.strip()] if checks else None


def check_infos(checks: Sequence[object]) -> list[CheckInfo]:
    from auditor.checklib.checkdef import Check

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
            )
        )
    return infos
