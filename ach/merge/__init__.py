"""Merging our files by meaning: a git merge driver, conflict lists, and their resolution.

``three_way.merge_texts`` merges three versions of a case or evidence file by
table, record id, field and rating cell, never by line; ``files`` runs it as
git's merge driver and keeps the conflict list beside a file left in conflict;
``resolve`` settles that list; ``gitsetup`` registers the driver in a repository.

This package is what git runs on every merge of our files, so it avoids importing
the models (pydantic): ``python -m ach.merge BASE OURS THEIRS PATH`` starts fast.
"""

from ach.merge.conflict import Conflict
from ach.merge.files import conflicts_path, read_conflicts, run_driver, write_conflicts
from ach.merge.layout import MergeInputError
from ach.merge.three_way import Merged, merge_texts

__all__ = ["Conflict", "Merged", "MergeInputError", "conflicts_path", "merge_texts",
           "read_conflicts", "run_driver", "write_conflicts"]
