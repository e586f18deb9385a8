"""Print what a large source costs: a 500-page report (~1.2 MB of text) imported and checked.

The report is the bundled article's paragraphs repeated, each numbered, until it passes
1.2 MB; 200 evidence items quote it. Figures are wall-clock medians of a few runs, in
this process (the ``ach`` command adds its own start-up, measured separately).

Usage: python bench/sources.py
"""

from __future__ import annotations

import contextlib
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ach.cli import main
from ach.model import Evidence
from ach.sources import (
    SourceDocument,
    check_quote,
    evidence_at,
    locate,
    nearest_match,
    paragraph_passage,
)
from ach.sources.matching import folded
from ach.store import Workspace
from ach.validate import validate

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "evidence" / "israel-hayom-2024-12-25.txt"


def report_text(size: int = 1_200_000) -> str:
    paragraphs = ARTICLE.read_text(encoding="utf-8").split("\n")
    lines, total, n = [], 0, 0
    while total < size:
        line = f"{paragraphs[n % len(paragraphs)]} (Section {n + 1}.)"
        lines.append(line)
        total += len(line) + 1
        n += 1
    return "\n".join(lines) + "\n"


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def fresh_workspace(base: Path) -> Path:
    root = base / f"ws-{time.perf_counter_ns()}"
    (root / "evidence").mkdir(parents=True)
    (root / "hypotheses").mkdir()
    return root


def main_figures() -> None:
    text = report_text()
    base = Path(tempfile.mkdtemp(prefix="ach-bench-sources-"))
    try:
        report = base / "report.txt"
        report.write_text(text, encoding="utf-8")
        print(f"report: {len(text):,} characters, {report.stat().st_size:,} bytes")

        def import_once() -> None:
            root = fresh_workspace(base)
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["--root", str(root), "import-source", str(report), "--title",
                             "R", "--id", "report"]) == 0
        ms = median_ms(import_once, 3)
        print(f"import-source, in process: {ms:.0f} ms")

        root = fresh_workspace(base)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ach", "--root", str(root), "import-source",
                        str(report), "--title", "R", "--id", "report"], check=True,
                       capture_output=True)
        print(f"ach import-source, whole command: {(time.perf_counter() - start) * 1000:.0f} ms")

        doc = SourceDocument(text)
        print(f"document: {len(doc.paragraphs):,} paragraphs, {doc.sentence_count:,} sentences")
        print(f"split into paragraphs and sentences: {median_ms(lambda: SourceDocument(text)):.0f}"
              " ms")
        print(f"fold the text for matching (once per text): "
              f"{median_ms(lambda: (folded.cache_clear(), folded(text))):.0f} ms")
        quote = doc.paragraph(2400).sentences[0].text
        print(f"locate a quote (text folded): {median_ms(lambda: locate(quote, text)):.2f} ms")
        typo = quote.replace("a", "e", 2)
        print(f"nearest match of a mistyped quote: "
              f"{median_ms(lambda: nearest_match(typo, text)):.1f} ms")
        print(f"search a word in the whole text: {median_ms(lambda: doc.search('al-Sudani')):.1f}"
              " ms")

        workspace = Workspace(root)
        library = workspace.load_library()
        items = []
        for i in range(200):
            chosen = paragraph_passage(doc, 1 + i * 13, (1, 1))
            items.append(Evidence(id=f"e-{i:03}", summary=f"item {i}", quote=chosen.quote,
                                  location=chosen.location, source_id="report"))
        library.items.update({e.id: e for e in items})
        workspace.save_library(library, ["report"])
        print(f"check 200 quotes: {median_ms(lambda: [check_quote(e, doc) for e in items]):.1f}"
              " ms")
        print(f"map 200 quotes to passages (evidence_at): "
              f"{median_ms(lambda: evidence_at(doc, items)):.1f} ms")
        print(f"validate the workspace (200 items, 1.2 MB source): "
              f"{median_ms(lambda: validate(root), 3):.0f} ms")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main_figures()
