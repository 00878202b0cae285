"""The check library: discover the check modules under checks/<category>/ and validate them.

Check modules are imported by file path (not by package import) so that the library works the
same from a source checkout (`<repo>/checks`) and from an installed wheel (`auditor_checks`),
and so that tests can point the loader at a scratch folder. Everything a check author can get
wrong is caught here, at load time, with a one-line message naming the file: a wrong id or
folder, an unknown fact, a case whose facts do not fit the probe's model, a misplaced file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import ValidationError

from auditor.checklib.checkdef import Case, Check
from auditor.checklib.naming import PACKAGE as PACKAGE  # re-exported: the library's names live in naming
from auditor.checklib.naming import CheckDefinitionError as CheckDefinitionError
from auditor.checklib.naming import checks_root as checks_root
from auditor.checklib.naming import select_checks as select_checks
from auditor.checklib.settings import inferred_settings
from auditor.core.models import Category, Status
from auditor.probes.base import Probe
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.registry import ALL_PROBES, probe_registry
from auditor.probes.win_os import WIN_OS, WINDOWS_FAMILY

# What a recorded case runs against when it does not say: a Debian 12 host on a fixed day, so
# that case verdicts never depend on the day the tests run.
CASE_OS_RELEASE: Mapping[str, Any] = {
    "id": "debian",
    "id_like": [],
    "version_id": "12",
    "version_codename": "bookworm",
    "pretty_name": "Debian GNU/Linux 12 (bookworm)",
    "family": "debian",
}
CASE_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
# What a recorded case of a Windows check runs against when it does not say: a patched, domain-joined
# Windows Server 2022 (the win_os golden `server-2022-datacenter`).
CASE_WIN_OS: Mapping[str, Any] = {
    "caption": "Microsoft Windows Server 2022 Datacenter",
    "version": "10.0.20348",
    "build_number": "20348",
    "product_type": 3,
    "os_architecture": "64-bit",
    "last_boot": "2023-11-20T03:12:44.500000+00:00",
    "product_name": "Windows Server 2022 Datacenter",
    "edition_id": "ServerDatacenter",
    "display_version": "21H2",
    "release_id": "2009",
    "current_build": "20348",
    "ubr": 2113,
    "installation_type": "Server",
    "hostname": "SRV-APP01",
    "part_of_domain": True,
    "domain": "corp.example.com",
    "family": "windows",
}
# The probe that tells each kind of host what it is, by the shell its collector runs in.
IDENTITY_PROBES: Mapping[str, Probe[Any]] = {"sh": OS_RELEASE, "powershell": WIN_OS}


def discover_modules(root: Path) -> tuple[str, ...]:
    """Every check module under `root`, as "<category>/<file>.py", categories in report order.

    The folder tree is the catalogue: a file is a check because it sits in a category folder, so
    there is no hand-kept list to forget. Anything else ending in .py (a file at the top, a deeper
    folder, an unknown category folder) is refused by name, so a misplaced check never goes unseen.
    """
    categories = [c.value for c in Category]
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        parts = relative.split("/")
        if path.name == "__init__.py" and len(parts) <= 2:
            continue  # the package files of the library and of its category folders
        if len(parts) != 2 or parts[0] not in categories:
            raise CheckDefinitionError(f"{relative}: must be <category>/<name>.py with category in {categories}")
        found.append(relative)
    return tuple(sorted(found, key=lambda rel: (categories.index(rel.split("/")[0]), rel)))


def load_checks(
    selected: Iterable[str] | None = None, *, root: Path | None = None, extra_dirs: Sequence[Path] = ()
) -> tuple[Check, ...]:
    """Every listed check, validated; `selected` (ids or globs like "ssh-*") narrows the result.

    `extra_dirs` are custom check folders (see load_custom_dir), loaded after the library.
    """
    root = root or checks_root()
    modules = discover_modules(root)
    probes = probe_registry()
    checks: list[Check] = []
    seen: dict[str, str] = {}
    loaded = [(relative, _load_one(root, relative, probes)) for relative in modules]
    for relative, check in [*loaded, *_load_row_files(root, probes)]:
        if check.id in seen:
            raise CheckDefinitionError(f"{relative}: check id {check.id!r} already defined in {seen[check.id]}")
        seen[check.id] = relative
        checks.append(check)
    for folder in extra_dirs:
        for relative, check in load_custom_dir(folder, probes):
            if check.id in seen:
                raise CheckDefinitionError(f"{relative}: check id {check.id!r} already defined in {seen[check.id]}")
            seen[check.id] = relative
            checks.append(check)
    _require_known_fixes(checks, seen)
    if selected is None:
        return tuple(checks)
    return select_checks(tuple(checks), list(selected))


def _require_known_fixes(checks: Sequence[Check], where: Mapping[str, str]) -> None:
    """Every fix a check names is a recipe of the fix catalogue (read only when some check names one)."""
    named = [check for check in checks if check.meta.fixes]
    if not named:
        return
    from auditor.checklib.fixes import CATALOGUE_FILE, load_catalogue

    known = load_catalogue().ids()
    for check in named:
        unknown = [ident for ident in check.meta.fixes if ident not in known]
        if unknown:
            raise CheckDefinitionError(
                f"{where[check.id]}: fix(es) {unknown} not in auditor/{CATALOGUE_FILE}; known: {sorted(known)}"
            )


def load_custom_dir(folder: Path, probes: Mapping[str, Probe[Any]]) -> list[tuple[str, Check]]:
    """An MSP's own checks: <folder>/<category>/<id with _>.py, in the library's format, and rows of
    the library's templates in <folder>/<category>/<family>.yaml, validated the same way.

    Discovered like the library (an __init__.py, with or without an old MODULES list, is ignored:
    such a list had to name every file anyway). Custom checks use the library's probes and
    templates. Errors name the file by its full path.
    """
    folder = folder.expanduser()
    if not folder.is_dir():
        raise CheckDefinitionError(f"{folder}: custom check folder not found")
    try:
        modules = discover_modules(folder)
    except CheckDefinitionError as exc:
        raise CheckDefinitionError(f"{folder}/{exc}") from None
    package = "auditor_custom_checks_" + hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    loaded = []
    for relative in modules:
        try:
            loaded.append((f"{folder}/{relative}", _load_one(folder, relative, probes, package=package)))
        except CheckDefinitionError as exc:
            raise CheckDefinitionError(f"{folder}/{exc}") from None
    try:
        rows = _load_row_files(folder, probes)
    except CheckDefinitionError as exc:
        raise CheckDefinitionError(f"{folder}/{exc}") from None
    loaded += [(f"{folder}/{where}", check) for where, check in rows]
    return loaded


def probes_for(checks: Iterable[Check], *, shell: str | None = None) -> tuple[Probe[Any], ...]:
    """The probes the checks need, plus the host's identity probe, in registry order.

    `shell` narrows to one kind of host: "sh" (os_release + the sh probes) or "powershell" (win_os
    + the PowerShell probes); a check whose facts are all of the other shell is simply not
    collected there, and evaluation marks it not applicable. None: every probe any check needs,
    with os_release, and win_os when some needed probe is a PowerShell one (the pipeline adds a
    host's identity probe in any case: auditor.run.pipeline.host_probes).
    """
    needed: set[str] = set()
    for check in checks:
        needed.update(check.meta.facts)
    registry = probe_registry()
    shells = {"sh"} | {registry[name].shell for name in needed if name in registry}
    wanted = shells if shell is None else {shell}
    needed |= {IDENTITY_PROBES[kind].name for kind in wanted if kind in IDENTITY_PROBES}
    return tuple(probe for probe in ALL_PROBES if probe.name in needed and probe.shell in wanted)


def is_windows_only(check: Check) -> bool:
    """A check written for Windows hosts only (applies_to is exactly {"windows"})."""
    return check.meta.applies_to.families == frozenset({WINDOWS_FAMILY})


def with_case_defaults(case: Case, *, check: Check | None = None) -> Case:
    """The case with its host's identity added when it does not give one.

    Windows cases (the check applies only to Windows, or, without the check, the case gives a
    PowerShell probe's fact) get CASE_WIN_OS, all others Debian 12's os_release (CASE_OS_RELEASE).
    """
    if OS_RELEASE.name in case.facts or WIN_OS.name in case.facts:
        return case
    registry = probe_registry()
    windows = (
        is_windows_only(check)
        if check is not None
        else any(name in registry and registry[name].shell == "powershell" for name in case.facts)
    )
    if windows:
        return dataclasses.replace(case, facts={WIN_OS.name: CASE_WIN_OS, **case.facts})
    return dataclasses.replace(case, facts={OS_RELEASE.name: CASE_OS_RELEASE, **case.facts})


def _load_one(root: Path, relative: str, probes: Mapping[str, Probe[Any]], *, package: str = PACKAGE) -> Check:
    parts = relative.split("/")
    categories = [c.value for c in Category]
    if len(parts) != 2 or not parts[1].endswith(".py") or parts[0] not in categories:
        raise CheckDefinitionError(f"{relative}: must be <category>/<name>.py with category in {categories}")
    category, stem = parts[0], parts[1].removesuffix(".py")
    path = root / relative
    module = _import(path, f"{package}.{category}.{stem}", relative)
    check = getattr(module, "CHECK", None)
    if not isinstance(check, Check):
        raise CheckDefinitionError(f"{relative}: defines no CHECK = Check(...)")
    _validate(check, relative, category, stem, probes)
    if package != PACKAGE and not check.meta.settings:
        # a custom check written before settings were declared: declare what its source reads
        inferred = inferred_settings(path)
        if inferred:
            check = dataclasses.replace(check, meta=check.meta.model_copy(update={"settings": inferred}))
    return check


def _load_row_files(root: Path, probes: Mapping[str, Probe[Any]]) -> list[tuple[str, Check]]:
    """The checks written as template rows (<category>/<family>.yaml, see auditor.checklib.rows)."""
    from auditor.checklib.rows import RowError, load_rows  # templates are imported only when there are rows

    loaded: list[tuple[str, Check]] = []
    categories = [c.value for c in Category]
    for path in sorted(root.glob("*/*.yaml")):
        relative = path.relative_to(root).as_posix()
        category = path.parent.name
        if category not in categories:
            raise CheckDefinitionError(f"{relative}: must be <category>/<family>.yaml with category in {categories}")
        try:
            checks = load_rows(path, category=category)
        except RowError as exc:
            raise CheckDefinitionError(f"{relative}: {exc}") from None
        for check in checks:
            where = f"{relative} ({check.id})"
            _validate(check, where, category, check.id.replace("-", "_"), probes)
            loaded.append((where, check))
    return loaded


def _import(path: Path, name: str, relative: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CheckDefinitionError(f"{relative}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pydantic resolve annotations through sys.modules
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # any failure of a check module is a definition error naming the file
        sys.modules.pop(name, None)
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise CheckDefinitionError(f"{relative}: import failed: {type(exc).__name__}: {first}") from exc
    return module


def _validate(check: Check, relative: str, category: str, stem: str, probes: Mapping[str, Probe[Any]]) -> None:
    meta = check.meta
    expected_id = stem.replace("_", "-")
    if meta.id != expected_id:
        raise CheckDefinitionError(f"{relative}: id {meta.id!r} does not match the file name ({expected_id!r})")
    if meta.category.value != category:
        raise CheckDefinitionError(f"{relative}: category {meta.category.value!r} but the file is in {category}/")
    unknown = [name for name in meta.facts if name not in probes]
    if unknown:
        raise CheckDefinitionError(f"{relative}: unknown fact(s) {unknown}; known: {sorted(probes)}")
    expected = {case.expect for case in check.cases}
    if not {Status.PASS, Status.FAIL} <= expected:
        raise CheckDefinitionError(f"{relative}: needs at least one pass case and one fail case")
    allowed = {*meta.facts, OS_RELEASE.name, WIN_OS.name}
    names: set[str] = set()
    for case in check.cases:
        if case.name in names:
            raise CheckDefinitionError(f"{relative}: two cases named {case.name!r}")
        names.add(case.name)
        for fact, value in case.facts.items():
            if fact not in allowed:
                raise CheckDefinitionError(
                    f"{relative}: case {case.name!r} gives fact {fact!r}, which the check does not declare"
                )
            if isinstance(value, str):
                continue  # a string stands for "fact unavailable, with this reason"
            try:
                probes[fact].model.model_validate(value)
            except ValidationError as exc:
                problem = exc.errors()[0]
                where = ".".join(str(p) for p in problem["loc"])
                raise CheckDefinitionError(
                    f"{relative}: case {case.name!r}: fact {fact!r} invalid at {where or '(top)'}: {problem['msg']}"
                ) from exc
