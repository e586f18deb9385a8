"""Scoring against ACH-METHOD.md: every formula checked on matrices small enough to do by hand."""

from __future__ import annotations

import math

import pytest

from ach.model import Case, CaseEvidence, Cell, Evidence, Hypothesis, Level, Rating
from ach.scoring import (
    Disagreement,
    Matrix,
    Row,
    consensus,
    consensus_ratings,
    item_weight,
    ranks,
    score,
    score_case,
    spread,
    weight,
)

R = Rating
SQRT2 = math.sqrt(2)


def matrix(*rows: tuple, hypotheses: int | None = None) -> Matrix:
    """Rows as (id, weight, ratings) or (id, weight, ratings, excluded); hypotheses H1, H2 …"""
    n = hypotheses if hypotheses is not None else len(rows[0][2])
    built = tuple(Row(r[0], r[1], tuple(r[2]), *r[3:]) for r in rows)
    return Matrix(tuple(f"H{i + 1}" for i in range(n)), built)


def case_of(table: dict[str, list[Rating | None]], titles: list[str], analyst: str = "ann",
            levels: dict[str, tuple[Level, Level]] | None = None,
            ) -> tuple[Case, dict[str, Evidence]]:
    """A case and its evidence from a table of rows, rated by one analyst."""
    levels = levels or {}
    hyps = [Hypothesis(id=f"h{i + 1}", title=t) for i, t in enumerate(titles)]
    items = {e: Evidence(id=e, summary=f"item {e}", credibility=levels.get(e, ("M", "M"))[0],
                         relevance=levels.get(e, ("M", "M"))[1]) for e in table}
    ratings = {e: {h.id: Cell(rating=r) for h, r in zip(hyps, row, strict=True) if r is not None}
               for e, row in table.items()}
    case = Case(id="c", question="q", hypotheses=hyps,
                evidence=[CaseEvidence(id=e) for e in table], ratings={analyst: ratings})
    return case, items


# -- the worked check of ACH-METHOD.md ---------------------------------------------

WORKED = {
    "E01": [R.CC, R.CC, R.II],
    "E02": [R.C, R.CC, R.II],
    "E03": [R.II, R.CC, R.NA],
    "E04": [R.C, R.C, R.II],
    "E05": [R.II, R.CC, R.NA],
}
WORKED_TITLES = ["accurate in all details", "correct structure, inaccurate labels",
                 "material misrepresentation"]


@pytest.fixture
def worked():
    case, items = case_of(WORKED, WORKED_TITLES)
    return score_case(case, items, "ann")


def test_worked_check_inconsistency(worked) -> None:
    assert [h.inconsistency for h in worked.hypotheses] == [4, 0, 6]
    # All items are Medium/Medium (weight 1), so the weighted score is the plain one.
    assert [h.weighted_inconsistency for h in worked.hypotheses] == pytest.approx([4, 0, 6])


def test_worked_check_ranks_and_verdict(worked) -> None:
    assert [h.rank for h in worked.hypotheses] == [2, 1, 3]
    assert worked.leaders == {"h2"}
    assert [h.id for h in worked.ranked] == ["h2", "h1", "h3"]


def test_worked_check_diagnosticity(worked) -> None:
    got = {e.id: round(e.diagnosticity, 4) for e in worked.evidence}
    assert got == {"E01": 1.8856, "E02": 1.6997, "E03": 1.6330, "E04": 1.4142, "E05": 1.6330}


def test_worked_check_probability_favours_the_survivor(worked) -> None:
    probs = [h.probability for h in worked.hypotheses]
    assert sum(probs) == pytest.approx(1.0)
    assert probs[1] > probs[0] > probs[2]


# -- ranks -----------------------------------------------------------------------------

def test_equal_scores_share_a_rank_and_the_next_skips() -> None:
    assert ranks([0.0, 0.0, 5.0]) == [1, 1, 3]
    assert ranks([2.0, 1.0, 1.0, 3.0]) == [3, 1, 1, 4]


