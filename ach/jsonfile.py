"""Git-friendly JSON files on TinyDB: canonical text, atomic writes, plain-word errors.

Every file we write is TinyDB's layout (``{table: {doc_id: document}}``) with
string document ids, serialised canonically — indented, keys sorted, UTF-8 as
is, a newline at the end — so that the same data is always the same bytes and a
one-cell change is a one-line diff.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

#: The lines git writes around a conflict (and ``|||||||`` before the base, in diff3 style).
#: They stand at the start of a line; inside a JSON string they cannot, because a string
#: never holds a raw line break, so marker-like text an analyst typed is never mistaken.
CONFLICT_MARKERS = ("<<<<<<< ", "=======\n", "=======\r\n", ">>>>>>> ", "||||||| ")

#: Deeper than any file ach writes (about six levels) by far; deeper input is refused
#: before parsing, so that nothing recurses into it.
MAX_DEPTH = 100


class FileProblem(Exception):
    """A file that cannot be used, with where and why in plain words."""

    def __init__(self, path: Path | str, problem: str, location: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.location}: " if self.location else f"{self.path}: "
        return where + self.problem


def canonical_json(data: Any) -> str:
    """The one text we write for ``data``."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def atomic_write_text(path: Path, text: str) -> None:
    """``atomic_write_bytes`` of the text as UTF-8, line endings as they are."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder, fsync, then rename over the target.

    A crash at any moment leaves either the old file or the new one, never a torn one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode an ordinary file would get.
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    sweep_stale_temps(path)


#: A temp file this old was left by a writer that was killed: no save takes an hour.
STALE_TEMP_SECONDS = 3600


def sweep_stale_temps(path: Path) -> list[Path]:
    """Remove what killed writers left of ``path``'s temp files (``.NAME.*.tmp``).

    A fresh one may be another process's save in progress and is left alone. Returns
    what was removed.
    """
    removed = []
    now = time.time()
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue  # gone already, or not ours to remove: harmless either way
    return removed


_ENCODER = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)


def canonical_chunks(data: Any) -> Iterator[str]:
    """``canonical_json(data)`` in pieces, so a large file is never one giant string."""
    yield from _ENCODER.iterencode(data)
    yield "\n"


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def atomic_write_chunks(path: Path, chunks: Iterable[str], *, unless: str | None = None,
                        ) -> str | None:
    """Stream text to a temp file, then fsync and rename it over ``path``, as
    ``atomic_write_text`` does; returns the text's sha256.

    With ``unless`` given and equal to that digest, the file already says exactly this:
    the temp file is dropped, ``path`` is left alone, and None is returned.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    digest = hashlib.sha256()
    try:
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in chunks:
                handle.write(chunk)
                digest.update(chunk.encode("utf-8"))
            if digest.hexdigest() == unless:
                raise _Unchanged
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except _Unchanged:
        Path(tmp).unlink(missing_ok=True)
        return None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    sweep_stale_temps(path)
    return digest.hexdigest()


class _Unchanged(Exception):
    """The new text equals the file's: nothing to replace."""


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """A file's text, or a FileProblem saying why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(path, "no such file") from None
    except IsADirectoryError:
        raise FileProblem(path, "is a folder, not a file") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot be read ({exc.strerror})") from None
    if b"\x00" in raw:
        raise FileProblem(path, "is a binary file, not JSON text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(path, f"is not UTF-8 text (bad byte at offset {exc.start})") from None


def has_conflict_markers(text: str) -> bool:
    """Whether a line starts with one of git's conflict markers."""
    return any(text.startswith(marker) or "\n" + marker in text for marker in CONFLICT_MARKERS)


