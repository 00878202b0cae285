"""A recorded Windows host in a lab fleet, end to end over real SSH.

`winsrv` (inventories/lab/windows/hosts.ini) is a Windows Server 2022 reached over OpenSSH with
`ansible_shell_type=powershell`. In the lab it is the login winaudit on host partial, whose login
shell (inventories/lab/windows/standin.sh) accepts only the auditor's PowerShell collector, byte for
byte, and answers it with a real Windows host's recorded probe output (the goldens chosen in
inventories/lab/windows/host.yaml). Everything on the auditor's side runs as for a real Windows
host: inventory, the SSH transport's one exec of the -EncodedCommand bootstrap with the script on
stdin, section splitting, parsing, evaluation, scoring, the store and every report format. What
this cannot show is how real Windows PowerShell 5.1 runs the script (see README "Windows hosts").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.inventory import load_inventory
from auditor.transport.ssh import SshOptions, SshTransport
from tests.lab.conftest import REPO, run_auditor
from tests.lab.lab_runs import KNOWN_HOSTS, ansible_env, audit
from tests.lab.windows_standin import install, out_of_date

pytestmark = pytest.mark.lab

INVENTORY = REPO / "inventories" / "lab" / "windows" / "hosts.ini"
FORMATS = ("html", "json", "csv", "junit", "markdown", "onboarding")
SUFFIX = {
    "html": ".html",
    "json": ".json",
    "csv": ".csv",
    "junit": ".xml",
    "markdown": ".md",
    "onboarding": ".onboarding.html",
}
# In the recorded host's pending updates (tests/probes/golden/win_updates_pending/server2022-oct2024)
CUMULATIVE_UPDATE = "KB5044281"  # 2024-10 cumulative update for Server 2022, MSRC Critical, released 2024-10-08
DOTNET_UPDATE = "KB5044035"  # .NET cumulative update, Important


@pytest.fixture(scope="module")
def standin(lab: Path) -> None:
    install()


@pytest.fixture(scope="module")
def windows_run(standin: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("windows-e2e")
    done = run_auditor(
        "run",
        "-i",
        str(INVENTORY),
        "--known-hosts",
        str(KNOWN_HOSTS),
        "--db",
        str(out / "auditor.db"),
        "--output-dir",
        str(out),
        "--format",
        ",".join(FORMATS),
        "--no-progress",
    )
    reports = {fmt: sorted(out.glob(f"auditor-*{SUFFIX[fmt]}")) for fmt in FORMATS}
    reports["html"] = [path for path in reports["html"] if not path.name.endswith(".onboarding.html")]
    assert reports["json"], done.stderr
    document = json.loads(reports["json"][0].read_text())
    return {"done": done, "out": out, "document": document, "reports": reports}


def _host(run: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(h for h in run["document"]["hosts"] if h["name"] == name)
    return found


def test_the_committed_recordings_match_the_collector() -> None:
    stale = out_of_date()
    assert not stale, (
        f"inventories/lab/windows/recorded is out of date ({stale}): python -m tests.lab.windows_standin sync"
    )


def test_one_run_covers_the_linux_hosts_and_the_windows_host(windows_run: dict[str, Any]) -> None:
    assert {h["name"]: h["assessed"] for h in windows_run["document"]["hosts"]} == {
        "hardened": True,
        "neglected": True,
        "winsrv": True,
    }
    winsrv = _host(windows_run, "winsrv")
    assert winsrv["client"] == "winclient"
    assert winsrv["os"] == {
        "id": "windows",
        "version": "10.0.20348.2113",
        "family": "windows",
        "name": "Windows Server 2022 Datacenter (21H2, build 20348.2113)",
    }


def test_the_windows_hosts_pending_security_updates_have_kb_severity_and_age(windows_run: dict[str, Any]) -> None:
    updates = {u["package"]: u for u in _host(windows_run, "winsrv")["pending_updates"]}
    cumulative = updates[CUMULATIVE_UPDATE]
    assert (cumulative["manager"], cumulative["security"], cumulative["vendor_severity"]) == ("wua", True, "Critical")
    assert cumulative["issued"] == "2024-10-08"
    assert cumulative["age_source"] is not None and cumulative["age_days"] > 365  # released in October 2024
    assert updates[DOTNET_UPDATE]["vendor_severity"] == "Important"


def test_windows_checks_run_on_windows_and_linux_checks_do_not(windows_run: dict[str, Any]) -> None:
    winsrv = {r["check_id"]: r for r in _host(windows_run, "winsrv")["results"]}
    windows_ids = {c for c in winsrv if c.startswith("win-")}
    assert windows_ids, "no Windows check ran"
    linux_only = [c for c in winsrv if c.startswith(("ssh-", "kernel-", "accounts-", "fs-", "mac-"))]
    assert linux_only == [], "a Windows host stores no result of a Linux check"
    failed = sorted(c for c in windows_ids if winsrv[c]["status"] == "fail")
    assert failed, "the neglected recorded host fails no Windows control"
    for check_id in ("win-rdp-nla", "win-smb1-disabled", "win-bitlocker-os-volume"):
        if check_id in winsrv:
            assert winsrv[check_id]["status"] == "fail", (check_id, winsrv[check_id]["message"])
    assert winsrv["patch-security-updates"]["status"] == "fail"
    assert any(CUMULATIVE_UPDATE in detail for detail in winsrv["patch-security-updates"]["details"])
    hardened = {r["check_id"]: r["status"] for r in _host(windows_run, "hardened")["results"]}
    assert hardened and not windows_ids & set(hardened), "a Linux host stores no result of a Windows check"


def test_every_report_format_shows_the_windows_host_and_its_updates(windows_run: dict[str, Any]) -> None:
    for fmt in ("html", "json", "csv", "junit"):  # per result: the KB is in the failed check's details
        paths = windows_run["reports"][fmt]
        assert len(paths) == 1, f"{fmt}: {paths}"
        text = paths[0].read_text(encoding="utf-8")
        assert "winsrv" in text and CUMULATIVE_UPDATE in text, fmt
    html = windows_run["reports"]["html"][0].read_text(encoding="utf-8")
    assert "Windows Server 2022 Datacenter (21H2, build 20348.2113)" in html
    assert windows_run["reports"]["markdown"] and windows_run["reports"]["onboarding"]
    # the summaries (fleet top failures, client onboarding) rendered for the Windows client from the store
    for fmt in ("markdown", "onboarding"):
        done = run_auditor(
            "report", "--db", str(windows_run["out"] / "auditor.db"), "--format", fmt, "--client", "winclient"
        )
        assert done.returncode == 0, done.stderr
        assert "winsrv" in done.stdout, fmt
        assert "security update(s) pending" in done.stdout, fmt


def test_a_pdf_report_of_the_windows_client(windows_run: dict[str, Any]) -> None:
    from auditor.report.render import preflight

    try:
        preflight(["pdf"])
    except Exception as exc:  # no Chromium here: the PDF is the HTML report printed, covered above
        pytest.skip(f"PDF cannot be produced here: {exc}")
    pdf = windows_run["out"] / "winclient.pdf"
    db = str(windows_run["out"] / "auditor.db")
    done = run_auditor("report", "--db", db, "--format", "pdf", "--client", "winclient", "--output", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_the_store_keeps_the_windows_evidence(windows_run: dict[str, Any]) -> None:
    data = (windows_run["out"] / "auditor.db").read_bytes()
    assert CUMULATIVE_UPDATE.encode() in data
    assert b"Microsoft Windows Server 2022 Datacenter" in data


def test_the_standin_refuses_a_script_that_is_not_the_collector(standin: None) -> None:
    host = load_inventory(str(INVENTORY)).select("winsrv").hosts[0]
    transport = SshTransport(SshOptions(known_hosts=KNOWN_HOSTS))
    result = transport.run_script(host, "Get-ChildItem C:\\ | Remove-Item -Recurse\n")
    assert result.exit_status == 126
    assert result.stdout == b""
    assert result.stderr.decode() == "auditor-standin: refused: no collector DONE line\n"


def test_the_ansible_path_reaches_the_windows_host_with_the_same_verdicts(
    windows_run: dict[str, Any], tmp_path: Path
) -> None:
    """--transport ansible: Ansible's ssh connection with ansible_shell_type=powershell runs the same
    bootstrap command with the collector on stdin (auditor_collect's Windows branch)."""
    pytest.importorskip("ansible_runner")
    report = audit(
        tmp_path / "out",
        "-i",
        str(INVENTORY),
        "--limit",
        "winsrv",
        "--transport",
        "ansible",
        env=ansible_env(tmp_path),
    )
    assert report.host("winsrv")["assessed"] is True, report.stderr
    assert report.host("winsrv")["os"]["version"] == "10.0.20348.2113"
    over_ssh = {r["check_id"]: r["status"] for r in _host(windows_run, "winsrv")["results"]}
    assert report.statuses("winsrv") == over_ssh
