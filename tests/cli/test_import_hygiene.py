"""The core and the fast CLI paths never import Textual (DESIGN.md §2, §6)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = ["ach.model", "ach.refs", "ach.scoring", "ach.store", "ach.validate",
            "ach.matrix_csv", "ach.cli",
            "ach.report", "ach.commands.report", "ach.history.timeline", "ach.history.review",
            "ach.history.words", "ach.commands.history", "ach.commands.review",
            # the edits and the workbench's headless side (DESIGN.md §2)
            "ach.edits", "ach.edits.changes", "ach.edits.method",
            "ach.workbench", "ach.workbench.session", "ach.workbench.saving",
            "ach.workbench.live_scores", "ach.workbench.ordering", "ach.workbench.marks",
            "ach.workbench.team_table", "ach.workbench.quote_checks",
            "ach.workbench.source_selection", "ach.workbench.whatif_diff"]


@pytest.mark.parametrize("module", HEADLESS)
def test_core_module_imports_no_textual(module: str) -> None:
    code = (f"import sys, {module}; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"


@pytest.mark.parametrize("argv", [["score", "baghdad-tehran"], ["score", "baghdad-tehran",
                                                                  "--json"],
                                  ["report", "baghdad-tehran"]])
def test_score_command_runs_without_textual(argv: list[str], bundled) -> None:
    _runs_without_textual(argv, bundled)


def _runs_without_textual(argv: list[str], bundled) -> None:
    code = ("import sys, runpy; from ach.cli import main; "
            f"rc = main({['--root', str(bundled), *argv]!r}); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print('LOADED:' + ','.join(bad), file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "LOADED:\n" in out.stderr or out.stderr.strip().endswith("LOADED:")


@pytest.mark.parametrize("argv", [["history", "baghdad-tehran"], ["diff", "baghdad-tehran"],
                                  ["review", "baghdad-tehran"]])
def test_history_commands_run_without_textual(argv: list[str], bundled) -> None:
    """``ach history``, ``diff`` and ``review`` (here in a repository with one commit and an
    outcome recorded) never load Textual or Rich."""
    import subprocess as sp  # noqa: PLC0415

    def git(*args: str) -> None:
        sp.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
               cwd=bundled, check=True, capture_output=True)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "the case")
    from ach.cli import main  # noqa: PLC0415

    assert main(["--root", str(bundled), "outcome", "baghdad-tehran", "H3",
                 "--date", "2025-01-01"]) == 0
    _runs_without_textual(argv, bundled)


@pytest.mark.parametrize("argv", [["score", "baghdad-tehran"], ["report", "baghdad-tehran"]])
def test_a_command_loads_only_its_own_modules(argv: list[str], bundled) -> None:
    """``ach score`` and ``ach report`` start without the source readers or the merge
    machinery, which only other commands use."""
    code = ("import sys; from ach.cli import main; "
            f"rc = main({['--root', str(bundled), *argv]!r}); "
            "extra = sorted(m for m in sys.modules if m.startswith(('ach.sources', 'ach.merge',"
            " 'ach.commands.sources', 'ach.commands.team'))); "
            "print('LOADED:' + ','.join(extra), file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().endswith("LOADED:"), out.stderr


def test_each_module_registers_exactly_the_commands_it_is_listed_with() -> None:
    """The table that lets a command load only its modules must match what they add."""
    import argparse  # noqa: PLC0415
    import importlib  # noqa: PLC0415

    from ach.cli import COMMAND_MODULES  # noqa: PLC0415

    common = argparse.ArgumentParser(add_help=False)
    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    for module, listed in COMMAND_MODULES.items():
        before = {name: _subcommands(parser) for name, parser in sub.choices.items()}
        importlib.import_module(module).register(sub, common)
        touched = {name for name, parser in sub.choices.items()
                   if name not in before or _subcommands(parser) != before[name]}
        assert touched == set(listed), module


def _subcommands(parser) -> set[str]:
    found: set[str] = set()
    for action in parser._actions:  # noqa: SLF001
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            found |= set(action.choices)
    return found


@pytest.mark.parametrize("command", sorted(__import__("ach.cli").cli.COMMANDS))
def test_every_command_builds_its_parser_alone(command: str, capsys) -> None:
    """Each command's parser comes from its own modules; ``--help`` shows it."""
    from ach.cli import main  # noqa: PLC0415

    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: ach {command}")
