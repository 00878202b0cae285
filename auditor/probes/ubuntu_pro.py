"""Ubuntu Pro on an Ubuntu host: is ESM on, which security updates only ESM would deliver, and Livepatch.

An Ubuntu LTS release gets standard security updates for main/restricted for five years; the
universe/multiverse packages (most of a server's third-party-looking stack: nginx modules,
ImageMagick, Ansible...) and every package after those five years are patched only in Expanded
Security Maintenance (esm-infra, esm-apps), which needs an Ubuntu Pro subscription. apt on a host
without Pro never lists those fixes at all, so apt's simulated upgrade reads "nothing pending"
while the Ubuntu Pro client knows better: `pro security-status --format json` lists each
security update with the service that provides it and whether the host can install it
(`upgrade_available`) or not (`pending_attach`, `pending_enable`, `upgrade_unavailable`), the
enabled services (esm-infra, esm-apps, livepatch) and the CVEs Livepatch fixed in the running
kernel. It reads apt's cache and the client's state; it changes nothing and needs no root.
"""

from __future__ import annotations

import json
from typing import Any

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.sections import RUN, require, split_sections
from auditor.probes.text import clip, first_line, meta_value

LINE_LIMIT = 20000
COMMAND = (
    "if command -v pro >/dev/null 2>&1; then "
    + RUN
    + f"run security-status {LINE_LIMIT} pro security-status --format json; "
    "else echo '#auditor absent'; fi"
)
ESM_SERVICES = ("esm-infra", "esm-apps")
# Update statuses of the Ubuntu Pro client: only upgrade_available can be installed now.
BLOCKED_STATUSES = frozenset({"pending_attach", "pending_enable", "upgrade_unavailable"})
PACKAGE_LIMIT = 20000


class ProUpdate(FactModel):
    """One security update the Ubuntu Pro client knows of."""

    package: str
    version: str = ""
    service: str  # esm-infra, esm-apps or standard-security
    status: str  # upgrade_available, pending_attach, pending_enable, upgrade_unavailable

    @property
    def esm_only(self) -> bool:
        """An ESM fix this host cannot install: not attached, service off, or not entitled."""
        return self.service in ESM_SERVICES and self.status in BLOCKED_STATUSES


class UbuntuPro(FactModel):
    installed: bool  # the `pro` client is present
    attached: bool = False
    enabled_services: tuple[str, ...] = ()
    updates: tuple[ProUpdate, ...] = ()
    esm_infra_updates: int = 0  # the client's own counts
    esm_apps_updates: int = 0
    standard_security_updates: int = 0
    livepatch_fixed_cves: tuple[str, ...] = ()  # CVEs Livepatch patched in the running kernel

    def enabled(self, service: str) -> bool:
        return service in self.enabled_services

    @property
    def esm_only(self) -> tuple[ProUpdate, ...]:
        return tuple(u for u in self.updates if u.esm_only)


def _load(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ProbeError(
            f"pro security-status printed invalid JSON ({clip(str(exc), 80)}): {clip(text, 60)!r}"
        ) from None
    except RecursionError:  # deeper than the client ever nests: a broken or hostile host
        raise ProbeError("pro security-status printed JSON nested too deeply") from None
    if not isinstance(value, dict) or not isinstance(value.get("summary"), dict):
        raise ProbeError(f"pro security-status printed no summary object: {clip(text, 60)!r}")
    return value


def _text(value: Any, what: str, *, limit: int = 200) -> str:
    if not isinstance(value, str):
        raise ProbeError(f"pro security-status: {what} is not text: {clip(repr(value), 40)}")
    return clip(value, limit)


def _count(summary: dict[str, Any], key: str) -> int:
    value = summary.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProbeError(f"pro security-status: {key} is not a count: {clip(repr(value), 40)}")
    return value


def _updates(packages: Any) -> tuple[ProUpdate, ...]:
    if not isinstance(packages, list):
        raise ProbeError("pro security-status: packages is not a list")
    if len(packages) > PACKAGE_LIMIT:
        raise ProbeError(f"pro security-status: more than {PACKAGE_LIMIT} packages listed")
    updates = []
    for entry in packages:
        if not isinstance(entry, dict):
            raise ProbeError(f"pro security-status: a package entry is not an object: {clip(repr(entry), 40)}")
        updates.append(
            ProUpdate(
                package=_text(entry.get("package"), "package", limit=120),
                version=_text(entry.get("version", ""), "version", limit=120),
                service=_text(entry.get("service_name"), "service_name", limit=40),
                status=_text(entry.get("status"), "status", limit=40),
            )
        )
    return tuple(updates)


def _livepatch_cves(livepatch: Any) -> tuple[str, ...]:
    if livepatch is None:
        return ()
    fixed = livepatch.get("fixed_cves", []) if isinstance(livepatch, dict) else None
    if not isinstance(fixed, list):
        raise ProbeError("pro security-status: livepatch.fixed_cves is not a list")
    return tuple(
        _text(cve.get("name"), "CVE name", limit=40)
        for cve in fixed[:2000]
        if isinstance(cve, dict) and cve.get("patched") is True
    )


def parse(raw: RawOutput) -> UbuntuPro:
    if meta_value(raw, "absent") is not None:
        return UbuntuPro(installed=False)
    section = require(split_sections(raw), "security-status")
    if section.exit_status != 0:
        reason = first_line(raw.stderr) or first_line(section.text) or "no message"
        raise ProbeError(f"pro security-status failed (exit {section.exit_status}): {reason}")
    data = _load(section.text)
    summary = data["summary"]
    ua = summary.get("ua", {})
    if not isinstance(ua, dict) or not isinstance(ua.get("attached"), bool):
        raise ProbeError("pro security-status: no summary.ua.attached")
    services = ua.get("enabled_services", [])
    if not isinstance(services, list):
        raise ProbeError("pro security-status: enabled_services is not a list")
    return UbuntuPro(
        installed=True,
        attached=ua["attached"],
        enabled_services=tuple(_text(s, "service", limit=40) for s in services[:50]),
        updates=_updates(data.get("packages", [])),
        esm_infra_updates=_count(summary, "num_esm_infra_updates"),
        esm_apps_updates=_count(summary, "num_esm_apps_updates"),
        standard_security_updates=_count(summary, "num_standard_security_updates"),
        livepatch_fixed_cves=_livepatch_cves(data.get("livepatch")),
    )


UBUNTU_PRO = Probe(
    name="ubuntu_pro",
    description="Ubuntu Pro: ESM services enabled, security updates only ESM would deliver, Livepatch fixes",
    command=COMMAND,
    model=UbuntuPro,
    parse=parse,
)
