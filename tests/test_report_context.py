"""``build_context``: what the briefing's template receives, computed from a case."""

from __future__ import annotations

import datetime as dt

import pytest

from ach.figures import percent
from ach.model import EvidenceType, Level, Rating, Source
from ach.refs import hypothesis_ref
from ach.report import analysis_date, build_context, safe_link
from ach.report.wording import lead_strength, margin_word
from ach.scoring import ref_weight, score_case
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import build_case, item, library, two_analyst_case


@pytest.fixture
def bundled_context(bundled):
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    return build_context(case, lib)


@pytest.fixture
def bundled_case(bundled):
    """The bundled case, its library and its scores, for the tests to read their
    expectations from rather than repeat the analyst's ratings."""
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    return case, lib, score_case(case, lib.items, None)


def diagnostic_order(case, scores) -> list[str]:
    """The counted items most diagnostic first, ties in case order."""
    counted = [ref.id for ref in case.evidence if not ref.excluded]
    return sorted(counted, key=lambda e: -round(scores.item(e).diagnosticity, 9))


def titles(ctx: dict) -> list[str]:
    return [h["title"] for h in ctx["hypotheses"]]


# -- the bundled case ----------------------------------------------------------------

def test_bundled_case_names_its_leader_and_says_how_strongly(bundled_context, bundled_case):
    case, _, scores = bundled_case
    first, second = scores.ranked[:2]
    assert scores.leaders == {first.id}  # the bundled analysis has one leader
    leader, runner = case.hypothesis(first.id).title, case.hypothesis(second.id).title
    margin = second.weighted_inconsistency - first.weighted_inconsistency
    bluf = bundled_context["bluf"]
    assert bluf["headline"]["text"] == f"Leading: {leader}"
    # How strong is judged by how many rating changes would overturn it, against the
    # number of counted items (the words themselves are checked on small cases below).
    counted = sum(not ref.excluded for ref in case.evidence)
    assert bluf["reading"]["text"].startswith(
        f"{leader} leads {lead_strength(scores.flip_margin.steps, counted)}: its weighted "
        f"inconsistency is {first.weighted_inconsistency:.2f} against "
        f"{second.weighted_inconsistency:.2f} for {runner}, a margin of {margin:.2f}.")
    pins = [e.id for e in scores.evidence if e.linchpin]
    assert ("No single item decides it" in bluf["fragility"]["text"]) is not bool(pins)
    assert f"{leader} {percent(first.probability)}" in bluf["probability"]["text"]
    assert "99.9" not in bluf["probability"]["text"]  # held within 1-99 %
    assert f"{counted} counted items are independent" in bluf["probability"]["text"]
    assert bluf["unrated"]["text"] == ""


def test_bundled_hypotheses_are_ranked_with_their_figures(bundled_context, bundled_case):
    case, _, scores = bundled_case
    want = scores.ranked
    ranked = bundled_context["hypotheses"]
    # Keys are the case's own refs (H1 is the case's first hypothesis), as ach score gives.
    assert [(h["key"], h["id"], h["rank"]) for h in ranked] == [
        (hypothesis_ref(case, s.id), s.id, s.rank) for s in want]
    assert [h["inconsistency_text"] for h in ranked] == [f"{s.inconsistency:g}" for s in want]
    assert [h["weighted_text"] for h in ranked] == [
        f"{s.weighted_inconsistency:.2f}" for s in want]
    assert ranked[0]["leader"] and not ranked[1]["leader"]
    # The worst hypothesis fills its bar; the others are in proportion.
    worst = max(s.inconsistency for s in want)
    assert [h["bars"]["inconsistency"] for h in ranked] == [
        f"{100 * s.inconsistency / worst:.1f}" for s in want]
    assert "100.0" in [h["bars"]["inconsistency"] for h in ranked]


