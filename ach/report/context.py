"""What a briefing shows, as plain data: ``build_context`` turns a case into the template's dict.

Pure: no I/O, no clock. Every list is in a fixed order (rank, diagnosticity, the
case's own order) so the same case always gives the same context, and so the
same bytes once rendered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup

from ach import figures
from ach.cautions import hypothesis_warnings
from ach.collector import collection_paused
from ach.estimative import MATRIX_READING, band
from ach.model import Case, CaseEvidence, Evidence, EvidenceType, Level, Rating
from ach.refs import hypothesis_refs, item_refs
from ach.report import wording
from ach.report.front import front_context, since_sentence
from ach.report.method import method_context
from ach.report.team import Panel, team_context
from ach.report.timeline import outcome_sentences, review_context, timeline_context
from ach.scoring import (
    EvidenceScore,
    Matrix,
    Row,
    Scores,
    matrix_for,
    row_figures,
    score,
)
from ach.store import Library

if TYPE_CHECKING:  # the git reading loads only when there is a repository
    from ach.report.past import Past
    from ach.report.since import Since

#: How many items for the leader, and against it, the briefing explains in full.
LEADER_ITEMS = 5
#: How many items per hypothesis are listed as counting against it.
DOUBTS_PER_HYPOTHESIS = 5


@dataclass(frozen=True)
class _View:
    """One scoring of the case, indexed for building the briefing."""

    analyst: str | None
    raters: list[str]
    rows: dict[str, Row]
    figures: dict[str, EvidenceScore]
    order: dict[str, int]
    refs: dict[str, str]


@collection_paused()
def build_context(case: Case, library: Library, *, analyst: str | None = None,
                  since: Since | None = None, paper: str = "", past: Past | None = None
                  ) -> dict:
    """The data the briefing template receives; ``analyst=None`` is the team's consensus.

    ``since`` is what changed since the last briefing (``ach.report.since``, read from git
    by the caller, so that this stays pure); ``paper`` ("a4", "letter" or "") sets the
    printed page size; ``past`` is the case's history (``ach.report.past``, read by the
    caller too): the timeline of the matrix's reading and, with an outcome, the review.
    """
    if analyst is not None and analyst not in case.analysts:
        raise ValueError(f"{analyst!r} has rated nothing in case {case.id!r}")
    panel = Panel.of(case, library) if len(case.analysts) > 1 else None
    matrix = _view_matrix(case, library, analyst, panel)
    scores = score(matrix)
    view = _View(analyst, [analyst] if analyst is not None else case.analysts,
                 {r.evidence_id: r for r in matrix.rows}, {e.id: e for e in scores.evidence},
                 {h: i for i, h in enumerate(matrix.hypothesis_ids)},
                 item_refs(case))
    hypotheses = _ranked_hypotheses(case, scores)
    shown = _Columns(hypotheses, view.order)
    items = {ref.id: _item(case, library, ref, view, shown) for ref in case.evidence}
    counted = [items[ref.id] for ref in case.evidence if not ref.excluded]
    counted.sort(key=lambda item: -round(item["diagnosticity"], 9))  # stable: case order
    for h, doubts in zip(hypotheses, _doubts(case, view, shown, counted), strict=True):
        h["doubts"] = doubts
        h["against_count"] = len(doubts["items"]) + doubts["more"]
    pins = [item["id"] for item in counted if item["linchpin"]]
    cells = len(counted) * len(hypotheses)
    unrated = sum(view.rows[item["id"]].ratings.count(None) for item in counted)
    rated = unrated < cells  # some counted cell holds a rating
    day = analysis_date(case, library)
    flip = scores.flip_margin
    method = method_context(case, library, matrix, hypotheses, items, pins=_linchpins(scores))
    return {
        "case": {"id": case.id, "title": case.title or case.id, "question": case.question,
                 "notes": case.notes, "created": _iso(case.created),
                 "marking": " ".join(case.marking.split())},
        "paper": paper,
        "since": since_sentence(since, hypotheses),
        "happened": outcome_sentences(case, past, hypotheses),
        "timeline": timeline_context(past, case),
        "review": review_context(past, case, items),
        "front": front_context(case, library, scores, hypotheses, items, counted, pins,
                               method["sensitivity"]["sets"]),
        "matrix_reading": MATRIX_READING,
        "view": _view(case, analyst),
        "analysts": case.analysts,
        "analysis_date": _iso(day),
        "analysis_date_text": wording.long_date(day) or "undated",
        "counts": {"hypotheses": len(hypotheses), "items": len(items), "counted": len(counted),
                   "excluded": len(items) - len(counted), "cells": cells, "unrated": unrated},
        "bluf": {
            "headline": wording.headline(hypotheses, rated),
            "reading": wording.lead_reading(hypotheses, rated,
                                            flip.steps if flip else None, len(counted)),
            "fragility": wording.fragility(hypotheses, [items[e]["ref"] for e in pins], rated),
            "probability": wording.probability_reading(hypotheses, len(counted), rated),
            "unrated": wording.unrated_note(unrated, cells),
            "gaps": wording.lead_gaps(hypotheses, len(counted), rated),
        },
        "hypotheses": hypotheses,
        "matrix": {"rows": counted,
                   "excluded": [items[r.id] for r in case.evidence if r.excluded]},
        "leader_evidence": _leader_evidence(case, view.raters, counted, hypotheses, rated),
        "groups": _groups(case, items),
        "sources": _sources(case, library, items),
        "unsourced": [items[r.id] for r in case.evidence if items[r.id]["source"] is None],
        "team": team_context(case, library, hypotheses, items,
                             agreed=scores if analyst is None else None, panel=panel),
        "method": _method(),
        # Where each score comes from, how fragile the lead is, what to watch.
        **method,
    }


def _view_matrix(case: Case, library: Library, analyst: str | None,
                 panel: Panel | None) -> Matrix:
    """The matrix the briefing shows, taken from the analysts' matrices when the team
    section needs them anyway."""
    if panel is None:
        return matrix_for(case, library.items, analyst)
    return panel.consensus() if analyst is None else panel.matrix(analyst)


def analysis_date(case: Case, library: Library) -> dt.date | None:
    """The latest date the case knows: its creation, its items' events, their sources."""
    dates = [case.created]
    for ref in case.evidence:
        item = library.items.get(ref.id)
        if item is not None:
            source = library.source_of(item)
            dates += [item.date, source.published if source else None]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def safe_link(url: str) -> str | None:
    """The URL if it is an http(s) address fit to be a link, else None (shown as text)."""
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# -- pieces ------------------------------------------------------------------------

