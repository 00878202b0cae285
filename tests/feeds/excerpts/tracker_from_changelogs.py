"""Write a Debian-tracker-shaped excerpt from the changelogs of a host's candidate packages.

The tracker's own server is not reachable from the machine these excerpts were made on, so the
entries come from the `changelog.Debian.gz` of each candidate .deb (`apt-get download`, unpacked
with `dpkg-deb -x` under DEBS/<binary>/): every bookworm upload newer than the installed version
and not newer than the candidate, each CVE it names with that upload's version and urgency.

    python tests/feeds/excerpts/tracker_from_changelogs.py APT_UPGRADABLE.out DEBS > tracker.json
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

from debian.changelog import Changelog
from debian.debian_support import Version


def pending(capture: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    versions: dict[str, tuple[str, str]] = {}
    sources: dict[str, str] = {}
    for line in capture.splitlines():
        if match := re.match(r"Inst (\S+) \[([^\]]+)\] \((\S+)", line):
            versions[match[1]] = (match[2], match[3])
        elif line.startswith("#auditor source "):
            _, _, binary, source = line.split()
            sources[binary] = source
    return versions, sources


def excerpt(capture: Path, debs: Path) -> dict[str, dict[str, Any]]:
    versions, sources = pending(capture.read_text())
    out: dict[str, dict[str, Any]] = {}
    for changelog in sorted(debs.glob("*/usr/share/doc/*/changelog.Debian.gz")):
        binary = changelog.relative_to(debs).parts[0]
        if binary not in versions:
            continue
        installed, candidate = versions[binary]
        with gzip.open(changelog) as stream:
            log = Changelog(stream.read().decode())
        for block in log:  # newest first: an older upload naming the same CVE overwrites (the first fix)
            if block.version <= Version(installed):
                break
            if block.version > Version(candidate) or "bookworm" not in (block.distributions or ""):
                continue
            for cve in sorted(set(re.findall(r"CVE-\d{4}-\d{4,}", "\n".join(block.changes())))):
                state = {
                    "status": "resolved",
                    "repositories": {"bookworm-security": candidate},
                    "fixed_version": str(block.version),
                    "urgency": block.urgency,
                }
                out.setdefault(sources[binary], {})[cve] = {"description": "", "releases": {"bookworm": state}}
    return out


if __name__ == "__main__":
    json.dump(excerpt(Path(sys.argv[1]), Path(sys.argv[2])), sys.stdout, indent=1, sort_keys=True)
