"""Step 6: what-ifs, the sensitivity table and the planted-item check (ACH-METHOD.md)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.model import Level, Rating
from ach.scoring import Matrix, Row, leaders_of, score, totals
from ach.sensitivity import WhatIf, apply, if_planted, reverse, step, without_each

CC, C, N, I, II, NA = (Rating.CC, Rating.C, Rating.N, Rating.I, Rating.II, Rating.NA)  # noqa: E741


def matrix(*rows: tuple[str, float, tuple]) -> Matrix:
    width = len(rows[0][2])
    return Matrix(tuple(f"H{i + 1}" for i in range(width)),
                  tuple(Row(e, w, tuple(r)) for e, w, r in rows))


def test_step_moves_one_notch_and_stops_at_the_ends() -> None:
    assert step(C, +1) is CC and step(C, -1) is N
    assert step(CC, +1) is CC and step(II, -1) is II
    assert step(None, -1) is I and step(NA, +1) is C


def test_reverse_swaps_consistent_and_inconsistent() -> None:
    assert [reverse(r) for r in (CC, C, N, I, II, NA, None)] == [II, I, N, C, CC, NA, None]


def test_without_each_lists_linchpins_with_the_new_leader() -> None:
    # Totals H1 1, H2 3: H1 leads. Without E2 (II against H2) the two tie at 1;
    # without E1 or E3 H1 still leads alone, so only E2 is a linchpin.
    m = matrix(("E1", 1.0, (I, N)), ("E2", 1.0, (N, II)), ("E3", 1.0, (N, I)))
    table = {o.evidence_id: o for o in without_each(m)}
    assert set(table) == {"E2"}
    assert table["E2"].before.leaders == {"H1"}
    assert table["E2"].after.leaders == {"H1", "H2"}
    assert table["E2"].after.rank == (1, 1) and table["E2"].changes_leader


def test_without_each_matches_a_full_rescore_for_every_item() -> None:
    m = matrix(("E1", 2.0, (C, I, II)), ("E2", 0.5, (I, I, N)), ("E3", 1.0, (II, C, C)))
    for outcome in without_each(m, ["E1", "E2", "E3"]):
        rescored = score(m.without([outcome.evidence_id]))
        assert outcome.after.rank == tuple(h.rank for h in rescored.hypotheses)
        assert outcome.after.leaders == rescored.leaders
        for got, want in zip(outcome.after.probability, rescored.hypotheses, strict=True):
            assert abs(got - want.probability) < 1e-12


def test_planted_item_reversed_can_overturn_the_lead() -> None:
    m = matrix(("E1", 2.0, (CC, II)), ("E2", 1.0, (N, N)))
    outcome = if_planted(m, "E1")
    assert outcome.before.leaders == {"H1"}
    assert outcome.after.leaders == {"H2"}
    assert outcome.changes_leader


class _Case:
    """The little a what-if needs of a case when no credibility changes."""

    def uses(self, _e: str) -> bool:
        return False


def test_whatif_excludes_moves_and_reverses_without_touching_the_matrix() -> None:
    m = matrix(("E1", 1.0, (C, I)), ("E2", 1.0, (I, C)))
    whatif = WhatIf().toggle_excluded("E1", False).with_cell("E2", "H1", CC)
    changed = apply(m, whatif, _Case(), {})
    assert changed.rows[0].excluded and changed.rows[1].ratings == (CC, C)
    assert m.rows[0].excluded is False and m.rows[1].ratings == (I, C)
    assert score(changed).leaders == {"H1", "H2"}
    assert WhatIf().is_empty and not whatif.is_empty


def test_whatif_survives_the_round_trip_through_a_recorded_scenario() -> None:
    whatif = (WhatIf().toggle_excluded("E1", False).with_cell("E2", "H1", None)
              .with_credibility("E2", Level.L).toggle_reversed("E3"))
    again = WhatIf.from_scenario(whatif.to_scenario("w-1", "test"))
    assert again == whatif
    assert again.describe() == whatif.describe()


ratings = st.sampled_from([CC, C, N, I, II, NA, None])


@st.composite
def matrices(draw) -> Matrix:
    width = draw(st.integers(1, 5))
    height = draw(st.integers(0, 12))
    rows = tuple(
        Row(f"E{i}", draw(st.sampled_from([0.5, 2 ** -0.5, 1.0, 2 ** 0.5, 2.0])),
            tuple(draw(ratings) for _ in range(width)), draw(st.booleans()))
        for i in range(height))
    return Matrix(tuple(f"H{j}" for j in range(width)), rows)


@settings(max_examples=200, deadline=None)
@given(matrices())
def test_incremental_sensitivity_equals_brute_force(m: Matrix) -> None:
    counted = [r.evidence_id for r in m.rows if not r.excluded]
    outcomes = {o.evidence_id: o for o in without_each(m, counted)}
    for e in counted:
        _, weighted, _ = totals(m.without([e]))
        assert outcomes[e].after.leaders == leaders_of(m.hypothesis_ids, weighted)
    pins = {o.evidence_id for o in without_each(m)}
    assert pins == {e.id for e in score(m).evidence if e.linchpin}
