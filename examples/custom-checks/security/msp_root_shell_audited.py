"""msp-root-shell-audited: an example of an MSP's own check, kept outside the auditor package.

Put files like this one in a folder (<folder>/<category>/<id with _>.py), then run
`auditor run --checks-dir <folder> ...` or set `checks_dirs = ["<folder>"]` in the config. The file
has the library's format and is validated the same way (id matches the file name, known facts,
recorded pass and fail cases). This one asks that root's login shell be one the MSP's session
recording covers (setting msp_recorded_shells, default /bin/bash and /usr/bin/bash).
"""

from __future__ import annotations

from typing import Any

from auditor.checkdef import Case, Check, CheckMeta, Facts, Verdict
from auditor.checkkit import setting_list
from auditor.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD

META = CheckMeta(
    id="msp-root-shell-audited",
    title="root's shell is covered by session recording",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="The MSP records root sessions through its bash configuration; another shell would escape it.",
    remediation="chsh -s /bin/bash root, or add the shell to the setting msp_recorded_shells.",
    facts=(PASSWD.name,),
    references={"cis-v8": ("8.8",), "iso27001-2022": ("A.8.15",)},
)

DEFAULT_SHELLS = ("/bin/bash", "/usr/bin/bash")


def evaluate(facts: Facts) -> Verdict:
    root = next((e for e in facts.get(PASSWD).entries if e.name == "root"), None)
    if root is None:
        return Verdict.cannot_assess("no root account in /etc/passwd")
    shells = setting_list(facts, "msp_recorded_shells", DEFAULT_SHELLS)
    if root.shell in shells:
        return Verdict.passed(f"root's shell is {root.shell}")
    return Verdict.failed(f"root's shell is {root.shell}, not one of {', '.join(shells)}")


def _root(shell: str) -> dict[str, Any]:
    return {
        "passwd": {
            "entries": [{"name": "root", "password": "shadow", "uid": 0, "gid": 0, "home": "/root", "shell": shell}]
        }
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("bash", _root("/bin/bash"), Status.PASS),
        Case("zsh", _root("/usr/bin/zsh"), Status.FAIL),
        Case("zsh allowed", _root("/usr/bin/zsh"), Status.PASS, settings={"msp_recorded_shells": "/usr/bin/zsh"}),
    ),
)
