"""Every parser reads hostile output in time linear in its size, and never raises anything but
ProbeError; what a host prints beyond the kept limit is cut before any parser sees it.

Budgets are relative, not tight timings: a parser's time on half the largest input it can be
given (SECTION_LIMIT; half keeps the suite quick, linearity is what is measured) must stay within
a generous multiple of its time on a quarter of that (linear: ~4x; quadratic: ~16x), and within a
multiple of a plain Python pass over the same lines.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.collect.script import SECTION_LIMIT, split_output
from auditor.core.runmodel import Evidence
from auditor.evaluate.engine import evaluate_host
from auditor.probes.base import Probe, ProbeError, RawOutput
from auditor.probes.registry import ALL_PROBES, probe_registry

SIZE = SECTION_LIMIT // 2
SHAPES: dict[str, Callable[[int], str]] = {
    "one long line": lambda size: 'PRETTY_NAME="' + "A" * size,
    "empty lines": lambda size: "\n" * size,
    "fields": lambda size: "ii\tpkg:amd64\t1.0 /etc/x.conf 0644 root root {\n" * (size // 44),
    "quotes and escapes": lambda size: "X=\"'\\" * (size // 4),
    "nesting": lambda size: '[{"a":' * (size // 6),
}


def _seconds(action: Callable[[str], object], text: str) -> float:
    """Wall time of one call (str input: split_output takes str too)."""
    began = time.perf_counter()
    action(text)
    return time.perf_counter() - began


def _parser(probe: Probe[Any]) -> Callable[[str], None]:
    def parse(text: str) -> None:
        with contextlib.suppress(ProbeError):  # a refusal is fine; any other exception fails the test
            probe.parse(RawOutput(stdout=text, stderr=text[:65536], exit_status=0))

    return parse


def _plain_pass(text: str) -> None:
    """What a parser cannot beat: look at every line once."""
    for line in text.splitlines():
        line.partition("\t")


@pytest.mark.parametrize("probe", ALL_PROBES, ids=lambda probe: probe.name)
def test_parser_is_linear_on_hostile_input(probe: Probe[Any]) -> None:
    for shape, make in SHAPES.items():
        full, quarter = make(SIZE), make(SIZE // 4)
        # the best of two for the quick runs: the machine's other load only ever adds time
        small = min(_seconds(_parser(probe), quarter) for _ in range(2))
        large = _seconds(_parser(probe), full)
        baseline = min(_seconds(_plain_pass, full) for _ in range(2))
        assert large < 10 * small + 1.0, f"{probe.name} on {shape}: {large:.2f}s for 4x the input of {small:.2f}s"
        assert large < 60 * baseline + 1.0, f"{probe.name} on {shape}: {large:.2f}s, a plain pass {baseline:.3f}s"


def test_four_megabytes_in_one_section_are_cut_and_the_probe_reported_truncated() -> None:
    # before: kept whole, stored whole, and parsed: os-release's shlex took 51 s on a 2 MB line
    probes = [probe for probe in ALL_PROBES if probe.name == "os_release"]
    junk = b'PRETTY_NAME="' + b"A" * (4 * 1024 * 1024)
    marker = "AUDITOR-00000000000000aa"
    stdout = f"{marker} BEGIN os_release\n".encode() + junk + f"\n{marker} END os_release 0\n{marker} DONE\n".encode()
    began = time.perf_counter()
    sections, done = split_output(stdout, b"", probes=probes, nonce="00000000000000aa")
    section = sections["os_release"]
    assert done and section.complete
    assert len(section.output.stdout) == SECTION_LIMIT
    assert section.dropped == len(junk) - SECTION_LIMIT
    evidence = [Evidence(probe="os_release", command="", stdout=section.output.stdout, stderr="", exit_status=0)]
    evaluation = evaluate_host(
        evidence,
        checks=[],
        probes=probe_registry(),
        now=datetime.now(UTC),
        settings={},
        truncated={"os_release": section.dropped},
    )
    assert evaluation.os_release is None  # not evaluated on part of its output
    assert time.perf_counter() - began < 5


def test_many_opening_markers_are_split_in_linear_time() -> None:
    # before: each unclosed opening searched the rest of the output for its closing (quadratic)
    probes = [probe for probe in ALL_PROBES if probe.name in {"os_release", "packages"}]
    marker = "AUDITOR-00000000000000bb"

    def output(openings: int) -> bytes:
        flood = f"{marker} BEGIN flood\n".encode() * openings  # never closed
        tail = "".join(f"{marker} BEGIN {n}\nID=x\n\n{marker} END {n} 0\n" for n in ("os_release", "packages"))
        return flood + f"{tail}{marker} DONE\n".encode()

    small, large = output(25_000).decode(), output(100_000).decode()

    def split(data: str) -> object:
        return split_output(data, b"", probes=probes, nonce="00000000000000bb")

    quick = min(_seconds(split, small) for _ in range(2))
    slow = _seconds(split, large)
    sections, done = split_output(large, b"", probes=probes, nonce="00000000000000bb")
    assert done and all(section.complete for section in sections.values())
    assert slow < 8 * quick + 0.5


def test_a_suid_file_with_a_path_longer_than_400_characters_is_still_a_finding() -> None:
    # before: the special-files parser's line pattern stopped at 400 characters and dropped it silently
    from auditor.checklib.registry import load_checks

    deep = "/opt/" + "d" * 250 + "/" + "e" * 250 + "/rootshell"
    huge = "/srv/" + "x/" * 3000 + "sh"
    stdout = (
        f"S 4755 0 0 root root /usr/bin/passwd\nS 4755 0 0 root root {deep}\nS 4755 0 0 root root {huge}\n"
        f"S 6755 0 0 {'o' * 300} root /usr/local/bin/odd\n#auditor find-exit 0\n"
    )
    evidence = [
        Evidence(probe="os_release", command="", stdout="ID=debian\nVERSION_ID=12\n", stderr="", exit_status=0),
        Evidence(probe="special_files", command="", stdout=stdout, stderr="", exit_status=0),
    ]
    (check,) = load_checks(["files-suid-unexpected"])
    evaluation = evaluate_host(evidence, checks=[check], probes=probe_registry(), now=datetime.now(UTC), settings={})
    (result,) = evaluation.results
    assert result.status.value == "fail"
    shown = " ".join([result.message, *result.details])
    assert deep in shown
    assert huge[:200] in shown and "..." in shown  # clipped where it is kept, visibly
    assert "/usr/local/bin/odd" in shown
