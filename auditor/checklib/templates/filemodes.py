"""Template `file-modes`: account files are root-owned with no permission bits beyond a limit.

Row parameters (auditor.checklib.checkkit.root_file_modes):
    required: [/etc/shadow]         files that must exist
    optional: [/etc/gshadow]        files checked only when present
    allowed_bits: "0640"            the widest mode allowed, in octal (quoted: YAML would read 0640 as a number)
    groups: [root, shadow]          the groups that may own the files (omit: any group)
    when_missing: fail              a required file reported missing fails (default), or makes the check
                                    not_applicable or an error (could not assess)
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.checkkit import MissingFile, root_file_modes
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.file_modes import FILE_MODES, FILES


class FileModeParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    required: tuple[str, ...] = Field(min_length=1)
    optional: tuple[str, ...] = ()
    allowed_bits: str = Field(pattern=r"^0[0-7]{3,4}$")
    groups: tuple[str, ...] = ()
    when_missing: MissingFile = "fail"

    @model_validator(mode="after")
    def _collected(self) -> FileModeParams:
        """The probe owns the list of files it stats; a row may only name one of them."""
        unknown = sorted(set(self.required + self.optional) - set(FILES))
        if unknown:
            raise ValueError(f"{unknown} not read by the file_modes probe (auditor.probes.file_modes.FILES)")
        return self


def build(params: FileModeParams) -> Evaluate:
    allowed = int(params.allowed_bits, 8)

    def evaluate(facts: Facts) -> Verdict:
        return root_file_modes(
            facts,
            required=params.required,
            optional=params.optional,
            allowed_bits=allowed,
            groups=params.groups,
            when_missing=params.when_missing,
        )

    return evaluate


ROOT_FILE_MODES = Template(
    name="file-modes",
    params=FileModeParams,
    build=build,
    facts=(FILE_MODES.name,),
    base_case={FILE_MODES.name: {"files": [], "missing": []}},
)
