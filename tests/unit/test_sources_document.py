"""A source text as numbered paragraphs and sentences with exact offsets."""

from __future__ import annotations

import json

import pytest

from ach.sources import SourceDocument, content_hash, split_sentences
from tests.conftest import REPO

ARTICLE = REPO / "evidence" / "israel-hayom-2024-12-25.txt"

# Counted by reading the article: one number per non-empty line (paragraph), the number
# of sentences a reader finds in it. Headings and list items are one sentence each.
SENTENCES_PER_PARAGRAPH = [3, 2, 2, 3, 4, 3, 6, 1, 5, 2, 2, 3, 3, 3, 4, 3, 1, 2, 1, 3, 4, 3, 2,
                           4, 3, 3, 1, 4, 3, 1, 1, 1, 2, 2, 2, 1]


@pytest.fixture(scope="module")
def article() -> SourceDocument:
    return SourceDocument(ARTICLE.read_text(encoding="utf-8"))


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_the_article_has_36_paragraphs_and_93_sentences(article: SourceDocument) -> None:
    assert len(article.paragraphs) == 36
    assert article.sentence_count == 93
    assert [len(p.sentences) for p in article.paragraphs] == SENTENCES_PER_PARAGRAPH


def test_every_offset_slices_back_to_its_text(article: SourceDocument) -> None:
    text = article.text
    previous_end = 0
    for para in article.paragraphs:
        assert text[para.start:para.end] == para.text
        assert para.start >= previous_end
        previous_end = para.end
        inner = para.start
        for sentence in para.sentences:
            assert text[sentence.start:sentence.end] == sentence.text
            assert inner <= sentence.start < sentence.end <= para.end
            assert sentence.text == sentence.text.strip()
            inner = sentence.end


def test_paragraphs_are_the_non_empty_lines_of_the_stored_text(article: SourceDocument) -> None:
    lines = [line for line in article.text.split("\n") if line.strip()]
    assert [p.text for p in article.paragraphs] == lines
    assert article.paragraph(8).text == "A temporary lull"
    assert article.paragraph(36).text == "Published in Israel Hayom, December 25, 2024."


def test_the_bundled_locations_follow_the_same_convention(article: SourceDocument) -> None:
    items = json.loads((REPO / "evidence" / "israel-hayom-2024-12-25.json").read_text(
        encoding="utf-8"))["items"]
    for item in items.values():
        loc = item["location"]
        assert article.text[loc["start"]:loc["end"]] == item["quote"]
        assert article.location(loc["start"], loc["end"]).paragraph == loc["paragraph"]
    # Whole sentences quoted by the bundled case are sentences of the splitter too.
    assert article.sentence(9, 3).text == items["e-04"]["quote"]
    assert article.sentence(9, 4).text == items["e-05"]["quote"]


def test_a_sentence_ending_in_a_closing_quote_ends_there(article: SourceDocument) -> None:
    para = article.paragraph(20)
    assert para.sentences[0].text.endswith("Baghdad’s “liberation.”")
    assert para.sentences[1].text.startswith("“The new map of the Middle East")
    assert para.sentences[1].text.endswith("wrote Farouk Yousef last week.")


def test_numbers_with_separators_do_not_end_a_sentence(article: SourceDocument) -> None:
    assert "approximately 2,500 soldiers are currently stationed" in \
        article.sentence(7, 3).text


@pytest.mark.parametrize(("text", "expected"), [
    ("The U.S. Army and Dr. Smith met on St. Patrick’s Day. They agreed.",
     ["The U.S. Army and Dr. Smith met on St. Patrick’s Day.", "They agreed."]),
    ("George W. Bush met H. R. McMaster in Washington. They talked.",
     ["George W. Bush met H. R. McMaster in Washington.", "They talked."]),
    ("About 2,500 soldiers and 3.5 percent of the budget remain. Next year, fewer.",
     ["About 2,500 soldiers and 3.5 percent of the budget remain.", "Next year, fewer."]),
    ("He said, “It is over.” She agreed.", ["He said, “It is over.”", "She agreed."]),
    ("At 9 a.m. on Jan. 5, Sen. Reed spoke. He left.",
     ["At 9 a.m. on Jan. 5, Sen. Reed spoke.", "He left."]),
    ("Costs rose to $2.5 bn. in 2024. Next.", ["Costs rose to $2.5 bn. in 2024.", "Next."]),
])
def test_news_text_splits_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_arabic_names_and_typography_survive_untouched() -> None:
    text = ("Abu Mohammed al-Julani (أبو محمد الجولاني) spoke—briefly. "
            "Kata’ib al-Fartusi said: “enough.” Then silence…\n")
    doc = SourceDocument(text)
    assert [s.text for s in doc.paragraph(1).sentences] == [
        "Abu Mohammed al-Julani (أبو محمد الجولاني) spoke—briefly.",
        "Kata’ib al-Fartusi said: “enough.”", "Then silence…"]
    assert doc.text == text


def test_arabic_text_splits_on_arabic_punctuation() -> None:
    doc = SourceDocument("قال الرئيس إن الوضع صعب. ثم غادر؟ نعم.\n", "ar")
    assert [s.text for s in doc.paragraph(1).sentences] == [
        "قال الرئيس إن الوضع صعب.", "ثم غادر؟", "نعم."]


def test_blank_and_whitespace_lines_are_no_paragraphs() -> None:
    doc = SourceDocument("  First line.  \n\n   \t\nSecond line.\r\n")
    assert [(p.number, p.text) for p in doc.paragraphs] == [(1, "First line."),
                                                             (2, "Second line.")]
    assert doc.paragraph(2).start == doc.text.index("Second")


def test_location_trims_and_stays_inside_one_paragraph(article: SourceDocument) -> None:
    para = article.paragraph(9)
    loc = article.location(para.start - 1, para.start + 10)  # starts on the line break
    assert (loc.paragraph, loc.start) == (9, para.start)
    with pytest.raises(LookupError, match="run past the end of paragraph 9"):
        article.location(para.start, para.end + 20)
    with pytest.raises(LookupError, match="not a passage"):
        article.location(10, len(article.text) + 1)


def test_lookups_say_what_exists(article: SourceDocument) -> None:
    with pytest.raises(LookupError, match="no paragraph 37 .the document has 36"):
        article.paragraph(37)
    with pytest.raises(LookupError, match="paragraph 9 has no sentence 6 .it has 5"):
        article.sentence(9, 6)
    para, sentence = article.sentence_at(article.sentence(9, 4).start + 3)
    assert (para.number, sentence.number) == (9, 4)
    assert article.paragraph_at(article.paragraph(9).end) is None  # the line break


def test_content_hash_ignores_layout_but_not_words() -> None:
    base = "First paragraph here.\nSecond one.\n"
    assert content_hash(base) == content_hash("First  paragraph here.  \r\n\r\nSecond one.")
    assert content_hash(base) != content_hash(base.replace("Second", "Third"))
    assert content_hash(base) != content_hash("First paragraph here. Second one.\n")
