"""Which reported paths the config_files parser keeps: the one compiled pattern of its globs says
exactly what `fnmatch.fnmatchcase` against each glob says, for any path."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.probes.config_files import FILES, PROFILE_FILES, USERADD_DEFAULTS, allowed_path

GLOBS = (*FILES, *PROFILE_FILES)


def _one_by_one(path: str) -> bool:
    return path == USERADD_DEFAULTS or any(fnmatch.fnmatchcase(path, glob) for glob in GLOBS)


# Paths near the real ones: a glob with its wildcards filled in, cut, extended, or changed in case,
# plus arbitrary text (newlines, slashes, brackets).
FILLED = st.builds(
    lambda glob, filler, suffix: glob.replace("*", filler) + suffix,
    st.sampled_from(GLOBS),
    st.text(alphabet="ab./\n*?[]-", max_size=6),
    st.sampled_from(["", "x", "/", "\n", ".conf", ".CONF", "~"]),
)
PATHS = FILLED | FILLED.map(str.upper) | st.text(max_size=40) | st.sampled_from([*GLOBS, USERADD_DEFAULTS])


@settings(max_examples=2000, deadline=None)
@given(path=PATHS)
def test_the_compiled_pattern_agrees_with_fnmatchcase(path: str) -> None:
    assert allowed_path(path) == _one_by_one(path)


def test_known_paths() -> None:
    assert allowed_path("/etc/sudoers.d/90-cloud-init-users")
    assert allowed_path("/etc/sudoers.d/nested/file")  # fnmatch's * crosses slashes
    assert not allowed_path("/etc/sudoersX") and not allowed_path("/etc/login.defs\n")
    assert allowed_path(USERADD_DEFAULTS) and not allowed_path("/etc/passwd")
