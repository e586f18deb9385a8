"""The briefing printed to PDF by headless Chromium (Debian's ``chromium`` package).

The HTML is written to a private temporary folder with a fresh browser profile, so
that nothing of the user's browser is read and nothing is left behind; the browser is
told to fetch nothing it does not need. The page's own ``@page`` rules set the paper
size, the marking and the page numbers (``ach/templates/briefing.css.j2``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: The names Chromium goes by on Debian and elsewhere, in the order tried.
BROWSERS = ("chromium", "chromium-browser")
#: Printing a large case takes seconds; a browser stuck for this long is given up on.
TIMEOUT = 300


class PdfProblem(Exception):
    """The PDF could not be made, in one line saying why."""


def find_browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfProblem("--pdf needs Chromium to print the briefing, and none was found on "
                     "PATH (Debian: apt-get install chromium)")


def command(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    return [browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
            # Quiet: no updates, syncing, first-run pages or network chatter.
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic",
            f"--user-data-dir={profile}", page.as_uri()]


def print_pdf(html: str) -> bytes:
    """The PDF bytes of a rendered briefing."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="ach-pdf-") as folder:
        base = Path(folder)
        page, pdf = base / "briefing.html", base / "briefing.pdf"
        page.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(command(browser, page, pdf, base / "profile"),
                                  capture_output=True, text=True, timeout=TIMEOUT,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfProblem(f"Chromium did not finish printing within {TIMEOUT} s") from None
        except OSError as exc:
            raise PdfProblem(f"Chromium could not be started ({exc.strerror or exc})") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()),
                        f"exit status {done.returncode}")
            raise PdfProblem(f"Chromium could not print the briefing: {last.strip()}")
        return pdf.read_bytes()
