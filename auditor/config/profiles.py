"""Profiles: named selections of checks with parameter overrides, as YAML data.

Built in: auditor/data/profiles/<name>.yaml (`baseline`, `strict`). `--profile` (or `profile =` in
the config) takes a built-in name or the path of an MSP's own profile file in the same format:

    name: baseline
    description: What every managed server should meet.
    include: ["*"]                 # check ids or globs; default: every check
    exclude: ["kernel-modules-*"]  # applied after include
    settings:                      # defaults for check settings (config and inventory vars win)
      ssh_config_max_mode: "0644"

A pattern that matches no check is an error (a typo must not silently drop a control); an
unknown key or a malformed file stops with one line naming the file.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.core.errors import ConfigError
from auditor.core.keys import first_error, unknown_key
from auditor.core.safeyaml import describe, safe_load

DATA = Path(__file__).parent.parent / "data" / "profiles"


class Identified(Protocol):
    """What a profile needs of a check: its id (the config stage sits below the check library)."""

    @property
    def id(self) -> str: ...


CheckT = TypeVar("CheckT", bound=Identified)


class ProfileError(ConfigError):
    """A profile cannot be found, read or applied."""


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    description: str = Field(min_length=5)
    include: tuple[str, ...] = ("*",)
    exclude: tuple[str, ...] = ()
    settings: dict[str, Any] = {}
    source: str = Field(default="", exclude=True)  # the file it was read from (set by load_profile)

    def select(self, checks: Sequence[CheckT]) -> tuple[CheckT, ...]:
        """The checks this profile runs, in library order."""
        ids = [check.id for check in checks]
        for pattern in (*self.include, *self.exclude):
            if not fnmatch.filter(ids, pattern):
                raise ProfileError(f"{self.source or self.name}: pattern {pattern!r} matches no check")
        wanted = {i for pattern in self.include for i in fnmatch.filter(ids, pattern)}
        wanted -= {i for pattern in self.exclude for i in fnmatch.filter(ids, pattern)}
        return tuple(check for check in checks if check.id in wanted)


def profile_names() -> tuple[str, ...]:
    """The built-in profiles."""
    return tuple(sorted(path.stem for path in DATA.glob("*.yaml")))


def load_profile(name_or_path: str) -> Profile:
    """A built-in profile by name, or a profile file by path (anything with a / or ending in .yaml)."""
    if "/" in name_or_path or name_or_path.endswith((".yaml", ".yml")):
        path = Path(name_or_path).expanduser()
    else:
        path = DATA / f"{name_or_path}.yaml"
        if not path.is_file():
            raise ProfileError(f"unknown profile {name_or_path!r}; built in: {', '.join(profile_names())}")
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"profile file not found: {path}") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc.strerror or type(exc).__name__}") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date, an alias bomb, deep nesting
        raise ProfileError(f"{path}: cannot read profile: {describe(exc)}") from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: a profile is a mapping with name, description, include, exclude, settings")
    try:
        profile = Profile.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        problem = first_error(exc)
        if problem["type"] == "extra_forbidden":
            raise ProfileError(f"{path}: {unknown_key(Profile, problem['loc'])}") from None
        where = ".".join(str(p) for p in problem["loc"])
        raise ProfileError(f"{path}: invalid profile at {where or '(top)'}: {problem['msg']}") from None
    for key, value in profile.settings.items():
        if key.startswith("auditor_") or not isinstance(value, str | int | float | bool | list):
            raise ProfileError(f"{path}: setting {key!r} must be named without auditor_ and be a plain value or list")
    return profile
