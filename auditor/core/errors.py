"""Errors meant for people: one line that names what was wrong and what to do.

The CLI turns an AuditorError into that line and its exit code; anything else is a bug and
shows a traceback only with --debug.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the `auditor` command (README, "Exit codes")."""

    OK = 0  # every host assessed, no failed check
    FINDINGS = 1  # every host assessed, at least one check failed
    USAGE = 2  # bad option, bad inventory, bad config: nothing was contacted
    HOSTS_UNASSESSED = 3  # at least one host could not be assessed (error results)
    INTERNAL = 4  # store or internal failure
    BUSY = 5  # another run holds the store's lock; nothing was contacted
    NOTIFY_FAILED = 6  # the run is stored and reported, but an alert could not be delivered
    REPORT_FAILED = 7  # the run is stored and alerts sent, but a report file could not be written
    NOT_VERIFIED = 8  # auditor verify: the evidence, the manifest or its signature does not hold
    FEED_FAILED = 9  # auditor feeds update/import: a feed could not be fetched or read (the old one is kept)
    TICKETS_FAILED = 10  # the run is stored and reported, but the PSA refused or did not answer a ticket change
    INTERRUPTED = 130  # Ctrl-C; hosts finished so far are kept


class AuditorError(Exception):
    """A failure the user can act on; str() is the one-line message."""

    exit_code: ExitCode = ExitCode.USAGE


class InventoryError(AuditorError):
    """A missing or malformed inventory; the message names the file and, where known, the line."""


class ConfigError(AuditorError):
    """A malformed configuration or option value."""


class StoreError(AuditorError):
    """The run store cannot be opened or has no such run."""

    exit_code = ExitCode.INTERNAL


class RunNotFoundError(StoreError):
    """No such run, no run yet, or no store where --db points: the user named the wrong thing."""

    exit_code = ExitCode.USAGE


class PsaError(AuditorError):
    """The PSA refused a ticket change or did not answer (HTTP error, timeout, not JSON, no credentials)."""

    exit_code = ExitCode.TICKETS_FAILED


class StoreBusyError(StoreError):
    """Another run holds the store's lock."""

    exit_code = ExitCode.BUSY
