"""Row files' parsed YAML (and the fix catalogue's), kept between starts in the user's cache folder.

Every run reads the check library's row files (checks/<category>/<family>.yaml), and building
PyYAML's Python objects for them was a third of a second of each start, more than importing every
check module. What the YAML parser made of a file is therefore kept as JSON under
$XDG_CACHE_HOME/auditor/rows/ (auditor.checklib.cachefiles), named by the SHA-256 of the file's
bytes, the entry format and PyYAML's version: a changed file, another parser or an auditor writing
entries of another shape uses a different name, so an entry can never be stale or misread. Only
the parse is cached: the rows are validated (pydantic models, templates, cases) on every load
exactly as when parsed afresh.

JSON holds YAML's plain values (mappings with text keys, lists, text, numbers, booleans, null) as
they are; dates and timestamps, which JSON lacks, are written as a one-key mapping under a NUL key.
A document holding anything else (binary, sets, non-text keys, a NUL key of its own, NaN) is simply
not cached. An entry carries the SHA-256 of its own JSON text, so one that was cut short, damaged or
replaced by other JSON is never taken for the file's rows (which would blame the row file for the
cache's fault): it is parsed again and rewritten, as an entry that cannot be read at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from auditor.checklib.cachefiles import default_cache_dir, write_atomically

FORMAT = 2  # part of every entry's name: a new shape of entry gets new names, so no version reads another's
_TAG = "\0"  # the key of an encoded date or timestamp; a row file's own mapping never has it (else: not cached)


class _NotCacheable(ValueError):
    """The parsed document holds a value JSON cannot give back exactly."""


def cached_parse(text: str, parse: Callable[[str], Any], *, kind: str = "rows", cache_dir: Path | None = None) -> Any:
    """`parse(text)`, or what it gave for the same text before (from the cache folder); `kind` names
    the parser (row files' strict loader, the fix catalogue's), so two parsers never share an entry."""
    import yaml

    digest = hashlib.sha256(f"{FORMAT}\0{yaml.__version__}\0{kind}\0".encode())
    digest.update(text.encode("utf-8"))
    path = (cache_dir or default_cache_dir()) / "rows" / f"{digest.hexdigest()}.json"
    try:
        return _read(path)
    except (OSError, ValueError):
        pass  # not cached yet, or unreadable: parse it
    data = parse(text)
    try:
        encoded = json.dumps(_encode(data), allow_nan=False)  # ASCII: a lone surrogate survives as an escape
    except (_NotCacheable, ValueError):
        return data
    write_atomically(path, json.dumps({"sha256": hashlib.sha256(encoded.encode()).hexdigest(), "data": encoded}))
    return data


def _read(path: Path) -> Any:
    """The entry's document; ValueError when its text is not the one its checksum was made of."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    encoded = entry.get("data") if isinstance(entry, dict) else None
    if not isinstance(encoded, str) or entry.get("sha256") != hashlib.sha256(encoded.encode()).hexdigest():
        raise ValueError("damaged cache entry")
    return json.loads(encoded, object_hook=_decode)


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime):
        return {_TAG: ["datetime", value.isoformat()]}
    if isinstance(value, date):
        return {_TAG: ["date", value.isoformat()]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value) or _TAG in value:
            raise _NotCacheable("a mapping key JSON cannot hold")
        return {key: _encode(item) for key, item in value.items()}
    raise _NotCacheable(f"a {type(value).__name__} value")


def _decode(mapping: dict[str, Any]) -> Any:
    tagged = mapping.get(_TAG)
    if tagged is None:
        return mapping
    if len(mapping) != 1 or not isinstance(tagged, list) or len(tagged) != 2:
        raise ValueError("malformed cache entry")
    kind, text = tagged
    if kind == "datetime":
        return datetime.fromisoformat(text)
    if kind == "date":
        return date.fromisoformat(text)
    raise ValueError("malformed cache entry")