def test_matrix_rows_run_from_most_to_least_diagnostic(bundled_context, bundled_case):
    case, _, scores = bundled_case
    rows = bundled_context["matrix"]["rows"]
    values = [r["diagnosticity"] for r in rows]
    assert values == sorted(values, reverse=True)
    assert [r["id"] for r in rows] == diagnostic_order(case, scores)
    # Every row carries one cell per hypothesis, in the ranked order of the columns.
    keys = [h["key"] for h in bundled_context["hypotheses"]]
    assert all([c["key"] for c in r["cells"]] == keys for r in rows)
    top = rows[0]["id"]
    assert [c["code"] for c in rows[0]["cells"]] == [
        case.cell("Dana Levi", top, s.id).rating.value for s in scores.ranked]


def counted_weight(case, lib, evidence_id: str) -> float:
    """The item's weight as it counts: shared among the counted members of its group."""
    weight = ref_weight(case.evidence_ref(evidence_id), lib.items[evidence_id])
    group = case.group_of(evidence_id)
    if group is None:
        return weight
    return weight / sum(not case.evidence_ref(m).excluded for m in group.members)


def against(case, lib, scores, hypothesis_id: str) -> list[str]:
    """Items rated I or II against a hypothesis, heaviest (h × the item's counted weight)
    first, ties in the matrix's order."""
    weighed = []
    for e in diagnostic_order(case, scores):
        h = case.cell("Dana Levi", e, hypothesis_id).rating.inconsistency
        if h:
            weighed.append((h * counted_weight(case, lib, e), e))
    return [e for _, e in sorted(weighed, key=lambda pair: -round(pair[0], 9))]


def test_evidence_for_and_against_the_leader_carries_quote_source_and_reasons(
        bundled_context, bundled_case):
    case, lib, scores = bundled_case
    leader = scores.ranked[0].id
    shown = bundled_context["leader_evidence"]
    assert shown["leader"]["title"] == case.hypothesis(leader).title
    assert shown["leader"]["key"] == hypothesis_ref(case, leader)
    expected = against(case, lib, scores, leader)
    assert [d["id"] for d in shown["against"]] == expected[:5]
    assert shown["more_against"] == max(0, len(expected) - 5)
    # For it: consistent with it and telling it apart, most diagnostic first.
    supporting = [e for e in diagnostic_order(case, scores) if scores.item(e).diagnosticity > 0
                  and case.cell("Dana Levi", e, leader).rating in (Rating.C, Rating.CC)]
    assert [d["id"] for d in shown["for"]] == supporting[:5]
    assert shown["more_for"] == max(0, len(supporting) - 5)
    assert all(d["cells"][0]["code"] in ("C", "CC") for d in shown["for"])
    # The first item shown, against the leader if anything is, else for it.
    first = (shown["against"] or shown["for"])[0]
    item, ref = lib.items[first["id"]], case.evidence_ref(first["id"])
    assert item.quote and first["quote"] == item.quote
    assert first["source"]["title"] == lib.source_of(item).title
    assert first["source"]["location"] == f"paragraph {item.location.paragraph}"
    assert (first["credibility_label"], first["relevance_label"]) == (
        item.credibility.label, (ref.relevance or item.relevance).label)
    assert first["date_text"] == f"{item.date.day} {item.date:%B %Y}"
    assert first["cells"][0]["reasons"][0]["analyst"] == "Dana Levi"
    assert first["cells"][0]["reasons"][0]["reason"] == case.cell("Dana Levi", item.id,
                                                                  leader).reason


def test_doubts_list_what_counts_against_each_hypothesis_heaviest_first(bundled_context,
                                                                        bundled_case):
    case, lib, scores = bundled_case
    worst = bundled_context["hypotheses"][-1]
    shown = worst["doubts"]["items"]
    weights = [float(d["against_text"]) for d in shown]
    assert weights == sorted(weights, reverse=True)
    expected = against(case, lib, scores, worst["id"])
    assert len(expected) > 1  # the last-ranked hypothesis has several items against it
    assert [d["item"]["id"] for d in shown] == expected[:5]
    assert len(shown) + worst["doubts"]["more"] == len(expected)
    for h in bundled_context["hypotheses"]:
        assert [d["item"]["id"] for d in h["doubts"]["items"]] == against(
            case, lib, scores, h["id"])[:5]
    assert {d["cell"]["code"] for h in bundled_context["hypotheses"]
            for d in h["doubts"]["items"]} <= {Rating.I.value, Rating.II.value}
    # What each doubt adds is its part of the weighted score: a grouped item adds its
    # share of the group's weight, as the score counts it.
    for h in bundled_context["hypotheses"]:
        for d in h["doubts"]["items"]:
            e = d["item"]["id"]
            h_of = case.cell("Dana Levi", e, h["id"]).rating.inconsistency
            assert d["against_text"] == f"{h_of * counted_weight(case, lib, e):.2f}"


