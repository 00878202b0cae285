"""PDF: the HTML audit report printed by headless Chromium (Debian's `chromium` package).

Why the browser and not an HTML-to-PDF library: the report's print styles (page breaks, repeated
table headers, details opened for print) are written for browsers, and Chromium is already what
the browser tests run; WeasyPrint would need its own CSS dialect and native Pango libraries for
the same result. The page is loaded from a private temporary directory with networking disabled
(the report has no external resources anyway), in a throwaway profile.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from auditor.core.errors import ConfigError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT_SECONDS = 600.0
# No network, no background services, no first-run UI; --no-sandbox because auditor often runs as root.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-pdf-header-footer",
)


class PdfError(ConfigError):
    """Chromium is missing or could not print the report."""


def find_chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError("PDF output needs Chromium: install it (apt-get install chromium) or choose another --format")


def html_to_pdf(html: str, *, timeout: float = PRINT_TIMEOUT_SECONDS) -> bytes:
    """Print one self-contained HTML document to PDF (A4/Letter as the page's @page rule says)."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="auditor-pdf-") as work:
        page = Path(work) / "report.html"
        target = Path(work) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not finish printing the report within {timeout:.0f} s") from None
        if done.returncode != 0 or not target.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise PdfError(f"Chromium could not print the report (exit {done.returncode}): {last}")
        return target.read_bytes()
