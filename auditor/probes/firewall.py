"""The packet filter as nftables sees it: base chains with their hook, policy and last rule.

`nft -t list ruleset` (terse: set elements left out, so large blocklists stay small) shows the
rules of nft and of iptables-nft, which Debian and Ubuntu use by default, ufw and firewalld
included. Rules loaded with iptables-legacy are invisible here; the probe records which
front-end tools exist so a report can say so. Listing the ruleset needs root.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import META, clip, denied, first_line, meta_lines, meta_value

LINE_LIMIT = 20000

COMMAND = (
    "if command -v nft >/dev/null 2>&1; then "
    f'{{ $AUDITOR_SUDO nft -t list ruleset; echo "#auditor nft-exit $?"; }} | head -n {LINE_LIMIT}; '
    "else echo '#auditor no-nft'; fi; "
    "for t in iptables iptables-legacy ufw firewall-cmd; do "
    'if command -v "$t" >/dev/null 2>&1; then echo "#auditor tool $t"; fi; done'
)

_TABLE = re.compile(r"table (?P<family>[a-z0-9]+) (?P<name>\S+) \{")
_CHAIN = re.compile(r"chain (?P<name>\S+) \{")
_BASE = re.compile(
    r"type (?P<type>[a-z]+) hook (?P<hook>[a-z]+)(?: devices? = ?\S.*?)?"
    r" priority (?P<priority>[^;]+);(?: policy (?P<policy>[a-z]+);)?"
)
# Things that may precede a verdict without making the rule conditional.
_NO_CONDITION = re.compile(
    r'\bcounter(?: packets \d+ bytes \d+)?|\blog(?: prefix "[^"]*")?(?: level \w+)?(?: flags [\w,]+)?'
    r'|\bcomment "[^"]*"'
)


class NftChain(FactModel):
    family: str
    table: str
    name: str
    type: str
    hook: str
    priority: str
    policy: str = "accept"  # nft's default for base chains
    rule_count: int = 0
    last_rule: str = ""

    @property
    def ends_with_catch_all_drop(self) -> bool:
        """Whether the last rule drops or rejects every packet reaching it (no match condition)."""
        rest = _NO_CONDITION.sub("", self.last_rule).strip()
        return rest == "drop" or rest == "reject" or rest.startswith("reject with ")


class Firewall(FactModel):
    nft_available: bool
    chains: tuple[NftChain, ...] = ()  # base chains only (those attached to a hook)
    tools: tuple[str, ...] = ()  # iptables, iptables-legacy, ufw, firewall-cmd found on PATH

    @property
    def input_chains(self) -> tuple[NftChain, ...]:
        return tuple(
            c for c in self.chains if c.hook == "input" and c.type == "filter" and c.family in ("inet", "ip", "ip6")
        )


class _Chain:
    """A chain being read; becomes an NftChain if it turned out to be a base chain."""

    def __init__(self, family: str, table: str, name: str) -> None:
        self.family, self.table, self.name = family, table, name
        self.base: re.Match[str] | None = None
        self.rules = 0
        self.last = ""

    def fact(self) -> NftChain | None:
        if self.base is None:
            return None
        return NftChain(
            family=self.family,
            table=self.table,
            name=self.name,
            type=self.base["type"],
            hook=self.base["hook"],
            priority=self.base["priority"].strip(),
            policy=self.base["policy"] or "accept",
            rule_count=self.rules,
            last_rule=self.last,
        )


def parse_ruleset(text: str) -> tuple[NftChain, ...]:
    chains: list[NftChain] = []
    family = table = ""
    depth = 0
    current: _Chain | None = None
    for raw_line in text.splitlines():
        if raw_line.startswith(META):
            continue
        line = raw_line.strip()
        if not line:
            continue
        if line == "}":
            depth -= 1
            if current is not None and depth == 1:
                fact = current.fact()
                if fact is not None:
                    chains.append(fact)
                current = None
            if depth < 0:
                raise ProbeError("unbalanced braces in nft output")
            continue
        if depth == 0:
            table_match = _TABLE.fullmatch(line)
            if table_match is None:
                raise ProbeError(f"unrecognised nft line: {clip(line, 100)!r}")
            family, table = table_match["family"], table_match["name"]
            depth = 1
            continue
        if depth == 1:
            chain_match = _CHAIN.fullmatch(line)
            if chain_match is not None:
                current = _Chain(family, table, chain_match["name"])
            if line.endswith("{"):
                depth += 1  # a chain, set, map, flowtable or other object
            continue
        if current is not None and depth == 2:
            base = _BASE.match(line)
            if base is not None and current.base is None and current.rules == 0:
                current.base = base
            elif not line.startswith(("comment ", "devices ")):
                current.rules += 1
                current.last = clip(line, 300)
        if line.endswith("{"):
            depth += 1
    if depth != 0:
        raise ProbeError("nft output ended inside a block")
    return tuple(chains)


def parse(raw: RawOutput) -> Firewall:
    tools = tuple(rest.strip() for word, rest in meta_lines(raw) if word == "tool")
    if meta_value(raw, "no-nft") is not None:
        return Firewall(nft_available=False, tools=tools)
    status = meta_value(raw, "nft-exit")
    if status is not None and status.strip() != "0":
        if denied(raw.stderr):
            raise ProbeError(f"nft list ruleset needs root ({first_line(raw.stderr)})")
        raise ProbeError(f"nft list ruleset failed (exit {clip(status, 8)}): {first_line(raw.stderr)}")
    if status is None:
        reason = first_line(raw.stderr) or "no exit status"
        raise ProbeError(f"nft output incomplete or over {LINE_LIMIT} lines: {reason}")
    return Firewall(nft_available=True, chains=parse_ruleset(raw.stdout), tools=tools)


FIREWALL = Probe(
    name="firewall",
    description="nftables base chains (hook, policy, last rule) and firewall front-ends present",
    command=COMMAND,
    model=Firewall,
    parse=parse,
    needs_root=True,
)
