"""``ach validate`` learns of merges left unfinished: a conflict list beside a case or source.

Imported for its effect (as ``ach.commands.validate`` does): it adds a check to
``ach.validate.EXTRA_CHECKS``. Kept apart from the driver, which must not load the models.
"""

from __future__ import annotations

from pathlib import Path

from ach.jsonfile import FileProblem
from ach.merge.files import SUFFIX, read_conflicts, resolve_hint
from ach.store import EVIDENCE, HYPOTHESES
from ach.validate import EXTRA_CHECKS


def unresolved_merges(root: Path, _items: object = None, _sources: object = None,
                      ) -> list[FileProblem]:
    """A problem for every file whose merge left conflicts nobody has settled yet."""
    problems = []
    for folder in (HYPOTHESES, EVIDENCE):
        base = root / folder
        if not base.is_dir():
            continue
        for listing in sorted(base.glob(f"*.json{SUFFIX}")):
            path = listing.with_name(listing.name[:-len(SUFFIX)])
            name = Path(folder) / path.name
            try:
                count = len(read_conflicts(path))
            except FileProblem as exc:
                problems.append(FileProblem(name, exc.problem))
                continue
            problems.append(FileProblem(
                name, f"a merge left {count} conflict{'s' if count != 1 else ''} unresolved "
                f"(listed in {name}{SUFFIX}): the file holds ours for now; settle them with "
                f"'ach resolve {resolve_hint(name)}' (or, if that merge was aborted, delete "
                "the list)"))
    return problems


if unresolved_merges not in EXTRA_CHECKS:
    EXTRA_CHECKS.append(unresolved_merges)
