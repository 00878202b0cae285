"""YAML loading for inventories and variable files: line numbers kept, Ansible tags understood.

Mappings are loaded as `LineMap`, a dict that remembers the line of each key, so a bad value
found later can be reported at its line. `!vault` values are loaded as opaque `Vault` objects
(never decrypted; see `resolve` for where they are refused), `!unsafe` as plain strings.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from auditor.core.errors import InventoryError
from auditor.core.safeyaml import SafeBase, YamlBoundsError, load_bounded
from auditor.inventory.raw import Sourced, VarMap
from auditor.inventory.textfile import line_origin

VAULT_PLACEHOLDER = "<vault>"


class Vault:
    """An inline `!vault` value; only its presence matters here, never its ciphertext."""

    __slots__ = ("ciphertext",)

    def __init__(self, ciphertext: str) -> None:
        self.ciphertext = ciphertext

    def __repr__(self) -> str:
        return VAULT_PLACEHOLDER


class LineMap(dict[Any, Any]):
    """A YAML mapping plus the 1-based line of the mapping and of each of its keys."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


def _construct_mapping(loader: yaml.SafeLoader, node: Node) -> LineMap:
    if not isinstance(node, MappingNode):
        raise ConstructorError(None, None, "expected a mapping", node.start_mark)
    loader.flatten_mapping(node)  # resolves '<<' merge keys, as SafeLoader does
    result = LineMap(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_vault(loader: yaml.SafeLoader, node: Node) -> Vault:
    if not isinstance(node, ScalarNode):
        raise ConstructorError(None, None, "a !vault value must be a string", node.start_mark)
    return Vault(loader.construct_scalar(node))


def _construct_unsafe(loader: yaml.SafeLoader, node: Node) -> Any:
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, MappingNode):
        return _construct_mapping(loader, node)
    if not isinstance(node, ScalarNode):  # pragma: no cover - the three node kinds are exhaustive
        raise ConstructorError(None, None, "unexpected !unsafe node", node.start_mark)
    return loader.construct_scalar(node)


_CONSTRUCTORS: dict[Any, Any] = {
    "tag:yaml.org,2002:map": _construct_mapping,
    "!vault": _construct_vault,
    "!unsafe": _construct_unsafe,
}


class _Loader(SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader (no object construction) with line-tracking mappings and Ansible's tags."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {**SafeBase.yaml_constructors, **_CONSTRUCTORS}


class _ExplainingLoader(yaml.SafeLoader):
    """The same, on PyYAML's pure-Python parser: slower, but its error messages name the character."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {**yaml.SafeLoader.yaml_constructors, **_CONSTRUCTORS}


def load_yaml(text: str, *, path: Path) -> Any:
    """Parse one YAML document; any syntax problem becomes "path:line: YAML error: ..."."""
    try:
        return load_bounded(_Loader(text))
    except yaml.YAMLError:
        pass  # parsed again below, only to say what is wrong as precisely as possible
    except (YamlBoundsError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise InventoryError(f"{path}: YAML error: {_one_line(str(error)) or type(error).__name__}") from None
    try:
        return load_bounded(_ExplainingLoader(text))
    except yaml.MarkedYAMLError as error:
        raise InventoryError(_marked_message(error, path)) from None
    except yaml.YAMLError as error:
        raise InventoryError(f"{path}: YAML error: {_one_line(str(error))}") from None
    except (YamlBoundsError, ValueError, TypeError, OverflowError, RecursionError) as error:  # e.g. a bad date
        raise InventoryError(f"{path}: YAML error: {_one_line(str(error)) or type(error).__name__}") from None


def _marked_message(error: yaml.MarkedYAMLError, path: Path) -> str:
    mark = error.problem_mark or error.context_mark
    problem = _one_line(error.problem or error.context or "malformed YAML")
    if error.context and problem.startswith("but "):  # "expected a single document ... but found another"
        problem = f"{_one_line(error.context)} {problem}"
    if mark is None:
        return f"{path}: YAML error: {problem}"
    return f"{path}:{mark.line + 1}: YAML error: {problem} (column {mark.column + 1})"


def _one_line(text: str) -> str:
    """Messages for people are one line; PyYAML's can span several."""
    return " ".join(text.split())


def mapping_vars(value: Any, *, path: Path, line: int | None, what: str) -> VarMap:
    """Variables from a YAML mapping (None means none), each with the line of its key."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InventoryError(f"{line_origin(path, line)}: {what} must be a mapping, found {kind_of(value)}")
    lines: dict[Any, int] = value.key_lines if isinstance(value, LineMap) else {}
    result: VarMap = {}
    for key, item in value.items():
        origin = line_origin(path, lines.get(key, line))
        if not isinstance(key, str):
            raise InventoryError(f"{origin}: variable name {key!r} in {what} is not a string")
        result[key] = Sourced(item, origin)
    return result


def plain(value: Any) -> Any:
    """A fresh copy of a loaded value with plain dicts and vault values replaced by "<vault>"."""
    if isinstance(value, Vault):
        return VAULT_PLACEHOLDER
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(plain(item) for item in value)
    return value


def kind_of(value: Any) -> str:
    """A person's word for a YAML value's type, for messages ("found a list")."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"
