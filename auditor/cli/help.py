"""Help that reads at 80 columns: plain (click) help with an `Examples:` section per command.

typer's rich help panels cut option names and defaults to fit a narrow terminal (`--trust-on-firs…`)
and read `[default: …]` in help texts as markup; click's plain layout wraps the help column
instead, so every option name and default stays whole. `plain_help` walks the whole command tree,
so command groups added later get the same layout, and `--version` is the group's eager option.
"""

from __future__ import annotations

import typer

from auditor import __version__

# command path -> example command lines (shown under "Examples:", one per line, never rewrapped)
EXAMPLES: dict[str, tuple[str, ...]] = {
    "run": (
        "auditor run -i inventory.ini",
        "auditor run -i inventory.ini -l acme --checks 'ssh-*' --format html",
        "auditor run -i inventory.ini --format json -o - | jq .summary",
    ),
    "report": (
        "auditor report --format pdf -o fleet.pdf",
        "auditor report --client acme --format json -o -",
        "auditor report --client acme --format client-pdf --period 2026-11",
        "auditor report --limit hardened --format json -o -",
    ),
    "diff": (
        "auditor diff 20261101 latest",
        "auditor diff 20261101 latest --still-open --format json",
        "auditor diff 20261101 latest --limit hardened",
    ),
    "runs": ("auditor runs --limit 5", "auditor runs --json | jq -r '.runs[0].id'"),
    "fix": (
        "auditor fix -o fix.yml && ansible-playbook -i inventory.ini fix.yml --check",
        "auditor fix --limit web01 -o web01.yml",
    ),
    "tickets sync": ("auditor tickets sync --dry-run", "auditor tickets sync --run latest --client acme"),
    "tickets list": ("auditor tickets list", "auditor tickets list --all --json"),
    "prune": ("auditor prune --keep 90d",),
    "sudoers": ("auditor sudoers --user audit > /etc/sudoers.d/auditor",),
    "deliver": ("auditor deliver --dry-run", "auditor deliver --period 2026-11 --client acme"),
    "verify": ("auditor verify latest", "auditor verify auditor-reports/run-20261101.json --public-key msp.pub"),
    "worker": ("auditor worker --broker redis://queue:6379/0 --db postgresql://db/audit",),
    "keys init": ("auditor keys init --key ~/.config/auditor/signing.key",),
    "inventory show": ("auditor inventory show -i inventory.ini -l acme", "auditor inventory show -i hosts.yml --json"),
    "checks list": ("auditor checks list --profile baseline", "auditor checks list --json | jq -r '.checks[].id'"),
    "checks show": ("auditor checks show ssh-weak-macs",),
    "schedule install": (
        "auditor schedule install -i /etc/auditor/inventory.ini --at 02:30 --dry-run",
        "auditor schedule install -i inv.ini --name acme --keep-reports 30d",
    ),
    "schedule deliver": ("auditor schedule deliver --day 1 --at 07:00",),
    "schedule list": ("auditor schedule list",),
    "schedule remove": ("auditor schedule remove acme",),
    "config check": ("auditor config check --config /etc/auditor/config.toml",),
    "waivers check": ("auditor waivers check --waivers waivers.yaml -i inventory.ini",),
    "feeds update": ("auditor feeds update", "auditor feeds update --only kev --timeout 120"),
    "feeds import": ("auditor feeds import known_exploited_vulnerabilities.json epss.csv.gz",),
    "feeds status": ("auditor feeds status",),
    "serve": (
        "auditor serve --db postgresql+psycopg://auditor@db/audit",
        "auditor serve --root-path /auditor --forwarded-allow-ips 127.0.0.1",
    ),
    "user add": (
        "auditor user add alice --role admin",
        "auditor user add acme-owner --role viewer --client acme",
    ),
    "user list": ("auditor user list",),
    "user disable": ("auditor user disable bob",),
    "token create": ("auditor token create alice > alice.token",),
    "waivers import": ("auditor waivers import waivers.yaml",),
    "waivers export": ("auditor waivers export > waivers.yaml",),
    "export findings": (
        "auditor export findings --since 2026-09-01 --until 2026-11-30 -o q3.csv",
        "auditor export findings --since 2026-11-01 --until 2026-11-30 --format json",
    ),
}


def examples_epilog(lines: tuple[str, ...]) -> str:
    """The epilog click prints as is: `\\b` keeps the example lines from being rewrapped."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines)


def plain_help(app: typer.Typer, *, path: str = "") -> None:
    """Plain help for `app` and every group under it, with each command's examples as its epilog."""
    app.rich_markup_mode = None
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__.replace("_", "-") if command.callback else "")
        lines = EXAMPLES.get(f"{path}{name}")
        if lines and command.epilog is None:
            command.epilog = examples_epilog(lines)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            plain_help(group.typer_instance, path=f"{path}{group.name} ")


def version_option(value: bool) -> None:
    """`auditor --version`: the version, then exit before any command runs."""
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(0)
