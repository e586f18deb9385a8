"""`ach import-source`: an article kept beside the evidence, recognised when it comes again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ach.cli import main
from ach.sources import SourceDocument, content_hash
from ach.store import Workspace
from tests.conftest import REPO

ARTICLE = REPO / "evidence" / "israel-hayom-2024-12-25.txt"
SOURCE = "israel-hayom-2024-12-25"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Iraq weighs the militias&#39; future | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-12-20T08:00:00+02:00">
<link rel="canonical" href="https://news.example/iraq-militias">
<style>p { color: red } .hidden { display: none }</style>
<script>var tracker = "<p>not the article</p>"; if (a < b && c > d) { go(); }</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Iraq weighs the militias&#39; future</h1>
<p>Baghdad&#8217;s advisers said on Monday that &ldquo;the time has come.&rdquo; The U.S. envoy,
   Dr. Smith, agreed &amp; left.</p>
<p>About 2,500 troops remain.<br>Officials in Tehran &mdash; notably
<b>Ali</b> <i>Akbar</i> &#x623;&#x62D;&#x645;&#x62F; &mdash; disagreed.</p>
<ul><li>First point</li><li>Second point</li></ul>
<div hidden>Subscribe now</div>
</article>
<footer>&copy; 2024 Example News. All rights reserved.</footer>
<script>trackPageview();</script>
</body></html>
"""


