"""Shared vocabulary of the pipeline: outcomes, severities, categories."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Outcome of one check on one host.

    Precedence when outcomes are combined (as in InSpec): error, not_applicable, waived, fail, pass.
    """

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    ERROR = "error"  # could not assess: unreachable, denied, timed out, unparsable
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Category(StrEnum):
    PATCH = "patch"
    BACKUP = "backup"
    SECURITY = "security"
