"""Template `login-defs-minimum`: a numeric /etc/login.defs setting is at least a per-host minimum.

Row parameters:
    keyword: PASS_MIN_DAYS          the login.defs keyword
    setting: password_min_days      the host setting holding the minimum
    default: 1                      its default
    setting_doc: ...                the setting's one-line doc (auditor checks show)

An unset keyword fails; an unreadable or missing /etc/login.defs, or a value that is not a number,
could not assess (auditor.checklib.checkkit.login_defs_number).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.checkkit import login_defs_number, setting_number
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.config_files import CONFIG_FILES


class LoginDefsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keyword: str = Field(pattern=r"^[A-Z_]+$")
    setting: str = Field(min_length=1)
    default: int = Field(ge=0)
    setting_doc: str = Field(min_length=1)


def build(params: LoginDefsParams) -> Evaluate:
    keyword = params.keyword

    def evaluate(facts: Facts) -> Verdict:
        minimum = setting_number(facts, params.setting, params.default)
        value = login_defs_number(facts, keyword)
        if isinstance(value, Verdict):
            return value
        if value is None or value < minimum:
            shown = value if value is not None else "unset"
            return Verdict.failed(f"{keyword} {shown} (want at least {minimum:g})")
        return Verdict.passed(f"{keyword} {value}")

    return evaluate


def declared_settings(params: LoginDefsParams) -> tuple[Setting, ...]:
    return (Setting(name=params.setting, type=int, default=params.default, doc=params.setting_doc),)


LOGIN_DEFS_MINIMUM = Template(
    name="login-defs-minimum",
    params=LoginDefsParams,
    build=build,
    facts=(CONFIG_FILES.name,),
    base_case={CONFIG_FILES.name: {"files": {}, "unreadable": []}},
    settings=declared_settings,
)
