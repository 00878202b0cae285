"""Strings every database can store: what a host report is cleaned of before it is written.

PostgreSQL's text type refuses NUL and no UTF-8 encoding exists for a lone surrogate; either would
make the host's transaction fail. Host output is decoded with replacement already, but names and
values from an inventory (or a hostile SSH server's exit status text) may still carry them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic_core import PydanticSerializationError

from auditor.core.runmodel import HostReport

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates


def storable(host: HostReport) -> HostReport:
    """The report with every string made storable in any database: a NUL (PostgreSQL text refuses
    it) becomes U+FFFD, as does a lone surrogate (no UTF-8 encoding exists for it). Host output is
    decoded with replacement already; names and values from an inventory may still carry these."""
    return stored_form(host)[0]


def stored_form(host: HostReport) -> tuple[HostReport, dict[str, Any]]:
    """The storable report and its JSON form (what the store's rows are made of), from one dump.

    The common case is checked on pydantic's JSON encoding, which is fast: it refuses a lone
    surrogate and escapes a NUL as \\u0000, so a dump that succeeds without that escape has nothing
    to clean. Only otherwise is the report walked string by string (walking every report cost
    more than the rest of storing it).
    """
    try:
        text: str | None = host.model_dump_json()
    except PydanticSerializationError:  # a lone surrogate
        text = None
    if text is None or "\\u0000" in text:  # the escape, or a literal backslash-u0000: walk to be sure
        dumped = host.model_dump()
        cleaned = _clean(dumped)
        if cleaned is not dumped:
            host = HostReport.model_validate(cleaned)
        text = host.model_dump_json()
    values: dict[str, Any] = json.loads(text)
    return host, values


def _clean(value: Any) -> Any:
    """`value` itself when nothing in it needs cleaning (no copy), else a cleaned copy."""
    if isinstance(value, str):
        if "\x00" not in value and (value.isascii() or _encodable(value)):
            return value
        return UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        items = {key: _clean(item) for key, item in value.items()}
        keys = {key: _clean(key) for key in items}
        changed = any(items[key] is not value[key] or keys[key] is not key for key in items)
        return {keys[key]: item for key, item in items.items()} if changed else value
    if isinstance(value, list):
        cleaned = [_clean(item) for item in value]
        return cleaned if any(new is not old for new, old in zip(cleaned, value, strict=True)) else value
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
