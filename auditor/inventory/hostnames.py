"""Host patterns as Ansible writes them in inventories: ranges (`web[01:03]`) and `name:port`.

Both INI and YAML inventories accept the same patterns, so the expansion lives here once.
"""

from __future__ import annotations

import string

from auditor.core.errors import InventoryError

MAX_EXPANSION = 100_000  # a typo like web[1:9999999] must fail, not exhaust memory
MAX_PORT = 65535


def is_number(text: str) -> bool:
    """Whether `text` is plain ASCII digits (str.isdigit alone also accepts '²')."""
    return text.isascii() and text.isdigit()


def parse_host_pattern(pattern: str, *, origin: str) -> tuple[list[str], int | None]:
    """Expand one host pattern into host names and the port given after a ':', if any."""
    name, port = _split_port(pattern, origin=origin)
    names = _expand(name, pattern=pattern, origin=origin)
    if not names or any(not host for host in names):
        raise InventoryError(f"{origin}: invalid host name '{pattern}'")
    return names, port


def _split_port(pattern: str, *, origin: str) -> tuple[str, int | None]:
    """Split `host:port`, leaving IPv6 literals (several ':' outside brackets) whole."""
    if pattern.startswith("[") and "]:" in pattern and pattern.count(":") > 2:
        address, _, port_text = pattern[1:].partition("]:")  # [2001:db8::1]:2222
        return address, _port(port_text, pattern=pattern, origin=origin)
    outside = _outside_brackets(pattern)
    colons = outside.count(":")
    if colons == 0 or colons > 1:
        return pattern, None
    cut = outside.rindex(":")
    return pattern[:cut], _port(pattern[cut + 1 :], pattern=pattern, origin=origin)


def _outside_brackets(pattern: str) -> str:
    """The pattern with range bodies blanked out, so ':' inside `[1:3]` is not taken for a port."""
    chars: list[str] = []
    depth = 0
    for char in pattern:
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        chars.append(" " if depth and char != "[" else char)
    return "".join(chars)


def _port(text: str, *, pattern: str, origin: str) -> int:
    if not is_number(text) or not 1 <= int(text) <= MAX_PORT:
        raise InventoryError(f"{origin}: port '{text}' in host '{pattern}' is not a port number")
    return int(text)


def _expand(name: str, *, pattern: str, origin: str) -> list[str]:
    """Expand the first `[start:end(:step)]` range and recurse on the rest of the name."""
    start = name.find("[")
    if start < 0:
        if "]" in name:
            raise InventoryError(f"{origin}: invalid host range in '{pattern}' (unbalanced ']')")
        return [name]
    end = name.find("]", start)
    if end < 0:
        raise InventoryError(f"{origin}: invalid host range in '{pattern}' (missing ']')")
    head, body, tail = name[:start], name[start + 1 : end], name[end + 1 :]
    middles = _range(body, pattern=pattern, origin=origin)
    tails = _expand(tail, pattern=pattern, origin=origin)
    if len(middles) * len(tails) > MAX_EXPANSION:
        raise InventoryError(f"{origin}: host range '{pattern}' gives more than {MAX_EXPANSION} hosts")
    return [head + middle + rest for middle in middles for rest in tails]


def _range(body: str, *, pattern: str, origin: str) -> list[str]:
    """One range body: numeric (zero padding kept, as Ansible) or single letters."""
    parts = body.split(":")
    bad = f"{origin}: invalid host range '[{body}]' in '{pattern}'"
    if len(parts) not in (2, 3):
        raise InventoryError(f"{bad} (expected [start:end] or [start:end:step])")
    first, last = parts[0] or "0", parts[1]
    step_text = parts[2] if len(parts) == 3 else "1"
    if not is_number(step_text) or int(step_text) < 1:
        raise InventoryError(f"{bad} (step must be a positive number)")
    step = int(step_text)
    if is_number(first) and is_number(last):
        width = len(first) if first.startswith("0") and len(first) > 1 else 0
        if width and len(last) != width:
            raise InventoryError(f"{bad} (zero-padded start and end must have the same length)")
        if int(first) > int(last):
            raise InventoryError(f"{bad} (start is after end)")
        if (int(last) - int(first)) // step >= MAX_EXPANSION:
            raise InventoryError(f"{origin}: host range '{pattern}' gives more than {MAX_EXPANSION} hosts")
        return [str(number).zfill(width) for number in range(int(first), int(last) + 1, step)]
    letters = string.ascii_letters
    if len(first) == 1 and len(last) == 1 and first in letters and last in letters:
        low, high = letters.index(first), letters.index(last)
        if low > high:
            raise InventoryError(f"{bad} (start is after end)")
        return list(letters[low : high + 1 : step])
    raise InventoryError(f"{bad} (expected numbers or single letters)")