_BRACKETS_ONLY = bytes(b for b in range(256) if b not in b"[]{}")
_OBJECTS_AS_ARRAYS = bytes.maketrans(b"{}", b"[]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def nesting_depth(text: str | bytes, limit: int = MAX_DEPTH) -> int:
    """How deeply arrays and objects nest in JSON text, counted up to ``limit + 1``.

    Brackets are kept and pairs removed innermost first, one level per pass, all in C
    (a few milliseconds for a 12 MB case). Brackets inside strings are counted too at
    first; only if that count is off (unbalanced or too deep) are strings cut out and
    the count done again, exactly.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    depth = _bracket_depth(raw.translate(_OBJECTS_AS_ARRAYS, _BRACKETS_ONLY), limit)
    if depth is not None and depth <= limit:
        return depth
    data = raw.decode("utf-8", errors="replace")
    exact = _bracket_depth(_STRING.sub("", data).encode("utf-8")
                           .translate(_OBJECTS_AS_ARRAYS, _BRACKETS_ONLY), limit)
    # Unbalanced even without strings: not JSON at all, which the parser will say.
    return 0 if exact is None else exact


def _bracket_depth(brackets: bytes, limit: int) -> int | None:
    """Passes of removing ``[]`` until nothing is left (stopping past ``limit``); None if
    the brackets do not pair up."""
    depth = 0
    while brackets:
        if depth > limit:
            return depth
        fewer = brackets.replace(b"[]", b"")
        if len(fewer) == len(brackets):
            return None
        brackets, depth = fewer, depth + 1
    return depth


def check_depth(path: Path | str, text: str | bytes) -> None:
    """A FileProblem if the text nests deeper than any real file (before anything parses it)."""
    if nesting_depth(text) > MAX_DEPTH:
        raise FileProblem(path, f"nests arrays or objects more than {MAX_DEPTH} levels deep, "
                          "far deeper than any ACH file; it is not one")


def parse_json(path: Path, text: str) -> dict[str, Any]:
    if not text.strip():
        raise FileProblem(path, "is empty")
    check_depth(path, text)
    if has_conflict_markers(text):
        raise FileProblem(
            path, "contains git conflict markers (<<<<<<< ======= >>>>>>>) from a line-by-line "
            "git merge: 'ach remerge FILE' merges it by meaning instead (add --commit "
            "MERGE-COMMIT if the merge is already committed), or 'git checkout --ours FILE' "
            "(or --theirs) takes one side; 'ach git-setup' makes git merge these files by "
            "meaning from now on")
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise FileProblem(path, f"is not valid JSON ({_plain_json_error(exc, text)})",
                          f"line {exc.lineno} column {exc.colno}") from None
    except RecursionError:  # only if the depth check above were bypassed
        raise FileProblem(path, "nests arrays or objects too deeply to read") from None
    except DuplicateKey as exc:
        # json.loads would keep the last of two equal keys and silently drop the other
        # record (a hand edit or a botched merge); say so instead.
        raise FileProblem(path, f"the key {exc.key!r} appears twice in one object, so one of "
                          "the two records would be lost", _lines_of_key(text, exc.key)
                          ) from None
    if not isinstance(data, dict):
        raise FileProblem(path, "is not an ACH file (the top level is not a JSON object)")
    return data


class DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise DuplicateKey(key)
        data[key] = value
    return data


def _lines_of_key(text: str, key: str) -> str:
    """The lines where ``key`` stands as a key: json.loads cannot say which pair clashed."""
    pattern = re.compile(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:")
    lines = [str(text.count("\n", 0, m.start()) + 1) for m in pattern.finditer(text)]
    shown = ", ".join(lines[:6]) + (", …" if len(lines) > 6 else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}" if lines else ""


def _plain_json_error(exc: json.JSONDecodeError, text: str) -> str:
    if exc.pos >= len(text.rstrip()):
        return "it ends too early; the file may have been cut short"
    if exc.msg.startswith("Unterminated string"):
        return "a string is not closed; the file may have been cut short"
    if exc.msg == "Extra data":
        return "there is more text after the end of the JSON object"
    return exc.msg[0].lower() + exc.msg[1:]


class CanonicalStorage(Storage):
    """TinyDB storage that reads leniently-checked JSON and writes canonical text atomically."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # TinyDB reads the whole storage for every table operation; one database
        # object is short-lived, so it parses the file once and reuses the result.
        self._data: dict[str, dict[str, Any]] | None = None
        #: The text last read or written, so a save can tell that nothing changed.
        self.text: str | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None and self.path.exists():
            self.text = read_text(self.path)
            data = parse_json(self.path, self.text)
            check_tables_shape(self.path, data)
            self._data = data
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.text = canonical_json(data)
        atomic_write_text(self.path, self.text)
        self._data = data

    def close(self) -> None:
        pass


class StrTable(Table):
    """Tables whose document ids are our string ids, never auto-increment integers."""

    document_id_class = str


class Database(TinyDB):
    table_class = StrTable
    default_storage_class = CanonicalStorage


def open_db(path: Path) -> Database:
    return Database(path, storage=CanonicalStorage)


def read_tables(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Every table of a file as ``{table: {doc_id: document}}``, read through TinyDB."""
    return read_tables_and_text(path)[0]


def read_tables_and_text(path: Path) -> tuple[dict[str, dict[str, dict[str, Any]]], str]:
    """The tables of a file and the text they were read from."""
    db = open_db(path)
    if db.storage.read() is None:
        raise FileProblem(path, "no such file")
    tables = {}
    for name in sorted(db.tables()):
        tables[name] = {str(doc.doc_id): dict(doc) for doc in db.table(name).all()}
    return tables, db.storage.text or ""


def check_tables_shape(path: Path, data: Mapping[str, Any]) -> None:
    """Every table is an object of objects (else TinyDB itself would fail obscurely)."""
    if not isinstance(data.get("meta"), dict):
        # Some other program's JSON (package.json, a settings file …): say what it is not,
        # rather than which of its keys happens to come first.
        raise FileProblem(path, "is not an ACH file (it has no meta → format record)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise FileProblem(path, "is not an ACH file (a table is not a JSON object)", name)
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise FileProblem(path, "a record is not a JSON object", f"{name} → {doc_id}")
