"""Where auditor keeps what it can compute again (the check listing, parsed row files), and how a
cache file is written so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "auditor"


def write_atomically(path: Path, text: str) -> None:
    """`text` written to a temporary file beside `path` and renamed over it, so a reader never sees
    half a file; a folder that cannot be written only loses the cache."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".cache-", delete=False
        ) as handle:
            try:
                handle.write(text)
            except ValueError:  # text UTF-8 cannot hold (a lone surrogate): no cache, no leftover file
                handle.close()
                os.unlink(handle.name)
                return
        os.replace(handle.name, path)
    except OSError:
        return
