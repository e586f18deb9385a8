"""The README keeps up with the code: every ``ach`` command is mentioned, every key of the
workbench is in its key tables, and every command and subcommand has help text.

Everything is built in process (the parser, the action list), so this stays fast.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ach.cli import COMMANDS, build_parser
from ach.tui.keys import all_actions

README = Path(__file__).resolve().parent.parent / "README.md"

#: The README's key tables are the ones headed exactly so (the source view's table, whose
#: keys mean other things there, has a header of its own).
KEY_TABLE_HEADER = "| keys | what they do |"

#: How the README writes a key that Textual names otherwise.
WRITTEN = {"up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "pgup",
           "pagedown": "pgdn", "escape": "esc", "slash": "/", "question_mark": "?",
           "tilde": "~"}

#: Keys the README may leave out, each with the reason. Only aliases of movement keys may
#: stand here (a test below holds that); today every key is documented.
UNDOCUMENTED_MOVEMENT_ALIASES: dict[str, str] = {}


def written(key: str) -> str:
    """``shift+up`` → ``shift+↑``; ``question_mark`` → ``?``."""
    *modifiers, name = key.split("+")
    return "+".join([*modifiers, WRITTEN.get(name, name)])


def readme() -> str:
    return README.read_text(encoding="utf-8")


def key_table_keys(text: str) -> set[str]:
    """Every backticked word in the rows of the README's key tables."""
    found: set[str] = set()
    in_table = False
    for line in text.splitlines():
        if line.strip() == KEY_TABLE_HEADER:
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table:
            found.update(re.findall(r"`([^`]+)`", line))
    return found


def subcommands(parser: argparse.ArgumentParser,
                path: tuple[str, ...] = ()) -> Iterator[tuple[str, str | None]]:
    """Each command and subcommand as ``("hypothesis add", its help)``, depth first."""
    for action in parser._actions:  # argparse offers no public way to walk subparsers
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield " ".join((*path, name)), helps.get(name)
                yield from subcommands(child, (*path, name))


def test_the_command_map_is_what_the_parser_offers():
    top = {name.split()[0] for name, _ in subcommands(build_parser())}
    assert top == COMMANDS


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_mentioned_in_the_readme(command):
    assert re.search(rf"\bach {re.escape(command)}(?![\w-])", readme()), (
        f"README.md never mentions `ach {command}`")


def test_every_workbench_key_is_in_the_readme_key_tables():
    documented = key_table_keys(readme())
    missing = [f"{written(key)} ({action.id}: {action.description})"
               for action in all_actions() if action.keys
               for key in action.keys.split(",")
               if written(key) not in documented and key not in UNDOCUMENTED_MOVEMENT_ALIASES]
    assert not missing, "keys missing from README.md's key tables: " + "; ".join(missing)


def test_only_movement_aliases_may_go_undocumented():
    movement = {key for action in all_actions() if action.group == "Move"
                for key in action.keys.split(",")}
    assert set(UNDOCUMENTED_MOVEMENT_ALIASES) <= movement
    assert all(reason.strip() for reason in UNDOCUMENTED_MOVEMENT_ALIASES.values())


def test_every_command_and_subcommand_has_help():
    found = list(subcommands(build_parser()))
    assert len(found) > len(COMMANDS)  # the subcommands were walked too
    without = [name for name, text in found if not (text or "").strip()]
    assert not without, f"commands without help text: {', '.join(without)}"


def test_the_key_tables_are_found():
    """The table reader itself: a README whose tables were renamed would pass vacuously."""
    keys = key_table_keys(readme())
    assert {"1", "ctrl+q", "?"} <= keys
    assert written("shift+up") == "shift+↑" and written("question_mark") == "?"
