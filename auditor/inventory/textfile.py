"""Reading inventory and variable files, turning every OS or encoding failure into one line."""

from __future__ import annotations

from pathlib import Path

from auditor.core.errors import InventoryError

VAULT_HEADER = "$ANSIBLE_VAULT;"


def read_text(path: Path) -> str:
    """Return the file's text; unreadable or non-UTF-8 files become an InventoryError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InventoryError(f"{path}: cannot read: {reason}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InventoryError(f"{path}:{line}: not UTF-8 text") from None
    if text.lstrip().startswith(VAULT_HEADER):
        # A whole-file vault may hold connection secrets; guessing it holds none would be worse.
        raise InventoryError(
            f"{path}: file is vault-encrypted; use --transport ansible (with --vault-password-file) or plain values"
        )
    return text


def line_origin(path: Path, line: int | None) -> str:
    """The "path:line" prefix used by every message about a place in a file."""
    return f"{path}:{line}" if line else str(path)
