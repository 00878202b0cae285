"""Checks written as data: read a row file of the check library into validated Check objects.

A row file is checks/<category>/<family>.yaml:

    template: sysctl            # a name from auditor.checklib.templates
    checks:
      - id: kernel-dmesg-restrict
        doc: |                  # how the check decides (shown by `auditor checks show`)
          ...
        title: ...              # every other key is CheckMeta's, validated by CheckMeta itself
        with: {...}             # the template's parameters, validated by the template's model
        cases:                  # recorded situations, laid over the template's base case
          - {name: ..., expect: pass, facts: {...}, settings: {...}}

The row's metadata goes through the same pydantic model as a check module's META, so a field
added to CheckMeta applies to rows without a change here. The template supplies `facts`,
`applies_to` and the `settings` its parameters name unless the row gives them; the category comes
from the folder. Everything else (id against the folder, facts known, a pass and a fail case, case
facts against the probe models) is checked by the registry exactly as for a check module.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from auditor.checklib.checkdef import Case, Check, CheckMeta
from auditor.checklib.rowcache import cached_parse
from auditor.checklib.templates import template_named, template_names
from auditor.checklib.templates.base import Template, merged
from auditor.core.models import Status
from auditor.core.safeyaml import SafeBase

# A row file is written by people and reviewed, but a malformed one must not hang the loader.
MAX_ROW_FILE_BYTES = 1_000_000


class RowError(ValueError):
    """A row file is malformed; the message says where (row id, field) and what is wrong."""


class RowCase(BaseModel):
    """One recorded case of a row: its facts are laid over the template's base case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    expect: Status
    facts: dict[str, dict[str, Any] | str] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    now: datetime | None = None


class RowFile(BaseModel):
    """The top of a row file: which template, and its rows (each a mapping, validated one by one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    template: str
    checks: list[dict[str, Any]] = Field(min_length=1)


_CASES = TypeAdapter(list[RowCase])


class _StrictLoader(SafeBase):  # type: ignore[misc,valid-type]
    """A safe loader (libyaml's parser where installed: row files are read at every start) that
    refuses a key given twice in one mapping (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"line {key_node.start_mark.line + 1}: key {key!r} given twice", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader


def load_rows(path: Path, *, category: str) -> list[Check]:
    """Every row of one file as a Check; RowError (one line) on the first problem found."""
    try:
        if path.stat().st_size > MAX_ROW_FILE_BYTES:
            raise RowError(f"larger than {MAX_ROW_FILE_BYTES} bytes")
        data = cached_parse(path.read_text(encoding="utf-8"), _parse)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RowError(f"cannot read: {str(exc).splitlines()[0]}") from exc
    try:
        top = RowFile.model_validate(data)
    except ValidationError as exc:
        raise RowError(_first_problem(exc)) from exc
    template = template_named(top.template)
    if template is None:
        raise RowError(f"unknown template {top.template!r}; known: {', '.join(template_names())}")
    return [_row_check(row, template, category=category, index=index) for index, row in enumerate(top.checks)]


def _row_check(row: Mapping[str, Any], template: Template, *, category: str, index: int) -> Check:
    fields = dict(row)
    name = str(fields.get("id", f"row {index + 1}"))
    params_data = fields.pop("with", {})
    cases_data = fields.pop("cases", None)
    doc = fields.pop("doc", "")
    if not isinstance(doc, str):
        raise RowError(f"{name}: doc: must be text")
    defaults: dict[str, Any] = {"category": category, "facts": template.facts}
    if template.families:
        defaults["applies_to"] = {"families": template.families}
    try:
        params = template.params.model_validate(params_data)
        defaults["settings"] = template.settings(params)  # the settings its `with:` names, typed
        meta = CheckMeta.model_validate(defaults | fields)
        cases = _CASES.validate_python(cases_data if cases_data is not None else [])
    except ValidationError as exc:
        raise RowError(f"{name}: {_first_problem(exc)}") from exc
    return Check(
        meta=meta,
        evaluate=template.build(params),
        cases=tuple(_case(case, template.base_case) for case in cases),
        doc=doc,
    )


def _case(case: RowCase, base: Mapping[str, Any]) -> Case:
    facts: dict[str, Mapping[str, Any] | str] = {}
    for fact, value in case.facts.items():
        below = base.get(fact)
        facts[fact] = merged(below, value) if isinstance(below, Mapping) and isinstance(value, Mapping) else value
    for fact, value in base.items():
        facts.setdefault(fact, value)
    return Case(case.name, facts, case.expect, now=case.now, settings=case.settings)


def _first_problem(exc: ValidationError) -> str:
    problem = exc.errors()[0]
    where = ".".join(str(part) for part in problem["loc"])
    return f"{where or '(top)'}: {problem['msg']}"