def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _view(case: Case, analyst: str | None) -> dict:
    raters = case.analysts
    if analyst is not None or len(raters) == 1:
        name = analyst or raters[0]
        return {"analyst": analyst, "team": False, "label": f"the ratings of {name}",
                "names": [name]}
    if not raters:
        return {"analyst": None, "team": True, "label": "no ratings yet", "names": []}
    return {"analyst": None, "team": True, "names": raters,
            "label": f"the consensus of {figures.plural(len(raters), 'analyst')}"}


def _fraction(value: float, top: float) -> str:
    """A bar's length as a percentage string: fixed decimals, so the bytes are stable."""
    share = value / top if top > 0 else 0.0
    return f"{max(0.0, min(1.0, share)) * 100:.1f}"


def _ranked_hypotheses(case: Case, scores: Scores) -> list[dict]:
    by_id = {h.id: h for h in case.hypotheses}
    refs = hypothesis_refs(case)
    warnings = hypothesis_warnings(case, scores)
    ranked = scores.ranked
    top_plain = max((h.inconsistency for h in ranked), default=0.0)
    top_weighted = max((h.weighted_inconsistency for h in ranked), default=0.0)
    result = []
    for position, s in enumerate(ranked, start=1):
        hyp = by_id[s.id]
        result.append({
            "id": hyp.id, "key": refs[hyp.id], "position": position, "title": hyp.title,
            "description": hyp.description, "proposed_by": hyp.proposed_by,
            "refuted_by": hyp.refuted_by, "warnings": warnings.get(hyp.id, []),
            "band": band(s.probability).value,
            "rank": s.rank, "leader": s.id in scores.leaders, "unrated": s.unrated,
            "inconsistency": s.inconsistency,
            "inconsistency_text": figures.score(s.inconsistency),
            "weighted": s.weighted_inconsistency,
            "weighted_text": f"{s.weighted_inconsistency:.2f}",
            "probability": s.probability,
            "probability_text": figures.percent(s.probability),
            "bars": {"inconsistency": _fraction(s.inconsistency, top_plain),
                     "weighted": _fraction(s.weighted_inconsistency, top_weighted),
                     "probability": _fraction(s.probability, 1.0)},
        })
    return result


