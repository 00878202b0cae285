"""Contracts of the security/backup probes and their helpers that golden files alone do not show:
redaction on the host, address parsing, device stacking, schedule and repository reading."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from auditor.checklib.backupkit import JobLine, _classify, job_period_hours, repositories
from auditor.probes.backup_state import BackupState
from auditor.probes.base import RawOutput
from auditor.probes.config_files import REDACT
from auditor.probes.listening_sockets import LISTENING_SOCKETS, Socket
from auditor.probes.mounts import Mounts
from auditor.probes.scheduled_jobs import JobSource
from auditor.probes.service_state import ServiceState


@pytest.mark.skipif(shutil.which("sed") is None, reason="needs sed")
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("deploy ALL=(ALL) NOPASSWD: ALL", "deploy ALL=(ALL) NOPASSWD: ALL"),  # a sudoers tag, not a password
        ("//nas/share /mnt cifs credentials=/root/.smb,password=S3cret,uid=0 0 0", None),
        ("RESTIC_PASSWORD=hunter2", "RESTIC_PASSWORD=<redacted>"),
        ("password: abc", "password: <redacted>"),
        ("target = 'sftp://user:Pw@backup/x'", "target = 'sftp://<redacted>@backup/x'"),
        ("PASS_MAX_DAYS\t99999", "PASS_MAX_DAYS\t99999"),
    ],
)
def test_config_redaction_on_the_host(line: str, expected: str | None) -> None:
    done = subprocess.run(["sh", "-c", REDACT], input=line + "\n", capture_output=True, text=True, check=True)
    out = done.stdout.rstrip("\n")
    if expected is None:
        assert "S3cret" not in out and "<redacted>" in out
    else:
        assert out == expected


def test_ss_addresses_and_process_names() -> None:
    raw = RawOutput(
        'tcp LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=5,fd=14))\n'
        "tcp LISTEN 0 128 [::]:22 [::]:*\n"
        "udp UNCONN 0 0 [fe80::1]%eth0:123 [::]:*\n"
        "tcp LISTEN 0 128 *:8080 *:*\n"
        "#auditor ss-exit 0\n",
        "",
        0,
    )
    sockets = LISTENING_SOCKETS.parse(raw).sockets
    assert [(s.protocol, s.address, s.port) for s in sockets] == [
        ("tcp", "127.0.0.53", 53),
        ("tcp", "::", 22),
        ("udp", "fe80::1", 123),
        ("tcp", "0.0.0.0", 8080),
    ]
    assert sockets[0].processes == ("systemd-resolve",) and sockets[0].loopback
    assert Socket(protocol="tcp", address="::", port=22).label == "tcp [::]:22"


def test_service_state_enabled_and_manager() -> None:
    state = ServiceState(pid1="sshd", processes=("sshd",), enabled=("cron.service", "rsyslog"))
    assert not state.service_manager_running
    assert state.enabled_units(["cron", "rsyslog.service", "auditd"]) == ("cron", "rsyslog")


def test_crypt_layers_follow_the_device_stack() -> None:
    mounts = Mounts.model_validate(
        {
            "mounts": [
                {
                    "mount_point": "/",
                    "source": "/dev/mapper/vg-root",
                    "fstype": "ext4",
                    "device": "254:2",
                    "options": ["rw"],
                }
            ],
            "devices": [
                {"name": "nvme0n1p3", "device": "259:3"},
                {
                    "name": "dm-0",
                    "device": "254:0",
                    "dm_type": "CRYPT-LUKS2",
                    "dm_name": "luks",
                    "slaves": ["nvme0n1p3"],
                },
                {"name": "dm-1", "device": "254:1", "dm_type": "LVM-x", "dm_name": "vg-swap", "slaves": ["dm-0"]},
                {"name": "dm-2", "device": "254:2", "dm_type": "LVM-y", "dm_name": "vg-root", "slaves": ["dm-0"]},
            ],
        }
    )
    root = mounts.at("/")
    assert root is not None
    device = mounts.device_for(root)
    assert device is not None and device.name == "dm-2"
    assert [d.dm_name for d in mounts.crypt_layers(device)] == ["luks"]


def _job(kind: str, path: str, *lines: str) -> JobLine:
    source = JobSource.model_validate({"kind": kind, "path": path, "lines": list(lines)})
    return JobLine(source, source.command_lines[-1] if source.command_lines else lines[-1], "restic")


@pytest.mark.parametrize(
    ("job", "hours"),
    [
        (_job("crontab", "/etc/cron.d/b", "15 1 * * * root restic backup /"), 24.0),
        (_job("crontab", "/etc/cron.d/b", "0 */6 * * * root restic backup /"), 6.0),
        (_job("crontab", "/etc/cron.d/b", "0 1,13 * * * root restic backup /"), 12.0),
        (_job("crontab", "/etc/cron.d/b", "0 1 * * 1-5 root restic backup /"), 72.0),
        (_job("crontab", "/etc/cron.d/b", "0 1 * * sun root restic backup /"), 168.0),
        (_job("crontab", "/etc/cron.d/b", "0 1 1 * * root restic backup /"), 744.0),
        (_job("crontab", "/etc/crontab", "@daily root restic backup /"), 24.0),
        (_job("cron-script", "/etc/cron.weekly/backup", "restic backup /"), 168.0),
        (
            _job(
                "timer", "/etc/systemd/system/b.timer", "OnCalendar=*-*-* 02:00:00", "ExecStart=/usr/bin/restic backup"
            ),
            24.0,
        ),
        (
            _job(
                "timer", "/etc/systemd/system/b.timer", "OnCalendar=Mon..Fri 02:00", "ExecStart=/usr/bin/restic backup"
            ),
            72.0,
        ),
        (_job("timer", "/etc/systemd/system/b.timer", "OnUnitActiveSec=6h", "ExecStart=/usr/bin/restic backup"), 6.0),
        (_job("timer", "/etc/systemd/system/b.timer", "OnCalendar=hourly", "ExecStart=/usr/bin/restic backup"), 1.0),
    ],
)
def test_job_period(job: JobLine, hours: float) -> None:
    assert job_period_hours(job) == hours


@pytest.mark.parametrize(
    ("location", "off_host"),
    [
        ("sftp:backup@nas:/srv/restic", True),
        ("s3:https://s3.amazonaws.com/bucket", True),
        ("rest:https://backup.example:8000/", True),
        ("backup@nas.example:repo", True),  # borg scp-like
        ("/var/backups/restic", False),
        ("file:///srv/backup", False),
        ("sftp:backup@localhost:/srv/r", False),
        ("/mnt/nas/restic", True),  # on an NFS mount, see below
    ],
)
def test_repository_classification(location: str, off_host: bool) -> None:
    mounts = Mounts.model_validate(
        {
            "mounts": [
                {"mount_point": "/mnt/nas", "source": "nas:/b", "fstype": "nfs4", "device": "0:50", "options": ["rw"]}
            ]
        }
    )
    assert _classify(location, mounts)[0] is off_host


def test_repositories_from_env_flags_and_configs() -> None:
    source = JobSource.model_validate(
        {
            "kind": "crontab",
            "path": "/etc/cron.d/b",
            "lines": ["RESTIC_REPOSITORY=/srv/local", "0 1 * * * root restic -r b2:bucket:host backup /etc"],
        }
    )
    jobs = (JobLine(source, source.lines[1], "restic"),)
    state = BackupState.model_validate(
        {
            "now_epoch": 1,
            "configs": [
                {
                    "path": "/etc/borgmatic/config.yaml",
                    "mode": "600",
                    "uid": 0,
                    "gid": 0,
                    "repository_lines": ["    - path: ssh://u@h/./repo"],
                }
            ],
        }
    )
    found = {(r.location, r.off_host) for r in repositories(jobs, state, None)}
    assert found == {("/srv/local", False), ("b2:bucket:host", True), ("ssh://u@h/./repo", True)}
