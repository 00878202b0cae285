"""The newest schema revision, read from the migration files without importing SQLAlchemy or Alembic,
so that a read-only listing (auditor.store.listing) can tell whether a store is current."""

from __future__ import annotations

import re
from importlib.resources import files

_REVISION = re.compile(r'^revision\s*=\s*"([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:"([^"]+)"|None)', re.MULTILINE)


def head_revision() -> str | None:
    """The newest revision, read from the migration files' `revision` / `down_revision` lines:
    the one revision no other migration builds on (None if the files do not form one chain)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (files("auditor.store.db") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py") or script.name.startswith("__"):
            continue
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