def _missing_item(evidence_id: str) -> Evidence:
    return Evidence(id=evidence_id, summary=f"{evidence_id} (missing from the evidence files)")


def _linchpins(scores: Scores) -> list[str]:
    """The linchpins' ids in the matrix's (the case's) order."""
    return [e.id for e in scores.evidence if e.linchpin]


class _Columns:
    """The matrix's columns in the briefing's (rank) order, and each shown cell's dict.

    A cell's dict depends only on its column, its rating and its row's weight, which
    take few distinct values: each is built once and shared by every row that shows
    it (nothing changes a cell's dict once built; explained cells are copies).
    """

    def __init__(self, hypotheses: list[dict], order: dict[str, int]) -> None:
        self.hypotheses = hypotheses
        #: The matrix column of each hypothesis, in rank order.
        self.at = [order[h["id"]] for h in hypotheses]
        #: The rank column of each matrix column.
        self.rank_of = {at: column for column, at in enumerate(self.at)}
        self._by_weight: dict[float, list[dict]] = {}

    def ratings(self, row: Row) -> list[Rating | None]:
        """A row's ratings in rank order."""
        return list(map(row.ratings.__getitem__, self.at))

    def cells(self, ratings: list[Rating | None], row_weight: float) -> list[dict]:
        tables = self._by_weight.get(row_weight)
        if tables is None:
            tables = self._by_weight[row_weight] = [
                {r: _cell(h, r, row_weight) for r in _SHOWN} for h in self.hypotheses]
        return list(map(dict.__getitem__, tables, ratings))


def _item(case: Case, library: Library, ref: CaseEvidence, view: _View,
          shown: _Columns) -> dict:
    item = library.items.get(ref.id) or _missing_item(ref.id)
    source = library.source_of(item)
    relevance = ref.relevance or item.relevance
    row = view.rows[ref.id]
    figures_of = view.figures[ref.id]
    ratings = shown.ratings(row)
    kind, kind_label = _TYPE_SHOWN[item.type]
    credibility, credibility_label = _LEVEL_SHOWN[item.credibility]
    relevance, relevance_label = _LEVEL_SHOWN[relevance]
    group = case.group_of(ref.id)
    return {
        "id": item.id, "ref": view.refs[ref.id], "summary": item.summary, "quote": item.quote,
        "said_by": item.said_by, "group": group.label if group else "",
        "type": kind, "type_label": kind_label,
        "date": _iso(item.date), "date_text": wording.long_date(item.date),
        "credibility": credibility, "credibility_label": credibility_label,
        "relevance": relevance, "relevance_label": relevance_label,
        "weight": row.counted_weight, "weight_text": f"{row.counted_weight:.2f}",
        "deception": item.deception, "tags": list(item.tags),
        "diagnosticity": figures_of.diagnosticity,
        "diagnosticity_text": f"{figures_of.diagnosticity:.2f}",
        "linchpin": figures_of.linchpin,
        "excluded": ref.excluded, "exclusion_reason": ref.exclusion_reason,
        "source": _citation(item, source),
        "no_source": "" if source else _no_source_label(item),
        # What a cell adds is counted as the score counts it: shared within a group.
        "cells": shown.cells(ratings, row.counted_weight),
        "cells_html": _cells_html(ratings),
    }


