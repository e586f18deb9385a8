"""When Python's cyclic garbage collector may run.

Reading a large case or building its briefing makes hundreds of thousands of small
objects at once. Each batch of new objects sets off a collection, and the older
collections walk everything alive, over a million objects once a large case is read,
without finding anything to free. Pausing the collector for the duration of such a
step saves a quarter to a third of its time; reference counting still frees what the
step drops, and any cycles wait for the next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic collection inside the block (usable as a decorator too)."""
    if not gc.isenabled():  # paused already, by a caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def keep_loaded() -> None:
    """Leave what is alive now (a case just read) out of every later collection.

    For a long-running program: the workbench keeps its case for the whole session,
    and without this each full collection would walk it again, a pause felt as a
    slow keystroke.
    """
    gc.freeze()
