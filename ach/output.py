"""Writing a file the user named (``-o``): safely, or not at all, in one line saying why.

What the user named may not be an ordinary file. A symlink is written through: its
target gets the new text and the link stays a link. A folder, a named pipe (FIFO), a
device or a socket is refused, as is a read-only file (its mode says "do not replace
me"). ``-`` means standard output. Nothing is read from the path before it is written,
except to see whether a regular file already holds exactly the new text (compared
only when its size matches, so a huge or endless file is never read).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TextIO

from ach.jsonfile import FileProblem, atomic_write_bytes, atomic_write_text

#: What ``-o`` takes to mean standard output.
STDOUT = "-"


def is_stdout(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDOUT


def target_of(path: Path) -> Path:
    """The regular file that writing ``path`` will replace (symlinks followed), or a
    FileProblem naming ``path`` if it must not be written."""
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target  # a new file (or a link to one): created where the link points
    except OSError as exc:
        raise FileProblem(path, f"cannot be written ({exc.strerror})") from None
    kind = _special_kind(st.st_mode)
    if kind:
        raise FileProblem(path, f"is {kind}, not a regular file; ach writes only regular "
                          f"files (give a file name, or '{STDOUT}' for standard output)")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise FileProblem(path, "is read-only, so it was left as it is; make it writable "
                          "(chmod u+w) or give another file name")
    return target


def _special_kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def holds_exactly(path: Path, text: str | bytes) -> bool:
    """Whether ``path`` is a regular file whose bytes are ``text``'s: read only if its size
    is the text's own, and never through a link, pipe or device."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(len(data) + 1) == data
    finally:
        os.close(fd)


def write_output(path: Path, text: str | bytes, *, keep_if_same: bool = False,
                 stdout: TextIO | None = None) -> bool:
    """Write ``text`` (or bytes) to what the user named (``-``: standard output), atomically.

    With ``keep_if_same``, a file that already holds exactly this text is left untouched,
    mtime and all. Returns whether anything was written. Raises FileProblem (one line)
    for what must not be written, and lets OSError through for what could not be.
    """
    if is_stdout(path):
        out = stdout or sys.stdout
        if isinstance(text, bytes):
            out.flush()
            out.buffer.write(text)
            out.buffer.flush()
        else:
            out.write(text)
        return True
    target = target_of(path)
    if keep_if_same and holds_exactly(target, text):
        return False
    if isinstance(text, bytes):
        atomic_write_bytes(target, text)
    else:
        atomic_write_text(target, text)
    return True


