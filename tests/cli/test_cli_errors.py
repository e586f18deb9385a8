"""Every user mistake: one clear line naming what is wrong, a non-zero exit, no traceback,
and every file of the workspace byte-for-byte as it was."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ach.model import FORMAT_VERSION
from tests.cli.test_cli import ach
from tests.conftest import BUNDLED_CASE

CASE_FILE = f"hypotheses/{BUNDLED_CASE}.json"
SOURCE_FILE = "evidence/israel-hayom-2024-12-25.json"
HEADER = "id,evidence,type,source,date,credibility,relevance"


def tree(root: Path) -> dict[str, str]:
    """Every file under the workspace (hidden ones too) and the hash of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Mistake:
    argv: list[str]
    #: What the one line must name: the file, row, value …
    says: list[str]
    #: Prepares the mistake: (workspace root, folder of input files) -> None.
    setup: Callable[[Path, Path], None] = lambda root, inputs: None


def check(mistake: Mistake, root: Path, inputs: Path) -> str:
    mistake.setup(root, inputs)
    before = tree(root)
    argv = [a.replace("{in}", str(inputs)).replace("{root}", str(root)) for a in mistake.argv]
    out = ach(root, *argv, cwd=inputs, expect=None)
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    line = lines[0]
    assert line.startswith("ach: error: "), line
    for part in mistake.says:
        assert part.replace("{root}", str(root)) in line, (part, line)
    assert tree(root) == before, "a file of the workspace changed"
    return line


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


# -- broken workspace files ---------------------------------------------------------------------

def _rewrite(relpath: str, change: Callable[[bytes], bytes]) -> Callable[[Path, Path], None]:
    def setup(root: Path, inputs: Path) -> None:
        path = root / relpath
        path.write_bytes(change(path.read_bytes()))
    return setup


def _newer(data: bytes) -> bytes:
    parsed = json.loads(data)
    parsed["meta"]["format"]["version"] = FORMAT_VERSION + 1
    return json.dumps(parsed).encode()


def _twin_record(data: bytes) -> bytes:
    text = data.decode()
    key = '"e-01": {' if '"items"' not in text[:40] else '"e-02": {'
    return text.replace(key, '"e-01": {"order": 0},\n    ' + key, 1).encode()


