"""Print what importing a large matrix workbook costs: 2,000 evidence rows × 30 hypotheses.

The workbook is made here (deterministic text, every cell rated, ratings in words and
signs as analysts type them). Figures are CPU time, as bench/run.py takes them, so that
others' work on a shared machine does not count: reading and building the case in this
process (median of three), and the whole ``ach import-matrix`` command once (start-up and
writing the 2,000 items included); its wall-clock time is printed beside it.

Usage: python bench/interop.py
"""

from __future__ import annotations

import io
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figure import Figure  # noqa: E402

from ach.interop.formats import read_matrix  # noqa: E402
from ach.matrix_csv import build_case  # noqa: E402
from ach.store import Library  # noqa: E402

ROWS, HYPOTHESES = 2000, 30
TARGET_S = 3.0
WORDS = "militia ministry border talks envoy oil corridor sanctions cabinet brigade".split()
CELLS = ("CC", "C", "N", "I", "II", "NA", "++", "--", "consistent", "N/A", None)


def workbook_bytes(rows: int = ROWS, hypotheses: int = HYPOTHESES) -> bytes:
    rng = random.Random(17)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "evidence", "type", "source", "date", "credibility", "relevance",
                  *(f"H{i + 1}: hypothesis {i + 1}" for i in range(hypotheses))])
    types = ("report", "HUMINT", "press", "statement", "SIGINT")
    for n in range(rows):
        summary = " ".join(rng.choice(WORDS) for _ in range(12))
        sheet.append([f"e-{n:05d}", summary, rng.choice(types), f"Source {n % 40}",
                      f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", rng.choice("HML"),
                      rng.choice("HML"), *(rng.choice(CELLS) for _ in range(hypotheses))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_seconds(data: bytes) -> float:
    start = time.process_time()
    sheet = read_matrix(Path("large.xlsx"), data)
    build_case(sheet, "large", "q", "bench", Library())
    return time.process_time() - start


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def figures() -> list[Figure]:
    data = workbook_bytes()
    in_process = statistics.median(import_seconds(data) for _ in range(3))
    folder = Path(tempfile.mkdtemp(prefix="ach-bench-interop-"))
    try:
        (folder / "large.xlsx").write_bytes(data)
        start, cpu_before = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "ach", "--root", str(folder), "import-matrix",
                        str(folder / "large.xlsx"), "--case", "large"], check=True,
                       capture_output=True)
        command, wall = _children_cpu() - cpu_before, time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Figure("import a 2,000 × 30 .xlsx (read and build)", in_process, "s CPU",
               f"≤ {TARGET_S:g} s", in_process <= TARGET_S),
        Figure(f"ach import-matrix, 2,000 × 30 .xlsx, whole command ({wall:.2f} s wall)",
               command, "s CPU", f"≤ {TARGET_S:g} s", command <= TARGET_S),
    ]


if __name__ == "__main__":
    for figure in figures():
        print(figure.line(), flush=True)
