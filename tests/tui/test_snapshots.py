"""What the workbench looks like, over the checked-in sample workspace.

Regenerate with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at every
changed SVG before committing it.
"""

from __future__ import annotations

from .conftest import make_app


def test_main_screen_at_80_by_24(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(80, 24))


def test_main_screen_at_160_by_45(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(160, 45), press=["down", "right"])


def test_main_screen_at_120_by_35(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(120, 35), press=["down", "right"])


def test_main_screen_at_200_by_50(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(200, 50), press=["down", "right"])


def test_first_open_of_a_case_others_rated(sample, snap_compare):
    assert snap_compare(make_app(sample, analyst="Pat Newcomer"), terminal_size=(80, 24))


def test_help_screen(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(120, 50), press=["question_mark"])


def test_evidence_form(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(80, 24), press=["down", "e"])


def test_another_analysts_ratings_read_only(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(80, 24),
                        press=["v", "enter", "right"])


def test_new_case_form_at_80_by_24(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(80, 24),
                        press=["ctrl+n", *"port-closure", "tab"])


def test_import_form_at_80_by_24(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(80, 24), press=["I"])


def test_case_picker_at_80_by_24(sample, snap_compare):
    assert snap_compare(make_app(sample), terminal_size=(80, 24), press=["C"])
