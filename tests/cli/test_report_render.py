"""The rendered briefing: a valid, self-contained, deterministic page that treats every piece
of analyst text as text, including text written to break out of HTML or Jinja2."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ach.report import TemplateProblem, render_briefing, write_briefing
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import (
    ARABIC,
    BREAKOUT,
    CONTROL,
    JINJA_EXPR,
    JINJA_STMT,
    JS_URL,
    SCRIPT,
    hostile_workspace,
    two_analyst_case,
)
from tests.report_html import Page, isolated, parse

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture
def bundled_html(bundled) -> str:
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    return render_briefing(case, lib)


@pytest.fixture
def hostile(tmp_path) -> Workspace:
    return hostile_workspace(tmp_path / "hostile")


def hostile_pages(workspace: Workspace) -> list[str]:
    case, lib = workspace.open("hostile")
    return [render_briefing(case, lib, analyst=name) for name in [None, *case.analysts]]


# -- a valid page ---------------------------------------------------------------------

def assert_sound_page(page: Page) -> None:
    assert page.problems == []
    assert page.doctype is not None and page.doctype.lower() == "doctype html"
    assert page.html.attrs.get("lang") == "en"
    head = page.root.find_all("head")[0]
    first = next(head.iter())
    assert (first.tag, first.attrs) == ("meta", {"charset": "utf-8"})
    assert len(page.root.find_all("h1")) == 1
    levels = [int(e.tag[1]) for e in page.root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert skips == [], "a heading level is skipped"
    assert all(th.attrs.get("scope") in ("col", "row") for th in page.root.find_all("th"))
    ids = [e.attrs["id"] for e in page.root.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for a in page.root.find_all("a"):
        href = a.attrs.get("href") or ""
        if href.startswith("#"):
            assert href[1:] in ids, f"link to a missing anchor {href}"


def assert_self_contained(html: str, page: Page) -> None:
    csp = [m.attrs.get("content") for m in page.root.find_all("meta")
           if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]
    for element in page.root.iter():
        assert "src" not in element.attrs and "srcset" not in element.attrs
        assert not (element.tag == "link" and "stylesheet" in (element.attrs.get("rel") or ""))
        assert element.tag not in ("script", "iframe", "object", "embed", "img", "base", "form")
    style = " ".join(s.text() for s in page.root.find_all("style"))
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_bundled_briefing_is_a_sound_self_contained_page(bundled_html):
    page = parse(bundled_html)
    assert_sound_page(page)
    assert_self_contained(bundled_html, page)


def test_bundled_briefing_has_every_section_in_order(bundled_html):
    page = parse(bundled_html)
    sections = [s.attrs["id"] for s in page.root.find_all("section")]
    # Page one (the summary), then the annex; the analysts' working notes are annexed.
    assert sections == ["summary", "hypotheses", "matrix", "leader", "doubts",
                        "sensitivity", "indicators", "notes", "sources", "method"]
    assert page.root.find_all("title")[0].text() == (
        "Baghdad between Washington and Tehran — ACH briefing")


def test_bundled_briefing_says_who_and_when(bundled_html):
    page = parse(bundled_html)
    header = page.root.find_all("header")[0].text()
    assert "Data as of26 December 2024" in header
    assert "AnalystsDana Levi" in header
    assert page.root.find_all("time")[0].attrs["datetime"] == "2024-12-26"


def test_heat_map_cells_show_the_code_as_well_as_the_colour(bundled, bundled_html):
    page = parse(bundled_html)
    matrix = page.root.find_all("table")[1]
    assert "matrix" in matrix.attrs["class"]
    cells = [td for td in matrix.find_all("td") if "cell" in (td.attrs.get("class") or "")]
    case = Workspace(bundled).load_case(BUNDLED_CASE)
    assert len(cells) == sum(not r.excluded for r in case.evidence) * len(case.hypotheses)
    for td in cells:
        code = td.text()
        assert code in ("CC", "C", "N", "I", "II", "NA", "·")
        assert f"r-{code.lower()}" in td.attrs["class"] or code == "·"


def test_every_item_in_the_matrix_cites_its_source(bundled_html):
    page = parse(bundled_html)
    rows = page.root.find_all("table")[1].find_all("tbody")[0].find_all("tr")
    for row in rows:
        header = row.find_all("th")[0]
        cite = next(e for e in header.iter() if e.attrs.get("class") == "src").text()
        assert cite.startswith("Israel Hayom, paragraph ") or cite.startswith("no source: "), cite


# -- hostile text ---------------------------------------------------------------------

def test_hostile_text_is_shown_as_text_in_every_view(hostile):
    for html in hostile_pages(hostile):
        page = parse(html)
        assert_sound_page(page)
        assert_self_contained(html, page)
        text = page.text()
        for needle in (SCRIPT, BREAKOUT, JINJA_EXPR, JINJA_STMT, ARABIC):
            assert needle in text
        # Nothing of the user's was compiled as a template.
        assert "49" not in text
        # Judgments, refutations, group labels and the marking are text like the rest.
        summary = page.root.by_id("summary").text()
        assert f"Judgment {SCRIPT}" in summary and f"Basis {SCRIPT}" in summary
        assert f"Refuted by {SCRIPT}" in page.root.by_id("doubts").text()
        assert f"Group {SCRIPT}" in page.root.by_id("sources").text()
        assert f"Marking {SCRIPT} {BREAKOUT}" in text


def test_no_attribute_is_broken_out_of(hostile):
    for html in hostile_pages(hostile):
        page = parse(html)
        for element in page.root.iter():
            assert not any(name.startswith("on") for name in element.attrs), element.tag
        # The only markup with attributes of the user's is a title's own text.
        assert all(e.tag != "img" for e in page.root.iter())


def test_only_web_addresses_become_links(hostile):
    page = parse(hostile_pages(hostile)[0])
    hrefs = [a.attrs["href"] for a in page.root.find_all("a")]
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ["https://example.org/a?b=1&c=2"]
    assert JS_URL in page.text()  # shown, not linked


def test_control_characters_become_visible_marks(hostile):
    html = hostile_pages(hostile)[0]
    assert not CONTROLS.search(html)
    expected = CONTROLS.sub("\ufffd", CONTROL)
    assert expected in parse(html).text()


def test_right_to_left_text_is_isolated_wherever_it_appears(hostile):
    for html in hostile_pages(hostile):
        page = parse(html)
        arabic = [(text, parent) for text, parent in page.root.texts()
                  if re.search("[\u0600-\u06ff]", text)]
        assert len(arabic) > 10
        for text, parent in arabic:
            if parent.tag in ("title", "style"):
                continue
            assert isolated(parent), f"{text!r} in <{parent.tag}> is not isolated"


def test_analyst_names_are_data_too(hostile):
    case, lib = hostile.open("hostile")
    page = parse(render_briefing(case, lib))
    team = page.root.by_id("team").text()
    assert SCRIPT in team and ARABIC in team


def test_commit_subjects_authors_and_the_outcome_note_are_text_too(hostile):
    """In a git repository the timeline and the review show commit subjects and author
    names, and page one the outcome's note: hostile text in any of them stays text."""
    import datetime as dt  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    from ach.model import Outcome  # noqa: PLC0415

    root = hostile.root
    author = f"Author {BREAKOUT} {JINJA_EXPR} {ARABIC}"
    subject = f"Subject {SCRIPT} {BREAKOUT} {JINJA_STMT} {ARABIC}"

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", f"user.name={author}", "-c",
                               "user.email=a@example.org", *args], cwd=root, check=True,
                              capture_output=True, text=True).stdout
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", subject)
    case = hostile.load_case("hostile")
    case.outcome = Outcome(hypotheses=["h2"], date=dt.date(2025, 6, 1),
                           note=f"Note {SCRIPT} {BREAKOUT} {ARABIC}")
    hostile.save_case(case)
    git("commit", "-qam", subject)
    stored = git("log", "-1", "--format=%an")[:-1]  # as git keeps it (it drops < and >)
    from ach.cli import main  # noqa: PLC0415

    assert main(["--root", str(root), "report", "hostile"]) == 0
    html = (root / "reports" / "hostile.html").read_text(encoding="utf-8")
    page = parse(html)
    assert_sound_page(page)
    assert_self_contained(html, page)
    for section in ("timeline", "review"):
        text = page.root.by_id(section).text()
        assert subject in text and stored in text, section
        # The template syntax in the author's name is shown, never run ({{ 7*7 }} is not
        # 49); a bare "49" elsewhere could be part of a commit's short id.
        assert JINJA_EXPR in text and "Author" in text, section
    assert f"Note {SCRIPT} {BREAKOUT} {ARABIC}" in page.root.by_id("summary").text()
    for element in page.root.iter():
        assert not any(name.startswith("on") for name in element.attrs), element.tag
    for text, parent in page.root.texts():
        if re.search("[\u0600-\u06ff]", text) and parent.tag not in ("title", "style"):
            assert isolated(parent), f"{text!r} in <{parent.tag}> is not isolated"