BROKEN = {
    # A lost comma, as a careless hand edit leaves it.
    "corrupt": (lambda b: b.replace(b",\n", b"\n", 1), ["is not valid JSON", "line "]),
    "truncated": (lambda b: b[: len(b) // 2], ["cut short", "line "]),
    "empty": (lambda b: b"", ["is empty"]),
    "binary": (lambda b: bytes(range(256)) * 4, ["binary file"]),
    "not UTF-8": (lambda b: '{"meta": "Bagdàd"}'.encode("latin-1"), ["not UTF-8"]),
    "package.json": (lambda b: b'{"name": "x", "version": "1.0.0", "dependencies": {"a": "1"}}',
                     ["is not an ACH file"]),
    "JSON list": (lambda b: b'[{"meta": {}}]', ["is not an ACH file", "not a JSON object"]),
    "JSON string": (lambda b: b'"hello"', ["is not an ACH file"]),
    "newer format": (_newer, [f"format {FORMAT_VERSION + 1}", "newer", "upgrade"]),
    "conflict markers": (lambda b: b"<<<<<<< ours\n" + b + b"=======\n{}\n>>>>>>> theirs\n",
                         ["conflict markers"]),
    "duplicate key": (_twin_record, ["'e-01' appears twice"]),
}


@pytest.mark.parametrize("relpath", [CASE_FILE, SOURCE_FILE], ids=["case", "evidence"])
@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_file_is_named_and_nothing_is_written(bundled: Path, inputs: Path,
                                                       relpath: str, kind: str) -> None:
    change, says = BROKEN[kind]
    mistake = Mistake(["rate", BUNDLED_CASE, "e-01", "h-hedge", "II", "--reason", "x"],
                      [f"ach: error: {relpath}: ", *says], _rewrite(relpath, change))
    check(mistake, bundled, inputs)


@pytest.mark.parametrize("argv", [
    ["score", BUNDLED_CASE], ["score", BUNDLED_CASE, "--json"], ["list"],
    ["export-matrix", BUNDLED_CASE, "-o", "{in}/m.csv"],
    ["hypothesis", "add", BUNDLED_CASE, "Something else"],
    ["evidence", "add", BUNDLED_CASE, "A new item"],
    ["source", "add", "new-source", "--title", "T"],
    ["import-matrix", "{in}/m.csv", "--case", "other"],
], ids=lambda a: " ".join(a[:2]))
def test_every_command_refuses_a_truncated_file(bundled: Path, inputs: Path, argv) -> None:
    (inputs / "m.csv").write_text(f"{HEADER},A\ne-new,x,,,,M,M,C\n", encoding="utf-8")
    relpath = CASE_FILE if argv[0] in ("score", "list", "export-matrix", "hypothesis") \
        else SOURCE_FILE
    if argv[0] == "evidence":
        relpath = "evidence/no-source.json"
    mistake = Mistake(argv, [f"{relpath}: ", "cut short"],
                      _rewrite(relpath, lambda b: b[: len(b) - 30]))
    check(mistake, bundled, inputs)
    assert not (inputs / "m.csv").with_name("m.csv.tmp").exists()


def test_a_record_of_the_wrong_shape_is_named(bundled: Path, inputs: Path) -> None:
    def setup(root: Path, _: Path) -> None:
        path = root / CASE_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data["hypotheses"]["h-hedge"] = ["not", "a", "record"]
        path.write_text(json.dumps(data), encoding="utf-8")
    check(Mistake(["score", BUNDLED_CASE], [CASE_FILE, "hypotheses → h-hedge",
                                            "not a JSON object"], setup), bundled, inputs)


def test_a_bad_value_in_a_file_names_record_and_field(bundled: Path, inputs: Path) -> None:
    def setup(root: Path, _: Path) -> None:
        path = root / SOURCE_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data["items"]["e-04"]["date"] = "last week"
        path.write_text(json.dumps(data), encoding="utf-8")
    line = check(Mistake(["rate", BUNDLED_CASE, "e-01", "h-hedge", "N"],
                         [SOURCE_FILE, "items → e-04 → date"], setup), bundled, inputs)
    assert "pydantic" not in line and "input_value" not in line


# -- matrix CSVs --------------------------------------------------------------------------------

def _csv(text: str | bytes, name: str = "m.csv") -> Callable[[Path, Path], None]:
    def setup(root: Path, inputs: Path) -> None:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (inputs / name).write_bytes(data)
    return setup


def _import(name: str = "m.csv", case: str = "new-case") -> list[str]:
    return ["import-matrix", f"{{in}}/{name}", "--case", case]


CSV_MISTAKES = {
    "unknown rating code": Mistake(
        _import(), ["m.csv", "row 3", "column 'Lab'", "'maybe'"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,,M,M,C,I\ne2,b,,,,M,M,CC,maybe\n")),
    "unknown credibility code": Mistake(
        _import(), ["m.csv", "row 2", "column 'credibility'", "'Q'"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,,Q,M,C,I\n")),
    "unknown relevance code": Mistake(
        _import(), ["m.csv", "row 2", "column 'relevance'", "'very'"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,,M,very,C,I\n")),
    "bad date": Mistake(
        _import(), ["m.csv", "row 2", "column 'date'", "'25/12/2024'"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,25/12/2024,M,M,C,I\n")),
    "duplicate ids": Mistake(
        _import(), ["m.csv", "row 4", "'e1'", "earlier row"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,,M,M,C,I\ne2,b,,,,M,M,C,I\ne1,c,,,,M,M,N,N\n")),
    "an id that is no id": Mistake(
        _import(), ["m.csv", "row 2", "column 'id'", "'../e1'"],
        _csv(f"{HEADER},Market,Lab\n../e1,a,,,,M,M,C,I\n")),
    "short ragged row": Mistake(
        _import(), ["m.csv", "row 3", "8 cells", "9"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,,M,M,C,I\ne2,b,,,,M,M,C\n")),
    "long ragged row": Mistake(
        _import(), ["m.csv", "row 2", "10 cells", "9"],
        _csv(f"{HEADER},Market,Lab\ne1,a,,,,M,M,C,I,CC\n")),
    "no hypothesis columns": Mistake(
        _import(), ["m.csv", "row 1", "no hypothesis columns"],
        _csv(f"{HEADER}\ne1,a,,,,M,M\n")),
    "a wrong header": Mistake(
        _import(), ["m.csv", "row 1", "header must begin"],
        _csv("finding,H1,H2\na,C,I\n")),
    "two hypotheses of one title": Mistake(
        _import(), ["m.csv", "row 1", "'Lab' appears twice"],
        _csv(f"{HEADER},Lab,Lab\ne1,a,,,,M,M,C,I\n")),
    "an empty hypothesis title": Mistake(
        _import(), ["m.csv", "row 1", "column 9", "empty"],
        _csv(f"{HEADER},Lab,\ne1,a,,,,M,M,C,I\n")),
    "no evidence text": Mistake(
        _import(), ["m.csv", "row 2", "column 'evidence'", "empty"],
        _csv(f"{HEADER},Market,Lab\ne1,,,,,M,M,C,I\n")),
    "an over-long title": Mistake(
        _import(), ["m.csv", "row 1", "at most 500 characters"],
        _csv(f"{HEADER},{'x' * 600}\ne1,a,,,,M,M,C\n")),
    "an id of another item": Mistake(
        _import(), ["m.csv", "row 2", "'e-01'", "different evidence item"],
        _csv(f"{HEADER},Market,Lab\ne-01,Something else entirely,,,,M,M,C,I\n")),
    "an empty file": Mistake(_import(), ["m.csv", "empty"], _csv("")),
    "a BOM and nothing else": Mistake(_import(), ["m.csv", "empty"], _csv(b"\xef\xbb\xbf\n")),
    "a binary file": Mistake(_import(), ["m.csv", "binary"],
                             _csv(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))),
    "not UTF-8": Mistake(_import(), ["m.csv", "not UTF-8"],
                         _csv(f"{HEADER},Bagdàd\ne1,a,,,,M,M,C\n".encode("latin-1"))),
    "a missing file": Mistake(_import("nowhere.csv"), ["nowhere.csv", "no such file"]),
    "a folder": Mistake(["import-matrix", "{in}", "--case", "x"], ["cannot be read"]),
}


@pytest.mark.parametrize("kind", list(CSV_MISTAKES))
def test_a_bad_matrix_csv_is_refused_whole(bundled: Path, inputs: Path, kind: str) -> None:
    check(CSV_MISTAKES[kind], bundled, inputs)
    assert not (bundled / "hypotheses" / "new-case.json").exists()


# -- unknown names, names that leave the workspace, overwriting -----------------------------------

NAME_MISTAKES = {
    "unknown case": Mistake(["score", "nosuch"], ["no case 'nosuch'", BUNDLED_CASE]),
    "unknown case to rate": Mistake(["rate", "nosuch", "e-01", "h-hedge", "C"],
                                    ["no case 'nosuch'"]),
    "unknown evidence": Mistake(["rate", BUNDLED_CASE, "e-99", "h-hedge", "C"],
                                ["no evidence item 'e-99'", "e-01"]),
    "unknown hypothesis": Mistake(["rate", BUNDLED_CASE, "e-01", "Baghdad collapses", "C"],
                                  ["no hypothesis 'Baghdad collapses'", "h-hedge"]),
    "a title that is only nearly right": Mistake(
        ["rate", BUNDLED_CASE, "e-01", "baghdad distances itself from tehran", "C"],
        ["no hypothesis 'baghdad distances itself from tehran'"]),
    "unknown rating code": Mistake(["rate", BUNDLED_CASE, "e-01", "h-hedge", "maybe"],
                                   ["'maybe'", "CC, C, N, I, II or NA"]),
    "unknown hypothesis to edit": Mistake(["hypothesis", "edit", BUNDLED_CASE, "h-x",
                                           "--title", "T"], ["no hypothesis 'h-x'"]),
    "unknown hypothesis to remove": Mistake(["hypothesis", "remove", BUNDLED_CASE, "h-x"],
                                            ["no hypothesis 'h-x'"]),
    "unknown evidence to edit": Mistake(["evidence", "edit", BUNDLED_CASE, "e-99",
                                         "--credibility", "H"], ["no evidence item 'e-99'"]),
    "unknown evidence to remove": Mistake(["evidence", "remove", BUNDLED_CASE, "e-99"],
                                          ["no evidence item 'e-99'"]),
    "unknown source": Mistake(["evidence", "add", BUNDLED_CASE, "X", "--source", "nowhere"],
                              ["no source 'nowhere'", "israel-hayom-2024-12-25"]),
    "unknown credibility": Mistake(["evidence", "add", BUNDLED_CASE, "X", "--credibility",
                                    "sure"], ["--credibility", "'sure'"]),
    "unknown type": Mistake(["evidence", "add", BUNDLED_CASE, "X", "--type", "rumour"],
                            ["--type", "'rumour'"]),
    "bad date": Mistake(["evidence", "add", BUNDLED_CASE, "X", "--date", "yesterday"],
                        ["'yesterday'", "2024-12-25"]),
    "a taken id": Mistake(["evidence", "add", BUNDLED_CASE, "X", "--id", "e-01"],
                          ["'e-01'", "already taken"]),
    "an empty summary": Mistake(["evidence", "add", BUNDLED_CASE, "  "], ["summary", "empty"]),
    "an empty question": Mistake(["new", "c2", "--question", " "], ["--question", "empty"]),
    "an over-long question": Mistake(["new", "c2", "--question", "q" * 600],
                                     ["question", "at most 500 characters"]),
    "new ../x": Mistake(["new", "../x", "--question", "Q"], ["case name '../x'", "not allowed"]),
    "new absolute": Mistake(["new", "{root}/hypotheses/x", "--question", "Q"],
                            ["case name '{root}/hypotheses/x'", "not allowed"]),
    "score ../x": Mistake(["score", "../x"], ["'../x'", "not allowed"]),
    "rate absolute": Mistake(["rate", "/etc/passwd", "e-01", "h-hedge", "C"],
                             ["'/etc/passwd'", "not allowed"]),
    "hypothesis add ../x": Mistake(["hypothesis", "add", "../hypotheses/x", "T"],
                                   ["'../hypotheses/x'", "not allowed"]),
    "import as ../x": Mistake(["import-matrix", "{in}/m.csv", "--case", "../x"],
                              ["'../x'", "not allowed"], _csv(f"{HEADER},A\ne1,a,,,,M,M,C\n")),
    "import as absolute": Mistake(["import-matrix", "{in}/m.csv", "--case", "{in}/x"],
                                  ["not allowed"], _csv(f"{HEADER},A\ne1,a,,,,M,M,C\n")),
    "source ../x": Mistake(["source", "add", "../x", "--title", "T"],
                           ["source name '../x'", "not allowed"]),
    "import over an existing case": Mistake(
        ["import-matrix", "{in}/m.csv", "--case", BUNDLED_CASE],
        [f"case '{BUNDLED_CASE}' already exists"], _csv(f"{HEADER},A\ne1,a,,,,M,M,C\n")),
    "new over an existing case": Mistake(["new", BUNDLED_CASE, "--question", "Q"],
                                         [CASE_FILE, "already exists"]),
    "a source that exists": Mistake(["source", "add", "israel-hayom-2024-12-25", "--title", "T"],
                                    ["'israel-hayom-2024-12-25' already exists"]),
    "the reserved source name": Mistake(["source", "add", "no-source", "--title", "T"],
                                        ["'no-source' is reserved"]),
    "export onto a folder": Mistake(["export-matrix", BUNDLED_CASE, "-o", "{in}"],
                                    ["is a folder"]),
    "export where no folder can be made": Mistake(
        ["export-matrix", BUNDLED_CASE, "-o", f"{{root}}/{CASE_FILE}/m.csv"],
        [f"{CASE_FILE}/m.csv", "cannot be written"]),
    "an analyst who rated nothing": Mistake(["score", BUNDLED_CASE, "--analyst", "Nobody"],
                                            ["'Nobody' has rated nothing"]),
    "--analyst with --team": Mistake(["score", BUNDLED_CASE, "--analyst", "Dana Levi",
                                      "--team"], ["not both"]),
}


@pytest.mark.parametrize("kind", list(NAME_MISTAKES))
def test_a_wrong_name_is_refused(bundled: Path, inputs: Path, kind: str) -> None:
    check(NAME_MISTAKES[kind], bundled, inputs)
    assert sorted(p.name for p in (bundled / "hypotheses").iterdir()) == [f"{BUNDLED_CASE}.json"]
    assert not (bundled.parent / "x.json").exists() and not (bundled / "x.json").exists()


def test_a_missing_root_folder(tmp_path: Path) -> None:
    out = ach(tmp_path / "nowhere", "list", expect=1)
    assert out.stderr.strip() == f"ach: error: --root {tmp_path / 'nowhere'}: no such folder"


def test_commands_outside_any_workspace_say_how_to_start(tmp_path: Path) -> None:
    # --root names a folder that is no workspace: nothing to list, and nothing is created.
    out = ach(tmp_path, "score", "c", expect=1)
    assert "no case 'c'" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_on_a_missing_file_names_it(bundled: Path, inputs: Path) -> None:
    before = tree(bundled)
    out = ach(bundled, "validate", "hypotheses/nowhere.json", cwd=bundled, expect=1)
    assert out.stderr.splitlines() == ["hypotheses/nowhere.json: no such file",
                                       "1 problem found"]
    assert tree(bundled) == before
