"""The PowerShell JSON reading rules shared by every Windows probe parser."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auditor.probes.base import ProbeError, RawOutput
from auditor.probes.winjson import as_bool, as_int, as_list, load, load_one, ps_datetime


def test_load_array_and_failure() -> None:
    assert load(RawOutput('[{"a":1},2]', "", 0), "x") == [{"a": 1}, 2]
    with pytest.raises(ProbeError, match=r"^x failed: CommandNotFoundException: Get-MpComputerStatus"):
        load(RawOutput("", "CommandNotFoundException: Get-MpComputerStatus is not recognized\nat line 1", 1), "x")
    with pytest.raises(ProbeError, match="not an array"):
        load(RawOutput('{"a":1}', "", 0), "x")
    with pytest.raises(ProbeError, match="invalid JSON"):
        load(RawOutput("<script>", "", 0), "x")
    with pytest.raises(ProbeError, match="expected one object"):
        load_one(RawOutput("[1,2]", "", 0), "x")


def test_ps51_dates_and_unwrapping() -> None:
    assert ps_datetime("/Date(1700000000000)/") == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert ps_datetime("\\/Date(1700000000000+0100)\\/") == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert ps_datetime("2025-01-02T03:04:05.0000000Z") == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert ps_datetime(None) is None
    with pytest.raises(ProbeError):
        ps_datetime("yesterday")
    assert as_list(None) == []
    assert as_list("KB1") == ["KB1"]
    assert as_list(["KB1"]) == ["KB1"]
    assert as_int("42", "n") == 42
    assert as_bool(1, "b") is True
    assert as_bool("False", "b") is False
    with pytest.raises(ProbeError):
        as_int(True, "n")
