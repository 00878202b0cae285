"""Template `win-builtin-account`: a built-in local account, found by its well-known RID, is not usable as such.

The account is found by its relative id, so renaming it does not hide it. Disabled passes; enabled
fails, unless the row accepts renaming (CIS accepts a renamed, enabled built-in Administrator).
No account with that RID passes or leaves the check unassessed, as the row says. On a domain
controller local accounts do not exist: not applicable (winseckit.local_accounts_or_verdict).

Row parameters:
    rid: 501                    the account's well-known relative id (500 Administrator, 501 Guest, ...)
    account: Guest              its default name, used in verdicts and to tell a renamed account
    absent: pass                what no account with that RID means: pass, or error (could not assess)
    renamed_passes: false       whether an enabled account under another name passes
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winseckit import local_accounts_or_verdict
from auditor.probes.win_local_accounts import WIN_LOCAL_ACCOUNTS
from auditor.probes.win_os import WINDOWS_FAMILY


class BuiltinAccountParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rid: Literal[500, 501, 503, 504]
    account: str = Field(min_length=1)
    absent: Literal["pass", "error"]
    renamed_passes: bool = False


def build(params: BuiltinAccountParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        accounts = local_accounts_or_verdict(facts)
        if isinstance(accounts, Verdict):
            return accounts
        found = accounts.by_rid(str(params.rid))
        if found is None:
            if params.absent == "pass":
                return Verdict.passed(f"no built-in {params.account} account (RID {params.rid})")
            return Verdict.cannot_assess(f"no local account with RID {params.rid} was reported")
        if not found.enabled:
            return Verdict.passed(f"the built-in {params.account} ({found.name}) is disabled")
        if params.renamed_passes and found.name.lower() != params.account.lower():
            return Verdict.passed(f"the built-in {params.account} is enabled but renamed to {found.name}")
        return Verdict.failed(f"the built-in {params.account} ({found.name}) is enabled", (found.name,))

    return evaluate


WIN_BUILTIN_ACCOUNT = Template(
    name="win-builtin-account",
    params=BuiltinAccountParams,
    build=build,
    facts=(WIN_LOCAL_ACCOUNTS.name,),
    families=frozenset({WINDOWS_FAMILY}),
)
