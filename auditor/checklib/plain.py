"""A check's plain-language text: what a failure means for a business owner, in each shipped language.

Held in the check's own metadata (CheckMeta.plain) so that the one file that owns a check owns
its words too: the onboarding assessment reads them from there, and no second table can drift
from the library. Each shipped language is a field rather than a gettext message because the
texts are facts about one check, reviewed together with it; a check whose French is missing
fails at load time instead of silently falling back to English in a client's report.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

LANGUAGES = ("en", "fr")
# The risk areas the onboarding assessment explains, and the managed practices that prevent findings.
Area = Literal["patching", "backup", "access", "exposure", "detection"]
Practice = Literal["patching", "backup", "hardening"]
AREAS: tuple[Area, ...] = ("patching", "backup", "access", "exposure", "detection")
PRACTICES: tuple[Practice, ...] = ("patching", "backup", "hardening")
# Sentences that fit any check say nothing about this one; the library refuses them.
GENERIC_PHRASES = ("security baseline", "in line with", "best practice", "bonnes pratiques", "référentiel de sécurité")
_SENTENCE_END = re.compile(r"[.!?](\s|$)")
_FILE_PATH = re.compile(r"(^|\s)/[a-z]")


class PlainWords(BaseModel):
    """One language's text for a business owner: no commands, no file paths, no jargon."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    meaning: str = Field(min_length=20, max_length=320)  # what a failure means for the business
    why: str = Field(min_length=20, max_length=320)  # why that matters: what could happen
    fix: str = Field(min_length=10, max_length=200)  # the fix, in one sentence

    @field_validator("meaning", "why", "fix")
    @classmethod
    def _specific(cls, value: str) -> str:
        lowered = value.lower()
        generic = [phrase for phrase in GENERIC_PHRASES if phrase in lowered]
        if generic:
            raise ValueError(f"generic wording {generic[0]!r}: say what this check is about")
        if _FILE_PATH.search(value):
            raise ValueError("a file path is jargon for a business owner: say what the file is for")
        return value

    @field_validator("fix")
    @classmethod
    def _one_sentence(cls, value: str) -> str:
        if not value.endswith("."):
            raise ValueError("the fix is one sentence ending with a full stop")
        if len(_SENTENCE_END.findall(value)) != 1:
            raise ValueError("the fix is one sentence")
        return value


class Plain(BaseModel):
    """A check's business-owner text in every shipped language, its risk area and the fix effort."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    area: Area
    practice: Practice  # the managed practice that would have prevented a failure of this check
    effort_minutes: int = Field(ge=1, le=10_000)  # hands-on time to fix it on one system
    en: PlainWords
    fr: PlainWords

    def words(self, language: str) -> PlainWords:
        """The text in `language` (one of LANGUAGES)."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; shipped: {', '.join(LANGUAGES)}")
        words: PlainWords = getattr(self, language)
        return words
