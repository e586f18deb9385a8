"""``ach report CASE [-o FILE] [--template DIR] [--analyst NAME | --team]``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ach.cli import main
from ach.scoring import score_case
from ach.store import Workspace
from tests.conftest import BUNDLED_CASE
from tests.report_cases import two_analyst_case
from tests.report_html import parse


def run(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_report_writes_the_default_file_and_says_where(capsys, bundled):
    code, out, err = run(capsys, bundled, "report", BUNDLED_CASE)
    assert (code, err) == (0, "")
    assert out == f"wrote reports/{BUNDLED_CASE}.html\n"
    page = parse((bundled / "reports" / f"{BUNDLED_CASE}.html").read_text(encoding="utf-8"))
    case, lib = Workspace(bundled).open(BUNDLED_CASE)
    (leader,) = score_case(case, lib.items, None).leaders
    summary = page.root.by_id("summary")
    # Page one leads with the analyst's key judgment and ranks the leader first.
    assert case.judgments and case.judgments[0].text in summary.text()
    first = next(li for li in summary.find_all("li") if "leader" in (li.attrs.get("class") or ""))
    assert first.text().startswith(f"{case.hypothesis(leader).title}:")


def test_report_to_a_chosen_file(capsys, bundled, tmp_path):
    target = tmp_path / "out" / "brief.html"
    code, out, _ = run(capsys, bundled, "report", BUNDLED_CASE, "-o", str(target))
    assert code == 0 and out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (bundled / "reports" / f"{BUNDLED_CASE}.html").exists()


def two_analyst_workspace(root: Path) -> Path:
    case, lib = two_analyst_case()
    workspace = Workspace(root)
    workspace.create_case(case)
    workspace.save_library(lib)
    return root


def test_analyst_and_team_views(capsys, tmp_path):
    root = two_analyst_workspace(tmp_path / "ws")
    briefing = root / "reports" / "demo.html"

    def headline(*options: str) -> str:
        code, _, err = run(capsys, root, "report", "demo", *options)
        assert code == 0, err
        page = parse(briefing.read_text(encoding="utf-8"))
        return next(p for p in page.root.find_all("p") if p.attrs.get("class") == "reading"
                    ).text().split(" leads")[0]

    assert headline() == "Second idea"  # the consensus: two analysts
    assert headline("--team") == "Second idea"
    assert headline("--analyst", "Ben") == "First idea"


@pytest.mark.parametrize(("argv", "message"), [
    (["report", "nope"], "no case 'nope'"),
    (["report", BUNDLED_CASE, "--team", "--analyst", "Dana Levi"], "not both"),
    (["report", BUNDLED_CASE, "--analyst", "Nobody"], "'Nobody' has rated nothing"),
    (["report", BUNDLED_CASE, "--template", "no-such-dir"], "no such folder"),
    (["report", BUNDLED_CASE, "-o", "hypotheses/x.html"], "must not overwrite case or evidence"),
])
def test_mistakes_get_one_line_and_nothing_is_written(capsys, bundled, monkeypatch, argv,
                                                      message):
    monkeypatch.chdir(bundled)
    before = {p: p.read_bytes() for p in bundled.rglob("*") if p.is_file()}
    code, out, err = run(capsys, bundled, *argv)
    assert code == 1 and out == ""
    assert err.startswith("ach: error: ") and message in err and err.count("\n") == 1
    after = {p: p.read_bytes() for p in bundled.rglob("*") if p.is_file()}
    assert after == before


def test_broken_house_template_is_one_line(capsys, bundled, tmp_path):
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "briefing.html.j2").write_text("{% block %}", encoding="utf-8")
    code, _, err = run(capsys, bundled, "report", BUNDLED_CASE, "--template", str(folder))
    assert code == 1
    assert err.startswith("ach: error: ") and "briefing.html.j2:1:" in err
    assert err.count("\n") == 1
