"""The diff driver: ``git diff`` shows case changes in words through ``ach textconv``."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.history_repo import CASE, History


def test_git_diff_shows_a_rerated_cell_in_words(bundled: Path) -> None:
    h = History(bundled)
    h.git("init", "-q", "-b", "main")
    h.ach("git-setup")
    h.commit("the bundled case", "Dana Levi")
    h.ach("--analyst", "Alice", "rate", CASE, "e-03", "h-tighten", "I", "--reason",
          "the envoy's words")
    h.ach("hypothesis", "edit", CASE, "h-hedge", "--title", "Baghdad keeps both doors open")
    diff = h.git("diff")
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and
             not line.startswith("+++")]
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and
               not line.startswith("---")]
    assert "H2 'Baghdad tightens ties with Tehran': E3 rated I by Alice (reason: the " \
           "envoy's words)" in added
    assert "H3: id h-hedge" not in added  # ids and refs stay; the title is what changed
    assert any(line.startswith("H3 'Baghdad keeps both doors open'") for line in added)
    assert any(line.startswith("H3 'Baghdad hedges between Tehran and the US'")
               for line in removed)
    assert '"rating"' not in diff  # no JSON lines


def test_textconv_gives_back_a_file_it_cannot_read(tmp_path: Path) -> None:
    broken = tmp_path / "x.json"
    broken.write_text('{"meta": oops', encoding="utf-8")
    import sys  # noqa: PLC0415

    done = subprocess.run([sys.executable, "-m", "ach", "textconv", str(broken)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == '{"meta": oops'
