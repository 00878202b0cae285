"""The Ansible run's reaper: when the auditor dies, however it dies, its Ansible processes and files go too.

ansible-runner starts ansible-playbook under pexpect with SIGHUP ignored, in its own session, and
ansible-playbook forks workers and ssh clients; none of them notice a controller killed with
SIGKILL, and they would go on auditing hosts with nobody to store the results. So every Ansible
run has a reaper: a small process started in its own session, reading a pipe from the auditor.
When that pipe closes (a normal end, or the kernel closing it because the auditor died), the
reaper kills every process carrying the run's marker in its environment (ansible-runner hands the
environment down to ansible-playbook, its workers and their ssh) and removes the run's private
directory.

    python -m auditor.transport.reaper PRIVATE_DIR MARKER    # stdin: the auditor's end of a pipe
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

MARKER_VARIABLE = "AUDITOR_ANSIBLE_RUN"
PRIVATE_DIR_PREFIX = "auditor-ansible-"
_ROUNDS = 20  # processes may fork while being killed: look again until none is left
_GRACE_SECONDS = 5.0


def marked_processes(marker: str, *, proc: Path = Path("/proc")) -> list[int]:
    """Ids of this user's processes whose environment holds MARKER_VARIABLE=marker."""
    needle = f"{MARKER_VARIABLE}={marker}".encode()
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue  # gone already, or another user's
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def reap(private_dir: Path, marker: str) -> None:
    """Kill the run's marked processes, then remove its private directory."""
    for _ in range(_ROUNDS):
        pids = marked_processes(marker)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
        time.sleep(0.05)
    if private_dir.name.startswith(PRIVATE_DIR_PREFIX):  # never anything but a run's own directory
        shutil.rmtree(private_dir, ignore_errors=True)


def start_reaper(private_dir: Path, marker: str) -> subprocess.Popen[bytes]:
    """The reaper of one run; close its stdin (`stop_reaper`) to have it clean up and exit."""
    environment = {key: value for key, value in os.environ.items() if key != MARKER_VARIABLE}
    return subprocess.Popen(
        [sys.executable, "-m", "auditor.transport.reaper", str(private_dir), marker],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,  # a Ctrl-C to the auditor's process group must not stop the reaper first
        close_fds=True,
    )


def stop_reaper(reaper: subprocess.Popen[bytes]) -> None:
    """End of a run: the reaper kills what is left and removes the directory; wait for it briefly."""
    stdin: IO[bytes] | None = reaper.stdin
    if stdin is not None:
        stdin.close()
    try:
        reaper.wait(timeout=_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        reaper.kill()
        reaper.wait()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m auditor.transport.reaper PRIVATE_DIR MARKER", file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    sys.stdin.buffer.read()  # returns at EOF: the auditor closed the pipe or died
    reap(Path(argv[0]), argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