def test_sources_and_items_without_one(bundled_context):
    (source,) = bundled_context["sources"]
    assert source["publisher"] == "Israel Hayom"
    assert source["published_text"] == "25 December 2024"
    assert source["document"] == "evidence/israel-hayom-2024-12-25.txt"
    assert [i["id"] for i in source["items"]][:3] == ["e-01", "e-02", "e-03"]
    unsourced = {i["id"]: i["no_source"] for i in bundled_context["unsourced"]}
    assert unsourced == {"e-14": "assumption", "e-15": "absence of evidence",
                         "e-16": "absence of evidence"}


def test_analysis_date_is_the_latest_date_in_the_data(bundled_context, bundled):
    assert bundled_context["analysis_date"] == "2024-12-26"  # the case's creation
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    case.created = None
    assert analysis_date(case, lib) == dt.date(2024, 12, 25)  # the source's publication
    lib.items["e-02"] = lib.items["e-02"].model_copy(update={"date": dt.date(2025, 3, 1)})
    assert build_context(case, lib)["analysis_date_text"] == "1 March 2025"


def test_a_single_analysts_case_is_shown_as_their_ratings(bundled_context):
    assert bundled_context["view"]["label"] == "the ratings of Dana Levi"
    assert bundled_context["team"] is None


def test_the_method_sections_are_filled(bundled_context):
    # Their content is tested in test_report_method.py.
    assert bundled_context["sensitivity"]["verdict"]["text"].startswith(
        "No single item decides it")
    assert bundled_context["indicators"]["total"] == 6


# -- wording from the figures --------------------------------------------------------

@pytest.mark.parametrize(("credibility", "relevance", "margin"), [
    (Level.L, Level.M, "0.71"), (Level.M, Level.M, "1"), (Level.H, Level.H, "2"),
])
def test_a_lead_one_rating_change_would_overturn_is_narrow(credibility, relevance, margin):
    case = build_case(["Alpha", "Beta"], {"A": {"e1": {"h1": "C", "h2": "I"}}}, ["e1"])
    lib = library(item("e1", credibility=credibility, relevance=relevance))
    reading = build_context(case, lib)["bluf"]["reading"]["text"]
    assert reading.startswith("Alpha leads narrowly:")
    assert reading.endswith(f"a margin of {margin}.")


@pytest.mark.parametrize(("steps", "counted", "word"), [
    (1, 3, "narrow"), (3, 10, "wide"), (3, 16, "clear"), (3, 2000, "narrow"),
    (400, 2000, "clear"), (600, 2000, "wide"),
])
def test_wide_and_narrow_are_judged_against_the_size_of_the_case(steps, counted, word):
    assert margin_word(steps, counted) == word


def test_a_lead_many_changes_away_in_a_small_case_is_wide():
    rows = {f"e{i}": {"h1": "C", "h2": "II"} for i in range(1, 5)}
    case = build_case(["Alpha", "Beta"], {"A": rows}, list(rows))
    ctx = build_context(case, library(*(item(e) for e in rows)))
    assert ctx["bluf"]["reading"]["text"].startswith("Alpha leads by a wide margin:")
    assert "a wide margin for a case of 4 counted items" in ctx["front"]["change"][0]["text"]


def test_tied_leaders_are_named_together():
    case = build_case(["Alpha", "Beta", "Gamma"],
                      {"A": {"e1": {"h1": "C", "h2": "C", "h3": "II"}}}, ["e1"])
    ctx = build_context(case, library(item("e1")))
    assert ctx["bluf"]["headline"]["text"] == "Tied: Alpha and Beta"
    assert "Alpha and Beta share the lowest weighted inconsistency (0.00)" in \
        ctx["bluf"]["reading"]["text"]
    assert [h["rank"] for h in ctx["hypotheses"]] == [1, 1, 3]
    # The user's titles are kept apart from our words, for right-to-left display.
    parts = ctx["bluf"]["headline"]["parts"]
    assert [p["user"] for p in parts] == [False, True, False, True]


