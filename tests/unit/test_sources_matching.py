"""Finding a quote as analysts type it: typography and whitespace may differ, words may not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ach.sources import find_all, locate, nearest_match, same_words
from tests.conftest import REPO

ARTICLE = (REPO / "evidence" / "israel-hayom-2024-12-25.txt").read_text(encoding="utf-8")


def _at(match) -> str:
    return ARTICLE[match.start:match.end]


def test_an_exact_quote_is_found_where_it_stands() -> None:
    quote = "Al-Sumidei added that unlike in the past, now “if we don’t comply, it will be " \
            "forced upon us.”"
    match = locate(quote, ARTICLE)
    assert (match.start, match.end, match.exact) == (4898, 4992, True)


@pytest.mark.parametrize(("typed", "document_words"), [
    # straight quotes and apostrophes for curly ones
    ('now "if we don\'t comply, it will be forced upon us."',
     "now “if we don’t comply, it will be forced upon us.”"),
    # a hyphen with spaces for an em dash without
    ("more than just an American demand - they amount to a threat",
     "more than just an American demand—they amount to a threat"),
    # a double hyphen for an em dash
    ("terrorist groups such as ISIS--the same forces",
     "terrorist groups such as ISIS—the same forces"),
    # extra spaces, a line break and a no-break space
    ("the  highest Shiite authority\nin Iraq and\u00a0possibly worldwide",
     "the highest Shiite authority in Iraq and possibly worldwide"),
    # an en dash for an em dash, spaces around the quote
    ("  Israel – the Houthis. ", "Israel—the Houthis."),
])
def test_typographic_and_whitespace_differences_are_tolerated(typed: str,
                                                              document_words: str) -> None:
    match = locate(typed, ARTICLE)
    assert match is not None
    assert _at(match) == document_words  # offsets are the document's own characters
    assert not match.exact


def test_words_must_match_exactly() -> None:
    assert locate("now “if we do not comply, it will be forced upon us.”", ARTICLE) is None
    assert locate("al-sumidei added that", ARTICLE) is None  # case is part of a quote
    assert locate("   ", ARTICLE) is None


def test_of_several_places_the_one_nearest_the_hint_wins() -> None:
    places = find_all("al-Sudani", ARTICLE)
    assert len(places) > 3
    last = places[-1]
    assert locate("al-Sudani", ARTICLE) == places[0]
    assert locate("al-Sudani", ARTICLE, near=last.start + 5) == last


def test_nearest_match_shows_what_the_document_says_instead() -> None:
    typo = "The elderly Ayatollah accepted the American request"
    near = nearest_match(typo, ARTICLE)
    assert _at(near) == "The elderly Ayatollah refused the American request"
    assert 0.6 < near.similarity < 1
    assert nearest_match("Quantum chromodynamics of neutron stars", ARTICLE) is None


def test_same_words_compares_as_a_reader_would() -> None:
    assert same_words("“Yes”—he said…", '"Yes" - he said...')
    assert not same_words("Yes, he said", "Yes he said")


_PIECES = st.sampled_from(["al-Sudani", "Baghdad’s", "“Axis”", "—", " – ", "2,500", "U.S.",
                           "أحمد", " ", "  ", "\n", "said", "-", "'", "…", "...", ".", "x"])


@given(pieces=st.lists(_PIECES, min_size=1, max_size=40), data=st.data())
def test_any_passage_of_any_text_is_found_with_offsets_that_read_the_same(
        pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    passage = text[start:end]
    match = locate(passage, text)
    if not passage.strip():
        assert match is None
        return
    assert match is not None
    found = text[match.start:match.end]
    assert same_words(found, passage)
    assert found == found.strip()
