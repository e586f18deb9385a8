"""The briefing's method sections: where each score comes from, how fragile the lead is
(linchpins, planted items, recorded what-ifs) and what to watch."""

from __future__ import annotations

import datetime as dt

import pytest

from ach.breakdown import breakdown
from ach.model import Cell, IndicatorStatus, Level, Rating, Scenario, StatusChange
from ach.refs import item_ref
from ach.report import build_context, render_briefing
from ach.report.method import FROM_SHOWN, against_by_hypothesis
from ach.scoring import matrix_for, score_case
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import (
    ARABIC,
    BREAKOUT,
    JINJA_EXPR,
    SCRIPT,
    build_case,
    hostile_workspace,
    item,
    library,
)
from tests.report_html import isolated, parse
from tests.test_report_render import assert_sound_page


@pytest.fixture
def bundled_context(bundled):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    return build_context(case, lib)


def thin_lead():
    """Alpha leads only because e1 counts against Beta: e1 is the one linchpin."""
    case = build_case(["Alpha", "Beta", "Gamma"],
                      {"Ana": {"e1": {"h1": "C", "h2": "I", "h3": "II"},
                               "e2": {"h1": "N", "h2": "N", "h3": "I"},
                               "e3": {"h1": "C", "h2": "C", "h3": "C"},
                               "e4": {"h1": "CC", "h2": "C", "h3": "N"}}},
                      ["e1", "e2", "e3", "e4", "e5"])
    lib = library(item("e1", "Witness saw Alpha"), item("e2", "Ledger entry"),
                  item("e3", "Everyone agrees"), item("e4", "Alpha's signature"),
                  item("e5", "Not rated yet"))
    return case, lib


def by_key(ctx: dict) -> dict[str, dict]:
    return {h["key"]: h for h in ctx["hypotheses"]}


def most_doubted(case, lib) -> tuple[str, list[tuple[str, float]]]:
    """The bundled hypothesis with the most items against it, and those items with their
    weighted part of its score, heaviest first (from the breakdown, not the briefing)."""
    matrix = matrix_for(case, lib.items, None)
    parts = {h.id: [(c.evidence_id, c.weighted) for c in breakdown(matrix, h.id).against]
             for h in case.hypotheses}
    hypothesis_id = max(parts, key=lambda h: len(parts[h]))
    assert len(parts[hypothesis_id]) > FROM_SHOWN  # so that "and N more" is shown too
    return hypothesis_id, parts[hypothesis_id]


# -- where each score comes from ---------------------------------------------------------

def test_each_hypothesis_says_which_items_make_its_score(bundled, bundled_context):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    hypothesis_id, parts = most_doubted(case, lib)
    total = sum(w for _, w in parts)
    shown = next(h for h in bundled_context["hypotheses"] if h["id"] == hypothesis_id)
    assert shown["weighted"] == pytest.approx(total)
    # What each item adds, not its share: a lone item would print as 100 %.
    assert shown["from"]["items"] == [
        {"id": e, "ref": item_ref(case, e), "weighted_text": f"{w:.2f}"}
        for e, w in parts[:FROM_SHOWN]]
    rest = parts[FROM_SHOWN:]
    assert (shown["from"]["more"], shown["from"]["more_text"]) == (
        len(rest), f"{sum(w for _, w in rest):.2f}")
    for h in bundled_context["hypotheses"]:
        shown = sum(float(f["weighted_text"]) for f in h["from"]["items"])
        assert shown <= h["weighted"] + 0.01


def test_the_sources_of_a_score_are_those_of_the_breakdown(bundled):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    case.set_cell("Dana Levi", "e-02", "h-hedge", Cell(rating=Rating.II))
    matrix = matrix_for(case, lib.items, "Dana Levi")
    against = against_by_hypothesis(matrix)
    for h in case.hypotheses:
        expected = [(c.weighted, c.evidence_id) for c in breakdown(matrix, h.id).against]
        assert against.get(h.id, []) == expected


def test_a_hypothesis_with_nothing_against_it_lists_nothing():
    case, lib = thin_lead()
    alpha = by_key(build_context(case, lib))["H1"]
    assert alpha["title"] == "Alpha" and alpha["from"]["items"] == []


# -- how fragile the lead is -------------------------------------------------------------

def wide_lead():
    """Alpha leads whichever one item is set aside: no linchpin."""
    case = build_case(["Alpha", "Beta", "Gamma"],
                      {"Ana": {"e1": {"h1": "C", "h2": "I", "h3": "II"},
                               "e2": {"h1": "C", "h2": "I", "h3": "I"},
                               "e3": {"h1": "N", "h2": "C", "h3": "I"}}},
                      ["e1", "e2", "e3"])
    return case, library(item("e1"), item("e2"), item("e3"))


def test_no_linchpins_is_said_plainly():
    sens = build_context(*wide_lead())["sensitivity"]
    assert sens["verdict"]["text"] == ("No single item decides it: excluding any one item "
                                       "leaves the same hypothesis in the lead.")
    assert sens["linchpins"] == [] and sens["planted"] == [] and sens["scenarios"] == []
    assert [c["weighted_text"] for c in sens["as_rated"]["cells"]] == ["0.00", "2.00", "4.00"]