def run(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the workspace and a digest of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    (root / "evidence").mkdir(parents=True)
    (root / "hypotheses").mkdir()
    return root


def test_the_article_is_stored_beside_the_evidence_with_its_metadata(empty: Path,
                                                                     capsys) -> None:
    code, out, _ = run(empty, "import-source", str(ARTICLE), "--title",
                       "Iraq at a crossroads after Assad's fall", "--publisher", "Israel Hayom",
                       "--published", "2024-12-25", "--author", "A. Writer", "--url",
                       "https://example.org/article", capsys=capsys)
    assert code == 0
    assert out.splitlines() == [
        f"imported source {SOURCE}: Iraq at a crossroads after Assad's fall",
        f"  evidence/{SOURCE}.txt: 36 paragraphs, 93 sentences, 15,502 characters",
        f"  read it: ach source show {SOURCE}"]
    assert (empty / "evidence" / f"{SOURCE}.txt").read_bytes() == ARTICLE.read_bytes()
    source = Workspace(empty).load_library().sources[SOURCE]
    assert source.document == f"{SOURCE}.txt"
    assert source.content_hash == content_hash(ARTICLE.read_text(encoding="utf-8"))
    assert (source.publisher, source.author, source.url, str(source.published)) == (
        "Israel Hayom", "A. Writer", "https://example.org/article", "2024-12-25")


def test_the_same_text_again_is_recognised_and_changes_nothing(empty: Path, tmp_path: Path,
                                                               capsys) -> None:
    run(empty, "import-source", str(ARTICLE), "--title", "T", "--id", "ih", capsys=capsys)
    before = snapshot(empty)
    # The same words with Windows line endings and stray trailing spaces.
    again = tmp_path / "again.txt"
    again.write_bytes(ARTICLE.read_text(encoding="utf-8").replace("\n", "  \r\n")
                      .encode("utf-8"))
    code, out, _ = run(empty, "import-source", str(again), "--title", "T", capsys=capsys)
    assert code == 0
    assert out.startswith(f"{again} is already imported as source 'ih' (evidence/ih.txt); "
                          "nothing changed")
    assert snapshot(empty) == before


def test_a_different_text_under_an_existing_id_is_refused(empty: Path, tmp_path: Path,
                                                          capsys) -> None:
    run(empty, "import-source", str(ARTICLE), "--title", "T", "--id", "ih", capsys=capsys)
    before = snapshot(empty)
    other = tmp_path / "other.txt"
    other.write_text("A different article.\n", encoding="utf-8")
    code, out, err = run(empty, "import-source", str(other), "--title", "T", "--id", "ih",
                         capsys=capsys)
    assert (code, out) == (1, "")
    assert err == ("ach: error: source 'ih' already holds a different text (evidence/ih.txt); "
                   "import this one under another --id; nothing was changed\n")
    assert snapshot(empty) == before


def test_the_same_text_under_another_id_is_refused(empty: Path, capsys) -> None:
    run(empty, "import-source", str(ARTICLE), "--title", "T", "--id", "ih", capsys=capsys)
    code, _, err = run(empty, "import-source", str(ARTICLE), "--title", "T", "--id", "copy",
                       capsys=capsys)
    assert code == 1
    assert "is already imported as source 'ih' (evidence/ih.txt); nothing was changed" in err
    assert not (empty / "evidence" / "copy.txt").exists()


def test_the_bundled_source_reimported_is_recognised_and_its_evidence_untouched(
        bundled: Path, capsys) -> None:
    evidence = (bundled / "evidence" / f"{SOURCE}.json").read_bytes()
    code, out, _ = run(bundled, "import-source", str(bundled / "evidence" / f"{SOURCE}.txt"),
                       "--id", SOURCE, capsys=capsys)
    assert code == 0
    assert "is already imported as source 'israel-hayom-2024-12-25'" in out
    assert "nothing changed" in out  # its hash is on record already
    assert (bundled / "evidence" / f"{SOURCE}.json").read_bytes() == evidence


def test_a_source_without_text_gets_its_text_attached(empty: Path, capsys) -> None:
    run(empty, "source", "add", "ih", "--title", "Iraq at a crossroads", capsys=capsys)
    code, out, _ = run(empty, "import-source", str(ARTICLE), "--id", "ih", "--publisher",
                       "Israel Hayom", capsys=capsys)
    assert code == 0
    assert out.startswith("attached the text to source ih: Iraq at a crossroads")
    source = Workspace(empty).load_library().sources["ih"]
    assert (source.document, source.publisher) == ("ih.txt", "Israel Hayom")


def test_html_is_reduced_to_its_text_without_scripts_or_styles(empty: Path, tmp_path: Path,
                                                               capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = run(empty, "import-source", str(page), capsys=capsys)
    assert code == 0
    assert out.startswith("imported source example-news-2024-12-20: Iraq weighs the "
                          "militias' future")
    stored = (empty / "evidence" / "example-news-2024-12-20.txt").read_text(encoding="utf-8")
    assert stored == (
        "Iraq weighs the militias' future\n"
        "Baghdad’s advisers said on Monday that “the time has come.” The U.S. envoy, "
        "Dr. Smith, agreed & left.\n"
        "About 2,500 troops remain.\n"
        "Officials in Tehran — notably Ali Akbar أحمد — disagreed.\n"
        "First point\n"
        "Second point\n")
    source = Workspace(empty).load_library().sources["example-news-2024-12-20"]
    assert (source.title, source.publisher, source.author, str(source.published),
            source.url) == ("Iraq weighs the militias' future", "Example News", "Jane Roe",
                            "2024-12-20", "https://news.example/iraq-militias")


def test_options_given_win_over_the_page_metadata(empty: Path, tmp_path: Path,
                                                  capsys) -> None:
    page = tmp_path / "page.htm"
    page.write_text(PAGE, encoding="utf-8")
    run(empty, "import-source", str(page), "--title", "My title", "--id", "p",
        "--published", "2024-12-21", capsys=capsys)
    source = Workspace(empty).load_library().sources["p"]
    assert (source.title, str(source.published), source.author) == (
        "My title", "2024-12-21", "Jane Roe")


def test_markdown_is_kept_as_markdown(empty: Path, tmp_path: Path, capsys) -> None:
    md = tmp_path / "notes.md"
    md.write_text("# Heading\n\nA *first* paragraph. Two sentences.\n\n- a list item\n",
                  encoding="utf-8")
    code, out, _ = run(empty, "import-source", str(md), "--title", "Notes", capsys=capsys)
    assert code == 0
    assert "evidence/notes.md: 3 paragraphs, 4 sentences" in out
    assert (empty / "evidence" / "notes.md").read_text(encoding="utf-8") == md.read_text(
        encoding="utf-8")


def test_join_lines_makes_each_wrapped_paragraph_one_line(empty: Path, tmp_path: Path,
                                                          capsys) -> None:
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("The first paragraph is wrapped\nat a narrow width. It goes on\n"
                       "here.\n\nThe second one\ntoo.\n- a list item\n- another\n",
                       encoding="utf-8")
    run(empty, "import-source", str(wrapped), "--title", "W", "--join-lines", capsys=capsys)
    stored = (empty / "evidence" / "w.txt").read_text(encoding="utf-8")
    assert [p.text for p in SourceDocument(stored).paragraphs] == [
        "The first paragraph is wrapped at a narrow width. It goes on here.",
        "The second one too.", "- a list item", "- another"]


def test_a_hard_wrapped_article_is_pointed_out(empty: Path, tmp_path: Path, capsys) -> None:
    words = ARTICLE.read_text(encoding="utf-8").split("\n")
    wrapped = tmp_path / "wrapped.txt"
    # Each paragraph broken every eight words, as e-mail and old reports are.
    wrapped.write_text("\n\n".join("\n".join(" ".join(p.split()[i:i + 8])
                                              for i in range(0, len(p.split()), 8))
                                    for p in words) + "\n", encoding="utf-8")
    _, out, _ = run(empty, "import-source", str(wrapped), "--title", "W", capsys=capsys)
    assert "note: its lines look hard-wrapped, and each line is a paragraph" in out
    _, out, _ = run(empty, "import-source", str(wrapped), "--title", "W", "--id", "joined",
                    "--join-lines", capsys=capsys)
    assert "evidence/joined.txt: 36 paragraphs, 93 sentences" in out
    assert "hard-wrapped" not in out
    # The joined text is the article's own words and paragraphs: it is recognised as such.
    _, out, _ = run(empty, "import-source", str(ARTICLE), "--title", "A", capsys=capsys)
    assert out.startswith(f"{ARTICLE} is already imported as source 'joined'")


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8)


def _latin1(path: Path) -> None:
    path.write_bytes("Caf\u00e9 au lait.\n".encode("latin-1"))


@pytest.mark.parametrize(("make", "extra", "message"), [
    (None, [], "{file}: no such file"),
    (_binary, [], "{file}: is a binary file, not text (import the article as text, Markdown "
                  "or HTML)"),
    (lambda p: p.write_bytes(b""), [], "{file}: is empty: there is no text to import"),
    (lambda p: p.write_text(" \n\n\t\n"), [], "{file}: is empty: there is no text to import"),
    (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), [],
     "{file}: is a PDF, not text: save its text (e.g. with pdftotext) and import that"),
    (_latin1, [], "{file}: is not UTF-8 text (bad byte at offset 3); save it as UTF-8 and "
                  "import again"),
    (lambda p: p.write_text("Text.\n"), ["--published", "2024-13-45"],
     "--published '2024-13-45' is not a date like 2024-12-25"),
    (lambda p: p.write_text("Text.\n"), ["--id", "../outside"],
     "source name '../outside' is not allowed: use letters, digits, '-', '_' or '.', "
     "starting with a letter or digit (no paths)"),
    (lambda p: p.write_text("<html><body><script>x()</script></body></html>"), [],
     "{file}: has no readable text once its markup is removed"),
])
def test_bad_input_gets_one_clear_line_and_leaves_the_workspace_untouched(
        bundled: Path, tmp_path: Path, capsys, make, extra: list[str], message: str) -> None:
    article = tmp_path / "article.txt"
    if make is not None:
        make(article)
    before = snapshot(bundled)
    code, out, err = run(bundled, "import-source", str(article), "--title", "T", *extra,
                         capsys=capsys)
    assert (code, out) == (1, "")
    assert err == f"ach: error: {message.format(file=article)}\n"
    assert snapshot(bundled) == before


def test_a_500_page_report_imports_whole(empty: Path, tmp_path: Path, capsys) -> None:
    paragraphs = ARTICLE.read_text(encoding="utf-8").split("\n")
    lines = [f"{paragraphs[i % len(paragraphs)]} (Section {i + 1}.)" for i in range(2700)]
    report = tmp_path / "report.txt"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert report.stat().st_size > 1_200_000
    code, out, _ = run(empty, "import-source", str(report), "--title", "Report", capsys=capsys)
    assert code == 0
    assert "evidence/report.txt: 2,700 paragraphs" in out
    code, out, _ = run(empty, "source", "show", "report", "--paragraph", "2700", "--json",
                       capsys=capsys)
    shown = json.loads(out)
    assert shown["paragraph_count"] == 2700
    [last] = shown["paragraphs"]
    assert last["sentences"][-1]["text"].endswith("(Section 2700.)")
