"""The README's figures are tested against the code, so they cannot go stale."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.checklib.registry import is_windows_only, load_checks
from auditor.core.models import Category

README = Path(__file__).parents[1] / "README.md"


def test_check_counts_in_readme_match_the_library() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    found = re.search(
        r"\((\d+) checks today: (\d+) security, (\d+) backup, (\d+) patch; (\d+) for Linux hosts and (\d+) for Windows",
        text,
    )
    assert found, "README no longer states the check counts in the expected sentence"
    checks = load_checks()
    by_category = {category: sum(c.meta.category is category for c in checks) for category in Category}
    windows = sum(is_windows_only(c) for c in checks)
    stated = tuple(int(n) for n in found.groups())
    actual = (
        len(checks),
        by_category[Category.SECURITY],
        by_category[Category.BACKUP],
        by_category[Category.PATCH],
        len(checks) - windows,
        windows,
    )
    assert stated == actual


def test_quick_start_has_exactly_two_set_up_commands() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start with the lab fleet", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]
    assert commands == ["scripts/demo", "scripts/test"]