def test_scores_equal_to_1e9_count_as_tied() -> None:
    assert ranks([1.0, 1.0 + 1e-12, 1.5]) == [1, 1, 3]
    assert ranks([1.0, 1.0 + 1e-6]) == [1, 2]


def test_tied_leaders_share_rank_one_in_a_scored_matrix() -> None:
    m = matrix(("e1", 1.0, [R.N, R.N, R.I]), ("e2", 1.0, [R.C, R.CC, R.II]))
    scores = score(m)
    assert [h.rank for h in scores.hypotheses] == [1, 1, 3]
    assert scores.leaders == {"H1", "H2"}


def test_weighted_ties_from_different_items_share_a_rank() -> None:
    # H1 takes one I on a High/High item (2); H2 takes two Is on Medium/Medium items (1 + 1).
    m = matrix(("e1", weight(Level.H, Level.H), [R.I, R.N]),
               ("e2", 1.0, [R.N, R.I]), ("e3", 1.0, [R.C, R.I]))
    scores = score(m)
    assert [h.weighted_inconsistency for h in scores.hypotheses] == pytest.approx([2.0, 2.0])
    assert [h.rank for h in scores.hypotheses] == [1, 1]
    assert [h.inconsistency for h in scores.hypotheses] == [1, 2]


# -- NA and unrated cells ----------------------------------------------------------------

@pytest.mark.parametrize("blank", [R.NA, None], ids=["NA", "unrated"])
def test_na_and_unrated_cells_weigh_like_neutral(blank) -> None:
    # h = 0 and L = 0.5: the same scores as a row rated N where the blank stands.
    with_blank = score(matrix(("e1", 1.0, [R.C, blank]), ("e2", 1.0, [R.I, R.CC])))
    with_n = score(matrix(("e1", 1.0, [R.C, R.N]), ("e2", 1.0, [R.I, R.CC])))
    assert [h.inconsistency for h in with_blank.hypotheses] == [1, 0]
    for a, b in zip(with_blank.hypotheses, with_n.hypotheses, strict=True):
        assert a.probability == pytest.approx(b.probability)
    # By hand: H1 ∝ 0.8 × 0.2 = 0.16, H2 ∝ 0.5 × 0.95 = 0.475.
    assert with_blank.hypotheses[0].probability == pytest.approx(0.16 / (0.16 + 0.475))


def test_na_counts_as_zero_in_diagnosticity() -> None:
    scores = score(matrix(("e1", 1.0, [R.CC, R.NA]), ("e2", 1.0, [R.CC, None])))
    assert [e.diagnosticity for e in scores.evidence] == [pytest.approx(1.0)] * 2


def test_a_case_nobody_rated_is_uniform_and_all_tied() -> None:
    case, items = case_of({"e1": [None, None, None], "e2": [None, None, None]},
                          ["a", "b", "c"])
    scores = score_case(case, items, "ann")
    assert [h.probability for h in scores.hypotheses] == pytest.approx([1 / 3] * 3)
    assert [h.rank for h in scores.hypotheses] == [1, 1, 1]
    assert not any(e.linchpin for e in scores.evidence)
    assert [e.diagnosticity for e in scores.evidence] == [0.0, 0.0]


def test_an_empty_case_scores_without_error() -> None:
    scores = score(Matrix((), ()))
    assert scores.hypotheses == () and scores.evidence == () and scores.leaders == frozenset()
    one = score(matrix(("e1", 1.0, [R.II]), hypotheses=1))
    assert one.hypotheses[0].probability == pytest.approx(1.0)
    assert one.evidence[0].diagnosticity == 0.0


# -- weights -----------------------------------------------------------------------------

def test_level_weights() -> None:
    assert Level.H.weight == pytest.approx(SQRT2)
    assert Level.M.weight == 1.0
    assert Level.L.weight == pytest.approx(1 / SQRT2)


