"""ICD 203's bands at their edges, and percentages held within 1–99 %."""

from __future__ import annotations

import pytest

from ach.estimative import band, distance
from ach.figures import percent
from ach.model import EstimativeTerm as T


@pytest.mark.parametrize(("p", "term"), [
    (0.0, T.ALMOST_NO_CHANCE), (0.0499, T.ALMOST_NO_CHANCE), (0.05, T.VERY_UNLIKELY),
    (0.1999, T.VERY_UNLIKELY), (0.20, T.UNLIKELY), (0.4499, T.UNLIKELY),
    (0.45, T.ROUGHLY_EVEN), (0.55, T.ROUGHLY_EVEN), (0.5501, T.LIKELY), (0.80, T.LIKELY),
    (0.8001, T.VERY_LIKELY), (0.95, T.VERY_LIKELY), (0.9501, T.ALMOST_CERTAIN),
    (1.0, T.ALMOST_CERTAIN),
])
def test_each_band_holds_its_edges_as_ach_method_states(p: float, term: T) -> None:
    assert band(p) is term


@pytest.mark.parametrize(("p", "text"), [
    (1.0, ">99%"), (0.9999, ">99%"), (0.995, ">99%"), (0.99, "99.0%"), (0.5, "50.0%"),
    (0.01, "1.0%"), (0.005, "<1%"), (1e-9, "<1%"), (0.0, "<1%"),
])
def test_no_percentage_goes_beyond_one_to_ninety_nine(p: float, text: str) -> None:
    assert percent(p) == text


def test_terms_parse_loosely_and_measure_their_distance() -> None:
    assert T.parse("Almost-Certain") is T.ALMOST_CERTAIN
    assert T.parse("roughly even") is T.ROUGHLY_EVEN
    with pytest.raises(ValueError, match="use one of"):
        T.parse("probable")
    assert distance(T.ALMOST_CERTAIN, T.ROUGHLY_EVEN) == 3
