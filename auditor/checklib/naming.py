"""Where the check library lives, and `--checks` patterns (ids or globs like "ssh-*") applied to
anything with an id: loaded checks for a run, or the cached metadata `auditor checks list` shows
(auditor.checklib.catalogue). Nothing here imports a check or a probe, so a listing stays light."""

from __future__ import annotations

import difflib
import fnmatch
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from auditor.core.errors import AuditorError

PACKAGE = "auditor_checks"


class CheckDefinitionError(AuditorError):
    """A check module (or the check list) is malformed, or a selection names no check."""


class Identified(Protocol):
    """What a selection needs of a check: its id."""

    @property
    def id(self) -> str: ...


CheckT = TypeVar("CheckT", bound=Identified)


def select_checks(checks: Sequence[CheckT], patterns: list[str]) -> tuple[CheckT, ...]:
    """The checks any pattern matches, in library order; a pattern matching none is an error with a hint."""
    ids = [check.id for check in checks]
    wanted: set[str] = set()
    for pattern in patterns:
        matched = fnmatch.filter(ids, pattern)
        if not matched:
            close = difflib.get_close_matches(pattern, ids, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise CheckDefinitionError(f"no check matches {pattern!r}{hint}")
        wanted.update(matched)
    return tuple(check for check in checks if check.id in wanted)


def checks_root() -> Path:
    """The check library folder: the installed auditor_checks package, else <repo>/checks."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent.parent / "checks"
