"""The lab's Windows stand-in: its recordings (sync) and their installation into lab host "partial".

`sync` rebuilds inventories/lab/windows/recorded from the code and the goldens: the collector's
bootstrap command, header, per-probe blocks and DONE line with the nonce left as @NONCE@ (so the
stand-in can check byte for byte that it was sent the auditor's collector), and each Windows
probe's recorded output chosen in host.yaml. `install` copies the stand-in and the recordings into
partial's root filesystem (/opt/auditor-standin), which the winaudit login uses as its shell;
it installs the recordings as `sync` would write them now, so the stand-in always expects the
current collector (the lab test also checks that the committed recorded/ folder is in sync).

    .venv/bin/python -m tests.lab.windows_standin sync      # after a probe or golden changed
    .venv/bin/python -m tests.lab.windows_standin install   # as root, with the lab up
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from auditor.collect.powershell import HEADER, done_line, probe_block
from auditor.probes.registry import ALL_PROBES
from auditor.transport.windows import bootstrap_command

REPO = Path(__file__).resolve().parents[2]
LABWIN = REPO / "inventories" / "lab" / "windows"
RECORDED = LABWIN / "recorded"
GOLDEN = REPO / "tests" / "probes" / "golden"
HOST_ROOT = Path("/var/tmp/auditor-lab/hosts/partial/root")
INSTALLED = Path("opt/auditor-standin")
MARKER = "AUDITOR-@NONCE@"
NO_RECORDING = "System.Management.Automation.RuntimeException: the lab stand-in has no recording of this probe"


def chosen_cases() -> dict[str, str | None]:
    """Each Windows probe's golden case: host.yaml's choice, else its first non-hostile case, else None."""
    wanted = yaml.safe_load((LABWIN / "host.yaml").read_text(encoding="utf-8")) or {}
    cases: dict[str, str | None] = {}
    for probe in ALL_PROBES:
        if probe.shell != "powershell":
            continue
        folder = GOLDEN / probe.name
        available = sorted(p.stem for p in folder.glob("*.out")) if folder.is_dir() else []
        choice = wanted.get(probe.name)
        if choice is not None and choice not in available:
            raise SystemExit(f"host.yaml: {probe.name}: no golden case {choice!r} (have {available})")
        plain = [case for case in available if not case.startswith("hostile") and not (folder / f"{case}.rc").exists()]
        cases[probe.name] = choice or (plain[0] if plain else None)
    return cases


def expected_files() -> dict[str, bytes]:
    """The recorded/ folder as it must be, by file name."""
    files = {
        "bootstrap.cmd": bootstrap_command().encode("ascii"),
        "header.ps1": HEADER.encode("ascii"),
        "done.ps1": done_line(MARKER).encode("ascii"),
    }
    by_name = {probe.name: probe for probe in ALL_PROBES}
    for name, case in chosen_cases().items():
        files[f"{name}.ps1"] = probe_block(by_name[name], marker=MARKER).encode("ascii")
        if case is None:
            files[f"{name}.err"] = NO_RECORDING.encode()
            files[f"{name}.rc"] = b"1"
            continue
        source = GOLDEN / name / case
        rc_file, err_file = source.with_suffix(".rc"), source.with_suffix(".err")
        rc = int(rc_file.read_text().strip()) if rc_file.exists() else 0
        out = source.with_suffix(".out").read_bytes().rstrip(b"\r\n")
        # the collector prints nothing on stdout for a probe that threw, only its exception on stderr
        files[f"{name}.out"] = out if rc == 0 else b""
        files[f"{name}.err"] = err_file.read_bytes().rstrip(b"\r\n") if err_file.exists() else b""
        files[f"{name}.rc"] = str(rc).encode()
        files[f"{name}.case"] = f"{case}\n".encode()
    return files


def out_of_date() -> list[str]:
    """Files of recorded/ that differ from what sync would write (empty: in sync)."""
    files = expected_files()
    present = {path.name for path in RECORDED.glob("*")} if RECORDED.is_dir() else set()
    stale = sorted(
        name
        for name, data in files.items()
        if not (RECORDED / name).is_file() or (RECORDED / name).read_bytes() != data
    )
    return stale + sorted(present - set(files))


def sync() -> None:
    files = expected_files()
    if RECORDED.exists():
        shutil.rmtree(RECORDED)
    RECORDED.mkdir(parents=True)
    for name, data in files.items():
        (RECORDED / name).write_bytes(data)


def install(root: Path = HOST_ROOT) -> None:
    """Copy the stand-in and its recordings into a lab host's root filesystem (idempotent)."""
    if not (root / "etc").is_dir():
        raise SystemExit(f"{root} is not a lab host root filesystem (run scripts/lab up)")
    target = root / INSTALLED
    fresh = target.with_name(target.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    (fresh / "recorded").mkdir(parents=True)
    for name, data in expected_files().items():  # as sync would write them now: current probe bodies
        (fresh / "recorded" / name).write_bytes(data)
    shutil.copy2(LABWIN / "standin.sh", fresh / "standin.sh")
    (fresh / "standin.sh").chmod(0o755)
    for path in fresh.rglob("*"):
        path.chmod(0o755 if path.is_dir() or path.name == "standin.sh" else 0o644)
    fresh.chmod(0o755)
    if target.exists():
        shutil.rmtree(target)
    fresh.rename(target)


def main(argv: list[str]) -> int:
    if argv == ["sync"]:
        sync()
        print(f"wrote {RECORDED}")
        return 0
    if argv == ["install"]:
        install()
        print(f"installed into {HOST_ROOT / INSTALLED}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
