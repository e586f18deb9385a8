"""Importing a source file from the workbench: a form with the file's path (completed as
you type, or chosen in a folder tree) and what the analyst knows of the source.

The import itself is ``ach import-source``'s (``ach.workbench.source_import``); a
problem keeps the form open and says what is wrong, in the field's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, DirectoryTree, Input, Static

from ach.sources import ImportResult
from ach.store import Workspace
from ach.tui.kit.modal_form import FormScreen, labelled, line_input
from ach.workbench.source_import import SUFFIXES, ImportRequest, completions, import_file


class PathSuggester(Suggester):
    """The first path that completes what is typed (→ or end accepts it)."""

    def __init__(self, base: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        found = completions(value, self.base, limit=1)
        return found[0] if found else None


class ImportForm(FormScreen[ImportResult]):
    """Dismissed with what was imported (already on disk), or None."""

    heading = "Import a source file (.txt, .md or .html)"
    BINDINGS = [*FormScreen.BINDINGS,
                Binding("ctrl+b", "browse", "browse", tooltip="Choose the file in a folder tree")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def fields(self) -> Iterable[Widget]:
        path = line_input("", "path", "a path; → accepts the completion shown")
        path.suggester = PathSuggester(self.workspace.root)
        yield labelled("File (relative to the workspace, or ~/…; ctrl+b browses)", path)
        yield Button("Browse… (ctrl+b)", id="browse", compact=True)
        yield labelled("Title (an HTML page's own title if left empty)",
                       line_input("", "title"))
        with Horizontal(classes="field-row"):
            yield labelled("Publisher", line_input("", "publisher"))
            yield labelled("Published (YYYY-MM-DD)", line_input("", "published"))
        with Horizontal(classes="field-row"):
            yield labelled("Author", line_input("", "author"))
            yield labelled("URL", line_input("", "url"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "browse":
            event.stop()
            self.action_browse()
        else:
            super().on_button_pressed(event)

    def action_browse(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                field = self.query_one("#path", Input)
                field.value = _shown(path, self.workspace.root)
                field.focus()

        self.app.push_screen(BrowseScreen(self.workspace.root), chosen)

    def request(self) -> ImportRequest:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        return ImportRequest(value("path"), value("title"), value("publisher"), value("author"),
                             value("published"), value("url"))

    def build(self) -> ImportResult | list[str]:
        result = import_file(self.workspace, self.request())
        return [result] if isinstance(result, str) else result


def _shown(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


class BrowseScreen(ModalScreen[Path | None]):
    """A folder tree from the workspace's folder: enter on a file chooses it."""

    BINDINGS = [Binding("escape", "cancel", "cancel", tooltip="Close without choosing"),
                Binding("backspace", "up", "up a folder", tooltip="Show the folder above")]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick browse"):
            yield Static(Text("Choose a .txt, .md or .html file (enter chooses, backspace "
                              "goes up a folder, esc cancels)", "bold"), classes="form-title")
            yield ImportableTree(self.start, id="tree")
            yield Static("", classes="form-errors", markup=False)

    def on_mount(self) -> None:
        self.query_one(DirectoryTree).focus()

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        if event.path.suffix.lower() in SUFFIXES:
            self.dismiss(event.path)
        else:
            errors = self.query_one(".form-errors", Static)
            # A file's name is data, not markup ("[b].txt" is a name like any other).
            errors.update(Text(f"{event.path.name}: import .txt, .md or .html files"))
            errors.add_class("-shown")

    def action_up(self) -> None:
        tree = self.query_one(DirectoryTree)
        tree.path = Path(tree.path).resolve().parent

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportableTree(DirectoryTree):
    """Folders, and only the files the workbench can import; no hidden ones."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in SUFFIXES)]
