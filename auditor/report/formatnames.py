"""The names of the report formats and their file endings, apart from the renderers.

The CLI offers exactly these names; keeping them in a module that imports nothing lets
`auditor --help` list them without loading Jinja, pydantic or the report view model
(auditor.report.render renders them).
"""

from __future__ import annotations

# One run's reports (auditor run -f, auditor report -f).
FORMATS = ("html", "json", "csv", "junit", "markdown", "sarif", "onboarding", "onboarding-pdf", "pdf")
# One client's periodic report (auditor report --client NAME; auditor.run.clientreport), not per run.
CLIENT_FORMATS = ("client", "client-pdf")
# File name endings when reports are written to a directory (auditor run -o DIR).
SUFFIXES = {
    "html": ".html",
    "json": ".json",
    "csv": ".csv",
    "junit": ".junit.xml",
    "markdown": ".md",
    "sarif": ".sarif",
    "onboarding": ".onboarding.html",  # one file per client (auditor.run.onboarding)
    "onboarding-pdf": ".onboarding.pdf",
    "pdf": ".pdf",
}
