"""Each word of ``ach`` has one module, named after it, that adds that word alone
(DESIGN.md §2), and every command and subcommand says in the help what it does."""

from __future__ import annotations

import argparse
import importlib
import keyword
import pkgutil
import re

import pytest

import ach.commands
from ach.cli import COMMAND_MODULES, build_parser, main


def _help_words(capsys) -> list[str]:
    """The words ``ach --help`` lists, in its order."""
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    block = text.split("  COMMAND\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^ {4}(\S+)", block, flags=re.MULTILINE)


def _module_name(word: str) -> str:
    """``import-matrix`` → ``import_matrix``; a trailing ``_`` only where Python forbids it."""
    name = word.replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


def _words_added_by(module: str) -> set[str]:
    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    importlib.import_module(module).register(sub, argparse.ArgumentParser(add_help=False))
    return set(sub.choices)


def _registering_modules() -> list[str]:
    """Every module of ``ach.commands`` that adds words (the rest are shared helpers)."""
    names = [f"ach.commands.{m.name}" for m in pkgutil.iter_modules(ach.commands.__path__)]
    return [n for n in names if hasattr(importlib.import_module(n), "register")]


def test_the_help_lists_the_words_the_cli_maps_in_the_same_order(capsys) -> None:
    words = _help_words(capsys)
    assert "score" in words and "import-matrix" in words
    assert words == list(COMMAND_MODULES)


def test_every_word_has_one_module_named_after_it_that_adds_that_word_alone(capsys) -> None:
    words = _help_words(capsys)
    adders: dict[str, list[str]] = {}
    for module in _registering_modules():
        for word in _words_added_by(module):
            adders.setdefault(word, []).append(module)
    for word in words:
        named = f"ach.commands.{_module_name(word)}"
        assert COMMAND_MODULES[word] == named, word
        assert adders.get(word) == [named], f"{word} is added by {adders.get(word)}"
        assert _words_added_by(named) == {word}, named
    assert set(adders) == set(words), "a module adds a word the help does not list"


def _subparser_actions(parser: argparse.ArgumentParser) -> list[argparse._SubParsersAction]:
    return [a for a in parser._actions  # noqa: SLF001 - argparse keeps them nowhere public
            if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001


def _commands_without_help(parser: argparse.ArgumentParser, path: str) -> list[str]:
    missing = []
    for action in _subparser_actions(parser):
        helped = {a.dest: a.help for a in action._choices_actions}  # noqa: SLF001
        for name, child in action.choices.items():
            if not (helped.get(name) or "").strip():
                missing.append(f"{path} {name}")
            missing += _commands_without_help(child, f"{path} {name}")
    return missing


def test_every_command_and_subcommand_has_a_help_text() -> None:
    parser = build_parser()
    subcommands = [f"{word} {sub}" for word, p in _subparser_actions(parser)[0].choices.items()
                   for action in _subparser_actions(p) for sub in action.choices]
    assert "evidence from-source" in subcommands and "source relocate" in subcommands
    assert _commands_without_help(parser, "ach") == []
