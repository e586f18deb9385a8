"""Print every performance figure of DESIGN.md §6, measured in one run.

Each line reads ``name: value unit (target …) ok/MISS``. Ratios compare the large
case (30 × 2,000 × 3) with the small one (5 × 50 × 1) or the bundled example,
measured here and now, so the figures mean the same on any machine. UI figures
are CPU time (time.process_time), so the test harness's own waiting never counts.

Usage: python bench/run.py [--only NAME] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figure import Figure, cpu_ms, median_of, wall_ms  # noqa: E402
from generate import build  # noqa: E402

from ach.model import Cell, Rating  # noqa: E402
from ach.scoreboard import Scoreboard  # noqa: E402
from ach.scoring import matrix_for, score  # noqa: E402
from ach.store import Workspace  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = "baghdad-tehran"


@dataclass
class Cases:
    large: Path
    small: Path
    example: Path


# -- storage ------------------------------------------------------------------------

class RatingSaver:
    """Saves one rating at a time the way the workbench does (journal append + fsync)."""

    def __init__(self, root: Path, case_id: str) -> None:
        self.ws = Workspace(root)
        self.case = self.ws.load_case(case_id)
        self.analyst = self.case.analysts[0] if self.case.analysts else "bench"
        self.evidence = self.case.evidence[len(self.case.evidence) // 2].id
        self.hyp = self.case.hypotheses[0].id
        self.ratings = iter([Rating.I, Rating.C] * 50)

    def once(self) -> float:
        self.case.set_cell(self.analyst, self.evidence, self.hyp, Cell(rating=next(self.ratings)))
        return wall_ms(lambda: self.ws.append_rating_row(self.case, self.analyst, self.evidence))

    def close(self) -> None:
        self.ws.save_case(self.case)  # compact, leaving the files canonical


def storage_figures(cases: Cases) -> list[Figure]:
    # Wall time, fsync included: the two cases take turns, so that the disk's other work
    # at any moment weighs on both alike.
    savers = [RatingSaver(cases.large, "large"), RatingSaver(cases.small, "small")]
    times: list[list[float]] = [[], []]
    for _ in range(40):
        for saver, found in zip(savers, times, strict=True):
            found.append(saver.once())
    for saver in savers:
        saver.close()
    large, small = (statistics.median(found) for found in times)
    return [
        Figure("save one rating, large", large, "ms", "≤ 10 ms", large <= 10),
        Figure("save one rating, large / small", large / small, "×", "≤ 3×",
               large / small <= 3),
    ]


# -- scoring ------------------------------------------------------------------------

def rescore_after_one_rating(root: Path, case_id: str) -> tuple[float, float]:
    """CPU per rescore after one rating: the workbench's scoreboard, and a full rescore."""
    ws = Workspace(root)
    case, library = ws.open(case_id)
    analyst = case.analysts[0]
    board = Scoreboard(matrix_for(case, library.items, analyst))
    board.scores()
    rows = [ref.id for ref in case.evidence]
    hyp = case.hypotheses[-1].id
    counter = iter(range(10_000))

    def live() -> float:
        i = next(counter)
        rating = (Rating.II, Rating.I, Rating.C)[i % 3]
        return cpu_ms(lambda: (board.set_cell(rows[(i * 7) % len(rows)], hyp, rating),
                               board.scores()))

    def full() -> float:
        i = next(counter)
        rating = (Rating.II, Rating.I, Rating.C)[i % 3]
        case.set_cell(analyst, rows[(i * 7) % len(rows)], hyp, Cell(rating=rating))
        return cpu_ms(lambda: score(matrix_for(case, library.items, analyst)))

    return median_of(live, 30), median_of(full, 10)


def scoring_figures(cases: Cases) -> list[Figure]:
    large, large_full = rescore_after_one_rating(cases.large, "large")
    example, _ = rescore_after_one_rating(cases.example, EXAMPLE)
    return [
        Figure("rescore after one rating (scores, diagnosticity, linchpins, flip margin), "
               "large", large, "ms CPU", "≤ 30 ms", large <= 30),
        Figure("rescore after one rating, example", example, "ms CPU", "≤ 2 ms", example <= 2),
        Figure("full rescore from the case (no scoreboard), large", large_full, "ms CPU",
               "≤ 30 ms", large_full <= 30),
    ]


