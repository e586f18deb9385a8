"""Heuer's step 3 against anchoring: rate one item across all hypotheses, blind.

The hypotheses come in a shuffled order (fixed per item and seed, so a session can
be resumed), the analyst's earlier ratings stay hidden, and the differences are
shown only once the row is done.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ach.model import Rating


def shuffled(hypothesis_ids: Sequence[str], evidence_id: str, seed: str) -> list[str]:
    """The hypotheses in an order that depends on the item and the seed, not on the case."""
    digest = hashlib.sha256(f"{seed}\x00{evidence_id}".encode()).digest()
    order = list(hypothesis_ids)
    random.Random(digest).shuffle(order)
    return order


@dataclass(frozen=True)
class Difference:
    hypothesis_id: str
    before: Rating | None
    after: Rating | None

    @property
    def steps(self) -> int:
        """How far the blind rating moved (in r), for sorting the reveal."""
        def r(x: Rating | None) -> int:
            return 0 if x is None else x.score
        return abs(r(self.after) - r(self.before))


def differences(before: Mapping[str, Rating], after: Mapping[str, Rating | None],
                ) -> list[Difference]:
    """Cells where the blind rating differs from the earlier one, largest moves first."""
    found = [Difference(h, before.get(h), rating) for h, rating in after.items()
             if before.get(h) != rating]
    return sorted(found, key=lambda d: (-d.steps, d.hypothesis_id))
