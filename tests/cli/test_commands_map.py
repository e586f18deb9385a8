"""Each word of ``ach`` has one module, named after it, that adds that word alone
(DESIGN.md §2). That every command and subcommand has help text is checked in
test_docs.py."""

from __future__ import annotations

import argparse
import importlib
import keyword
import pkgutil
import re

import pytest

import ach.commands
from ach.cli import COMMAND_MODULES, main


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
