"""The ACH domain: cases, hypotheses, evidence, sources and ratings.

Pure pydantic v2 models with no I/O. Identity is always a string id that is
unique across branches (see ``new_id``), never an auto-increment integer.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from collections.abc import Container
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

# Re-exported: defined apart so that git's merge driver checks versions without pydantic.
from ach.fileformat import FORMAT_VERSION  # noqa: F401

#: Ids are short, typeable and safe as file names and JSON keys.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
#: The longest free text a field takes (a reason, a quote, notes).
MAX_TEXT = 20_000
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
#: Limits far above any real analysis, so that a runaway file or import is refused in one
#: line instead of taking minutes to score and report.
MAX_HYPOTHESES = 500
MAX_ITEMS = 100_000
#: The longest any text field may be (10 MB of text), fields without a tighter limit too.
MAX_FIELD = 10_000_000

_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, no look-alikes


#: Random characters per id: 50 bits, so even a million ids minted on separate branches
#: (where no one can check the others' ids) collide with odds below one in two thousand.
ID_RANDOM_CHARS = 10


def new_id(prefix: str) -> str:
    """A fresh id such as ``e-7k2m9qx4tw``: random, so two branches never mint the same one."""
    return prefix + "-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_RANDOM_CHARS))


def fresh_id(prefix: str, taken: Container[str]) -> str:
    """A new id that none of ``taken`` uses (a clash is astronomically rare; ruling it
    out is cheap)."""
    while (candidate := new_id(prefix)) in taken:
        pass
    return candidate


def is_valid_id(text: str) -> bool:
    return re.match(ID_PATTERN, text) is not None


class Rating(StrEnum):
    CC = "CC"
    C = "C"
    N = "N"
    I = "I"  # noqa: E741 - Heuer's own code
    II = "II"
    NA = "NA"

    @property
    def score(self) -> int:
        """The numeric reading r: +2 … −2 (NA counts as 0)."""
        return _R[self]

    @property
    def inconsistency(self) -> int:
        """Heuer's h: 1 for I, 2 for II, else 0."""
        return _H[self]

    @property
    def likelihood(self) -> float:
        """The Bayesian reading L(e|H)."""
        return _L[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Rating:
        """A rating from its code or its label, any case; ValueError names the value."""
        key = text.strip().upper().replace(" ", "")
        for rating in cls:
            if key in (rating.value, rating.label.upper().replace(" ", "")):
                return rating
        raise ValueError(f"unknown rating {text!r} (use CC, C, N, I, II or NA)")


_R = {Rating.CC: 2, Rating.C: 1, Rating.N: 0, Rating.I: -1, Rating.II: -2, Rating.NA: 0}
_H = {Rating.CC: 0, Rating.C: 0, Rating.N: 0, Rating.I: 1, Rating.II: 2, Rating.NA: 0}
_L = {Rating.CC: 0.95, Rating.C: 0.80, Rating.N: 0.50, Rating.I: 0.20, Rating.II: 0.05,
      Rating.NA: 0.50}
_LABELS = {Rating.CC: "very consistent", Rating.C: "consistent", Rating.N: "neutral",
           Rating.I: "inconsistent", Rating.II: "very inconsistent", Rating.NA: "not applicable"}

#: The likelihood of a cell nobody has rated yet.
UNRATED_LIKELIHOOD = 0.5


class Level(StrEnum):
    """Credibility or relevance: High, Medium, Low."""

    H = "H"
    M = "M"
    L = "L"

    @property
    def weight(self) -> float:
        return _WEIGHTS[self]

    @property
    def label(self) -> str:
        return {"H": "High", "M": "Medium", "L": "Low"}[self.value]

    @classmethod
    def parse(cls, text: str) -> Level:
        key = text.strip().upper()
        for level in cls:
            if key in (level.value, level.label.upper()):
                return level
        raise ValueError(f"unknown level {text!r} (use H, M or L, or High, Medium or Low)")


_WEIGHTS = {Level.H: math.sqrt(2), Level.M: 1.0, Level.L: 1 / math.sqrt(2)}


class EvidenceType(StrEnum):
    STATEMENT = "statement"
    REPORT = "report"
    ACTION = "action"
    DOCUMENT = "document"
    ASSESSMENT = "assessment"
    ASSUMPTION = "assumption"
    ABSENCE = "absence"
    ARGUMENT = "argument"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "absence of evidence" if self is EvidenceType.ABSENCE else self.value

    @property
    def needs_no_source(self) -> bool:
        """Assumptions, absences and arguments may stand without a source."""
        return self in (EvidenceType.ASSUMPTION, EvidenceType.ABSENCE, EvidenceType.ARGUMENT)

    @classmethod
    def parse(cls, text: str) -> EvidenceType:
        key = text.strip().lower()
        if key in ("", "-"):
            return cls.OTHER
        if key in ("absence of evidence", "absence"):
            return cls.ABSENCE
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(t.value for t in cls)
            raise ValueError(f"unknown evidence type {text!r} (use one of {names})") from None


class Model(BaseModel):
    """Base: unknown fields are errors, so a typo in a file is reported, not dropped."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_max_length=MAX_FIELD)


class Location(Model):
    """Where a quote stands in its source document: paragraph (1-based) and character offsets."""

    paragraph: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Source(Model):
    id: Id
    title: Title
    publisher: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    #: The source text kept beside the evidence, relative to ``evidence/``.
    document: str = ""
    #: ``sha256:<hex>`` of the document's text with whitespace normalised, so that
    #: importing the same article again is recognised.
    content_hash: str = ""
    #: The language its sentences are split by (a code such as ``en`` or ``ar``; empty: ``en``).
    language: str = ""


class Evidence(Model):
    id: Id
    summary: Title
    quote: Text = ""
    #: None for items that come from no source (assumptions, absences, arguments).
    source_id: Id | None = None
    location: Location | None = None
    said_by: str = ""
    type: EvidenceType = EvidenceType.OTHER
    #: The collection discipline (HUMINT, press, intercept, …) or other label an imported
    #: matrix gave beside the type; empty for items made here.
    discipline: str = ""
    #: The date of the event the item reports, not of the report.
    date: dt.date | None = None
    credibility: Level = Level.M
    relevance: Level = Level.M
    deception: bool = False
    tags: list[str] = Field(default_factory=list)

    @property
    def has_source(self) -> bool:
        return self.source_id is not None


class Relation(StrEnum):
    NOT_EXCLUSIVE = "not-exclusive-of"
    SUBSUMES = "subsumes"


class Hypothesis(Model):
    id: Id
    title: Title
    description: Text = ""
    proposed_by: str = ""
    relations: dict[Id, Relation] = Field(default_factory=dict)
    #: What would show it wrong (ACH-METHOD.md "A hypothesis that nothing could refute").
    refuted_by: Text = ""


class CaseEvidence(Model):
    """An evidence item as a case uses it: its case-specific relevance and whether it counts."""

    id: Id
    relevance: Level | None = None
    excluded: bool = False
    exclusion_reason: str = ""


class Cell(Model):
    """One analyst's rating of one evidence item against one hypothesis.

    Frozen: cells are replaced, never changed in place, so equal cells may be shared.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rating: Rating
    reason: Text = ""


class IndicatorStatus(StrEnum):
    NOT_SEEN = "not seen"
    EMERGING = "emerging"
    SEEN = "seen"
    DISCONFIRMED = "disconfirmed"


class StatusChange(Model):
    status: IndicatorStatus
    date: dt.date
    evidence_id: Id | None = None
    note: str = ""


class Indicator(Model):
    id: Id
    hypothesis_id: Id
    text: Title
    history: list[StatusChange] = Field(default_factory=list)

    @property
    def status(self) -> IndicatorStatus:
        return self.history[-1].status if self.history else IndicatorStatus.NOT_SEEN


class CellChange(Model):
    """One cell set (or cleared, with ``rating`` None) in a what-if."""

    evidence_id: Id
    hypothesis_id: Id
    rating: Rating | None = None


class Scenario(Model):
    """A what-if the analyst chose to keep on record: the changes, never their outcome
    (the outcome is recomputed from the current matrix whenever it is shown)."""

    id: Id
    title: Title
    note: Text = ""
    excluded: list[Id] = Field(default_factory=list)
    cells: list[CellChange] = Field(default_factory=list)
    credibility: dict[Id, Level] = Field(default_factory=dict)
    #: Items whose ratings are reversed: "what if this is planted?"
    reversed: list[Id] = Field(default_factory=list)
    #: Items the case sets aside that the what-if counts again.
    restored: list[Id] = Field(default_factory=list)


# -- honest judgments: dependence groups and key judgments ------------------------

class GroupKind(StrEnum):
    """Why items of a dependence group are not independent of one another."""

    SAME_SOURCE = "same-source"
    SAME_SPEAKER = "same-speaker"
    SAME_EVENT = "same-event"
    DERIVED = "derived"


class DependenceGroup(Model):
    """Items that count once between them: each of k counted members weighs w(e)/k."""

    id: Id
    label: Title
    kind: GroupKind = GroupKind.SAME_SOURCE
    members: list[Id] = Field(default_factory=list)


class EstimativeTerm(StrEnum):
    """ICD 203's seven terms of likelihood, least likely first."""

    ALMOST_NO_CHANCE = "almost no chance"
    VERY_UNLIKELY = "very unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN = "roughly even chance"
    LIKELY = "likely"
    VERY_LIKELY = "very likely"
    ALMOST_CERTAIN = "almost certain"

    @classmethod
    def parse(cls, text: str) -> EstimativeTerm:
        key = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
        for term in cls:
            if key == term.value or (term is cls.ROUGHLY_EVEN and key == "roughly even"):
                return term
        names = ", ".join(t.value for t in cls)
        raise ValueError(f"unknown estimative term {text!r} (use one of: {names})")


class Confidence(StrEnum):
    """The analyst's confidence in a judgment, stated apart from its likelihood."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class KeyJudgment(Model):
    """The analyst's own statement of the conclusion (never computed)."""

    id: Id
    text: Title
    term: EstimativeTerm
    confidence: Confidence
    basis: Text = ""
    hypothesis_id: Id | None = None
    written: dt.date | None = None
    #: The hypotheses at rank 1 when it was written, so a later change of leader shows.
    leaders_then: list[Id] = Field(default_factory=list)
class Outcome(Model):
    """What actually happened, recorded once the question is settled: the hypotheses that
    held (one, or several that proved true together), or none when events overtook the
    question. Reviews score every past reading of the matrix against it."""

    hypotheses: list[Id] = Field(default_factory=list)
    overtaken: bool = False
    date: dt.date
    note: Text = ""

    @model_validator(mode="after")
    def _held_or_overtaken(self) -> Outcome:
        if self.overtaken == bool(self.hypotheses):
            raise ValueError("an outcome names the hypotheses that held, or says the "
                             "question was overtaken by events, not both and not neither")
        if len(set(self.hypotheses)) != len(self.hypotheses):
            raise ValueError("an outcome names a hypothesis twice")
        return self


#: analyst -> evidence id -> hypothesis id -> cell
Ratings = dict[str, dict[str, dict[str, Cell]]]


class Case(Model):
    id: Id
    question: Title
    title: str = ""
    created: dt.date | None = None
    notes: Text = ""
    #: The handling line (e.g. a classification) an imported file carried.
    marking: str = ""
    hypotheses: list[Hypothesis] = Field(default_factory=list, max_length=MAX_HYPOTHESES)
    evidence: list[CaseEvidence] = Field(default_factory=list, max_length=MAX_ITEMS)
    ratings: Ratings = Field(default_factory=dict)
    indicators: list[Indicator] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    groups: list[DependenceGroup] = Field(default_factory=list)
    judgments: list[KeyJudgment] = Field(default_factory=list)
    outcome: Outcome | None = None

    @field_validator("hypotheses", "evidence", "indicators", "scenarios", "groups",
                     "judgments")
    @classmethod
    def _unique_ids(cls, items: list) -> list:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"duplicate id {item.id!r}")
            seen.add(item.id)
        return items

    def room_for(self, what: str) -> None:
        """ValueError if the case already has as many ``"hypotheses"`` or ``"evidence"``
        items as a case may (appending to a list is not validated)."""
        limit = MAX_HYPOTHESES if what == "hypotheses" else MAX_ITEMS
        if len(getattr(self, what)) >= limit:
            noun = "hypotheses" if what == "hypotheses" else "evidence items"
            raise ValueError(f"case {self.id!r} already has {limit:,} {noun}, as many as a "
                             "case may hold")

    # -- lookups -------------------------------------------------------------
    def hypothesis(self, key: str) -> Hypothesis:
        """A hypothesis by id, or by exact title; KeyError names what was asked."""
        for hyp in self.hypotheses:
            if hyp.id == key:
                return hyp
        matches = [h for h in self.hypotheses if h.title == key]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(f"case {self.id!r} has no hypothesis {key!r}")

    def evidence_ref(self, evidence_id: str) -> CaseEvidence:
        for ref in self.evidence:
            if ref.id == evidence_id:
                return ref
        raise KeyError(f"case {self.id!r} does not use evidence {evidence_id!r}")

    def uses(self, evidence_id: str) -> bool:
        return any(ref.id == evidence_id for ref in self.evidence)

    @property
    def analysts(self) -> list[str]:
        """Everyone who has rated at least one cell, sorted."""
        return sorted(a for a, rows in self.ratings.items() if any(rows.values()))

    def cell(self, analyst: str, evidence_id: str, hypothesis_id: str) -> Cell | None:
        return self.ratings.get(analyst, {}).get(evidence_id, {}).get(hypothesis_id)

    def set_cell(self, analyst: str, evidence_id: str, hypothesis_id: str,
                 cell: Cell | None) -> None:
        """Set or clear one analyst's cell; empty rows and analysts are dropped."""
        rows = self.ratings.setdefault(analyst, {})
        row = rows.setdefault(evidence_id, {})
        if cell is None:
            row.pop(hypothesis_id, None)
        else:
            row[hypothesis_id] = cell
        if not row:
            rows.pop(evidence_id, None)
        if not rows:
            self.ratings.pop(analyst, None)

    def group_of(self, evidence_id: str) -> DependenceGroup | None:
        """The dependence group an item belongs to (an item is in at most one)."""
        return next((g for g in self.groups if evidence_id in g.members), None)

    def group(self, label: str) -> DependenceGroup:
        """A group by label (or id); KeyError names what was asked."""
        for g in self.groups:
            if label in (g.label, g.id):
                return g
        raise KeyError(f"case {self.id!r} has no dependence group {label!r}")

    def forget_evidence(self, evidence_id: str) -> None:
        self.evidence = [ref for ref in self.evidence if ref.id != evidence_id]
        for g in self.groups:
            if evidence_id in g.members:
                g.members = [m for m in g.members if m != evidence_id]
        for rows in self.ratings.values():
            rows.pop(evidence_id, None)

    def forget_hypothesis(self, hypothesis_id: str) -> None:
        self.hypotheses = [h for h in self.hypotheses if h.id != hypothesis_id]
        for rows in self.ratings.values():
            for row in rows.values():
                row.pop(hypothesis_id, None)
        self.indicators = [i for i in self.indicators if i.hypothesis_id != hypothesis_id]
        # A key judgment outlives the hypothesis it named (its words still stand), but no
        # longer points at it; an outcome that held only for it no longer says anything.
        self.judgments = [j.model_copy(update={"hypothesis_id": None})
                          if j.hypothesis_id == hypothesis_id else j for j in self.judgments]
        if self.outcome is not None and hypothesis_id in self.outcome.hypotheses:
            held = [h for h in self.outcome.hypotheses if h != hypothesis_id]
            self.outcome = (self.outcome.model_copy(update={"hypotheses": held}) if held
                            else None)