#: Code and label of each level and evidence type, looked up once: both are properties
#: computed on every access, and every item shows three of them.
_LEVEL_SHOWN = {lv: (lv.value, lv.label) for lv in Level}
_TYPE_SHOWN = {t: (t.value, t.label) for t in EvidenceType}


def _cells_html(ratings: list[Rating | None]) -> Markup:
    """A heat-map row's cells as markup, built only from the rating codes (never from
    analyst text): the template's hottest loop, 60,000 cells on a large case."""
    return Markup("".join(map(_CELL_HTML.__getitem__, ratings)))


def _citation(item: Evidence, source) -> dict | None:
    if source is None:
        return None
    where = f"paragraph {item.location.paragraph}" if item.location else ""
    return {"id": source.id, "title": source.title, "publisher": source.publisher,
            "location": where}


def _no_source_label(item: Evidence) -> str:
    if item.source_id is not None:
        return f"source {item.source_id} is missing from the evidence files"
    return item.type.label if item.type.needs_no_source else "no source given"


#: code, label, CSS class and Heuer's h of each rating (None: not rated), looked up once.
_SHOWN = {r: (r.value, r.label, "r-" + r.value.lower(), r.inconsistency) for r in Rating}
_SHOWN[None] = ("", "not rated", "r-none", 0)
_CELL_HTML = {r: f'<td class="cell {css}">{code or "·"}</td>'
              for r, (code, _, css, _) in _SHOWN.items()}


def _cell(hyp: dict, rating: Rating | None, row_weight: float) -> dict:
    """One cell of the view: what the heat map shows."""
    code, label, css, h = _SHOWN[rating]
    return {"hypothesis_id": hyp["id"], "key": hyp["key"], "title": hyp["title"],
            "code": code, "label": label, "css": css, "against": h * row_weight}


def _with_reasons(case: Case, raters: list[str], evidence_id: str, cell: dict) -> dict:
    """A cell the briefing explains: with the reason of each viewed analyst who rated it.

    Only explained cells carry reasons; a large matrix has far more cells than the
    briefing explains, and gathering every analyst's reason for each would dominate.
    """
    reasons = []
    for name in raters:
        given = case.cell(name, evidence_id, cell["hypothesis_id"])
        if given is not None:
            reasons.append({"analyst": name, "code": _SHOWN[given.rating][0],
                            "reason": given.reason})
    return {**cell, "reasons": reasons}


def _explained(case: Case, raters: list[str], item: dict) -> dict:
    return {**item, "cells": [_with_reasons(case, raters, item["id"], c) for c in item["cells"]]}


def _doubts(case: Case, view: _View, shown: _Columns, counted: list[dict]) -> list[dict]:
    """For each hypothesis in rank order, the items that count against it, heaviest first.

    One pass over the inconsistent cells only (the rows' figures list them), in the
    order of ``counted``: a large matrix has far more consistent cells than not.
    """
    against: list[list[tuple[dict, dict]]] = [[] for _ in shown.at]
    for item in counted:
        row = view.rows[item["id"]]
        for at, _ in row_figures(row.counted_weight, row.ratings).nonzero:
            column = shown.rank_of[at]
            against[column].append((item, item["cells"][column]))
    return [_doubts_of(case, view.raters, pairs) for pairs in against]


