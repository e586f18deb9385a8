"""Wrapping a source into lines of offsets, and moving the selection through it (no screen)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from ach.sources import SourceDocument
from ach.tui.sources.layout import Layout, displayable, wrap
from ach.workbench.source_selection import Selection, Sentences

WORDS = st.lists(st.sampled_from(["a", "Iraq", "al-Sudani’s", "“Axis", "东京", "e\u0301té",
                                  "Tehran,", "supercalifragilistic", "—", "ok."]),
                 min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(WORDS, st.lists(st.sampled_from([" ", "  "]), min_size=40, max_size=40),
       st.integers(min_value=1, max_value=30))
def test_wrapped_lines_fit_and_keep_every_word_in_order(words, gaps, width):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip()
    lines = wrap(text, width)
    for start, end in lines:
        assert cell_len(text[start:end]) <= max(width, 2)  # a wide character needs 2
    assert "".join(text[a:b] for a, b in lines).replace(" ", "") == text.replace(" ", "")
    assert all(a1 <= a2 for (a1, _), (a2, _) in zip(lines, lines[1:], strict=False))


def test_lines_break_at_spaces_and_long_words_are_cut():
    assert wrap("hello world this is a test", 7) == [(0, 5), (6, 11), (12, 19), (20, 26)]
    assert wrap("supercalifragilistic", 8) == [(0, 8), (8, 16), (16, 20)]
    text = "abc 東京東京 x"
    assert [text[a:b] for a, b in wrap(text, 6)] == ["abc", "東京東", "京 x"]


def test_tabs_and_controls_are_drawn_as_spaces_keeping_offsets():
    text = "a\tb\x0cc\x1bd"
    shown = displayable(text)
    assert shown == "a b c d" and len(shown) == len(text)


def test_a_layout_maps_offsets_to_lines_and_separates_paragraphs():
    doc = SourceDocument("One two three four five.\nSix seven.\n")
    layout = Layout(doc.text, doc.paragraphs, 10)
    shown = [doc.text[a:b] if p >= 0 else "" for a, b, p in
             zip(layout.starts, layout.ends, layout.paragraph_of, strict=True)]
    assert shown == ["One two", "three four", "five.", "", "Six seven."]
    assert list(layout.first_line) == [0, 4]
    assert layout.line_of(doc.text.index("four")) == 1
    assert layout.line_of(doc.text.index("Six")) == 4
    two, five = doc.text.index("two"), doc.text.index("five")
    assert list(layout.lines_of(two, five)) == [0, 1]  # the end is exclusive
    assert list(layout.lines_of(two, five + 1)) == [0, 1, 2]


def sentences_of(text: str) -> tuple[SourceDocument, Selection]:
    doc = SourceDocument(text)
    return doc, Selection(Sentences(doc))


def chosen(doc: SourceDocument, selection: Selection) -> str:
    return doc.text[selection.span[0]:selection.span[1]]


def test_steps_extends_and_word_moves_stay_in_one_paragraph():
    doc, sel = sentences_of("First one. Second one here. Third.\nNext paragraph. Last.\n")
    assert chosen(doc, sel) == "First one."
    assert sel.extend(1) and sel.extend(1)
    assert chosen(doc, sel) == "First one. Second one here. Third."
    assert not sel.extend(1)  # the next sentence is another paragraph's
    assert sel.move_end(-1) and chosen(doc, sel) == "First one. Second one here."
    assert sel.move_start(1) and chosen(doc, sel) == "one. Second one here."
    assert sel.move_start(-1) and not sel.move_start(-1)
    assert sel.move_end(1) and not sel.move_end(1)
    assert chosen(doc, sel) == "First one. Second one here. Third."
    sel.step(1)
    assert chosen(doc, sel) == "Next paragraph."
    sel.step_paragraph(-1)
    assert chosen(doc, sel) == "First one."
    sel.step(1)
    sel.extend(-1)  # back up over the first: the selection grows upwards
    assert chosen(doc, sel) == "First one. Second one here."


def test_a_paragraph_step_back_goes_to_the_start_of_this_one_first():
    doc, sel = sentences_of("A one. A two.\nB one. B two.\n")
    sel.to_sentence(3)
    sel.step_paragraph(-1)
    assert chosen(doc, sel) == "B one."
    sel.step_paragraph(-1)
    assert chosen(doc, sel) == "A one."
    sel.step_paragraph(5)
    assert chosen(doc, sel) == "B one."
