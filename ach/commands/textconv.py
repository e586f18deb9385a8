"""``ach textconv``: a case or evidence file in words, one fact a line (git's diff
driver, set up by ``ach git-setup``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from ach.commands.common import Context
from ach.history.words import file_in_words
from ach.jsonfile import read_text


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("textconv", parents=[common],
                       help="print a case or evidence file in words, one fact a line (git's "
                            "diff driver, set up by 'ach git-setup')")
    p.add_argument("file", type=Path)
    p.set_defaults(run=textconv)


def textconv(ctx: Context, args: argparse.Namespace) -> int:
    text = read_text(args.file)
    for chunk in _chunks(file_in_words(args.file, text)):
        sys.stdout.write(chunk)
    return 0


def _chunks(text: str, size: int = 1 << 16) -> Iterator[str]:
    for at in range(0, len(text), size):
        yield text[at:at + size]