# -- several analysts -------------------------------------------------------------------

def test_team_section_appears_only_with_several_analysts(bundled_html):
    case, lib = two_analyst_case()
    page = parse(render_briefing(case, lib))
    team = page.root.by_id("team")
    assert "Ana puts Second idea first; Ben puts First idea first." in team.text()
    assert "Ben thinks this fits h2 well" in team.text()
    assert "team" not in [s.attrs["id"] for s in parse(bundled_html).root.find_all("section")]


# -- deterministic ----------------------------------------------------------------------

def test_the_same_case_renders_the_same_bytes(bundled, tmp_path, bundled_html):
    elsewhere = tmp_path / "elsewhere" / "copy"
    shutil.copytree(bundled, elsewhere)
    case, lib = Workspace(elsewhere).open(BUNDLED_CASE)
    assert render_briefing(case, lib) == bundled_html
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    assert render_briefing(case, lib) == bundled_html
    assert str(bundled) not in bundled_html and str(tmp_path) not in bundled_html


def test_a_changed_rating_changes_the_briefing(bundled, bundled_html):
    workspace = Workspace(bundled)
    case, lib = workspace.open(BUNDLED_CASE)
    case.set_cell("Dana Levi", "e-06", "h-hedge", None)
    assert render_briefing(case, lib) != bundled_html


