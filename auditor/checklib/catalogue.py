"""The check library's metadata for `auditor checks list`, without importing every check's code.

Loading the library imports every check module and validates every recorded case, which is most of
a second on each start; a listing only needs each check's id, title and a few fields. The first
listing loads the library as a run does (so a broken check is still reported by its file) and writes
what it found to a cache file under the user's cache folder ($XDG_CACHE_HOME/auditor, else
~/.cache/auditor). Later listings read that file while its key still matches: the auditor version and
the path, modification time and size of every file of the auditor package, the check library and
the custom check folders. Any change, and any file that cannot be read or parsed or has the wrong
shape, means a full load and a new file, written atomically (a temporary file renamed over it).

The cache is only ever metadata for the list: a run, a re-evaluation and `checks show` always load
and validate the checks themselves, and no code is ever read from it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.checklib.cachefiles import default_cache_dir, write_atomically
from auditor.checklib.naming import checks_root, select_checks

if TYPE_CHECKING:
    from auditor.config.profiles import Profile

FORMAT = 1  # the shape of the cache file; a file of another shape is ignored
_FIELDS = ("id", "version", "title", "category", "severity", "facts", "references")


@dataclass(frozen=True)
class CheckSummary:
    """What a listing shows of one check."""

    id: str
    version: int
    title: str
    category: str
    severity: str
    facts: tuple[str, ...]
    references: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Listing:
    """The checks `auditor checks list` shows: after the profile (if any) and --checks."""

    checks: tuple[CheckSummary, ...]
    profile: Profile | None = None


def list_library(*, checks: Sequence[str] | None, profile: str | None, checks_dirs: Sequence[Path] = ()) -> Listing:
    """The library's metadata (cached when possible), narrowed by the profile then --checks."""
    everything = library_summaries(checks_dirs)
    chosen = None
    if profile:
        from auditor.config.profiles import load_profile

        chosen = load_profile(profile)
    selected = chosen.select(everything) if chosen else everything
    if checks:
        selected = select_checks(selected, list(checks))
    return Listing(checks=selected, profile=chosen)


def library_summaries(checks_dirs: Sequence[Path] = (), *, cache_dir: Path | None = None) -> tuple[CheckSummary, ...]:
    """Every check of the library and the custom folders: from the cache if its key matches, else loaded."""
    folder = cache_dir or default_cache_dir()
    roots = _roots(checks_dirs)
    key = fingerprint(roots) if all(root.is_dir() for root in roots) else None
    path = folder / f"checks-{hashlib.sha256(repr(roots).encode()).hexdigest()[:16]}.json"
    if key is not None:
        cached = read_cache(path, key=key)
        if cached is not None:
            return cached
    from auditor.checklib.registry import load_checks

    summaries = tuple(_summary(check.meta) for check in load_checks(extra_dirs=checks_dirs))
    if key is not None:
        write_cache(path, key=key, summaries=summaries)
    return summaries


def _roots(checks_dirs: Sequence[Path]) -> tuple[Path, ...]:
    """The folders whose files decide the metadata: auditor's code (probes, templates, validation),
    the check library, then each custom folder."""
    from auditor import __file__ as package_init

    return (Path(package_init).parent, checks_root(), *(folder.expanduser() for folder in checks_dirs))


def fingerprint(roots: Sequence[Path]) -> str:
    """A digest of the auditor version and every file's path, modification time and size under `roots`."""
    from auditor import __version__

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\n".encode())
    for root in roots:
        digest.update(f"{root.resolve()}\n".encode())
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(names):
                try:
                    found = os.stat(os.path.join(folder, name))
                except OSError:
                    continue  # vanished while walking: the next listing sees the folder as it is then
                digest.update(f"{folder}/{name}\0{found.st_mtime_ns}\0{found.st_size}\n".encode())
    return digest.hexdigest()


def read_cache(path: Path, *, key: str) -> tuple[CheckSummary, ...] | None:
    """The summaries in the cache file if it is readable, well-formed and for this key; else None."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("key") != key:
        return None
    rows = document.get("checks")
    if not isinstance(rows, list):
        return None
    summaries = [_from_row(row) for row in rows]
    if any(summary is None for summary in summaries):
        return None
    return tuple(summary for summary in summaries if summary is not None)


def write_cache(path: Path, *, key: str, summaries: Sequence[CheckSummary]) -> None:
    """The summaries written to `path` atomically; a folder that cannot be written only loses the cache."""
    rows = [{name: getattr(summary, name) for name in _FIELDS} for summary in summaries]
    write_atomically(path, json.dumps({"format": FORMAT, "key": key, "checks": rows}, ensure_ascii=False))


def _summary(meta: Any) -> CheckSummary:
    return CheckSummary(
        id=meta.id,
        version=meta.version,
        title=meta.title,
        category=meta.category.value,
        severity=meta.severity.value,
        facts=tuple(meta.facts),
        references={name: tuple(refs) for name, refs in meta.references.items()},
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _from_row(row: object) -> CheckSummary | None:
    """One cached check, or None when anything about it is not of the expected type."""
    if not isinstance(row, dict) or set(row) != set(_FIELDS):
        return None
    texts = all(isinstance(row[name], str) for name in ("id", "title", "category", "severity"))
    references = row["references"]
    if not texts or type(row["version"]) is not int or not _strings(row["facts"]) or not isinstance(references, dict):
        return None
    if not all(isinstance(name, str) and _strings(refs) for name, refs in references.items()):
        return None
    return CheckSummary(
        id=row["id"],
        version=row["version"],
        title=row["title"],
        category=row["category"],
        severity=row["severity"],
        facts=tuple(row["facts"]),
        references={name: tuple(refs) for name, refs in references.items()},
    )
