"""Reading one SSH exec channel within a deadline: the output, and sudo's password handshake.

Kept apart from the connection logic (auditor.transport.ssh) because this is where a host's
output enters the process: it is bounded here (OUTPUT_LIMIT), read from both streams at once, and
cut off at the deadline or when the run is interrupted.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from auditor.transport.base import CommandResult, ErrorKind, TransportError

if TYPE_CHECKING:
    import paramiko

READ_CHUNK = 65536
POLL_SECONDS = 0.05
OUTPUT_LIMIT = 64 * 1024 * 1024  # a host that floods us is cut off, not held in memory forever


def become_handshake(
    channel: paramiko.Channel, *, prompt: str, ready: str, password: str, deadline: float, stop: threading.Event
) -> CommandResult | None:
    """Give sudo the password only when it shows our prompt; go on once the root shell says ready.

    With a NOPASSWD rule sudo never prompts and the ready line comes first, so the password is
    never sent to anything but sudo. A second prompt means the password was rejected. Returns a
    result only when sudo exits before the shell starts (e.g. the user may not use sudo).
    """
    out = b""
    err = b""
    sent = False
    while ready.encode() not in out:
        if channel.recv_ready():
            out += channel.recv(READ_CHUNK)
            continue
        if channel.recv_stderr_ready():
            err += channel.recv_stderr(READ_CHUNK)
            prompts = err.count(prompt.encode())
            if prompts == 1 and not sent:
                channel.sendall(password.encode() + b"\n")
                sent = True
            elif prompts > 1:
                raise TransportError(ErrorKind.BECOME, "sudo rejected the become password")
            continue
        if channel.exit_status_ready():
            rest = drain(channel, deadline=deadline, stop=stop)
            return CommandResult(rest.exit_status, out + rest.stdout, err.replace(prompt.encode(), b"") + rest.stderr)
        if time.monotonic() > deadline:
            raise TransportError(ErrorKind.TIMEOUT, "timed out waiting for sudo")
        time.sleep(POLL_SECONDS / 5)
    return None


def drain(channel: paramiko.Channel, *, deadline: float, stop: threading.Event) -> CommandResult:
    """Read stdout and stderr together until the command exits or the deadline passes.

    Both streams are read in one loop because paramiko shares one flow-control window between
    them: reading only stdout while stderr fills would stall the channel.
    """
    stdout = bytearray()
    stderr = bytearray()
    while True:
        progressed = False
        if channel.recv_ready():
            stdout += channel.recv(READ_CHUNK)
            progressed = True
        if channel.recv_stderr_ready():
            stderr += channel.recv_stderr(READ_CHUNK)
            progressed = True
        if len(stdout) + len(stderr) > OUTPUT_LIMIT:
            channel.close()
            return CommandResult(-1, bytes(stdout), bytes(stderr), output_limited=True)
        if progressed:
            continue
        if channel.exit_status_ready() and channel.eof_received:
            return CommandResult(channel.recv_exit_status(), bytes(stdout), bytes(stderr))
        if channel.closed:
            # the connection dropped, or the server closed the channel without an EOF: paramiko
            # then reports -1 for a status that never came
            return CommandResult(channel.exit_status, bytes(stdout), bytes(stderr))
        if time.monotonic() > deadline:
            channel.close()
            return CommandResult(-1, bytes(stdout), bytes(stderr), timed_out=True)
        if stop.is_set():
            channel.close()
            raise TransportError(ErrorKind.INTERRUPTED, "the run was interrupted while this host was being audited")
        channel.status_event.wait(POLL_SECONDS)
        time.sleep(0.005)
