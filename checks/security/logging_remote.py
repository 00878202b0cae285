"""logging-remote: logs are also sent off the host.

An intruder with root deletes local logs; a copy on a log server survives. Passes on rsyslog
forwarding (`*.* @host`, `@@host`, action(type="omfwd"/"omrelp")), a syslog-ng network
destination, systemd-journal-upload with a URL, or an installed log shipping agent (Filebeat,
Fluent Bit, Vector, Promtail, Elastic Agent, Wazuh, Splunk forwarder, ...; extend with the
setting log_shipper_packages).
"""

from __future__ import annotations

import re

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="logging-remote",
    title="Logs are forwarded to a log server",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="Local logs are the first thing an attacker with root erases; a remote copy keeps the evidence.",
    remediation=(
        "Forward to the client's log server: e.g. /etc/rsyslog.d/60-remote.conf with "
        '*.* action(type="omfwd" target="logs.example" port="6514" protocol="tcp"), or deploy a log shipping agent.'
    ),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="The system's activity log exists only on the system itself.",
            why="An intruder with administrator rights erases local logs first, and the evidence is gone.",
            fix="Send a copy of the activity log to a separate log server.",
        ),
        fr=PlainWords(
            meaning="Le journal d'activité du système n'existe que sur le système lui-même.",
            why=(
                "Un intrus avec des droits d'administration efface d'abord les journaux locaux, et les preuves "
                "disparaissent."
            ),
            fix="Envoyer une copie du journal d'activité vers un serveur de journaux séparé.",
        ),
    ),
    facts=(CONFIG_FILES.name, PACKAGES.name),
    references={
        "cis-v8": ("8.9",),
        "nist-csf-2": ("DE.CM-09",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
    settings=(
        Setting(
            name="log_shipper_packages", type=list, doc="Packages of log shippers to recognise beyond the usual ones."
        ),
    ),
)

SHIPPERS = (
    "filebeat",
    "fluent-bit",
    "td-agent-bit",
    "fluentd",
    "vector",
    "promtail",
    "grafana-alloy",
    "elastic-agent",
    "wazuh-agent",
    "splunkforwarder",
    "nxlog-ce",
    "google-cloud-ops-agent",
    "amazon-cloudwatch-agent",
)
RSYSLOG = ("/etc/rsyslog.conf", "/etc/rsyslog.d/*.conf")
SYSLOG_NG = ("/etc/syslog-ng/syslog-ng.conf", "/etc/syslog-ng/conf.d/*.conf")
UPLOAD = ("/etc/systemd/journal-upload.conf", "/etc/systemd/journal-upload.conf.d/*.conf")
_RSYSLOG_FWD = re.compile(r"(^|\s)@@?[\[\w]|type\s*=\s*\"?om(fwd|relp)\b", re.IGNORECASE)
_NG_NET = re.compile(r"^\s*destination\b.*\b(network|syslog|tcp6?|udp6?)\s*\(", re.IGNORECASE)
_UPLOAD_URL = re.compile(r"^\s*URL\s*=\s*\S+")


def evaluate(facts: Facts) -> Verdict:
    config = facts.get(CONFIG_FILES)
    found = [
        f"{path}: {line}"
        for patterns, regex in ((RSYSLOG, _RSYSLOG_FWD), (SYSLOG_NG, _NG_NET), (UPLOAD, _UPLOAD_URL))
        for path, lines in config.matching(*patterns).items()
        for line in lines
        if regex.search(line)
    ]
    if found:
        return Verdict.passed(f"logs forwarded ({len(found)} forwarding rule(s))", tuple(found))
    packages = facts.get(PACKAGES)
    agents = packages.installed((*SHIPPERS, *setting_list(facts, "log_shipper_packages")))
    if agents:
        return Verdict.passed(f"log shipping agent installed: {', '.join(agents)}")
    return Verdict.failed("no log forwarding configured and no log shipping agent installed")


_DEBIAN = ['module(load="imuxsock")', "*.*;auth,authpriv.none -/var/log/syslog", "auth,authpriv.* /var/log/auth.log"]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "rsyslog omfwd",
            {
                **config_case(
                    {
                        "/etc/rsyslog.conf": _DEBIAN,
                        "/etc/rsyslog.d/60-remote.conf": [
                            '*.* action(type="omfwd" target="logs.example" port="6514" protocol="tcp")'
                        ],
                    }
                ),
                "packages": {"manager": "dpkg", "packages": {"rsyslog": "8.2504.0-1"}},
            },
            Status.PASS,
        ),
        Case(
            "legacy @@ syntax",
            {
                **config_case({"/etc/rsyslog.d/remote.conf": ["*.* @@10.0.0.9:514"]}),
                "packages": {"manager": "dpkg", "packages": {}},
            },
            Status.PASS,
        ),
        Case(
            "local files only",
            {
                **config_case({"/etc/rsyslog.conf": _DEBIAN}),
                "packages": {"manager": "dpkg", "packages": {"rsyslog": "8.2302.0-1"}},
            },
            Status.FAIL,
        ),
        Case(
            "filebeat",
            {
                **config_case({"/etc/rsyslog.conf": _DEBIAN}),
                "packages": {"manager": "dpkg", "packages": {"filebeat": "8.13.0"}},
            },
            Status.PASS,
        ),
    ),
)
