"""The flip margin is exact: it equals a breadth-first search over one-step changes."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ach.model import Rating
from ach.scoreboard import Scoreboard
from ach.scoring import Matrix, Row, score, shared

SCALE = (Rating.CC, Rating.C, Rating.N, Rating.I, Rating.II)
WEIGHTS = [0.5, 2 ** -0.5, 1.0, 2 ** 0.5, 2.0]
ratings = st.sampled_from([*Rating, None])


@st.composite
def small_matrices(draw) -> Matrix:
    width = draw(st.integers(2, 3))
    rows = tuple(
        Row(f"e{i}", draw(st.sampled_from(WEIGHTS)),
            tuple(draw(ratings) for _ in range(width)), draw(st.booleans()) and i > 0,
            draw(st.sampled_from([None, None, "g"])))
        for i in range(draw(st.integers(1, 3))))
    return Matrix(tuple(f"h{j}" for j in range(width)), shared(rows))


def _place(rating: Rating | None) -> int:
    return 2 if rating in (None, Rating.NA) else SCALE.index(rating)


def brute_force(m: Matrix, deepest: int) -> int | None:
    """Fewest one-step changes, found by trying every sequence breadth first."""
    before = score(m).leaders
    if len(before) > 1:
        return 0
    counted = [(i, j) for i, row in enumerate(m.rows) if not row.excluded
               for j in range(len(m.hypothesis_ids))]
    start = tuple(tuple(_place(x) for x in row.ratings) for row in m.rows)
    seen, frontier = {start}, [start]
    for depth in range(1, deepest + 1):
        following = []
        for state in frontier:
            for i, j in counted:
                for move in (-1, 1):
                    place = state[i][j] + move
                    if not 0 <= place <= 4:
                        continue
                    row = list(state[i])
                    row[j] = place
                    new = (*state[:i], tuple(row), *state[i + 1:])
                    if new in seen:
                        continue
                    seen.add(new)
                    following.append(new)
                    rows = tuple(replace(r, ratings=tuple(SCALE[p] for p in places))
                                 for r, places in zip(m.rows, new, strict=True))
                    if score(Matrix(m.hypothesis_ids, rows)).leaders != before:
                        return depth
        frontier = following
    return None


@settings(max_examples=150, deadline=None)
@given(small_matrices())
def test_flip_margin_equals_a_brute_force_search(m: Matrix) -> None:
    found = score(m).flip_margin
    assert found is not None
    expected = brute_force(m, min(found.steps, 5))
    if found.steps <= 5:
        assert expected == found.steps
    else:
        assert expected is None


@settings(max_examples=150, deadline=None)
@given(small_matrices())
def test_the_cells_it_names_do_change_the_conclusion(m: Matrix) -> None:
    before = score(m)
    flip = before.flip_margin
    assert flip is not None
    if flip.steps == 0:
        return
    assert sum(c.steps for c in flip.cells) == flip.steps
    column = {h: j for j, h in enumerate(m.hypothesis_ids)}
    changed = {(c.evidence_id, column[c.hypothesis_id]): c.after for c in flip.cells}
    rows = tuple(replace(r, ratings=tuple(changed.get((r.evidence_id, j), x)
                                          for j, x in enumerate(r.ratings)))
                 for r in m.rows)
    assert score(Matrix(m.hypothesis_ids, rows)).leaders != before.leaders


@settings(max_examples=100, deadline=None)
@given(small_matrices(), st.data())
def test_the_scoreboard_keeps_the_same_flip_margin(m: Matrix, data) -> None:
    board = Scoreboard(m)
    for _ in range(data.draw(st.integers(0, 6))):
        row = data.draw(st.sampled_from(board.rows))
        if data.draw(st.booleans()):
            board.set_cell(row.evidence_id, data.draw(st.sampled_from(m.hypothesis_ids)),
                           data.draw(ratings))
        else:
            board.set_row(replace(row, excluded=not row.excluded))
    live, full = board.scores().flip_margin, score(board.matrix).flip_margin
    assert (live.steps, live.rival) == (full.steps, full.rival)


def test_one_hypothesis_has_no_margin_and_a_shared_lead_has_none_to_lose() -> None:
    alone = Matrix(("h1",), (Row("e1", 1.0, (Rating.I,)),))
    assert score(alone).flip_margin is None
    tied = Matrix(("h1", "h2"), (Row("e1", 1.0, (Rating.C, Rating.C)),))
    assert score(tied).flip_margin.steps == 0


def test_a_lead_of_two_heavy_inconsistencies_takes_two_steps() -> None:
    # h2 trails by 2 (one II on a Medium/Medium item): two steps close it, no fewer.
    m = Matrix(("h1", "h2"), (Row("e1", 1.0, (Rating.N, Rating.II)),
                              Row("e2", 1.0, (Rating.C, Rating.C))))
    flip = score(m).flip_margin
    assert (flip.steps, flip.rival) == (2, "h2")
