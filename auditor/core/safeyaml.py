"""YAML from operators' files, parsed with bounded work: no alias bombs, no deep nesting.

PyYAML shares one Python object per anchor, so a "billion laughs" document loads cheaply and then
explodes in whatever walks it next (copying inventory variables took 79 s and ended in a
MemoryError). And its composer and constructor recurse, so `[[[[...]]]]` a few thousand deep
ends in a RecursionError. Every document is therefore composed first, its node graph measured as
if every alias were expanded (each distinct node counted once, with memoisation, so the
measurement itself is linear in the document), and only then constructed.

The C parser (libyaml) is used when PyYAML was built with it: it scans 5-10 times faster, which
matters for 100,000-host inventories; the constructors stay Python's, so behaviour is the same.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_NODES = 2_000_000  # nodes after alias expansion: ~20x the largest real inventory seen
MAX_DEPTH = 64  # nesting of lists and mappings; real inventories and waivers use fewer than 10

SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlBoundsError(ValueError):
    """The document is too large or too deeply nested once aliases are expanded."""


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_bounds(root: Node, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> None:
    """Raise YamlBoundsError if the document, with every alias expanded, exceeds the bounds.

    Iterative (no recursion) and linear in the number of distinct nodes: the expanded size of a
    node is computed once and reused for every alias that points at it.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in size and not children_done:
            continue
        children = _children(node)
        if not children_done:
            if len(on_path) > max_depth:
                raise YamlBoundsError(f"nested more than {max_depth} levels deep")
            if key in on_path:  # a recursive alias: the expansion would be infinite
                raise YamlBoundsError("an alias refers to itself")
            on_path.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in size)
            continue
        on_path.discard(key)
        size[key] = 1 + sum(size[id(child)] for child in children)
        height[key] = 1 + max((height[id(child)] for child in children), default=0)
        if size[key] > max_nodes:
            raise YamlBoundsError(f"more than {max_nodes:,} values once aliases are expanded (an alias bomb?)")
        if height[key] > max_depth:
            raise YamlBoundsError(f"nested more than {max_depth} levels deep")


def load_bounded(loader: yaml.SafeLoader) -> Any:
    """The loader's single document, constructed only after check_bounds passed."""
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # the pure-Python composer recurses once per level
            raise YamlBoundsError(f"nested more than {MAX_DEPTH} levels deep") from None
        if node is None:
            return None
        check_bounds(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def safe_load(text: str) -> Any:
    """yaml.safe_load with bounded work; errors are yaml.YAMLError or YamlBoundsError."""
    return load_bounded(SafeBase(text))


def describe(error: Exception) -> str:
    """One line saying what is wrong with a document: "line 3: found a tab (column 1)"."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = " ".join(" ".join(part.split()) for part in (error.context, error.problem) if part)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        column = f" (column {mark.column + 1})" if mark is not None else ""
        return f"{where}{problem or 'malformed YAML'}{column}"
    return " ".join(str(error).split()) or type(error).__name__
