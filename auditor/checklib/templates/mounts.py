"""Template `mount-options`: a mount point carries nodev, nosuid and noexec (auditor.checklib.mountkit).

Row parameters:
    mount_point: /tmp
    separate_required: true         not being a separate file system fails (false: not applicable)
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.mountkit import mount_options_verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.mounts import MOUNTS


class MountParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mount_point: str = Field(pattern=r"^/")
    separate_required: bool


def build(params: MountParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        return mount_options_verdict(facts, params.mount_point, separate_required=params.separate_required)

    return evaluate


MOUNT_OPTIONS = Template(
    name="mount-options",
    params=MountParams,
    build=build,
    facts=(MOUNTS.name,),
    base_case={MOUNTS.name: {"mounts": []}},
)
