"""`auditor config check` and `auditor waivers check`: lint the files a run reads, without a run."""

from __future__ import annotations

from typing import Annotated

import typer

from auditor.cli.options import ChecksDirOpt, ConfigOpt, WaiversOpt
from auditor.core.terminal import InertConsole

config_app = typer.Typer(no_args_is_help=True, help="Check the config file.")
waivers_app = typer.Typer(
    no_args_is_help=True, help="Waivers files: check one, import it into the store, export the store's."
)

LintInventoryOpt = Annotated[
    str | None,
    typer.Option("--inventory", "-i", help="Also check the inventory's settings and the waivers' hosts against it."),
]


def _show(lines: list[str]) -> None:
    console = InertConsole()
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@config_app.command("check")
def config_check(
    config: ConfigOpt = None, inventory: LintInventoryOpt = None, checks_dirs: ChecksDirOpt = None
) -> None:
    """Check the config (tables, keys, types, profile, check settings) and its waivers; exit 2 on the first problem."""
    from auditor.run.lint import LintRequest, check_config

    _show(check_config(LintRequest(config=config, inventory=inventory, checks_dirs=tuple(checks_dirs or ()))))


@waivers_app.command("check")
def waivers_check(
    waivers: WaiversOpt = None,
    inventory: LintInventoryOpt = None,
    config: ConfigOpt = None,
    checks_dirs: ChecksDirOpt = None,
    allow_unmatched_waivers: Annotated[
        bool, typer.Option("--allow-unmatched-waivers", help="Report unmatched waivers without failing.")
    ] = False,
) -> None:
    """Check a waivers file: its entries, that each names a known check, client, group and host; list expiries."""
    from auditor.run.lint import LintRequest, check_waivers

    request = LintRequest(
        config=config,
        inventory=inventory,
        waivers=waivers,
        checks_dirs=tuple(checks_dirs or ()),
        allow_unmatched=allow_unmatched_waivers,
    )
    _show(check_waivers(request))