def _doubts_of(case: Case, raters: list[str], against: list[tuple[dict, dict]]) -> dict:
    against.sort(key=lambda pair: -round(pair[1]["against"], 9))  # stable: diagnosticity
    shown = [{"item": item, "cell": _with_reasons(case, raters, item["id"], cell),
              "against_text": f"{cell['against']:.2f}"}
             for item, cell in against[:DOUBTS_PER_HYPOTHESIS]]
    return {"items": shown, "more": max(0, len(against) - DOUBTS_PER_HYPOTHESIS)}


def _leader_evidence(case: Case, raters: list[str], counted: list[dict],
                     hypotheses: list[dict], rated: bool) -> dict:
    """The evidence for and against the leading hypothesis (the first of a shared lead):
    the items rated against it, heaviest first, and the items consistent with it that
    tell it apart from the others, most diagnostic first."""
    if not rated or not hypotheses:
        return {"leader": None, "against": [], "for": [], "more_against": 0, "more_for": 0}
    leader = hypotheses[0]
    against = [d["item"] for d in leader["doubts"]["items"]]
    more_against = leader["doubts"]["more"]
    supporting = [item for item in counted if item["diagnosticity"] > 0
                  and item["cells"][0]["code"] in ("C", "CC")]
    return {"leader": {"key": leader["key"], "title": leader["title"]},
            "against": [_explained(case, raters, item) for item in against],
            "more_against": more_against,
            "for": [_explained(case, raters, item) for item in supporting[:LEADER_ITEMS]],
            "more_for": max(0, len(supporting) - LEADER_ITEMS)}


def _groups(case: Case, items: dict[str, dict]) -> list[dict]:
    """The dependence groups, each with its members' refs and summaries (case order)."""
    return [{"label": g.label, "kind": g.kind.value.replace("-", " "),
             "items": [{"id": m, "ref": items[m]["ref"], "summary": items[m]["summary"]}
                       for m in g.members if m in items]}
            for g in case.groups]


def _sources(case: Case, library: Library, items: dict[str, dict]) -> list[dict]:
    """Every source the case's items cite, in the order the case first cites them."""
    cited: dict[str, list[dict]] = {}
    for ref in case.evidence:
        citation = items[ref.id]["source"]
        if citation is not None:
            cited.setdefault(citation["id"], []).append(items[ref.id])
    result = []
    for source_id, cited_by in cited.items():
        source = library.sources[source_id]
        result.append({
            "id": source.id, "title": source.title, "publisher": source.publisher,
            "author": source.author, "published": _iso(source.published),
            "published_text": wording.long_date(source.published),
            "url": source.url, "link": safe_link(source.url),
            "document": f"evidence/{source.document}" if source.document else "",
            "items": [{"id": i["id"], "ref": i["ref"], "summary": i["summary"]}
                      for i in cited_by],
        })
    return result


def _method() -> dict:
    """The numbers the method note states, read from the model so they never drift."""
    return {
        "narrow_share": f"{wording.NARROW_SHARE:.0%}".replace("%", " %"),
        "wide_share": f"{wording.WIDE_SHARE:.0%}".replace("%", " %"),
        "bands": [{"term": t.value, "range": r} for t, r in _BAND_RANGES],
        "ratings": [{"code": r.value, "label": r.label, "inconsistency": r.inconsistency,
                     "likelihood": f"{r.likelihood:.2f}", "css": "r-" + r.value.lower()}
                    for r in Rating],
        "weights": [{"code": lv.value, "label": lv.label, "weight": f"{lv.weight:.2f}"}
                    for lv in Level],
    }


#: The ICD 203 bands as the method note states them (ach.estimative's edges).
_BAND_RANGES = [(t, r) for t, r in zip(
    __import__("ach.model", fromlist=["EstimativeTerm"]).EstimativeTerm,
    ("below 5 in 100", "5 to 20 in 100", "20 to 45 in 100", "45 to 55 in 100",
     "55 to 80 in 100", "80 to 95 in 100", "above 95 in 100"), strict=True)]
