"""What a check template is: typed parameters, the facts it reads, and how it evaluates them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from auditor.checklib.checkdef import Facts, Setting, Verdict

Evaluate = Callable[[Facts], Verdict]
DeclareSettings = Callable[[Any], tuple[Setting, ...]]


def no_settings(params: Any) -> tuple[Setting, ...]:
    """For templates whose checks read no host setting."""
    return ()


@dataclass(frozen=True)
class Template:
    """The logic of one family of checks.

    `params` validates a row's `with:` mapping; `build` turns the validated parameters into the
    check's pure evaluate function. `facts` and `families` fill the row's CheckMeta `facts` and
    `applies_to` unless the row gives its own. `base_case` is what a recorded case's facts are laid
    over (a dict is merged key by key, anything else replaces), so a case states only what differs
    from a neutral host: the one registry value, sysctl key or sshd option it is about.
    `settings` declares, from the same parameters, the host settings the built function reads, so a
    row names its setting once (in `with:`) and still gets a typed declaration (CheckMeta.settings).
    """

    name: str
    params: type[BaseModel]
    build: Callable[[Any], Evaluate]
    facts: tuple[str, ...]
    families: frozenset[str] = frozenset()
    base_case: Mapping[str, Any] = field(default_factory=dict)
    settings: DeclareSettings = no_settings


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` laid over `base`: nested mappings merge, every other value replaces."""
    result = dict(base)
    for key, value in override.items():
        below = result.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            result[key] = merged(below, value)
        else:
            result[key] = value
    return result
