"""The console boundary: text from hosts and inventories reaches the operator's terminal as inert text.

A host controls its stderr, its SSH banner and (through a compromised CMDB or inventory source)
its name and client; a terminal obeys escape sequences in what it prints (OSC 52 writes the
clipboard, OSC 0 the window title, CSI clears the screen, OSC 8 plants links) and rich obeys
`[link=...]` markup. So every string printed by auditor goes through `inert` first: C0 and C1
control characters, DEL and the Unicode direction overrides become visible escapes (`\\x1b`,
`\\u202e`), and `InertConsole` never reads a string as markup or emoji codes. auditor's own
styling is done with rich objects (Text, Table styles), never with markup in strings.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 controls but tab, DEL, C1 controls, bidirectional overrides and isolates, line/paragraph separators
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character a terminal could obey written as a visible escape."""
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_visible, line) for line in text.split("\n"))
    return _UNSAFE.sub(_visible, text)


def inert_text(text: str) -> Text:
    """A rich Text of `text` made inert: shown as written, never parsed as markup."""
    return Text(inert(text))


class InertConsole(Console):
    """A rich Console for which every string is data: control characters escaped, no markup, no emoji.

    Table cells, titles and printed strings all pass through `render_str`, so one override covers them.
    """

    def __init__(self, *, stderr: bool = False, width: int | None = None) -> None:
        super().__init__(stderr=stderr, width=width, markup=False, emoji=False, highlight=False)

    def render_str(self, text: str, **options: Any) -> Text:
        options["markup"] = False
        options["emoji"] = False
        return super().render_str(inert(text, keep_newlines=True), **options)