def test_a_linchpin_is_named_and_explained_even_if_not_very_diagnostic():
    rows = {f"e{i}": {"h1": "C", "h2": "C"} for i in range(1, 7)}
    rows["e7"] = {"h1": "N", "h2": "I"}  # the only item that separates them
    case = build_case(["Alpha", "Beta"], {"A": rows}, list(rows))
    ctx = build_context(case, library(*(item(e) for e in rows)))
    assert "The lead rests on 1 item (E7)" in ctx["bluf"]["fragility"]["text"]
    # Page one names it by its summary, never by an id.
    pins = next(c["text"] for c in ctx["front"]["change"] if "rests on" in c["text"])
    assert pins.startswith("The lead rests on one item, \u201citem e7\u201d: without it")


def test_bottom_line_warns_when_the_probability_favours_another_hypothesis():
    # Gamma has the most evidence against it (ranked last) but fits the rest very well.
    rows = {"e1": {"h3": "CC"}, "e2": {"h3": "CC"}, "e3": {"h3": "CC"},
            "e4": {"h2": "I"}, "e5": {"h3": "I"}}
    for row in rows.values():
        for h in ("h1", "h2", "h3"):
            row.setdefault(h, "N")
    case = build_case(["Alpha", "Beta", "Gamma"], {"A": rows}, list(rows))
    lib = library(item("e1"), item("e2"), item("e3"),
                  item("e4", credibility=Level.L, relevance=Level.L), item("e5"))
    ctx = build_context(case, lib)
    assert titles(ctx) == ["Alpha", "Beta", "Gamma"]
    gamma = ctx["hypotheses"][2]
    text = ctx["bluf"]["probability"]["text"]
    assert text.startswith("Read as probabilities, the matrix gives Alpha ")
    assert f"Gamma {gamma['probability_text']}" in text  # shown though ranked third
    assert text.endswith("The two readings disagree: ranking counts only the evidence against "
                         "each hypothesis, while the probability also weighs how well the "
                         "evidence fits, and favours Gamma.")


def test_no_warning_when_both_readings_agree(bundled_context):
    assert "disagree" not in bundled_context["bluf"]["probability"]["text"]


def test_nothing_rated_yet_favours_no_hypothesis():
    case = build_case(["Alpha", "Beta"], {}, ["e1", "e2"])
    ctx = build_context(case, library(item("e1"), item("e2")))
    assert ctx["bluf"]["headline"]["text"] == "Nothing rated yet: no hypothesis leads."
    assert ctx["bluf"]["probability"]["text"] == ""
    assert ctx["bluf"]["unrated"]["text"] == "4 of the matrix's 4 cells are not rated yet " \
        "and count as neutral."
    assert ctx["leader_evidence"]["leader"] is None
    assert ctx["front"]["reading"]["text"] == ("Nothing is rated yet, so the matrix favours "
                                               "no hypothesis.")


def test_an_empty_case_still_has_a_bottom_line():
    case = build_case([], {}, [])
    ctx = build_context(case, library())
    assert ctx["bluf"]["headline"]["text"] == "No hypotheses yet: the case cannot be weighed."
    assert ctx["analysis_date"] is None
    assert ctx["analysis_date_text"] == "undated"


def test_unrated_cells_are_counted_and_said():
    case = build_case(["Alpha", "Beta"], {"A": {"e1": {"h1": "C", "h2": "I"},
                                                "e2": {"h1": "C"}}}, ["e1", "e2"])
    ctx = build_context(case, library(item("e1"), item("e2")))
    assert ctx["counts"]["unrated"] == 1
    assert ctx["bluf"]["unrated"]["text"].startswith("1 of the matrix's 4 cells is not rated")
    assert ctx["matrix"]["rows"][1]["cells"][1]["label"] == "not rated"


