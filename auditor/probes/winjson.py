"""Reading what a Windows (PowerShell) probe printed: one JSON array per probe, strictly.

The Windows collector runs each probe's script block inside try/catch and prints
`ConvertTo-Json -InputObject @(<the block's output>) -Depth 8 -Compress`, so a probe's stdout is
always a JSON array of the objects it emitted (possibly `[]`). When the block threw, stdout is
empty, stderr holds the exception (`TypeName: message`) and the exit status is 1: the fact is then
unavailable for that reason and only the checks resting on it become could-not-assess.

Windows PowerShell 5.1 has quirks every parser must absorb, so they live here once:
- a property set from a pipeline that returned one item is that item, not a one-item array
  (`as_list`);
- a [datetime] serialises as the string "/Date(1700000000000)/" (milliseconds since the epoch,
  sometimes with a "+0100" offset suffix), while probes that format their own dates print ISO
  8601 (`ps_datetime` takes both);
- enums serialise as their integer value unless the probe called .ToString().
Host output is data: nothing here evaluates it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from auditor.probes.base import ProbeError, RawOutput
from auditor.probes.text import clip, first_line

_MS_DATE = re.compile(r"^/Date\((-?\d{1,15})(?:[+-]\d{4})?\)/$")
MAX_BYTES = 8 * 1024 * 1024


def load(raw: RawOutput, what: str) -> list[Any]:
    """The probe's emitted objects; ProbeError naming `what` when it failed or printed no JSON array."""
    if raw.exit_status != 0:
        reason = first_line(raw.stderr) or f"exit status {raw.exit_status}"
        raise ProbeError(f"{what} failed: {reason}")
    text = raw.stdout.strip()
    if not text:
        raise ProbeError(f"{what} printed nothing")
    if len(text) > MAX_BYTES:
        raise ProbeError(f"{what} printed more than {MAX_BYTES} bytes")
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ProbeError(f"{what} printed invalid JSON ({clip(str(exc), 80)}): {clip(text, 60)!r}") from None
    except RecursionError:  # nesting deeper than any probe's objects: a hostile or broken host
        raise ProbeError(f"{what} printed JSON nested too deeply: {clip(text, 60)!r}") from None
    if not isinstance(value, list):
        raise ProbeError(f"{what} printed JSON that is not an array: {clip(text, 60)!r}")
    return value


def load_one(raw: RawOutput, what: str) -> dict[str, Any]:
    """The single object a probe emits (most probes build one [pscustomobject])."""
    items = load(raw, what)
    if len(items) != 1 or not isinstance(items[0], dict):
        raise ProbeError(f"{what} printed {len(items)} item(s), expected one object")
    return items[0]


def as_list(value: Any) -> list[Any]:
    """A JSON value that PowerShell may have unwrapped: None -> [], scalar/object -> [it], list as is."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def ps_datetime(value: Any) -> datetime | None:
    """A date as PowerShell 5.1 serialises it ("/Date(ms)/") or as ISO 8601; None for null/empty.

    A naive ISO value is taken as UTC (probes print `.ToUniversalTime().ToString('o')`).
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProbeError(f"not a date: {clip(repr(value), 40)}")
    text = value.strip().replace("\\/", "/")
    match = _MS_DATE.match(text)
    if match:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(match.group(1)))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ProbeError(f"not a date: {clip(text, 40)!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def as_int(value: Any, what: str) -> int | None:
    """An integer field (None stays None); bools and non-integral text are refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ProbeError(f"{what} is not an integer: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,19}", value.strip()):
        return int(value.strip())
    raise ProbeError(f"{what} is not an integer: {clip(repr(value), 40)}")


def as_bool(value: Any, what: str) -> bool | None:
    """A boolean field; PowerShell and the registry also give 0/1 and "True"/"False"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ProbeError(f"{what} is not a boolean: {clip(repr(value), 40)}")


def as_str(value: Any, what: str, *, limit: int = 512) -> str | None:
    """A text field, bounded; numbers are accepted as text (registry values vary in type)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ProbeError(f"{what} is not text: {clip(repr(value), 40)}")
    text = str(value)
    return text if len(text) <= limit else text[:limit]
