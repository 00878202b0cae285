"""A gate for the Windows collector: the whole PowerShell script must be valid Windows PowerShell 5.1.

No Windows host runs in CI, so a syntax error or a PowerShell 7-only construct in a probe body
would only show on a customer's server, as one probe's (or the whole script's) parse error. The
script is parsed with a real PowerShell grammar (tree-sitter-powershell, the grammar GitHub and
editors use) and must have no ERROR or MISSING node; then the parse tree is walked for what
Windows PowerShell 5.1 lacks (about_Pipeline_Chain_Operators, about_Operators: ternary, `??`,
`??=`, `?.`, `?[]`, `&&`/`||` and the trailing background `&` are PowerShell 7; ForEach-Object
-Parallel, ConvertFrom-Json -AsHashtable/-Depth, Get-Content -AsByteStream, Join-String, Test-Json,
Get-Error, $PSStyle and the automatic $IsWindows/$IsLinux/$IsMacOS variables came with 6 or 7).
The grammar itself does not parse the ternary and null-conditional operators, so they surface as
ERROR nodes; the walk names them anyway, so that a newer grammar that does parse them still fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import tree_sitter_powershell
from tree_sitter import Language, Node, Parser

# Tokens of PowerShell 7 operators, as leaves of the tree.
PS7_TOKENS = {"??": "null-coalescing ??", "??=": "null-coalescing assignment ??=", "?.": "null-conditional ?."}
# Node types of PowerShell 7 syntax in this or later versions of the grammar.
PS7_NODES = {
    "pipeline_chain_tail": "pipeline chain && / ||",
    "ternary_expression": "ternary ? :",
    "null_coalescing_expression": "null-coalescing ??",
}
# (command, parameter) pairs that PowerShell 6/7 added; a parameter may be abbreviated to any
# unambiguous prefix, so a prefix of at least `min` characters counts.
PS7_PARAMETERS: tuple[tuple[frozenset[str], str, int], ...] = (
    (frozenset({"foreach-object", "%", "foreach"}), "-parallel", 3),
    (frozenset({"foreach-object", "%", "foreach"}), "-throttlelimit", 3),
    (frozenset({"convertfrom-json"}), "-ashashtable", 3),
    (frozenset({"convertfrom-json"}), "-depth", 2),
    (frozenset({"convertfrom-json"}), "-noenumerate", 2),
    (frozenset({"convertto-json"}), "-escapehandling", 2),
    (frozenset({"get-content", "set-content", "add-content"}), "-asbytestream", 3),
    (frozenset({"invoke-webrequest", "invoke-restmethod"}), "-skipcertificatecheck", 6),
    (frozenset({"select-string"}), "-raw", 4),
)
PS7_COMMANDS = frozenset({"join-string", "test-json", "get-error", "get-uptime", "remove-alias", "clear-recyclebin"})
PS7_VARIABLES = frozenset({"$psstyle", "$iswindows", "$islinux", "$ismacos", "$iscoreclr"})


@dataclass(frozen=True)
class Finding:
    """One reason the script is not valid Windows PowerShell 5.1, with its place (1-based line)."""

    line: int
    what: str
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}: {self.text!r}"


def parse(script: str) -> Node:
    parser = Parser(Language(tree_sitter_powershell.language()))
    return parser.parse(script.encode("utf-8")).root_node


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")


def _finding(node: Node, what: str) -> Finding:
    return Finding(node.start_point[0] + 1, what, _text(node)[:80])


def syntax_errors(root: Node) -> list[Finding]:
    """ERROR and MISSING nodes: where the grammar could not read the script."""
    found = []
    for node in _walk(root):
        if node.is_missing:
            found.append(_finding(node, f"missing {node.type}"))
        elif node.is_error:
            found.append(_finding(node, "syntax error"))
    return found


def _command_findings(node: Node) -> Iterator[Finding]:
    name_node = node.child_by_field_name("command_name") or next(
        (child for child in node.children if child.type == "command_name"), None
    )
    if name_node is None:
        return
    name = _text(name_node).lower()
    if name in PS7_COMMANDS:
        yield _finding(node, f"{_text(name_node)} is PowerShell 7 only")
    parameters = [_text(n).lower() for n in _walk(node) if n.type == "command_parameter" and n.parent is not None]
    for commands, parameter, shortest in PS7_PARAMETERS:
        if name not in commands:
            continue
        for given in parameters:
            if len(given) >= shortest and parameter.startswith(given.rstrip(":")):
                yield _finding(node, f"{_text(name_node)} {parameter} is PowerShell 7 only")


def ps7_only(root: Node) -> list[Finding]:
    """PowerShell 6/7 syntax, commands, parameters and variables that Windows PowerShell 5.1 lacks."""
    found: list[Finding] = []
    for node in _walk(root):
        if node.type in PS7_NODES:
            found.append(_finding(node, PS7_NODES[node.type]))
        elif not node.children and _text(node).strip() in PS7_TOKENS:
            found.append(_finding(node, PS7_TOKENS[_text(node).strip()]))
        elif node.type == "command":
            found.extend(_command_findings(node))
        elif node.type == "variable" and _text(node).lower() in PS7_VARIABLES:
            found.append(_finding(node, f"{_text(node)} is PowerShell 7 only"))
        elif node.type == "ERROR" and _text(node).strip().startswith("?"):
            found.append(_finding(node, "ternary or null-conditional ? (PowerShell 7)"))
    return found


def check_windows_powershell_51(script: str) -> list[Finding]:
    """Every reason `script` would not run on Windows PowerShell 5.1 that the grammar can see."""
    root = parse(script)
    return syntax_errors(root) + ps7_only(root)
