"""banner-no-os-disclosure: the login banners carry a notice and do not reveal the system.

/etc/issue (console) and /etc/issue.net (network logins, sshd's Banner) should state that access is
restricted, and not print the operating system, release, kernel or architecture (getty's \\s, \\r,
\\v, \\m escapes, or the distribution's name) to whoever connects. A banner that is empty fails
as well: there is no notice.
"""

from __future__ import annotations

import re

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import config_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="banner-no-os-disclosure",
    title="Login banners give a notice without naming the system",
    category=Category.SECURITY,
    severity=Severity.INFO,
    rationale=(
        "Banners that name the distribution and release help attackers pick exploits; a notice of "
        "authorised use only supports action against misuse."
    ),
    remediation=(
        "Replace /etc/issue and /etc/issue.net with a short notice, e.g. 'Authorised use only. Activity is monitored.'"
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The login screen tells visitors exactly which system and version it runs.",
            why="That saves attackers the effort of finding out which known weaknesses to try.",
            fix="Replace the login message with a short notice that use is authorised and monitored.",
        ),
        fr=PlainWords(
            meaning="L'écran de connexion indique aux visiteurs quel système et quelle version il utilise.",
            why="Cela épargne aux attaquants la recherche des failles connues à essayer.",
            fix="Remplacer le message de connexion par un court avis indiquant que l'usage est réservé et surveillé.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.5.10",)},
)

BANNERS = ("/etc/issue", "/etc/issue.net")
_DISCLOSES = re.compile(
    r"\\[srvm]|\b(debian|ubuntu|red hat|centos|rocky|alma|suse|fedora|kernel|gnu/linux)\b", re.IGNORECASE
)


def evaluate(facts: Facts) -> Verdict:
    config = facts.get(CONFIG_FILES)
    present = {path: config.files[path] for path in BANNERS if path in config.files}
    if not present:
        return Verdict.failed("no /etc/issue or /etc/issue.net: no login notice")
    problems = []
    for path, lines in present.items():
        text = " ".join(lines)
        if not text.strip():
            problems.append(f"{path} is empty (no notice)")
        elif _DISCLOSES.search(text):
            problems.append(f"{path} names the system: {text[:80]!r}")
    if problems:
        return Verdict.failed("; ".join(problems))
    return Verdict.passed(f"{', '.join(present)}: notice without system details")


_NOTICE = ["Authorised use only. Activity on this system is logged and may be monitored."]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("notice", config_case({"/etc/issue": _NOTICE, "/etc/issue.net": _NOTICE}), Status.PASS),
        Case(
            "Debian default",
            config_case({"/etc/issue": ["Debian GNU/Linux 12 \\n \\l"], "/etc/issue.net": ["Debian GNU/Linux 12"]}),
            Status.FAIL,
        ),
        Case("getty escapes", config_case({"/etc/issue": ["\\S kernel \\r on \\m"]}), Status.FAIL),
        Case("empty", config_case({"/etc/issue.net": []}), Status.FAIL),
    ),
)