# -- whole commands -------------------------------------------------------------------

def command_ms(args: list[str], repeat: int = 3) -> float:
    def once() -> float:
        return wall_ms(lambda: subprocess.run([sys.executable, "-m", "ach", *args],
                                              check=True, capture_output=True))
    return median_of(once, repeat)


def imports_textual(args: list[str]) -> bool:
    code = ("import sys; from ach.cli import main; main(sys.argv[1:]); "
            "print(any(m.split('.')[0] == 'textual' for m in sys.modules), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    return out.stderr.strip().splitlines()[-1] == "True"


def command_figures(cases: Cases, out_dir: Path) -> list[Figure]:
    figures = []
    score_ms = command_ms(["--root", str(cases.large), "score", "large"])
    figures.append(Figure("ach score, large case, whole command", score_ms, "ms", "≤ 1000 ms",
                          score_ms <= 1000))
    has_report = (REPO / "ach" / "report").exists() or (REPO / "ach" / "report.py").exists()
    if has_report:
        report_ms = command_ms(["--root", str(cases.large), "report", "large", "-o",
                                str(out_dir / "large.html")])
        figures.append(Figure("ach report, large case, whole command", report_ms, "ms",
                              "≤ 1000 ms", report_ms <= 1000))
    for name, args in (("score", ["score", EXAMPLE]), ("report", ["report", EXAMPLE, "-o",
                                                                  str(out_dir / "ex.html")])):
        if name == "report" and not has_report:
            continue
        loaded = imports_textual(["--root", str(cases.example), *args])
        figures.append(Figure(f"ach {name} imports Textual", float(loaded), "(1 = yes)",
                              "never", not loaded))
    return figures


# -- the workbench ------------------------------------------------------------------

def tui_figures(cases: Cases) -> list[Figure]:
    try:
        from tui_bench import measure  # noqa: PLC0415 - only when the workbench exists
    except ImportError as exc:
        print(f"(workbench figures skipped: {exc})", file=sys.stderr)
        return []
    return measure(cases.large, "large", cases.small, "small", cases.example, EXAMPLE)


def interop_figures(cases: Cases) -> list[Figure]:
    from interop import figures  # noqa: PLC0415 - builds its own workbook

    return figures()


def history_figures(cases: Cases) -> list[Figure]:
    from history import figures  # noqa: PLC0415 - builds its own repository of 200 commits

    return figures()


GROUPS = {"storage": storage_figures, "scoring": scoring_figures, "commands": None,
          "tui": tui_figures, "interop": interop_figures, "history": history_figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(GROUPS), action="append")
    parser.add_argument("--keep", type=Path, help="generate the cases here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="ach-bench-"))
    try:
        cases = Cases(base / "large", base / "small", base / "example")
        if not (cases.large / "hypotheses" / "large.json").exists():
            print("generating the large case (30 × 2,000 × 3) …", file=sys.stderr)
            build(cases.large, hypotheses=30, evidence=2000, analysts=3, sources=40,
                  case_id="large")
            build(cases.small, hypotheses=5, evidence=50, analysts=1, sources=5,
                  case_id="small")
            for folder in ("hypotheses", "evidence"):
                shutil.copytree(REPO / folder, cases.example / folder)
        wanted = args.only or list(GROUPS)
        figures: list[Figure] = []
        for group in wanted:
            fn = GROUPS[group]
            found = command_figures(cases, base) if fn is None else fn(cases)
            for figure in found:
                print(figure.line(), flush=True)
            figures.extend(found)
        missed = [f.name for f in figures if not f.ok]
        print(f"\n{len(figures) - len(missed)} of {len(figures)} targets met"
              + (f"; missed: {', '.join(missed)}" if missed else ""))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
