"""Time the merge driver on the large case (30 hypotheses × 2,000 items × 3 analysts).

Three merges, each in process and as a whole command (as git runs it: a new process per
file), medians of --runs; CPU time is what the merge costs, wall time what a user waits:
  two analysts   Analyst A and Analyst B each change 300 of their own cells and add a
                 hypothesis and three rated items on their own branch (the everyday merge);
  one analyst    Analyst A changes 300 different cells on each of two branches;
  removal        one branch removes a hypothesis that the other branch rated (a conflict).
Usage: python bench/merge_driver.py [--runs 5]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import build  # noqa: E402

from ach.jsonfile import canonical_json  # noqa: E402
from ach.merge.three_way import merge_texts  # noqa: E402

RATINGS = ("CC", "C", "N", "I", "II", "NA")


def _rate(tables: dict, analyst: str, count: int, rng: random.Random,
          hypothesis: str | None = None) -> None:
    rows = tables[f"ratings:{analyst}"]
    hyps = sorted(tables["hypotheses"])
    for e in rng.sample(sorted(tables["evidence"]), count):
        h = hypothesis or rng.choice(hyps)
        rows.setdefault(e, {})[h] = {"rating": rng.choice(RATINGS),
                                     "reason": f"second look at {e} by {analyst}"}


def _add(tables: dict, analyst: str, tag: str) -> None:
    n = len(tables["hypotheses"])
    tables["hypotheses"][f"h-{tag}"] = {"order": n, "title": f"{analyst}'s new hypothesis"}
    for i in range(3):
        e = f"e-{tag}{i}"
        tables["evidence"][e] = {"order": len(tables["evidence"])}
        tables[f"ratings:{analyst}"][e] = {h: {"rating": "N"} for h in tables["hypotheses"]}


def scenarios(base: dict) -> dict[str, tuple[dict, dict]]:
    rng = random.Random(11)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _rate(ours, "Analyst A", 300, rng)
    _add(ours, "Analyst A", "a")
    _rate(theirs, "Analyst B", 300, rng)
    _add(theirs, "Analyst B", "b")
    found = {"two analysts": (ours, theirs)}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _rate(ours, "Analyst A", 300, rng)
    _rate(theirs, "Analyst A", 300, rng)
    found["one analyst"] = (ours, theirs)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    gone = "h-07"
    del ours["hypotheses"][gone]
    for name, rows in ours.items():
        if name.startswith("ratings:"):
            for row in rows.values():
                row.pop(gone, None)
    _rate(theirs, "Analyst B", 50, rng, hypothesis=gone)
    found["removal"] = (ours, theirs)
    return found


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root / "ws", hypotheses=30, evidence=2000, analysts=3, sources=40)
        base_path = root / "ws" / "hypotheses" / "large.json"
        base_text = base_path.read_text(encoding="utf-8")
        base = json.loads(base_text)
        cells = sum(len(row) for name, table in base.items() if name.startswith("ratings:")
                    for row in table.values())
        print(f"large case file: {len(base_text) / 1e6:.1f} MB, {cells} cells")
        for name, (ours, theirs) in scenarios(base).items():
            texts = (base_text, canonical_json(ours), canonical_json(theirs))
            for label, text in zip(("base", "ours", "theirs"), texts, strict=True):
                (root / label).write_text(text, encoding="utf-8")
            in_process: list[float] = []
            runs: dict[str, tuple[list[float], list[float]]] = {
                "python -m ach.merge": ([], []), "ach merge-driver": ([], [])}
            for _ in range(args.runs):
                start = time.process_time()
                merged = merge_texts(*texts)
                in_process.append(time.process_time() - start)
                for how, (wall, cpu) in runs.items():
                    shutil.copy(root / "ours", root / "result")
                    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), \
                        time.perf_counter()
                    module = ["-m", "ach.merge"] if how.startswith("python") else \
                        ["-m", "ach", "merge-driver"]
                    subprocess.run([sys.executable, *module, str(root / "base"),
                                    str(root / "result"), str(root / "theirs"),
                                    "hypotheses/large.json"], cwd=root, check=False,
                                   stderr=subprocess.DEVNULL)
                    wall.append(time.perf_counter() - start)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime
                               - before.ru_stime)
            print(f"{name}: {len(merged.conflicts)} conflict(s); merge_texts in process "
                  f"{_median_ms(in_process)} CPU")
            for how, (wall, cpu) in runs.items():
                print(f"    {how:20} (whole process) {_median_ms(cpu)} CPU, "
                      f"{_median_ms(wall)} wall")


if __name__ == "__main__":
    main()