# -- writing -----------------------------------------------------------------------------

def test_write_briefing_writes_reports_case_html(bundled, bundled_html):
    path = write_briefing(Workspace(bundled), BUNDLED_CASE)
    assert path == bundled / "reports" / f"{BUNDLED_CASE}.html"
    assert path.read_text(encoding="utf-8") == bundled_html
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temp files left


def test_rewriting_an_unchanged_briefing_leaves_the_file_alone(bundled):
    path = write_briefing(bundled, BUNDLED_CASE)
    before = path.stat()
    again = write_briefing(bundled, BUNDLED_CASE)
    assert again == path
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_write_briefing_refuses_to_overwrite_case_files(bundled):
    target = bundled / "hypotheses" / f"{BUNDLED_CASE}.json"
    before = target.read_bytes()
    with pytest.raises(TemplateProblem, match="must not overwrite case or evidence files"):
        write_briefing(bundled, BUNDLED_CASE, target)
    assert target.read_bytes() == before


# -- house templates ---------------------------------------------------------------------

def house(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "house"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def test_a_house_template_extends_the_bundled_one_and_overrides_blocks(bundled, tmp_path):
    folder = house(tmp_path, briefing_html_j2=(
        '{% extends "ach/briefing.html.j2" %}'
        '{% block style %}{{ super() }} body { font-family: Georgia, serif; }{% endblock %}'
        '{% block sensitivity %}<section id="sensitivity"><h2>How fragile</h2>'
        '<p>{{ hypotheses[0].title }}</p></section>{% endblock %}'
        '{% block footer %}<p>Acme analytic unit: internal use</p>{% endblock %}'))
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    page = parse(render_briefing(case, lib, template_dir=folder))
    assert_sound_page(page)
    assert page.root.find_all("footer")[0].text().strip() == "Acme analytic unit: internal use"
    assert "Baghdad hedges" in page.root.by_id("sensitivity").text()
    style = page.root.find_all("style")[0].text()
    assert "--cc-bg" in style and "Georgia" in style  # the bundled styles, and the house's
    sections = [s.attrs["id"] for s in page.root.find_all("section")]
    assert sections.index("sensitivity") == sections.index("doubts") + 1


def test_a_house_stylesheet_alone_replaces_the_bundled_one(bundled, tmp_path):
    folder = house(tmp_path, briefing_css_j2="body { color: #123456; }\n")
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    style = parse(render_briefing(case, lib, template_dir=folder)).root.find_all("style")[0]
    assert "#123456" in style.text() and "--cc-bg" not in style.text()


@pytest.mark.parametrize(("files", "message"), [
    ({"notes_txt": "nothing here"}, "holds none of the briefing's templates"),
    ({"briefing_html_j2": "{% extends 'ach/briefing.html.j2' %}{% block footer %}"},
     "briefing.html.j2:1: Unexpected end of template"),
    ({"briefing_html_j2": "{{ no_such_thing.field }}"}, "'no_such_thing' is undefined"),
    ({"briefing_html_j2": "{% extends 'ach/nope.html.j2' %}"}, "'ach/nope.html.j2' not found"),
])
def test_a_broken_house_template_is_reported_in_one_line(bundled, tmp_path, files, message):
    folder = house(tmp_path, **files)
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    with pytest.raises(TemplateProblem, match=re.escape(message)) as caught:
        render_briefing(case, lib, template_dir=folder)
    assert "\n" not in str(caught.value)


def test_a_missing_house_folder_is_reported(bundled, tmp_path):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    with pytest.raises(TemplateProblem, match="no such folder"):
        render_briefing(case, lib, template_dir=tmp_path / "absent")
