"""The core and the fast CLI paths never import Textual (DESIGN.md §2, §6)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

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


def test_no_command_module_imports_textual() -> None:
    """Every word's module and the helpers they share import neither Textual nor Rich
    (``ach open`` and ``ach serve`` load the workbench only when they run); one
    interpreter imports them in turn and names the first that brings them in."""
    code = textwrap.dedent("""
        import importlib, pkgutil, sys
        import ach.commands
        from ach.cli import COMMAND_MODULES
        helpers = [f"ach.commands.{m.name}" for m in pkgutil.iter_modules(ach.commands.__path__)]
        for name in [*COMMAND_MODULES.values(), *helpers]:
            importlib.import_module(name)
            if any(m.split(".")[0] in ("textual", "rich") for m in sys.modules):
                print(name)
                break
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first = out.stdout.split()[:1]
    assert first == [], f"{first[0]} imported Textual or Rich"


@pytest.mark.parametrize(("argv", "own"), [
    (["score", "baghdad-tehran"], ["common", "score", "score_text"]),
    (["report", "baghdad-tehran"], ["common", "report"])])
def test_a_command_loads_only_its_own_modules(argv: list[str], own: list[str],
                                              bundled) -> None:
    """``ach score`` and ``ach report`` start with their own module and the helpers it
    uses: no other word's module, and not the source readers or the merge machinery."""
    code = ("import sys; from ach.cli import main; "
            f"rc = main({['--root', str(bundled), *argv]!r}); "
            "extra = sorted(m for m in sys.modules if m.startswith(('ach.sources', 'ach.merge',"
            " 'ach.commands.'))); "
            "print('LOADED:' + ','.join(extra), file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    loaded = out.stderr.strip().rpartition("LOADED:")[2]
    assert loaded == ",".join(f"ach.commands.{name}" for name in own), out.stderr


@pytest.mark.parametrize("command", sorted(__import__("ach.cli").cli.COMMANDS))
def test_every_command_builds_its_parser_alone(command: str, capsys) -> None:
    """Each command's parser comes from its own modules; ``--help`` shows it."""
    from ach.cli import main  # noqa: PLC0415

    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: ach {command}")
