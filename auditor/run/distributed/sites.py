"""Sites: a site is a client network that one or more workers can reach; each has its own queue.

A host's site is its inventory variable `auditor_site`; without it, the host's client. The
default fits the usual MSP layout (one network per client, one worker per client network); set
`auditor_site` where one client has several networks or several clients share one.
"""

from __future__ import annotations

import re

from auditor.core.errors import ConfigError
from auditor.inventory import Host

SITE_VAR = "auditor_site"
QUEUE_PREFIX = "auditor.site."
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def check_site(name: str) -> str:
    """The site name, if it can name a queue (letters, digits, `_`, `.`, `-`); else a ConfigError."""
    if not _NAME.match(name):
        raise ConfigError(
            f"site name {name!r} cannot name a queue: use letters, digits, '_', '.', '-' (at most 100 characters)"
        )
    return name


def site_of(host: Host) -> str:
    """The host's site: its `auditor_site` variable, else its client."""
    chosen = host.vars.get(SITE_VAR)
    name = str(chosen).strip() if chosen is not None and str(chosen).strip() else host.client
    try:
        return check_site(name)
    except ConfigError as exc:
        raise ConfigError(f"host {host.name}: {exc}") from None


def queue_for(site: str) -> str:
    return QUEUE_PREFIX + check_site(site)
