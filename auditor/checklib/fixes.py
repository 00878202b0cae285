"""The fix catalogue: Ansible recipes that `auditor fix` puts into a remediation playbook.

auditor/data/remediation.yaml holds the recipes only (id, OS families, tasks, handlers). Which
checks a recipe fixes is said once, by each check (`CheckMeta.fixes`, e.g. the five sshd checks
name the shared "sshd-dropin" recipe and their own), and derived here with `served_checks`; the
check registry refuses a check naming a recipe the catalogue does not have, with the file named.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.checklib.checkdef import Check
from auditor.checklib.rowcache import cached_parse
from auditor.core.errors import AuditorError

CATALOGUE_FILE = "data/remediation.yaml"


class FixCatalogueError(AuditorError):
    """The fix catalogue is malformed."""


class Fix(BaseModel):
    """One recipe: Ansible tasks for the OS families it is written for (empty: any family)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    families: tuple[str, ...] = ()
    summary: str
    tasks: tuple[dict[str, Any], ...] = Field(min_length=1)
    opt_in: bool = False
    items_from_details: Literal["account"] | None = None


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    fixes: tuple[Fix, ...]
    handlers: tuple[dict[str, Any], ...] = ()

    def ids(self) -> frozenset[str]:
        return frozenset(fix.id for fix in self.fixes)


def load_catalogue() -> Catalogue:
    """The shipped catalogue, validated; a malformed file is one line naming it."""
    where = f"auditor/{CATALOGUE_FILE}"
    text = resources.files("auditor").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    try:
        catalogue = Catalogue.model_validate(cached_parse(text, yaml.safe_load, kind="fixes"))
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FixCatalogueError(f"{where}: {first}") from None
    ids = [fix.id for fix in catalogue.fixes]
    twice = sorted({ident for ident in ids if ids.count(ident) > 1})
    if twice:
        raise FixCatalogueError(f"{where}: fix id(s) listed twice: {twice}")
    return catalogue


def served_checks(catalogue: Catalogue, checks: Iterable[Check]) -> Mapping[str, tuple[str, ...]]:
    """Fix id -> the checks that name it, in library order (the derived half of the mapping)."""
    served: dict[str, list[str]] = {fix.id: [] for fix in catalogue.fixes}
    for check in checks:
        for ident in check.meta.fixes:
            served.setdefault(ident, []).append(check.id)
    return {ident: tuple(ids) for ident, ids in served.items()}