@pytest.mark.parametrize(("cred", "rel", "expected"), [
    ("H", "H", 2.0), ("H", "M", SQRT2), ("M", "M", 1.0), ("H", "L", 1.0),
    ("L", "M", 1 / SQRT2), ("L", "L", 0.5),
])
def test_item_weight_is_credibility_times_relevance(cred, rel, expected) -> None:
    assert weight(Level(cred), Level(rel)) == pytest.approx(expected)


def test_weighted_inconsistency_uses_each_items_weight() -> None:
    case, items = case_of({"e1": [R.II, R.N], "e2": [R.N, R.I], "e3": [R.I, R.I]},
                          ["a", "b"], levels={"e1": ("H", "H"), "e2": ("L", "L"),
                                              "e3": ("H", "M")})
    scores = score_case(case, items, "ann")
    assert [h.inconsistency for h in scores.hypotheses] == [3, 2]
    # H1: 2×2 + 1×√2; H2: 1×0.5 + 1×√2.
    assert [h.weighted_inconsistency for h in scores.hypotheses] == pytest.approx(
        [4 + SQRT2, 0.5 + SQRT2])
    assert [h.rank for h in scores.hypotheses] == [2, 1]


def test_case_relevance_overrides_the_items_own() -> None:
    case, items = case_of({"e1": [R.II, R.N]}, ["a", "b"], levels={"e1": ("H", "L")})
    assert item_weight(case, items["e1"]) == pytest.approx(1.0)
    case.evidence[0].relevance = Level.H
    assert item_weight(case, items["e1"]) == pytest.approx(2.0)
    assert score_case(case, items, "ann").hypotheses[0].weighted_inconsistency == \
        pytest.approx(4.0)


def test_weights_temper_the_probability() -> None:
    # One High/High item rated C / I: P(H1) ∝ 0.8², P(H2) ∝ 0.2².
    m = matrix(("e1", 2.0, [R.C, R.I]))
    assert score(m).hypotheses[0].probability == pytest.approx(0.64 / (0.64 + 0.04))


# -- probability ---------------------------------------------------------------------------

def test_probability_matches_a_hand_computation_on_a_2x2_matrix() -> None:
    # e1 (weight 1): C, I -> 0.8, 0.2.  e2 (High/High, weight 2): N, CC -> 0.5², 0.95².
    m = matrix(("e1", 1.0, [R.C, R.I]), ("e2", 2.0, [R.N, R.CC]))
    h1, h2 = 0.8 * 0.25, 0.2 * 0.9025
    probs = [h.probability for h in score(m).hypotheses]
    assert probs == pytest.approx([h1 / (h1 + h2), h2 / (h1 + h2)])
    assert probs[0] == pytest.approx(0.525624, abs=1e-6)


def test_probability_is_computed_in_log_space() -> None:
    # 2,000 rows that say II against both hypotheses would underflow a plain product to 0
    # (0.05 ** 4000); only the one telling row should decide.
    rows = [(f"e{i}", 2.0, [R.II, R.II]) for i in range(2000)]
    rows.append(("tell", 1.0, [R.C, R.I]))
    probs = [h.probability for h in score(matrix(*rows)).hypotheses]
    assert all(math.isfinite(p) for p in probs)
    assert probs == pytest.approx([0.8, 0.2])


def test_overwhelming_evidence_gives_a_finite_certainty() -> None:
    rows = [(f"e{i}", 2.0, [R.CC, R.II]) for i in range(500)]
    probs = [h.probability for h in score(matrix(*rows)).hypotheses]
    assert probs[0] == pytest.approx(1.0) and 0.0 <= probs[1] < 1e-12
    assert sum(probs) == pytest.approx(1.0)


# -- linchpins ------------------------------------------------------------------------------

def test_an_item_whose_exclusion_changes_the_leader_is_a_linchpin() -> None:
    # Totals H1 1, H2 2: H1 leads. Without e1, H2 (0) leads; without e2, H1 still leads.
    scores = score(matrix(("e1", 1.0, [R.N, R.II]), ("e2", 1.0, [R.I, R.N])))
    assert scores.leaders == {"H1"}
    assert {e.id: e.linchpin for e in scores.evidence} == {"e1": True, "e2": False}


