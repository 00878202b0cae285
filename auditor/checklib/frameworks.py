"""Compliance frameworks as data: requirements, and the checks that assess each one.

One YAML file per framework in auditor/data/frameworks/ (CIS Controls v8 with Implementation
Groups, NIST CSF 2.0, ISO/IEC 27001:2022 Annex A, Cyber Essentials, Essential Eight, the HIPAA
Security Rule). Every requirement of the framework is listed, mapped to checks or not: a report
can then say honestly that a requirement no check assesses is unknown, not met.

The requirement -> checks mapping has one owner, the checks' own `CheckMeta.references`; the files
hold only the requirements, and each requirement's `checks` is derived when they are loaded. The
check owns it (rather than the file pointing at checks) so that one check, one templated data row
or one custom check in a user folder carries all its facts, and the shipped framework files never
have to name an MSP's own checks. Loading validates: a malformed file, an unknown framework, a
duplicate requirement, a file that writes a `checks:` list itself, or a check referencing a
requirement the file does not have, each stops with one line naming the file and the requirement.

API for reports:
    load_frameworks(checks=None) -> tuple[Framework, ...]   # validated, in FRAMEWORKS order
    requirement_status(requirement, statuses) -> Coverage   # met / failed / unknown for one host or run
    coverage(framework, statuses) -> tuple[Coverage, ...]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.checklib.checkdef import FRAMEWORKS, Check
from auditor.core.errors import AuditorError
from auditor.core.models import Status

DATA = Path(__file__).parent.parent / "data" / "frameworks"


class FrameworkError(AuditorError):
    """A framework data file is malformed or disagrees with the check library."""


class Requirement(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    title: str = Field(min_length=3)
    group: str = ""  # CIS control, NIST CSF category, ISO theme, HIPAA section
    levels: tuple[str, ...] = ()  # CIS: IG1/IG2/IG3 that include it; HIPAA: standard/required/addressable
    checks: tuple[str, ...] = ()  # derived from the checks' references at load, never written in a file


class Framework(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: str
    name: str
    version: str
    url: str
    # Where the requirement ids and titles come from (publisher, document, edition), shown beside them in reports.
    source: str = Field(min_length=10)
    levels_meaning: str = ""
    requirements: tuple[Requirement, ...] = Field(min_length=1)

    @property
    def id(self) -> str:
        return self.framework

    def requirement(self, ident: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == ident), None)

    def mapped(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.checks)


CoverageState = Literal["met", "failed", "unknown"]


@dataclass(frozen=True)
class Coverage:
    """One requirement's state: failed if any mapped check failed; met if at least one passed and none
    failed or could not be assessed; unknown otherwise (no check maps to it, none ran, or some errored)."""

    requirement: Requirement
    state: CoverageState
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    unassessed: tuple[str, ...]  # mapped checks that errored, did not apply, or were not run


def requirement_status(requirement: Requirement, statuses: Mapping[str, Status]) -> Coverage:
    """`statuses`: check id -> status (one host's results, or a run's worst status per check)."""
    passed = tuple(c for c in requirement.checks if statuses.get(c) in (Status.PASS, Status.WAIVED))
    failed = tuple(c for c in requirement.checks if statuses.get(c) is Status.FAIL)
    unassessed = tuple(c for c in requirement.checks if c not in passed and c not in failed)
    errored = any(statuses.get(c) is Status.ERROR for c in requirement.checks)
    state: CoverageState = "failed" if failed else "met" if passed and not errored else "unknown"
    return Coverage(requirement, state, passed, failed, unassessed)


def coverage(framework: Framework, statuses: Mapping[str, Status]) -> tuple[Coverage, ...]:
    return tuple(requirement_status(r, statuses) for r in framework.requirements)


def framework_files(folder: Path = DATA) -> tuple[Path, ...]:
    return tuple(folder / f"{ident}.yaml" for ident in FRAMEWORKS)


def load_framework(path: Path) -> Framework:
    """One framework file, validated on its own (known framework, unique requirement ids)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"{path}: framework file not found") from None
    except (OSError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FrameworkError(f"{path}: cannot read: {first}") from None
    for entry in data.get("requirements") or () if isinstance(data, dict) else ():
        if isinstance(entry, dict) and "checks" in entry:
            raise FrameworkError(
                f"{path}: requirement {entry.get('id')!r} lists checks; a check names its requirements "
                "in its own references (CheckMeta.references), so remove the list"
            )
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise FrameworkError(f"{path}: invalid at {where or '(top)'}: {problem['msg']}") from None
    if framework.framework not in FRAMEWORKS or path.stem != framework.framework:
        raise FrameworkError(
            f"{path}: framework {framework.framework!r} must be one of {list(FRAMEWORKS)} and match the file name"
        )
    seen: set[str] = set()
    for requirement in framework.requirements:
        if requirement.id in seen:
            raise FrameworkError(f"{path}: requirement {requirement.id!r} listed twice")
        seen.add(requirement.id)
    return framework


def load_frameworks(checks: Sequence[Check] | None = None, *, folder: Path = DATA) -> tuple[Framework, ...]:
    """Every framework, validated against the check library (the installed one unless `checks` is given).

    The requirement -> checks mapping returned is the one derived from the checks' references, so a
    custom check from a user folder counts for the requirements it references.
    """
    if checks is None:
        from auditor.checklib.registry import load_checks

        checks = load_checks()
    frameworks = []
    for path in framework_files(folder):
        framework = load_framework(path)
        derived = _derived(framework, checks, path)
        frameworks.append(
            framework.model_copy(
                update={
                    "requirements": tuple(
                        r.model_copy(update={"checks": derived[r.id]}) for r in framework.requirements
                    )
                }
            )
        )
    return tuple(frameworks)


def _derived(framework: Framework, checks: Iterable[Check], path: Path) -> dict[str, tuple[str, ...]]:
    """Requirement id -> the checks whose references name it; a reference to no requirement is an error."""
    mapping: dict[str, list[str]] = {r.id: [] for r in framework.requirements}
    for check in checks:
        for ident in check.meta.references.get(framework.framework, ()):
            if ident not in mapping:
                raise FrameworkError(
                    f"{path}: check {check.id} references {framework.framework} {ident!r}, "
                    "which the file does not define"
                )
            mapping[ident].append(check.id)
    return {ident: tuple(sorted(ids)) for ident, ids in mapping.items()}
