"""``python -m ach.merge BASE OURS THEIRS PATH``: the merge driver git runs (see ``ach git-setup``).

The same as ``ach merge-driver``, without loading the rest of ``ach`` first.
"""

import sys
from pathlib import Path

from ach.merge.files import run_driver


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: python -m ach.merge BASE OURS THEIRS PATH (git's %O %A %B %P)",
              file=sys.stderr)
        return 2
    base, ours, theirs, path = argv
    return run_driver(Path(base), Path(ours), Path(theirs), path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