def test_the_ranking_without_each_linchpin():
    case, lib = thin_lead()
    sens = build_context(case, lib)["sensitivity"]
    assert sens["verdict"]["text"].startswith("The lead rests on one item, E1: without it")
    [pin] = sens["linchpins"]
    assert pin["item"]["id"] == "e1" and pin["changes_leader"]
    # Without e1, Alpha and Beta tie at 0; Gamma keeps e2's I.
    assert [(c["weighted_text"], c["rank"], c["leader"]) for c in pin["cells"]] == [
        ("0.00", 1, True), ("0.00", 1, True), ("1.00", 3, False)]
    assert pin["leaders"]["text"] == "Tied: Alpha and Beta"


def test_a_planted_item_is_reversed_and_an_excluded_one_is_not_tested():
    case, lib = thin_lead()
    lib.items["e4"] = lib.items["e4"].model_copy(update={"deception": True})
    lib.items["e2"] = lib.items["e2"].model_copy(update={"deception": True})
    case.evidence_ref("e2").excluded = True
    sens = build_context(case, lib)["sensitivity"]
    [planted] = sens["planted"]
    # e4 reversed: Alpha's CC becomes II and Beta's C an I.
    assert planted["item"]["id"] == "e4" and planted["changes_leader"]
    assert [c["weighted_text"] for c in planted["cells"]] == ["2.00", "2.00", "2.00"]


def test_recorded_whatifs_are_recomputed_from_the_matrix_as_it_is():
    case, lib = thin_lead()
    case.scenarios = [Scenario(id="w-1", title="If the witness lied", note="Paid witness?",
                               reversed=["e1"], credibility={"e4": Level.L},
                               excluded=["e9"])]
    [w] = build_context(case, lib)["sensitivity"]["scenarios"]
    assert (w["title"], w["note"]) == ("If the witness lied", "Paid witness?")
    assert [c["text"] for c in w["changes"]] == [
        "Set e9 (no longer in the case) aside",
        "Take the credibility of E4 as Low",
        "Reverse the ratings of E1: what if it was planted?"]
    # e1 reversed: Alpha C→I (1), Beta I→C, Gamma II→CC: Beta leads.
    assert w["changes_leader"] and w["keys"] == ["H2"]
    # A rating changed since: Beta's new II on e2 counts in the same what-if, which now
    # leaves Alpha (1, e1 reversed) tied with Gamma (1, e2's I), Beta trailing at 2.
    case.set_cell("Ana", "e2", "h2", Cell(rating=Rating.II))
    [again] = build_context(case, lib)["sensitivity"]["scenarios"]
    assert again["leaders"]["text"] == "Tied: Alpha and Gamma"


def test_whatif_changes_name_hypotheses_by_key_and_title():
    case, lib = thin_lead()
    case.scenarios = [Scenario(id="w-1", title="t", restored=["e3"],
                               cells=[{"evidence_id": "e2", "hypothesis_id": "h3",
                                       "rating": "CC"}])]
    [w] = build_context(case, lib)["sensitivity"]["scenarios"]
    texts = [c["text"] for c in w["changes"]]
    # Items and hypotheses by the case's refs (Gamma is the case's third hypothesis).
    assert texts == ["Count E3 again", "Rate E2 CC against H3 Gamma"]
    assert [p["user"] for p in w["changes"][1]["parts"]] == [False, True]


def test_items_of_no_diagnostic_value_are_listed_if_rated():
    case, lib = thin_lead()
    idle = build_context(case, lib)["sensitivity"]["idle"]
    assert [i["id"] for i in idle] == ["e3"]  # e5 is unrated: not judged yet


# -- what to watch -----------------------------------------------------------------------

def test_what_to_watch_groups_indicators_by_hypothesis_in_rank_order(bundled_context):
    watch = bundled_context["indicators"]
    assert [g["key"] for g in watch["groups"]] == ["H3", "H2", "H1"]  # case refs, rank order
    assert watch["summary"]["text"] == "6 indicators: 2 emerging, 4 not seen yet."
    first = watch["groups"][0]["indicators"][0]
    assert first["status"] == "emerging" and first["css"] == "st-emerging"
    assert first["last"]["date_text"] == "23 December 2024"
    assert first["last"]["evidence"]["id"] == "e-08"
    assert first["last"]["evidence"]["summary"].startswith("Al-Nujaba leader")


