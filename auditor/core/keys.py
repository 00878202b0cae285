"""Unknown keys named with the closest known one, for every file a person writes.

A misspelt key silently ignored is a setting silently not applied (an `[alert]` table that never
fires), so the config, profiles and waiver files refuse unknown keys (pydantic's extra="forbid")
and say what was probably meant. The known keys are read from the pydantic model itself, walking
through nested models, lists and name-keyed tables, so they cannot drift from what is accepted.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """`did you mean 'x'?` for the closest known name, else the list of known names."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"known keys: {', '.join(known)}" if known else "no keys are allowed here"


def first_error(exc: ValidationError) -> ErrorDetails:
    """The error to show: a misspelt key first, since it usually explains a "required" one beside it."""
    errors = exc.errors()
    return next((error for error in errors if error["type"] == "extra_forbidden"), errors[0])


def known_keys(root: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The keys the model at `loc` (a pydantic error location) accepts, by their written names."""
    current: Any = root
    for part in loc:
        model = model_in(current)
        if model is not None and isinstance(part, str) and part in model.model_fields:
            current = model.model_fields[part].annotation
        else:  # a list index or a name-keyed table: step into the element type
            args = [arg for arg in get_args(_strip(current)) if arg is not type(None)]
            current = args[-1] if args else None
    model = model_in(current)
    if model is None:
        return []
    return sorted(field.alias or name for name, field in model.model_fields.items() if not field.exclude)


def unknown_key(root: type[BaseModel], loc: Sequence[Any]) -> str:
    """The message for an `extra_forbidden` error at `loc`: the key and the closest known one."""
    return f"unknown key {loc[-1]!r}; {did_you_mean(str(loc[-1]), known_keys(root, loc[:-1]))}"


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class an annotation names, directly or inside `X | None`."""
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = model_in(arg)
            if found is not None:
                return found
    return None
