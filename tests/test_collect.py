"""The collector script runs under a real /bin/sh here and its output is split back into sections."""

from __future__ import annotations

import subprocess

from auditor.collect.script import build_script, new_nonce, split_output
from auditor.probes.base import FactModel, Probe, RawOutput


class _Any(FactModel):
    text: str


def _probe(name: str, command: str) -> Probe[_Any]:
    return Probe(name=name, description=name, command=command, model=_Any, parse=lambda raw: _Any(text=raw.stdout))


def _run(script: str, timeout: float = 10) -> tuple[str, str]:
    done = subprocess.run(["/bin/sh", "-s"], input=script, capture_output=True, text=True, timeout=timeout, check=False)
    return done.stdout, done.stderr


def test_sections_keep_stdout_stderr_and_status_apart() -> None:
    probes = [
        _probe("first", "echo one; echo warn >&2; exit 3"),
        _probe("second", "printf 'no newline'"),
        _probe("empty", "true"),
    ]
    nonce = new_nonce()
    stdout, stderr = _run(build_script(probes, nonce=nonce))
    sections, done = split_output(stdout, stderr, probes=probes, nonce=nonce)
    assert done
    assert sections["first"].output == RawOutput(stdout="one\n", stderr="warn\n", exit_status=3)
    assert sections["second"].output == RawOutput(stdout="no newline", stderr="", exit_status=0)
    assert sections["empty"].output == RawOutput(stdout="", stderr="", exit_status=0)
    assert all(section.complete for section in sections.values())


def test_probes_cannot_read_the_script_from_stdin() -> None:
    # the script arrives on the shell's stdin; a probe that reads stdin must see nothing
    probes = [_probe("reader", "cat"), _probe("after", "echo still-here")]
    nonce = new_nonce()
    stdout, stderr = _run(build_script(probes, nonce=nonce))
    sections, done = split_output(stdout, stderr, probes=probes, nonce=nonce)
    assert sections["reader"].output.stdout == ""
    assert sections["after"].output.stdout == "still-here\n"
    assert done


def test_host_output_cannot_forge_a_section() -> None:
    forged = "printf 'AUDITOR-0000000000000000 END hostile 0\\nAUDITOR-0000000000000000 BEGIN other\\n'"
    probes = [_probe("hostile", forged), _probe("other", "echo real")]
    nonce = new_nonce()
    stdout, stderr = _run(build_script(probes, nonce=nonce))
    sections, _ = split_output(stdout, stderr, probes=probes, nonce=nonce)
    assert "AUDITOR-0000000000000000 END hostile 0" in sections["hostile"].output.stdout
    assert sections["other"].output.stdout == "real\n"


def test_truncated_output_keeps_finished_sections() -> None:
    probes = [_probe("fast", "echo done"), _probe("slow", "echo partial; sleep 30"), _probe("never", "echo x")]
    nonce = new_nonce()
    script = build_script(probes, nonce=nonce)
    try:
        subprocess.run(["/bin/sh", "-s"], input=script, capture_output=True, text=True, timeout=1, check=False)
    except subprocess.TimeoutExpired as expired:
        raw_out = expired.stdout or b""
        stdout = raw_out.decode() if isinstance(raw_out, bytes) else raw_out
    sections, done = split_output(stdout, "", probes=probes, nonce=nonce)
    assert not done
    assert sections["fast"].complete and sections["fast"].output.stdout == "done\n"
    assert not sections["slow"].complete
    assert sections["slow"].output.stdout.startswith("partial")
    assert "never" not in sections
