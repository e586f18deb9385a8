"""Merging files on disk, and the conflict list kept beside a file the merge left in conflict.

``hypotheses/x.json`` in conflict gets ``hypotheses/x.json.conflicts``: canonical
JSON listing each conflict (table, record, field, the base, ours and theirs values
and a description). The file itself holds ours wherever the sides conflict and
stays valid, so ``ach`` can still open it; ``ach resolve`` settles the list. The
name does not end in ``.json``, so nothing takes the list for a case or a source.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ach.jsonfile import MAX_DEPTH, FileProblem, atomic_write_text, canonical_json, nesting_depth
from ach.merge.conflict import Conflict
from ach.merge.layout import ForeignInput, MergeInputError
from ach.merge.three_way import Merged, merge_texts

SUFFIX = ".conflicts"
FORMAT = {"kind": "conflicts", "version": 1}
SIDES_NOTE = ("The file holds ours wherever the two sides conflict. Ours is the branch you were "
              "on when you merged (when rebasing: the branch you rebase onto); theirs is the "
              "other one.")


def resolve_hint(path: Path) -> str:
    """What to give ``ach resolve`` for a file: a case's name, else the file's path."""
    return path.stem if path.parent.name == "hypotheses" else path.as_posix()


def conflicts_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def write_conflicts(path: Path, conflicts: list[Conflict]) -> Path:
    """Write (or, with none left, remove) the conflict list of ``path``."""
    target = conflicts_path(path)
    if not conflicts:
        target.unlink(missing_ok=True)
        return target
    data = {"conflicts": [c.to_json() for c in conflicts], "file": path.name,
            "format": FORMAT, "note": SIDES_NOTE}
    atomic_write_text(target, canonical_json(data))
    return target


def read_conflicts(path: Path) -> list[Conflict]:
    """The unresolved conflicts of ``path`` (none if it has no list)."""
    target = conflicts_path(path)
    try:
        text = target.read_text(encoding="utf-8")
        if nesting_depth(text) > MAX_DEPTH:
            raise ValueError("nested far too deeply")
        data = json.loads(text)
        if data.get("format", {}).get("kind") != FORMAT["kind"]:
            raise ValueError("not a conflict list")
        version = data["format"].get("version")
        if type(version) is not int or not 1 <= version <= FORMAT["version"]:
            raise ValueError(f"format version {version!r}, this ach reads {FORMAT['version']}")
        return [Conflict.from_json(item) for item in data["conflicts"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FileProblem(target, f"is not a conflict list that ach can read ({exc}); "
                          "delete it and merge again (ach remerge)") from None


def read_version(path: Path, label: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MergeInputError(f"{label} ({path}) cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MergeInputError(f"{label} ({path}) is not UTF-8 text") from None


def merge_into(target: Path, base: str, ours: str, theirs: str, name: str | None = None
               ) -> Merged:
    """Merge three versions into ``target`` and keep its conflict list beside it up to date,
    both written under the file's lock (``ach.locking``, named ``name``): raises
    ``locking.Busy``, changing nothing, if another ach keeps it."""
    # Imported here, not above: git's merge driver loads this module and never locks
    # (it writes git's own temporary file), and filelock would nearly double its start-up.
    from ach import locking

    merged = merge_texts(base, ours, theirs)
    with locking.locked(target, name):
        atomic_write_text(target, merged.text)
        write_conflicts(target, merged.conflicts)
    return merged


def run_driver(base: Path, ours: Path, theirs: Path, path: str) -> int:
    """git's merge driver: the result goes into ``ours``; 0 when clean, 1 on conflicts.

    ``path`` is where git will put the result, relative to the top of the work tree
    (git runs drivers there): the conflict list is written beside it.
    """
    try:
        texts = [read_version(p, label) for p, label in
                 ((base, "base"), (ours, "ours"), (theirs, "theirs"))]
        merged = merge_texts(*texts)
    except ForeignInput as exc:
        # Not two versions of one file this ach reads: merging, even line by line, would
        # lose or mislabel work. ours is left as it is, and git keeps the conflict.
        print(f"ach: {path} was not merged: {exc}; it keeps ours, and git leaves the "
              "conflict for you to settle", file=sys.stderr)
        return 1
    except MergeInputError as exc:
        print(f"ach: {path} cannot be merged by meaning ({exc}); merging it line by line",
              file=sys.stderr)
        return line_merge(base, ours, theirs, path)
    except Exception as exc:  # noqa: BLE001 - a fault of ours must not cost the user theirs
        print(f"ach: merging {path} by meaning failed ({type(exc).__name__}: {exc}); merging "
              "it line by line instead", file=sys.stderr)
        return line_merge(base, ours, theirs, path)
    if merged.text != texts[1]:
        atomic_write_text(ours, merged.text)
    beside = Path(path)
    if beside.parent.is_dir():
        write_conflicts(beside, merged.conflicts)
    if merged.clean:
        return 0
    report(path, merged.conflicts, sys.stderr)
    return 1


def report(path: str, conflicts: list[Conflict], stream) -> None:
    count = len(conflicts)
    print(f"ach: {path}: {count} conflict{'s' if count != 1 else ''} the merge cannot settle; "
          f"the file holds ours for now (listed in {path}{SUFFIX}):", file=stream)
    for conflict in conflicts[:10]:
        print(f"  {conflict.id}  {conflict.description}", file=stream)
    if count > 10:
        print(f"  … and {count - 10} more", file=stream)
    print(f"ach: settle them with 'ach resolve {resolve_hint(Path(path))}' "
          "(--list, --take ours|theirs, --pick ID=ours|theirs)", file=stream)


def line_merge(base: Path, ours: Path, theirs: Path, path: str) -> int:
    """What git would have done without us: a line-by-line merge, with markers on conflict."""
    try:
        done = subprocess.run(["git", "merge-file", "-L", f"ours:{path}", "-L", "base",
                               "-L", f"theirs:{path}", str(ours), str(base), str(theirs)],
                              check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"ach: git merge-file failed ({exc}); {path} keeps ours", file=sys.stderr)
        return 1
    return 0 if done.returncode == 0 else 1
