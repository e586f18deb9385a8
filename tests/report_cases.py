"""Small cases built in code for the briefing tests: plain, two-analyst and hostile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ach.model import (
    Case,
    CaseEvidence,
    Cell,
    Confidence,
    DependenceGroup,
    EstimativeTerm,
    Evidence,
    EvidenceType,
    Hypothesis,
    KeyJudgment,
    Level,
    Location,
    Rating,
    Source,
)
from ach.store import Library, Workspace

#: Text meant to break out of HTML, of attributes, of CSS strings, of Jinja2, of the terminal
#: and of direction.
SCRIPT = "<script>alert('x')</script>"
BREAKOUT = "\"'><img src=x onerror=alert(1)>"
JINJA_EXPR = "{{ 7*7 }}"
JINJA_STMT = "{% if true %}yes{% endif %}"
CONTROL = "bell\x07nul\x00esc\x1b[31mdel\x7fnel\x85end"
ARABIC = "بغداد تبتعد عن طهران"
JS_URL = "javascript:alert(document.cookie)"

HOSTILE = " ".join([SCRIPT, BREAKOUT, JINJA_EXPR, JINJA_STMT, CONTROL])


def item(evidence_id: str, summary: str = "", **fields) -> Evidence:
    return Evidence(id=evidence_id, summary=summary or f"item {evidence_id}", **fields)


def build_case(hypotheses: list[str], ratings: dict[str, dict[str, dict[str, str]]],
               evidence_ids: list[str], *, excluded: dict[str, str] | None = None,
               **fields) -> Case:
    """A case whose hypotheses are ``h1``… titled as given; ratings as codes, or ``code|reason``."""
    hyps = [Hypothesis(id=f"h{i}", title=title) for i, title in enumerate(hypotheses, 1)]
    excluded = excluded or {}
    refs = [CaseEvidence(id=e, excluded=e in excluded, exclusion_reason=excluded.get(e, ""))
            for e in evidence_ids]
    case = Case(id=fields.pop("case_id", "demo"), question=fields.pop("question", "Which?"),
                hypotheses=hyps, evidence=refs, **fields)
    for analyst, rows in ratings.items():
        for e, row in rows.items():
            for h, text in row.items():
                code, _, reason = text.partition("|")
                case.set_cell(analyst, e, h, Cell(rating=Rating(code), reason=reason))
    return case


def library(*items: Evidence, sources: tuple[Source, ...] = ()) -> Library:
    return Library(sources={s.id: s for s in sources}, items={e.id: e for e in items})


def two_analyst_case() -> tuple[Case, Library]:
    """Two analysts who agree on most cells but not on which hypothesis leads."""
    ratings = {
        "Ana": {"e1": {"h1": "C", "h2": "I|Ana thinks this hurts h2"},
                "e2": {"h1": "C", "h2": "C"},
                "e3": {"h1": "II|Ana: flatly against h1", "h2": "C"}},
        "Ben": {"e1": {"h1": "C", "h2": "CC|Ben thinks this fits h2 well"},
                "e2": {"h1": "C", "h2": "C"},
                "e3": {"h1": "N", "h2": "I|Ben: somewhat against h2"}},
    }
    case = build_case(["First idea", "Second idea"], ratings, ["e1", "e2", "e3"])
    return case, library(item("e1"), item("e2"), item("e3"))


def hostile_workspace(root: Path) -> Workspace:
    """A workspace whose every text field (and analyst name) carries hostile text."""
    workspace = Workspace(root)
    source = Source(id="src-1", title=f"Title {HOSTILE} {ARABIC}", publisher=f"Pub {SCRIPT}",
                    author=f"Author {BREAKOUT}", published=dt.date(2024, 5, 1), url=JS_URL,
                    document=f"{BREAKOUT}.txt")
    safe_source = Source(id="src-2", title="A plain source", url="https://example.org/a?b=1&c=2")
    items = [
        Evidence(id="e-1", summary=f"Summary {HOSTILE}", quote=f"Quote {HOSTILE} {ARABIC}",
                 source_id="src-1", location=Location(paragraph=2, start=0, end=5),
                 said_by=f"Said {BREAKOUT}", type=EvidenceType.STATEMENT,
                 date=dt.date(2024, 4, 30), credibility=Level.H, relevance=Level.H,
                 tags=[SCRIPT]),
        Evidence(id="e-2", summary=ARABIC, quote=ARABIC, source_id="src-2",
                 type=EvidenceType.REPORT),
        Evidence(id="e-3", summary=f"Assumed {JINJA_STMT}", type=EvidenceType.ASSUMPTION,
                 said_by=ARABIC),
        Evidence(id="e-4", summary="Set aside", type=EvidenceType.ARGUMENT),
    ]
    analysts = [f"Analyst {SCRIPT}", ARABIC]
    case = build_case(
        [f"H one {HOSTILE}", ARABIC, f"H three {JINJA_EXPR}"],
        {analysts[0]: {"e-1": {"h1": f"II|Reason {HOSTILE}", "h2": "C", "h3": "I|" + ARABIC},
                       "e-2": {"h1": "C", "h2": "CC|" + JINJA_EXPR, "h3": "II"},
                       "e-3": {"h1": "N", "h2": "I", "h3": "C"}},
         analysts[1]: {"e-1": {"h1": "CC|" + ARABIC, "h2": "I", "h3": "C"},
                       "e-2": {"h1": "II|" + BREAKOUT, "h2": "C", "h3": "N"}}},
        ["e-1", "e-2", "e-3", "e-4"], excluded={"e-4": f"Excluded {HOSTILE}"},
        case_id="hostile", question=f"Question {HOSTILE} {ARABIC}",
        title=f"Case {HOSTILE}", notes=f"Notes {HOSTILE}\n{ARABIC}", created=dt.date(2024, 5, 2))
    case.hypotheses[0].description = f"Description {HOSTILE}"
    case.hypotheses[0].proposed_by = BREAKOUT
    # The fields the briefing's first page and its print margins show.
    case.hypotheses[1].refuted_by = f"Refuted by {HOSTILE} {ARABIC}"
    case.marking = f"Marking {SCRIPT} {BREAKOUT} \\ \" */ {ARABIC}"
    case.groups = [DependenceGroup(id="g-1", label=f"Group {HOSTILE} {ARABIC}",
                                   members=["e-1", "e-3"])]
    case.judgments = [KeyJudgment(id="j-1", text=f"Judgment {HOSTILE} {ARABIC}",
                                  term=EstimativeTerm.LIKELY, confidence=Confidence.LOW,
                                  basis=f"Basis {HOSTILE} {ARABIC}", hypothesis_id="h2")]
    workspace.create_case(case)
    workspace.save_library(library(*items, sources=(source, safe_source)))
    return workspace
