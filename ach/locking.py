"""One writer at a time per workspace file: a lock file beside it, held while writing.

Checking that a file is unchanged and renaming a new version over it must happen
as one step, or two ``ach`` processes can each check, then each rename, and the
first one's work is gone. The lock is an OS file lock (``filelock``) on a hidden
file beside the one written (``hypotheses/.x.json.lock``, ignored by git), so the
system releases it if the writer dies; the lock file itself is left in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

SUFFIX = ".lock"
#: How long a writer waits for another to finish (a large case's write takes about a second).
WAIT_SECONDS = 5.0


class Busy(Exception):
    """Another process held the file's lock for longer than we wait; nothing was changed."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is being written by another ach; nothing was changed "
                         "(try again in a moment)")


def lock_path(path: Path) -> Path:
    """``hypotheses/x.json`` → ``hypotheses/.x.json.lock``."""
    return path.with_name(f".{path.name}{SUFFIX}")


@contextmanager
def locked(path: Path, name: str | None = None, wait: float | None = None) -> Iterator[None]:
    """Hold ``path``'s lock for the block, or raise Busy naming ``name`` (default: path).

    Not reentrant across calls: a block must not lock the same file again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(path), timeout=WAIT_SECONDS if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        raise Busy(name or str(path)) from None
    try:
        yield
    finally:
        lock.release()
