"""Static import graph of a package, read with `ast` so nothing is imported or executed.

Every import statement counts wherever it sits: module level, inside a function, or under
`if TYPE_CHECKING:` (a type-only import still couples two modules and still forms a cycle the
day someone moves it out of the guard). Relative imports are resolved against the importing
module. tests/test_architecture.py turns the graph into the layout rules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Edge:
    """One import: `source` imports `target` (both dotted module names) at `line`."""

    source: str
    target: str
    line: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Package:
    """The modules of one package tree: dotted name -> file."""

    name: str
    files: dict[str, Path]

    @classmethod
    def scan(cls, root: Path, name: str) -> Package:
        """Every .py file under `root`, named as if `root` were importable as `name`."""
        files: dict[str, Path] = {}
        for path in sorted(root.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join([name, *parts])] = path
        return cls(name=name, files=files)

    def is_package(self, module: str) -> bool:
        """Whether `module` is a package (an __init__.py), which changes what `.` means in it."""
        return self.files[module].name == "__init__.py"

    def known(self, dotted: str) -> str | None:
        """The longest prefix of `dotted` that is a module of this package, if any."""
        parts = dotted.split(".")
        while parts:
            candidate = ".".join(parts)
            if candidate in self.files:
                return candidate
            parts.pop()
        return None


def _base(package: Package, module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ImportFrom names, resolving `from ..x import y`."""
    if not node.level:
        return node.module or ""
    anchor = module.split(".")
    if not package.is_package(module):
        anchor.pop()
    if node.level > 1:
        anchor = anchor[: len(anchor) - (node.level - 1)]
    return ".".join([*anchor, node.module] if node.module else anchor)


def _edges_of(package: Package, module: str, tree: ast.Module) -> Iterator[Edge]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = package.known(alias.name)
                if target is not None:
                    yield Edge(module, target, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _base(package, module, node)
            for alias in node.names:
                target = package.known(f"{base}.{alias.name}") if alias.name != "*" else None
                if target is None or target == package.known(base):
                    target = package.known(base)
                if target is not None:
                    yield Edge(module, target, node.lineno, (alias.name,))


def edges(package: Package) -> list[Edge]:
    """Every import between two modules of `package` (imports of other packages are left out)."""
    found: list[Edge] = []
    for module, path in package.files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found.extend(edge for edge in _edges_of(package, module, tree) if edge.target != module)
    return found


def private_uses(package: Package) -> list[str]:
    """`from x import _name` or `x._name` where x is another module: a private name used across modules.

    A private module inside the importer's own package (`from . import _impl`) is allowed: the
    underscore then marks the module private to its package, which the importer belongs to.
    """
    found: list[str] = []
    for module, path in package.files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = _base(package, module, node)
                for alias in node.names:
                    submodule = f"{base}.{alias.name}" if f"{base}.{alias.name}" in package.files else None
                    if submodule is not None:
                        aliases[alias.asname or alias.name] = submodule
                    crosses = submodule is None or not _same_package(module, submodule)
                    if _private(alias.name) and package.known(base) is not None and base != module and crosses:
                        found.append(f"{module}:{node.lineno} imports {alias.name} from {base}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and package.known(alias.name) == alias.name:
                        aliases[alias.asname] = alias.name
        found.extend(_private_attributes(module, tree, aliases))
    return found


def _private_attributes(module: str, tree: ast.Module, aliases: dict[str, str]) -> Iterator[str]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and aliases[node.value.id] != module
            and _private(node.attr)
        ):
            yield f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _same_package(module: str, other: str) -> bool:
    return module.rpartition(".")[0] == other.rpartition(".")[0]


def cycles(nodes: Iterable[str], graph_edges: Iterable[Edge]) -> list[list[str]]:
    """One concrete cycle (a, b, ..., a) for each strongly connected group of modules."""
    graph: dict[str, set[str]] = {node: set() for node in nodes}
    for edge in graph_edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    found = []
    for component in _strongly_connected(graph):
        start = min(component)
        if len(component) > 1 or start in graph[start]:
            found.append(_cycle_through(graph, start, component))
    return sorted(found)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so a deep package cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def _cycle_through(graph: dict[str, set[str]], start: str, component: set[str]) -> list[str]:
    """The shortest path start -> ... -> start inside one strongly connected component."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & component):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"{start} is not on a cycle")
