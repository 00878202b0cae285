"""The probes own the lists of keys and files they read; a templated row may only use those."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from auditor.checklib.templates.filemodes import FileModeParams
from auditor.checklib.templates.sysctl import SysctlParams
from auditor.probes.file_modes import FILES
from auditor.probes.kernel_params import KEYS


def test_a_sysctl_row_may_only_expect_a_key_the_probe_reads() -> None:
    assert SysctlParams(expect={KEYS[0]: "2"}, absent="fail")
    with pytest.raises(ValidationError, match=r"\['kernel\.nope'\] not read by the kernel_params probe"):
        SysctlParams(expect={"kernel.nope": "1"}, absent="fail")


def test_a_file_mode_row_may_only_name_a_file_the_probe_stats() -> None:
    assert FileModeParams(required=(FILES[0],), allowed_bits="0644")
    with pytest.raises(ValidationError, match=r"\['/etc/nope'\] not read by the file_modes probe"):
        FileModeParams(required=(FILES[0],), optional=("/etc/nope",), allowed_bits="0644")
