"""The check-library metadata cache of `auditor checks list`: what it lists is what loading the library
gives, it is rebuilt when a file of the library changes, and a corrupt, foreign or unwritable cache is
never trusted and never an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.checklib import catalogue
from auditor.checklib.catalogue import CheckSummary, library_summaries, list_library
from auditor.checklib.naming import CheckDefinitionError
from auditor.checklib.registry import load_checks
from tests.checks.test_custom_checks import ROWS


def _expected(extra: tuple[Path, ...] = ()) -> list[tuple[str, int, str, str, str, tuple[str, ...]]]:
    return [
        (c.id, c.meta.version, c.meta.title, c.meta.category.value, c.meta.severity.value, tuple(c.meta.facts))
        for c in load_checks(extra_dirs=extra)
    ]


def _seen(summaries: tuple[CheckSummary, ...]) -> list[tuple[str, int, str, str, str, tuple[str, ...]]]:
    return [(s.id, s.version, s.title, s.category, s.severity, s.facts) for s in summaries]


def _cache_file(folder: Path) -> Path:
    (found,) = folder.glob("checks-*.json")
    return found


def test_cold_and_warm_listings_match_the_loaded_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = library_summaries(cache_dir=tmp_path)
    assert _seen(cold) == _expected()
    assert oct(_cache_file(tmp_path).stat().st_mode & 0o777) == "0o600"

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm cache must not load the checks")

    monkeypatch.setattr("auditor.checklib.registry.load_checks", no_loading)
    warm = library_summaries(cache_dir=tmp_path)
    assert warm == cold
    assert dict(warm[0].references) == dict(cold[0].references)


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "",
        "[]",
        '{"format": 1, "key": "KEY", "checks": [{"id": 1}]}',
        '{"format": 1, "key": "KEY", "checks": "all"}',
        '{"format": 99, "key": "KEY", "checks": []}',
    ],
)
def test_a_damaged_cache_is_rebuilt_not_trusted(tmp_path: Path, damage: str) -> None:
    library_summaries(cache_dir=tmp_path)
    path = _cache_file(tmp_path)
    key = json.loads(path.read_text())["key"]
    path.write_text(damage.replace("KEY", key))
    assert _seen(library_summaries(cache_dir=tmp_path)) == _expected()
    assert json.loads(path.read_text())["key"] == key


def test_a_wrong_typed_row_is_not_trusted(tmp_path: Path) -> None:
    library_summaries(cache_dir=tmp_path)
    path = _cache_file(tmp_path)
    document = json.loads(path.read_text())
    document["checks"][0]["version"] = "1"
    path.write_text(json.dumps(document))
    assert catalogue.read_cache(path, key=document["key"]) is None
    assert _seen(library_summaries(cache_dir=tmp_path)) == _expected()


def test_a_changed_custom_check_is_listed_as_it_now_is(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "security").mkdir(parents=True)
    rows = folder / "security" / "msp.yaml"
    rows.write_text(ROWS)
    cache = tmp_path / "cache"
    first = library_summaries((folder,), cache_dir=cache)
    assert first[-1].title == "Only root may attach to another process"
    rows.write_text(ROWS.replace("Only root may attach", "Nobody but root may attach"))
    second = library_summaries((folder,), cache_dir=cache)
    assert second[-1].title == "Nobody but root may attach to another process"
    assert _seen(second) == _expected((folder,))


def test_a_broken_check_is_still_reported_with_a_warm_cache_of_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "security").mkdir(parents=True)
    library_summaries((folder,), cache_dir=tmp_path)  # warm, with an empty custom folder
    (folder / "security" / "msp.yaml").write_text(ROWS.replace("template: sysctl", "template: nosuch"))
    with pytest.raises(CheckDefinitionError, match=r"msp\.yaml"):
        library_summaries((folder,), cache_dir=tmp_path)


def test_an_unwritable_cache_folder_only_loses_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert _seen(library_summaries(cache_dir=blocker / "auditor")) == _expected()


def test_profile_and_selection_apply_to_the_cached_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    listing = list_library(checks=["ssh-*"], profile="baseline")
    assert listing.profile is not None and listing.profile.name == "baseline"
    assert listing.checks and all(check.id.startswith("ssh-") for check in listing.checks)
    with pytest.raises(CheckDefinitionError, match="no check matches 'shh-weak-macs'; did you mean ssh-weak-macs"):
        list_library(checks=["shh-weak-macs"], profile=None)
    assert (tmp_path / "auditor").is_dir()
