"""Time ``ach history`` on the large case (30 × 2,000 × 3) with 200 commits (target ≤ 10 s).

The repository is built in a temporary folder with ``git fast-import``: the large case is
committed, then each later commit re-rates a few cells as one analyst (with a reason now
and then), and every 25th adds an evidence item, editing the canonical text the way
``ach`` would write it. Usage: python bench/history.py [--commits 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figure import Figure  # noqa: E402
from generate import build  # noqa: E402

from ach.jsonfile import canonical_json  # noqa: E402
from ach.model import Evidence  # noqa: E402
from ach.store import Workspace, evidence_to_tables  # noqa: E402

CASE = "large"
TARGET_S = 10.0
ANALYSTS = ("Analyst A", "Analyst B", "Analyst C")
CODES = ("CC", "C", "N", "I", "II", "NA")


def rerate(text: str, rng: random.Random) -> tuple[str, str]:
    """The text with one analyst's three cells given new ratings; and that analyst."""
    analyst = rng.choice(ANALYSTS)
    table = text.index(f'\n  "ratings:{analyst}": {{')
    for _ in range(3):
        row = text.index(f'\n    "e-{rng.randrange(2000):05d}": {{', table)
        cell = text.index(f'\n      "h-{rng.randrange(30):02d}": {{', row)
        start = text.index('"rating": "', cell) + len('"rating": "')
        end = text.index('"', start)
        text = text[:start] + rng.choice(CODES) + text[end:]
    return text, analyst


def add_item(text: str, n: int) -> str:
    """The case using one more item (appended last, as ids sort)."""
    end = text.index('\n  },\n  "hypotheses": {')
    return text[:end] + f',\n    "e-9{n:04d}": {{\n      "order": {2000 + n}\n    }}' + text[end:]


def build_repo(root: Path, commits: int) -> None:
    workspace = build(root, hypotheses=30, evidence=2000, analysts=3, sources=40, case_id=CASE)
    library = workspace.load_library()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    case_path = root / "hypotheses" / f"{CASE}.json"
    text = case_path.read_text(encoding="utf-8")
    rng = random.Random(11)
    feed = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE)
    assert feed.stdin is not None

    def commit(n: int, who: str, message: str, files: dict[str, str]) -> None:
        lines = [f"commit refs/heads/main\nmark :{n + 1}\n"
                 f"author {who} <{who.split()[-1].lower()}@example.org> {1735689600 + n * 3600}"
                 f" +0000\ncommitter {who} <x@example.org> {1735689600 + n * 3600} +0000\n"]
        body = message.encode("utf-8")
        feed.stdin.write(lines[0].encode() + b"data %d\n" % len(body) + body + b"\n")
        if n:
            feed.stdin.write(f"from :{n}\n".encode())
        for name, content in files.items():
            data = content.encode("utf-8")
            feed.stdin.write(f"M 100644 inline {name}\n".encode() + b"data %d\n" % len(data)
                             + data + b"\n")

    first = {f"evidence/{p.name}": p.read_text(encoding="utf-8")
             for p in sorted((root / "evidence").glob("*.json"))}
    commit(0, "Analyst A", "the large case", {f"hypotheses/{CASE}.json": text, **first})
    for n in range(1, commits):
        files = {}
        if n % 25 == 0:
            item = Evidence(id=f"e-9{n:04d}", summary=f"New report number {n}",
                            source_id="src-000")
            library.items[item.id] = item
            items = [e for e in library.items.values() if e.source_id == "src-000"]
            files["evidence/src-000.json"] = canonical_json(
                evidence_to_tables(library.sources["src-000"], items))
            text = add_item(text, n)
            who, message = "Analyst B", f"add item e-9{n:04d}"
        else:
            text, who = rerate(text, rng)
            message = f"re-rate three cells ({n})"
        files[f"hypotheses/{CASE}.json"] = text
        commit(n, who, message, files)
    feed.stdin.close()
    if feed.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    Workspace(root).load_case(CASE)  # the last version still reads as a case


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def figures(commits: int = 200, keep: Path | None = None) -> list[Figure]:
    """``ach history`` (JSON and text) over a large case's history, for bench/run.py."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        root = keep or Path(tmp) / "repo"
        if not (root / ".git").is_dir():
            build_repo(root, commits)
        for argv in (["history", CASE, "--json"], ["history", CASE]):
            took, cpu = _timed(root, argv)
            found.append(Figure(f"ach {' '.join(argv)}, {commits} commits, large, whole "
                                f"command ({cpu:.2f} s CPU)", took, "s", f"≤ {TARGET_S:g} s",
                                took <= TARGET_S))
    return found


def _timed(root: Path, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (ach and the git it runs) of one ``ach`` command."""
    ach = Path(sys.executable).with_name("ach")
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([str(ach), "--root", str(root), *argv], capture_output=True, text=True)
    took, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return took, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "repo"
        if (root / ".git").is_dir():
            print(f"using the repository already built in {root}")
        else:
            started = time.perf_counter()
            build_repo(root, args.commits)
            print(f"built {args.commits} commits in {time.perf_counter() - started:.1f} s")
        for argv in (["history", CASE, "--json"], ["history", CASE]):
            took, cpu = _timed(root, argv)
            verdict = "ok" if took <= TARGET_S else "MISS"
            # CPU time (ach and the git it runs) does not count waiting for a busy machine.
            print(f"ach {' '.join(argv)}: {took:.2f} s wall, {cpu:.2f} s CPU over "
                  f"{args.commits} commits (target ≤ {TARGET_S:.0f} s) {verdict}")


if __name__ == "__main__":
    main()
