"""What a run reports while it works, for whoever shows it: the CLI's progress bar, or nobody.

Orchestration (auditor.run.runner, auditor.run.distributed.controller) calls these methods and
prints nothing itself; auditor.cli.console draws them on a terminal, and tests and library
callers pass QUIET (or their own recorder).
"""

from __future__ import annotations

from typing import Protocol


class RunProgress(Protocol):
    def note(self, text: str) -> None:
        """One line about the run worth showing as it happens (e.g. where distributed hosts went)."""

    def begin(self, total: int, *, label: str) -> None:
        """Hosts are about to be audited (or awaited): `total` of them."""

    def advance(self, *, done: int, last: str = "") -> None:
        """`done` hosts are finished; `last` names the latest one, when known."""

    def end(self) -> None:
        """No more hosts will be reported (also after an error or an interrupt)."""


class Quiet:
    """Shows nothing: the run's outcome is all the caller wants."""

    def note(self, text: str) -> None:
        pass

    def begin(self, total: int, *, label: str) -> None:
        pass

    def advance(self, *, done: int, last: str = "") -> None:
        pass

    def end(self) -> None:
        pass


QUIET: RunProgress = Quiet()
