"""Inventory loading at fleet scale: CPU seconds to load N hosts as one INI range and as YAML.

    .venv/bin/python bench/inventory_load.py 20000 90000

Loading must stay linear: group membership was a list (a membership test per host, so a 90k-host
group cost 39.5 s) and YAML was scanned by PyYAML's pure-Python parser.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from auditor.inventory import load_inventory


def _seconds(path: Path) -> tuple[int, float]:
    started = time.process_time()
    hosts = len(load_inventory(path).hosts)
    return hosts, time.process_time() - started


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            ini = Path(folder) / f"range-{size}.ini"
            ini.write_text(f"[web]\nweb[1:{size}]\n")
            yml = Path(folder) / f"hosts-{size}.yml"
            lines = [
                "all:",
                "  children:",
                "    web:",
                "      hosts:",
                *(f"        h{n}.example:" for n in range(size)),
            ]
            yml.write_text("\n".join(lines) + "\n")
            for label, path in (("ini range", ini), ("yaml", yml)):
                hosts, seconds = _seconds(path)
                print(f"{label:9} {hosts:>7} hosts  {seconds:6.2f} s CPU  {seconds / hosts * 1e6:5.1f} us/host")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20_000, 90_000])