def test_breaking_a_tie_at_rank_one_makes_a_linchpin() -> None:
    # H1 and H2 tie at 1; excluding either item leaves one leader, which changes the set.
    scores = score(matrix(("e1", 1.0, [R.I, R.N, R.II]), ("e2", 1.0, [R.N, R.I, R.II])))
    assert scores.leaders == {"H1", "H2"}
    assert [e.linchpin for e in scores.evidence] == [True, True]


def test_creating_a_tie_at_rank_one_makes_a_linchpin() -> None:
    # H1 0, H2 1: excluding e1 ties H2 with H1, so the rank-1 set grows.
    scores = score(matrix(("e1", 1.0, [R.N, R.I]), ("e2", 1.0, [R.C, R.C])))
    assert [e.linchpin for e in scores.evidence] == [True, False]


def test_no_linchpins_when_the_leader_survives_every_exclusion() -> None:
    scores = score(matrix(("e1", 1.0, [R.N, R.II]), ("e2", 1.0, [R.C, R.II]),
                          ("e3", 1.0, [R.N, R.N])))
    assert scores.leaders == {"H1"}
    assert not any(e.linchpin for e in scores.evidence)


def test_weight_decides_whether_an_item_is_a_linchpin() -> None:
    # e1 weighs 2 against H2; e2 and e3 weigh 0.5 each against H1. H1 leads by 1.
    rows = [("e1", 2.0, [R.N, R.I]), ("e2", 0.5, [R.I, R.N]), ("e3", 0.5, [R.I, R.N])]
    scores = score(matrix(*rows))
    assert scores.leaders == {"H1"}
    assert [e.linchpin for e in scores.evidence] == [True, False, False]


# -- excluded items count in nothing -----------------------------------------------------------

def test_excluded_items_count_in_nothing() -> None:
    base = [("e1", 1.0, [R.C, R.I]), ("e2", 1.0, [R.N, R.C])]
    plain = score(matrix(*base))
    with_excluded = score(matrix(*base, ("e3", 2.0, [R.II, R.CC], True)))
    for a, b in zip(plain.hypotheses, with_excluded.hypotheses, strict=True):
        assert (a.inconsistency, a.rank) == (b.inconsistency, b.rank)
        assert a.weighted_inconsistency == pytest.approx(b.weighted_inconsistency)
        assert a.probability == pytest.approx(b.probability)
    e3 = with_excluded.item("e3")
    assert e3.excluded and not e3.linchpin


def test_an_excluded_case_item_is_left_out_of_the_case_scores() -> None:
    case, items = case_of({"e1": [R.II, R.N], "e2": [R.N, R.I]}, ["a", "b"])
    assert score_case(case, items, "ann").leaders == {"h2"}
    case.evidence[0].excluded = True
    scores = score_case(case, items, "ann")
    assert [h.inconsistency for h in scores.hypotheses] == [0, 1]
    assert scores.leaders == {"h1"}


def test_matrix_without_is_a_what_if_that_leaves_the_original_alone() -> None:
    m = matrix(("e1", 1.0, [R.N, R.II]), ("e2", 1.0, [R.I, R.N]))
    assert score(m.without(["e1"])).leaders == {"H2"}
    assert score(m).leaders == {"H1"}


# -- several analysts -------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "expected"), [
    ([R.CC, R.CC], R.CC),
    ([R.CC, R.II], R.N),          # mean 0
    ([R.CC, R.C], R.C),           # mean 1.5: CC and C equally near, the tie goes toward 0
    ([R.I, R.II], R.I),           # mean −1.5: toward 0 again
    ([R.CC, R.CC, R.I], R.C),     # mean 1
    ([R.C, R.N, R.N, R.N], R.N),  # mean 0.25
    ([R.NA, R.C], R.C),           # one NA against one rating: NA does not win, nor drag the mean
    ([R.NA, R.CC, R.CC], R.CC),   # NA left out of the mean (2), not counted as 0 (4/3 → C)
    ([R.NA, R.NA, R.C], R.NA),    # more NAs than ratings
    ([R.NA, R.NA], R.NA),
    ([R.NA, R.NA, R.II, R.CC], R.N),  # two NAs against two ratings: the ratings' mean, 0
])
def test_consensus(given, expected) -> None:
    assert consensus(given) is expected


