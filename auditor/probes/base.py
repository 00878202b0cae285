"""A probe: one constant POSIX sh snippet run on the host, and a pure parser for its output.

The collector joins the probes that the selected checks need into one script (one exec per
host). The raw output of each probe is kept as evidence; parsing happens locally and again
whenever a stored run is re-evaluated, so a parser fix applies to old runs too.

Host output is data: parsers never execute it and never build a command from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

FactT = TypeVar("FactT", bound=BaseModel)


class FactModel(BaseModel):
    """Base of every parsed fact: immutable, JSON-serialisable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class RawOutput:
    """What one probe printed on the host."""

    stdout: str
    stderr: str
    exit_status: int


class ProbeError(Exception):
    """The probe's output cannot give the fact (denied, missing tool, unparsable); str() says why."""


@dataclass(frozen=True)
class Probe(Generic[FactT]):
    """A named fact source.

    `command` is a constant shell snippet: it is never formatted with host output. `parse`
    turns the raw output into the typed fact or raises ProbeError with a reason a person can
    read ("permission denied reading /etc/shadow").
    """

    name: str
    description: str
    command: str
    model: type[FactT]
    parse: Callable[[RawOutput], FactT]
    needs_root: bool = False
    # "sh": a POSIX sh snippet for Linux/Unix hosts; "powershell": a Windows PowerShell 5.1 script
    # block body whose output objects the Windows collector serialises as JSON (auditor.probes.winjson).
    shell: str = "sh"
