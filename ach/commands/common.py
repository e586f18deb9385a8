"""What the commands share: the workspace, the analyst, plain-word lookups, the command
line's words made a case's values, and a change saved as the workbench saves it."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ach import refs
from ach.model import Case, Evidence, EvidenceType, Hypothesis, Level, fresh_id, is_valid_id
from ach.store import Library, Workspace, default_analyst, find_root


class UserError(Exception):
    """A mistake on the command line, reported in one line without a traceback."""


@dataclass
class Context:
    root: Path
    analyst_option: str | None
    found: bool

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        # Global options may stand before or after the subcommand; absent ones are unset.
        root_option = getattr(args, "root", None)
        analyst = getattr(args, "analyst", None)
        if root_option:
            root = Path(root_option)
            if not root.is_dir():
                raise UserError(f"--root {root_option}: no such folder")
            return cls(root, analyst, True)
        root = find_root(Path.cwd())
        return cls(root or Path.cwd(), analyst, root is not None)

    @cached_property
    def workspace(self) -> Workspace:
        return Workspace(self.root)

    @cached_property
    def analyst(self) -> str:
        if self.analyst_option is not None and not self.analyst_option.strip():
            # An empty --analyst is a mistake, not a request for the default.
            raise UserError("--analyst must name someone (leave it out to rate as "
                            f"{default_analyst(self.root)!r})")
        name = (self.analyst_option or default_analyst(self.root)).strip()
        if not name or any(ord(ch) < 32 for ch in name):
            raise UserError(f"analyst name {name!r} is empty or has control characters")
        return name

    def require_workspace(self) -> Workspace:
        if not self.found:
            raise UserError(f"no ACH workspace here or above {self.root} (no hypotheses/ or "
                            "evidence/ folder); use --root DIR or 'ach new CASE --question ...'")
        return self.workspace

    def open(self, case_id: str) -> tuple[Case, Library]:
        return self.require_workspace().open(case_id)


def hypothesis(case: Case, key: str) -> Hypothesis:
    """A hypothesis by ref (H2), id, unique id prefix or exact title."""
    try:
        return refs.find_hypothesis(case, key)
    except refs.RefError as exc:
        raise UserError(f"case {case.id!r} {exc}") from None


def case_evidence(case: Case, library: Library, key: str) -> Evidence:
    """A case's evidence item by ref (E3), id, unique id prefix or exact summary."""
    try:
        item_id = refs.find_item(case, library.items, key)
    except refs.RefError as exc:
        raise UserError(f"case {case.id!r} {exc}") from None
    if item_id not in library.items:
        raise UserError(f"case {case.id!r} uses evidence item {item_id!r}, which is missing "
                        "from evidence/")
    return library.items[item_id]


def parse_date(text: str, what: str = "date") -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{what} {text!r} is not a date like 2024-12-25") from None


def view_analyst(case: Case, args: argparse.Namespace, ctx: Context) -> str | None:
    """Whose ratings to show: --analyst, --team (None), else the only analyst, else the team."""
    if getattr(args, "team", False):
        return None
    if ctx.analyst_option:
        if ctx.analyst_option not in case.analysts:
            raters = ", ".join(case.analysts) or "nobody yet"
            raise UserError(f"{ctx.analyst_option!r} has rated nothing in case {case.id!r} "
                            f"(rated by: {raters})")
        return ctx.analyst_option
    analysts = case.analysts
    return analysts[0] if len(analysts) == 1 else None


def view_label(case: Case, analyst: str | None) -> str:
    if analyst is not None:
        return analyst
    count = len(case.analysts)
    return f"team consensus of {count} analyst{'s' if count != 1 else ''}"


def save_change(workspace: Workspace, case: Case, library: Library, change) -> None:
    """Make a change the way the workbench does, then write the case (nothing changed:
    nothing written)."""
    if change is not None:
        change.apply(case, library)
        workspace.save_case(case)


# -- the words of the command line made a case's values -------------------------------

def new_id(prefix: str, wanted: str | None, taken: set[str]) -> str:
    """The id the user asked for (checked), else a fresh one."""
    if wanted:
        if not is_valid_id(wanted):
            raise UserError(f"id {wanted!r} is not allowed: letters, digits, '-', '_', '.'")
        if wanted in taken:
            raise UserError(f"id {wanted!r} is already taken")
        return wanted
    return fresh_id(prefix, taken)


def not_empty(text: str, what: str) -> str:
    if not text.strip():
        raise UserError(f"{what} must not be empty")
    return text.strip()


def room_for(case: Case, what: str) -> None:
    """Refuse one more hypothesis or item than a case may hold."""
    try:
        case.room_for(what)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def level(text: str, what: str) -> Level:
    try:
        return Level.parse(text)
    except ValueError as exc:
        raise UserError(f"--{what}: {exc}") from None


def evidence_type(text: str) -> EvidenceType:
    try:
        return EvidenceType.parse(text)
    except ValueError as exc:
        raise UserError(f"--type: {exc}") from None



def option_words(problem: str) -> str:
    """The shared rule's words, naming the option as typed here ("--question must …")."""
    for field in ("question", "marking"):
        problem = problem.replace(f"the {field} ", f"--{field} ", 1)
    return problem