def test_consensus_of_nothing_is_unrated() -> None:
    assert consensus([]) is None


@pytest.mark.parametrize(("given", "value", "band"), [
    ([R.C, R.C, R.C], 0.0, Disagreement.NONE),
    ([R.C, R.N], 0.5, Disagreement.MILD),
    ([R.CC, R.N], 1.0, Disagreement.MILD),
    ([R.CC, R.I], 1.5, Disagreement.LARGE),
    ([R.CC, R.II], 2.0, Disagreement.EXTREME),
    ([R.NA, R.CC], 1.0, Disagreement.MILD),   # NA counts as r = 0 here
    ([R.CC, R.CC, R.CC, R.C], math.sqrt(3) / 4, Disagreement.MILD),
])
def test_disagreement_bands(given, value, band) -> None:
    assert spread(given) == pytest.approx(value)
    assert Disagreement.of(spread(given)) is band


def test_one_analyst_has_no_disagreement() -> None:
    assert spread([R.II]) == 0.0


@pytest.mark.parametrize(("value", "band"), [
    (0.25, Disagreement.NONE), (0.2501, Disagreement.MILD), (1.0, Disagreement.MILD),
    (1.0001, Disagreement.LARGE), (1.75, Disagreement.LARGE), (1.7501, Disagreement.EXTREME),
])
def test_disagreement_band_edges(value, band) -> None:
    assert Disagreement.of(value) is band


def test_team_scores_use_the_consensus_matrix() -> None:
    hyps = [Hypothesis(id="h1", title="a"), Hypothesis(id="h2", title="b")]
    items = {e: Evidence(id=e, summary=e) for e in ("e1", "e2")}
    ann = {"e1": {"h1": Cell(rating=R.CC), "h2": Cell(rating=R.II)},
           "e2": {"h1": Cell(rating=R.I)}}
    bob = {"e1": {"h1": Cell(rating=R.II), "h2": Cell(rating=R.II)},
           "e2": {"h1": Cell(rating=R.I), "h2": Cell(rating=R.NA)}}
    case = Case(id="c", question="q", hypotheses=hyps,
                evidence=[CaseEvidence(id="e1"), CaseEvidence(id="e2")],
                ratings={"ann": ann, "bob": bob})
    # e1/h1: CC vs II -> N; e1/h2: II; e2/h1: I; e2/h2: only bob's NA -> NA.
    assert consensus_ratings(case) == {"e1": {"h1": R.N, "h2": R.II},
                                       "e2": {"h1": R.I, "h2": R.NA}}
    team = score_case(case, items, None)
    assert [h.inconsistency for h in team.hypotheses] == [1, 2]
    assert team.leaders == {"h1"}
    # Each analyst's own view is scored on their ratings alone.
    assert [h.inconsistency for h in score_case(case, items, "ann").hypotheses] == [1, 2]
    assert [h.inconsistency for h in score_case(case, items, "bob").hypotheses] == [3, 2]
    assert score_case(case, items, "bob").leaders == {"h2"}


def test_a_leader_is_gapped_only_if_rated_on_fewer_items_than_another() -> None:
    from ach.scoring import gapped_leaders  # noqa: PLC0415

    assert gapped_leaders({"a"}, {"a": 2, "b": 0}) == ["a"]
    assert gapped_leaders({"a"}, {"a": 2, "b": 2}) == []  # the same gap everywhere
    assert gapped_leaders({"b"}, {"a": 2, "b": 0}) == []  # the leader is fully rated
    assert gapped_leaders({"a", "b"}, {"a": 1, "b": 3, "c": 1}) == ["b"]
    assert gapped_leaders(set(), {}) == []