def test_an_indicator_shows_its_latest_change_and_the_earlier_ones(bundled):
    workspace = Workspace(bundled)
    case, lib = workspace.open(BUNDLED_CASE)
    ind = case.indicators[2]
    ind.history = [StatusChange(status=IndicatorStatus.EMERGING, date=dt.date(2025, 1, 10),
                                evidence_id="e-03"),
                   StatusChange(status=IndicatorStatus.DISCONFIRMED, date=dt.date(2025, 2, 1),
                                evidence_id="e-99", note="Talks collapsed")]
    ctx = build_context(case, lib)
    shown = next(i for g in ctx["indicators"]["groups"] for i in g["indicators"]
                 if i["id"] == ind.id)
    assert shown["status"] == "disconfirmed"
    assert (shown["last"]["date_text"], shown["last"]["missing"], shown["last"]["note"]) == (
        "1 February 2025", "e-99", "Talks collapsed")
    assert [(c["status"], c["evidence"]["id"]) for c in shown["earlier"]] == [
        ("emerging", "e-03")]
    assert ctx["indicators"]["summary"]["text"] == (
        "6 indicators: 2 emerging and 1 disconfirmed, 3 not seen yet.")


def test_a_case_without_indicators_says_so():
    case, lib = thin_lead()
    watch = build_context(case, lib)["indicators"]
    assert watch["total"] == 0
    assert watch["summary"]["text"].startswith("No indicators yet")
    assert all(g["indicators"] == [] for g in watch["groups"])


# -- rendered ------------------------------------------------------------------------------

def test_the_sections_render_with_links_to_the_items(bundled):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    case.scenarios = [Scenario(id="w-1", title="Without the adviser", excluded=["e-04"])]
    page = parse(render_briefing(case, lib))
    assert_sound_page(page)
    sens = page.root.by_id("sensitivity").text()
    pins = [e.id for e in score_case(case, lib.items, None).evidence if e.linchpin]
    assert ("No single item decides it" in sens) is not bool(pins)
    assert "Without the adviser" in sens and f"Set {item_ref(case, 'e-04')} aside" in sens
    watch = page.root.by_id("indicators").text()
    assert "Militias stay quiet on Israel at Baghdad's request" in watch
    assert "emerging since 23 December 2024, shown by E8" in " ".join(watch.split())
    ranking = page.root.by_id("hypotheses").text()
    _, parts = most_doubted(case, lib)
    rest = parts[FROM_SHOWN:]
    named = ", ".join(f"{item_ref(case, e)} {w:.2f}" for e, w in parts[:FROM_SHOWN])
    assert (f"Against it: {named} and {len(rest)} more "
            f"({sum(w for _, w in rest):.2f})") in ranking
    nav = [a.attrs["href"] for a in page.root.find_all("nav")[0].find_all("a")]
    assert "#sensitivity" in nav and "#indicators" in nav


def test_analyst_text_in_the_new_sections_stays_text(tmp_path):
    workspace = hostile_workspace(tmp_path / "hostile")
    case, lib = workspace.open("hostile")
    hostile = f"{SCRIPT} {BREAKOUT} {JINJA_EXPR} {ARABIC}"
    case.scenarios = [Scenario(id="w-1", title=f"What-if {hostile}", note=f"Note {hostile}",
                               cells=[{"evidence_id": "e-1", "hypothesis_id": "h2",
                                       "rating": "II"}])]
    case.indicators[:] = []
    from ach.indicators import add_indicator, set_status

    ind = add_indicator(case, "h2", f"Signpost {hostile}")
    set_status(case, ind.id, IndicatorStatus.SEEN, dt.date(2024, 5, 3), "e-2",
               note=f"Seen {hostile}")
    lib.items["e-2"] = lib.items["e-2"].model_copy(update={"deception": True})
    html = render_briefing(case, lib)
    page = parse(html)
    assert_sound_page(page)
    for section in ("sensitivity", "indicators"):
        text = page.root.by_id(section).text()
        for needle in (SCRIPT, BREAKOUT, JINJA_EXPR, ARABIC):
            assert needle in text, (section, needle)
        assert "49" not in text
    for text, parent in page.root.by_id("sensitivity").texts():
        if ARABIC in text:
            assert isolated(parent)
    for text, parent in page.root.by_id("indicators").texts():
        if ARABIC in text:
            assert isolated(parent)


def test_the_same_case_gives_the_same_sections(bundled):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    case.scenarios = [Scenario(id="w-1", title="A", reversed=["e-06"]),
                      Scenario(id="w-2", title="B", excluded=["e-05"])]
    first = build_context(case, lib)
    again = build_context(case, lib)
    assert first["sensitivity"] == again["sensitivity"]
    assert first["indicators"] == again["indicators"]


def test_related_hypotheses_are_said_both_ways():
    case, lib = thin_lead()
    case.hypotheses[0].relations = {"h2": "not-exclusive-of", "h3": "subsumes"}
    ctx = build_context(case, lib)
    said = {h["key"]: h["relations"]["text"] for h in ctx["hypotheses"]}
    assert said == {
        "H1": "not mutually exclusive with H2 Beta; subsumes H3 Gamma",
        "H2": "not mutually exclusive with H1 Alpha",
        "H3": "subsumed by H1 Alpha"}
    page = parse(render_briefing(case, lib))
    assert "Related: subsumed by H1 Alpha" in page.root.by_id("hypotheses").text()
