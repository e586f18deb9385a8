"""Importing a source file from the workbench: the same rules and the same function as
``ach import-source`` (``ach.sources.import_source``), with any problem as one line for
the form to show instead of an exception."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ach.jsonfile import FileProblem
from ach.sources import ImportResult, Metadata, import_source, read_source_file
from ach.sources.files import HTML_SUFFIXES, MARKDOWN_SUFFIXES
from ach.store import Workspace, WorkspaceError

#: What the workbench offers to import (``ach import-source`` reads the same).
SUFFIXES = (".txt", ".text", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES)


@dataclass(frozen=True)
class ImportRequest:
    path: str
    title: str = ""
    publisher: str = ""
    author: str = ""
    published: str = ""
    url: str = ""


def resolve(path: str, base: Path) -> Path:
    """A typed path: ``~`` expanded, relative to ``base`` (the workspace's folder)."""
    expanded = Path(os.path.expanduser(path.strip()))
    return expanded if expanded.is_absolute() else base / expanded


def problems(request: ImportRequest, base: Path) -> list[str]:
    """What stops the import before the file is read (one line each, by field)."""
    found = []
    if not request.path.strip():
        found.append("File: type a path (tab or → completes it)")
    else:
        path = resolve(request.path, base)
        if path.is_dir():
            found.append(f"File: {request.path.strip()} is a folder; name a file in it")
        elif not path.exists():
            found.append(f"File: no such file: {request.path.strip()}")
        elif path.suffix.lower() not in SUFFIXES:
            found.append("File: import .txt, .md or .html files")
    if request.published.strip():
        try:
            dt.date.fromisoformat(request.published.strip())
        except ValueError:
            found.append("Published: is not a date like 2024-12-25")
    return found


def import_file(workspace: Workspace, request: ImportRequest) -> ImportResult | str:
    """Import the file as a source of the workspace, or the one-line problem that stopped it
    (the workspace's files are then untouched)."""
    base = workspace.root
    found = problems(request, base)
    if found:
        return found[0]
    path = resolve(request.path, base)
    published = request.published.strip()
    meta = Metadata(title=request.title.strip(), publisher=request.publisher.strip(),
                    author=request.author.strip(),
                    published=dt.date.fromisoformat(published) if published else None,
                    url=request.url.strip())
    try:
        article = read_source_file(path)
        return import_source(Workspace(workspace.root), article, meta, origin=path.name)
    except (FileProblem, WorkspaceError, OSError) as exc:
        text = str(exc)
        # The shell's option name means nothing in a form.
        return text.replace("needs --title", "needs a title").replace("another --id",
                                                                      "another name")


def completions(typed: str, base: Path, limit: int = 50) -> list[str]:
    """Paths that complete ``typed`` (folders end in /), as typed (relative stays relative):
    only folders and files the workbench can import, hidden ones only when asked for."""
    expanded = os.path.expanduser(typed)
    folder, slash, stem = expanded.rpartition(os.sep)
    if slash and not folder:
        where = Path(os.sep)  # "/et" completes at the root
    else:
        where = resolve(folder or ".", base)
    try:
        entries = sorted(where.iterdir(), key=lambda p: p.name.casefold())
    except OSError:
        return []
    shown_folder = typed[: len(typed) - len(stem)]
    found = []
    for entry in entries:
        name = entry.name
        if not name.startswith(stem) or (name.startswith(".") and not stem.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            found.append(f"{shown_folder}{name}{os.sep}")
        elif entry.suffix.lower() in SUFFIXES:
            found.append(f"{shown_folder}{name}")
        if len(found) >= limit:
            break
    return found
