"""The row files' parse cache: a second start reads what the first parsed, and nothing stale,
malformed or inexact is ever handed back."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checklib.registry import load_checks
from auditor.checklib.rowcache import cached_parse

ROWS = """
template: sysctl
checks:
  - id: x
    now: 2026-03-01T10:00:00Z
    until: 2027-01-31
    values: [1, 2.5, true, null, "text"]
"""


class Parser:
    """A YAML parse that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> Any:
        import yaml

        self.calls += 1
        return yaml.safe_load(text)


def test_the_second_read_of_the_same_text_comes_from_the_cache(tmp_path: Path) -> None:
    parse = Parser()
    first = cached_parse(ROWS, parse, cache_dir=tmp_path)
    second = cached_parse(ROWS, parse, cache_dir=tmp_path)
    assert parse.calls == 1
    assert second == first
    row = second["checks"][0]
    assert row["now"] == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert row["until"] == date(2027, 1, 31) and not isinstance(row["until"], datetime)


def test_changed_text_is_parsed_again(tmp_path: Path) -> None:
    parse = Parser()
    cached_parse(ROWS, parse, cache_dir=tmp_path)
    changed = cached_parse(ROWS.replace("id: x", "id: y"), parse, cache_dir=tmp_path)
    assert parse.calls == 2
    assert changed["checks"][0]["id"] == "y"


def _entry(encoded: str) -> str:
    """A cache entry with a correct checksum around `encoded`."""
    return json.dumps({"sha256": hashlib.sha256(encoded.encode()).hexdigest(), "data": encoded})


DAMAGE = [
    "{not json",
    "",
    "{}",
    '{"template": "sysctl", "checks": []}',  # valid JSON, not this file's rows
    '{"sha256": "0", "data": "{}"}',  # a checksum that does not match
    _entry('{"template": "sysctl", "checks": [{"\\u0000": ["code", "x"]}]}'),  # a tag the cache never writes
    _entry('{"\\u0000": ["date", "not a date"]}'),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_entry_is_parsed_again_and_rewritten(tmp_path: Path, damage: str) -> None:
    parse = Parser()
    expected = cached_parse(ROWS, parse, cache_dir=tmp_path)
    (entry,) = (tmp_path / "rows").iterdir()
    entry.write_text(damage, encoding="utf-8")
    assert cached_parse(ROWS, parse, cache_dir=tmp_path) == expected
    assert parse.calls == 2
    assert cached_parse(ROWS, parse, cache_dir=tmp_path) == expected
    assert parse.calls == 2, "the entry was rewritten"


@pytest.mark.parametrize(
    "document", ["a: !!set {x, y}", "1: one", "a: !!binary aGVsbG8=", "a: .nan", '"\\0": 1', "2026-01-01: x"]
)
def test_what_json_cannot_give_back_exactly_is_not_cached(tmp_path: Path, document: str) -> None:
    import yaml

    parse = Parser()
    loaded = cached_parse(document, parse, cache_dir=tmp_path)
    assert repr(loaded) == repr(yaml.safe_load(document))
    assert not (tmp_path / "rows").exists()


KEYS = st.text().filter(lambda key: key != "\0")  # a NUL key is a document not cached (tested above)
plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.dates()
    | st.datetimes(timezones=st.none() | st.just(UTC)).map(lambda moment: moment.replace(fold=0)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(data=plain)
def test_any_plain_document_comes_back_equal_and_of_the_same_types(tmp_path_factory: Any, data: Any) -> None:
    folder = tmp_path_factory.mktemp("rows")
    cached_parse("doc", lambda _text: data, cache_dir=folder)
    back = cached_parse("doc", lambda _text: pytest.fail("parsed again"), cache_dir=folder)
    assert repr(back) == repr(data)


def test_the_library_loaded_from_the_cache_is_the_library_parsed_afresh() -> None:
    def described(checks: Any) -> list[str]:
        return [repr(check.meta) + repr(check.cases) for check in checks]

    cold = described(load_checks())  # tests start with an empty cache folder (tests/conftest.py)
    warm = described(load_checks())
    assert warm == cold


def test_text_utf8_cannot_hold_is_still_cached_exactly(tmp_path: Path) -> None:
    data = {"title": "half a pair \ud800 here"}
    cached_parse("doc", lambda _text: data, cache_dir=tmp_path)
    assert cached_parse("doc", lambda _text: pytest.fail("parsed again"), cache_dir=tmp_path) == data


def test_entries_of_another_format_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An auditor writing another shape of entry (an older or newer version sharing the cache folder)
    uses other names, so neither reads the other's entries."""
    from auditor.checklib import rowcache

    monkeypatch.setattr(rowcache, "FORMAT", rowcache.FORMAT + 1)
    cached_parse(ROWS, lambda _text: {"template": "x", "shape": "another"}, cache_dir=tmp_path)
    monkeypatch.undo()
    parse = Parser()
    assert cached_parse(ROWS, parse, cache_dir=tmp_path)["template"] == "sysctl"
    assert parse.calls == 1


def test_two_parsers_of_the_same_text_never_share_an_entry(tmp_path: Path) -> None:
    cached_parse(ROWS, lambda _text: {"parsed by": "rows"}, kind="rows", cache_dir=tmp_path)
    assert cached_parse(ROWS, lambda _text: {"parsed by": "fixes"}, kind="fixes", cache_dir=tmp_path) == {
        "parsed by": "fixes"
    }
