"""Writing what ``-o`` names: through a symlink, never over a pipe, folder or read-only file,
``-`` to standard output, and nothing read from the path first."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.cli.test_cli import ach
from tests.conftest import BUNDLED_CASE

#: Each command that writes a file the user names, and how to name it.
WRITERS = {
    "report": ["report", BUNDLED_CASE, "-o"],
    "export-matrix": ["export-matrix", BUNDLED_CASE, "-o"],
}


@pytest.fixture(params=sorted(WRITERS))
def writer(request: pytest.FixtureRequest) -> list[str]:
    return WRITERS[request.param]


def test_a_symlink_is_written_through_to_its_target(bundled: Path, tmp_path: Path,
                                                    writer: list[str]) -> None:
    target = tmp_path / "elsewhere" / "briefing.out"
    target.parent.mkdir()
    target.write_text("old text\n", encoding="utf-8")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    ach(bundled, *writer, str(link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "old text" not in target.read_text(encoding="utf-8")
    assert target.stat().st_size > 100


def test_a_fifo_is_refused_without_being_opened(bundled: Path, tmp_path: Path,
                                               writer: list[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # Nobody holds the other end: reading or writing it would block, and the test time out.
    out = ach(bundled, *writer, str(fifo), expect=1)
    assert "named pipe" in out.stderr and str(fifo) in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_folder_is_refused(bundled: Path, tmp_path: Path, writer: list[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = ach(bundled, *writer, str(folder), expect=1)
    assert "folder" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []


def test_a_read_only_file_is_not_replaced(bundled: Path, tmp_path: Path,
                                          writer: list[str]) -> None:
    kept = tmp_path / "kept.out"
    kept.write_text("keep me\n", encoding="utf-8")
    kept.chmod(0o444)
    inode = kept.stat().st_ino
    out = ach(bundled, *writer, str(kept), expect=1)
    assert "read-only" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert kept.read_text(encoding="utf-8") == "keep me\n" and kept.stat().st_ino == inode


def test_a_dash_writes_to_standard_output(bundled: Path, tmp_path: Path,
                                          writer: list[str]) -> None:
    out = ach(bundled, *writer, "-", cwd=tmp_path)
    assert out.stdout.startswith(("<!DOCTYPE html>", "id,evidence"))
    assert not (tmp_path / "-").exists()
    assert "wrote" not in out.stdout