def test_a_leader_with_unrated_items_is_flagged_in_the_bottom_line():
    # Beta leads only because its second item was never rated against it.
    case = build_case(["Alpha", "Beta"], {"A": {"e1": {"h1": "C", "h2": "C"},
                                                "e2": {"h1": "I"}}}, ["e1", "e2"])
    ctx = build_context(case, library(item("e1"), item("e2")))
    assert ctx["bluf"]["headline"]["text"] == "Leading: Beta"
    assert [h["unrated"] for h in ctx["hypotheses"]] == [1, 0]
    gaps = ctx["bluf"]["gaps"]
    assert gaps["text"].startswith("Caution: Beta leads with 1 of its 2 counted items not rated,"
                                   " more than another hypothesis")
    assert [p["text"] for p in gaps["parts"] if p["user"]] == ["Beta"]  # escaped, as data


def test_no_caution_when_the_leader_is_fully_rated(bundled_context):
    assert bundled_context["bluf"]["gaps"]["text"] == ""
    # Even with other gaps in the matrix, a fully rated leader is no cause for it.
    case = build_case(["Alpha", "Beta"], {"A": {"e1": {"h1": "C", "h2": "I"},
                                                "e2": {"h1": "C"}}}, ["e1", "e2"])
    ctx = build_context(case, library(item("e1"), item("e2")))
    assert ctx["bluf"]["headline"]["text"] == "Leading: Alpha"
    assert ctx["bluf"]["gaps"]["text"] == ""
    # A row nobody rated leaves every hypothesis the same gap: it favours none.
    case = build_case(["Alpha", "Beta"], {"A": {"e1": {"h1": "I", "h2": "C"}}}, ["e1", "e2"])
    ctx = build_context(case, library(item("e1"), item("e2")))
    assert [h["unrated"] for h in ctx["hypotheses"]] == [1, 1]
    assert ctx["bluf"]["gaps"]["text"] == ""


def test_excluded_items_stand_apart_and_count_for_nothing():
    ratings = {"A": {"e1": {"h1": "C", "h2": "I"}, "e2": {"h1": "II", "h2": "C"}}}
    case = build_case(["Alpha", "Beta"], ratings, ["e1", "e2"],
                      excluded={"e2": "Probably planted"})
    ctx = build_context(case, library(item("e1"), item("e2")))
    assert [r["id"] for r in ctx["matrix"]["rows"]] == ["e1"]
    assert [(r["id"], r["exclusion_reason"]) for r in ctx["matrix"]["excluded"]] == [
        ("e2", "Probably planted")]
    assert titles(ctx)[0] == "Alpha"  # e2's II against Alpha does not count
    assert all(d["item"]["id"] != "e2" for h in ctx["hypotheses"]
               for d in h["doubts"]["items"])
    assert ctx["counts"]["excluded"] == 1


def test_items_without_a_source_say_what_they_are():
    items = [item("e1", type=EvidenceType.ASSUMPTION), item("e2", type=EvidenceType.ARGUMENT),
             item("e3", type=EvidenceType.REPORT), item("e4", source_id="gone")]
    case = build_case(["Alpha"], {}, ["e1", "e2", "e3", "e4"])
    ctx = build_context(case, library(*items))
    assert [i["no_source"] for i in ctx["unsourced"]] == [
        "assumption", "argument", "no source given",
        "source gone is missing from the evidence files"]


def test_an_evidence_item_missing_from_the_library_is_shown_not_fatal():
    case = build_case(["Alpha"], {"A": {"e1": {"h1": "I"}}}, ["e1"])
    ctx = build_context(case, library())
    assert ctx["matrix"]["rows"][0]["summary"] == "e1 (missing from the evidence files)"


def test_source_links_only_for_web_addresses():
    sources = (Source(id="s1", title="One", url="javascript:alert(1)"),
               Source(id="s2", title="Two", url="https://example.org/x"))
    items = (item("e1", source_id="s1"), item("e2", source_id="s2"))
    ctx = build_context(build_case(["Alpha"], {}, ["e1", "e2"]),
                        library(*items, sources=sources))
    assert [(s["url"], s["link"]) for s in ctx["sources"]] == [
        ("javascript:alert(1)", None), ("https://example.org/x", "https://example.org/x")]


