"""A workspace three analysts rated, built in a test's tmp_path (for tests/tui/test_team_*.py).

The ratings are chosen so that every disagreement band appears, and the consensus
and band of each cell below are worked out by hand from ACH-METHOD.md "Several
analysts" (r: CC +2, C +1, N 0, I −1, II −2, NA 0; consensus = the rating nearest
the mean, a tie toward 0, NA only when most said NA; band from the population SD, and at
least large when one analyst said C or CC and another I or II):

cell           Alice  Bob  Omar   mean   consensus  SD     band
e-01 × h-one   C      C    C      1      C          0      none
e-01 × h-two   CC     C    C      4/3    C          0.471  mild
e-02 × h-one   CC     I    N      1/3    N          1.247  large
e-02 × h-two   CC     II   CC     2/3    C          1.886  extreme
e-03 × h-one   NA     NA   I      —      NA         0.471  mild   (two of three said NA)
e-03 × h-two   C      ·    I      0      N          1.0    large  (opposite sides of N)
e-04 × h-one   CC     ·    C      3/2    C          0.5    mild   (a tie goes toward 0)
e-04 × h-three ·      II   ·      —      II         —      —      (one analyst: no band)
e-05 × h-one   I      CC   I      0      N          1.414  large
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from ach.model import Case, CaseEvidence, Cell, Evidence, EvidenceType, Hypothesis, Rating
from ach.store import Library, Workspace

CASE = "team"
ALICE, BOB, OMAR = "Alice Adams", "Bob Brown", "Omar Haddad"
HOSTILE = "[bold]x[/] is not markup"
HOSTILE_TOO = "Said on [red]air[/red], no less"

#: analyst → (evidence, hypothesis) → (rating, reason)
RATINGS: dict[str, dict[tuple[str, str], tuple[str, str]]] = {
    ALICE: {("e-01", "h-one"): ("C", ""), ("e-01", "h-two"): ("CC", ""),
            ("e-02", "h-one"): ("CC", "The envoy said so twice"),
            ("e-02", "h-two"): ("CC", HOSTILE),
            ("e-03", "h-one"): ("NA", ""), ("e-03", "h-two"): ("C", ""),
            ("e-04", "h-one"): ("CC", ""), ("e-05", "h-one"): ("I", "")},
    BOB: {("e-01", "h-one"): ("C", ""), ("e-01", "h-two"): ("C", ""),
          ("e-02", "h-one"): ("I", "A denial is not a plan"),
          ("e-02", "h-two"): ("II", "Nothing in the record supports it"),
          ("e-03", "h-one"): ("NA", ""), ("e-04", "h-three"): ("II", ""),
          ("e-05", "h-one"): ("CC", "Bob's own reading")},
    OMAR: {("e-01", "h-one"): ("C", ""), ("e-01", "h-two"): ("C", ""),
           ("e-02", "h-one"): ("N", ""), ("e-02", "h-two"): ("CC", HOSTILE_TOO),
           ("e-03", "h-one"): ("I", ""), ("e-03", "h-two"): ("I", ""),
           ("e-04", "h-one"): ("C", ""), ("e-05", "h-one"): ("I", "")},
}

#: (evidence, hypothesis) → (consensus, band): the table above.
EXPECTED = {
    ("e-01", "h-one"): ("C", "none"), ("e-01", "h-two"): ("C", "mild"),
    ("e-02", "h-one"): ("N", "large"), ("e-02", "h-two"): ("C", "extreme"),
    ("e-03", "h-one"): ("NA", "mild"), ("e-03", "h-two"): ("N", "large"),
    ("e-04", "h-one"): ("C", "mild"), ("e-04", "h-three"): ("II", None),
    ("e-05", "h-one"): ("N", "large"),
}


def build_team_workspace(root: Path) -> Path:
    """Write the case and its evidence under ``root``; returns ``root``."""
    items = [
        Evidence(id="e-01", summary="Envoy visits the capital", type=EvidenceType.REPORT),
        Evidence(id="e-02", summary="Ministry denies any talks", type=EvidenceType.STATEMENT),
        Evidence(id="e-03", summary="No troop movements seen", type=EvidenceType.ABSENCE),
        Evidence(id="e-04", summary="Budget adds a border line", type=EvidenceType.REPORT),
        Evidence(id="e-05", summary="Parliament postpones the vote",
                 type=EvidenceType.REPORT),
    ]
    case = Case(id=CASE, question="Will the two governments sign the accord this year?",
                hypotheses=[Hypothesis(id="h-one", title="They sign this year"),
                            Hypothesis(id="h-two", title="Talks drag on"),
                            Hypothesis(id="h-three", title="Talks collapse")],
                evidence=[CaseEvidence(id=item.id) for item in items])
    for analyst, cells in RATINGS.items():
        for (evidence_id, hypothesis_id), (code, reason) in cells.items():
            case.set_cell(analyst, evidence_id, hypothesis_id,
                          Cell(rating=Rating(code), reason=reason))
    workspace = Workspace(root)
    workspace.save_library(Library(items={item.id: item for item in items}))
    workspace.create_case(case)
    return root


def cell_texts(screen, evidence_id: str) -> dict[str, str]:
    """The matrix row of ``evidence_id`` as drawn, cell by cell: hypothesis id → text."""
    matrix = screen.matrix
    line = matrix._rows.index(evidence_id) + 1 - matrix.scroll_offset.y  # noqa: SLF001
    text = matrix.render_line(line).text
    label, width = matrix._label_width, matrix._column_width  # noqa: SLF001
    hypotheses = [h.id for h in screen.session.case.hypotheses]
    return {h: " ".join(text[label + i * width: label + (i + 1) * width].split())
            for i, h in enumerate(hypotheses)}


def plain(renderable) -> str:
    """What a renderable reads as, spaces collapsed (markup-looking text stays as typed)."""
    console = Console(width=160, file=io.StringIO(), record=True)
    console.print(renderable)
    return "\n".join(" ".join(line.split()) for line in console.export_text().splitlines())