@pytest.mark.parametrize(("url", "linked"), [
    ("https://example.org/a?b=1", True), ("HTTP://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), (" JavaScript:alert(1)", False),
    ("data:text/html,<script>", False), ("//example.org/x", False), ("file:///etc/passwd", False),
    ("http://exa mple.org", False), ("https://example.org/\x00", False), ("http:", False),
    ("", False),
])
def test_safe_link(url, linked):
    assert (safe_link(url) is not None) is linked


# -- several analysts ----------------------------------------------------------------

def test_team_view_uses_the_consensus_and_each_analyst_their_own():
    case, lib = two_analyst_case()
    team = build_context(case, lib)
    assert team["view"]["team"] and team["view"]["names"] == ["Ana", "Ben"]
    assert titles(team)[0] == "Second idea"
    assert titles(build_context(case, lib, analyst="Ana"))[0] == "Second idea"
    assert titles(build_context(case, lib, analyst="Ben"))[0] == "First idea"
    ben = build_context(case, lib, analyst="Ben")
    assert ben["view"]["label"] == "the ratings of Ben" and not ben["view"]["team"]


def test_team_view_keeps_every_analysts_reason():
    case, lib = two_analyst_case()
    first = next(h for h in build_context(case, lib)["hypotheses"] if h["id"] == "h1")
    [doubt] = first["doubts"]["items"]
    assert doubt["item"]["id"] == "e3" and doubt["cell"]["code"] == "I"  # II and N
    assert [(r["analyst"], r["code"]) for r in doubt["cell"]["reasons"]] == [
        ("Ana", "II"), ("Ben", "N")]


def test_team_section_compares_scores_and_lists_disputed_cells():
    case, lib = two_analyst_case()
    team = build_context(case, lib)["team"]
    assert [a["name"] for a in team["analysts"]] == ["Ana", "Ben"]
    assert [a["cells"] for a in team["analysts"]] == [6, 6]
    first = team["scores"][0]
    assert first["title"] == "Second idea"
    assert first["consensus"]["weighted_text"] == "0.00"
    assert [(s["name"], s["weighted_text"], s["rank"]) for s in first["analysts"]] == [
        ("Ana", "1.00", 1), ("Ben", "1.00", 2)]
    assert team["leaders"]["text"] == ("The analysts' own ratings lead to different "
                                       "conclusions: Ana puts Second idea first; Ben puts "
                                       "First idea first.")
    spreads = [d["spread"] for d in team["disputed"]]
    assert spreads == sorted(spreads, reverse=True)
    widest = team["disputed"][0]
    assert (widest["item"]["id"], widest["hypothesis"]["title"], widest["band"]) == (
        "e1", "Second idea", "large")
    assert [(r["analyst"], r["code"], r["reason"]) for r in widest["ratings"]] == [
        ("Ana", "I", "Ana thinks this hurts h2"), ("Ben", "CC", "Ben thinks this fits h2 well")]
    assert team["agreement"]["text"] == ("The analysts disagree on 3 of the 6 cells that more "
                                         "than one of them rated (2 large, 1 mild).")


def test_team_that_agrees_says_so():
    rows = {"e1": {"h1": "C", "h2": "I"}}
    case = build_case(["Alpha", "Beta"], {"Ana": rows, "Ben": rows}, ["e1"])
    team = build_context(case, library(item("e1")))["team"]
    assert team["disputed"] == []
    assert team["leaders"]["text"] == "Each analyst's own ratings put Alpha first."
    assert team["agreement"]["text"] == ("The analysts agree on all 2 cells that more than "
                                         "one of them rated.")


def test_an_analyst_who_rated_nothing_is_refused():
    case, lib = two_analyst_case()
    with pytest.raises(ValueError, match="'Cleo' has rated nothing"):
        build_context(case, lib, analyst="Cleo")


def test_context_is_pure():
    case, lib = two_analyst_case()
    before = (case.model_dump(), {k: v.model_dump() for k, v in lib.items.items()})
    assert build_context(case, lib) == build_context(case, lib)
    assert before == (case.model_dump(), {k: v.model_dump() for k, v in lib.items.items()})
