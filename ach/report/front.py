"""Page one of the briefing, as plain data: the product a principal reads.

The question, the analyst's key judgments (or, failing them, the matrix's reading,
labelled as such), the alternatives ranked in plain words, what would change the
conclusion, and the sourcing behind it. Page one names items by their summaries and
hypotheses by their titles: no ids, no score units, no method step numbers.

Pure: no I/O, no clock; the same case gives the same page.
"""

from __future__ import annotations

from collections.abc import Sequence

from ach.cautions import hypothesis_warnings, judgment_warnings, unrefutable
from ach.figures import plural
from ach.flip import CellStep, FlipMargin
from ach.model import Case, IndicatorStatus, KeyJudgment, Level
from ach.report.wording import User, listing, long_date, margin_word, sentence
from ach.scoring import Scores
from ach.store import Library

#: Cells of the flip margin named one by one; more are counted.
FLIP_CELLS_SHOWN = 3
#: Linchpins named by their summaries; more are counted.
PINS_NAMED = 2
#: Indicators listed on page one (the annex lists them all).
WATCH_SHOWN = 2
#: Sources or groups named as able to change the leader on their own.
SETS_NAMED = 3

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten")


def count_words(n: int, noun: str, many: str | None = None) -> str:
    """``one item``, ``three items``, ``12 items``: small counts read as words."""
    word = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
    return f"{word} {noun if n == 1 else (many or noun + 's')}"


def quoted(text: str) -> list[str]:
    return ["\u201c", User(text), "\u201d"]


def front_context(case: Case, library: Library, scores: Scores, hypotheses: list[dict],
                  items: dict[str, dict], counted: list[dict], pins: Sequence[str],
                  sets: Sequence[dict]) -> dict:
    """Everything page one shows. ``hypotheses`` are the briefing's (rank order, with
    their doubts), ``counted`` the counted items, ``sets`` the whole-source and
    whole-group outcomes of the sensitivity section."""
    rated = any(c["code"] for item in counted for c in item["cells"])
    titles = {h["id"]: h["title"] for h in hypotheses}
    return {
        "judgments": [_judgment(j, scores, titles) for j in case.judgments],
        "reading": _reading(hypotheses, rated),
        "alternatives": _alternatives(hypotheses, rated),
        "change": _change(scores.flip_margin, hypotheses, items, len(counted), pins, sets,
                          rated),
        "watch": _watch(case, scores, titles),
        "cautions": _cautions(case, scores, titles, rated),
        "sourcing": _sourcing(case, library, counted),
    }


# -- the judgment ------------------------------------------------------------------------

def _judgment(judgment: KeyJudgment, scores: Scores, titles: dict[str, str]) -> dict:
    about = titles.get(judgment.hypothesis_id or "", "")
    warnings = [sentence("Worth a second look: this judgment ", w, ".")
                for w in judgment_warnings(judgment, scores)]
    return {"text": judgment.text, "term": judgment.term.value,
            "confidence": judgment.confidence.value, "basis": judgment.basis,
            "about": about, "warnings": warnings}


def _reading(hypotheses: list[dict], rated: bool) -> dict:
    """The matrix's reading of the leader, for a case with no key judgment recorded."""
    if not hypotheses:
        return sentence("No hypotheses yet, so the matrix has nothing to weigh.")
    if not rated:
        return sentence("Nothing is rated yet, so the matrix favours no hypothesis.")
    leaders = [h for h in hypotheses if h["leader"]]
    if len(leaders) > 1:
        return sentence("The matrix does not separate ", *listing(
            [User(h["title"]) for h in leaders]), ": they share the lead.")
    lead = leaders[0]
    if len(hypotheses) == 1:
        return sentence(User(lead["title"]), " is the only hypothesis, so the matrix has "
                        "nothing to weigh it against.")
    return sentence(User(lead["title"]), " leads; the matrix reads it as ",
                    lead["band"], ".")


# -- the alternatives --------------------------------------------------------------------

def _alternatives(hypotheses: list[dict], rated: bool) -> list[dict]:
    result = []
    for h in hypotheses:
        against = h["against_count"]
        if not rated:
            words = sentence("not yet rated")
        elif against == 0:
            words = sentence("nothing counted so far argues against it")
        else:
            words = sentence(count_words(against, "item"), " count" if against > 1
                             else " counts", " against it")
        result.append({"title": h["title"], "leader": h["leader"] and rated,
                       "words": words, "band": h["band"] if rated else ""})
    return result


# -- what would change it ----------------------------------------------------------------

def _change(flip: FlipMargin | None, hypotheses: list[dict], items: dict[str, dict],
            counted: int, pins: Sequence[str], sets: Sequence[dict], rated: bool,
            ) -> list[dict]:
    if not rated or len(hypotheses) < 2:
        return []
    found = [_flip_sentence(flip, hypotheses, items, counted),
             _pins_sentence(pins, items), _sets_sentence(sets)]
    return [s for s in found if s["text"]]


def _flip_sentence(flip: FlipMargin | None, hypotheses: list[dict], items: dict[str, dict],
                   counted: int) -> dict:
    if flip is None:
        return sentence()
    titles = {h["id"]: h["title"] for h in hypotheses}
    if flip.steps == 0:
        shared = [User(h["title"]) for h in hypotheses if h["leader"]]
        return sentence("The matrix does not separate ", *listing(shared),
                        ": any rating change that favours one of them decides the lead.")
    word = margin_word(flip.steps, counted)
    pieces: list[str] = []
    shown = flip.cells[:FLIP_CELLS_SHOWN]
    for i, cell in enumerate(shown):
        if i:
            pieces.append(", and " if i == len(shown) - 1 and len(flip.cells) == len(shown)
                          else ", ")
        same = i > 0 and shown[i - 1].evidence_id == cell.evidence_id
        pieces += _cell_words(cell, items, titles, same)
    rest = len(flip.cells) - FLIP_CELLS_SHOWN
    if rest > 0:
        pieces.append(f"; and {count_words(rest, 'other cell')} moved likewise")
    changes = "one rating change" if flip.steps == 1 else f"{flip.steps} rating changes"
    return sentence(f"It would take {changes} to change the conclusion, a {word} margin "
                    f"for a case of {plural(counted, 'counted item')}: ", *pieces, "; ",
                    User(titles[flip.rival]), " would then lead.")


def _cell_words(cell: CellStep, items: dict[str, dict], titles: dict[str, str],
                same_item: bool) -> list[str]:
    """``reading “item” as very inconsistent with H rather than neutral (two changes)``;
    the item is not repeated for a second cell of the same row."""
    summary = items[cell.evidence_id]["summary"] if cell.evidence_id in items \
        else cell.evidence_id
    before = cell.before.label if cell.before is not None else "not rated"
    steps = f" ({count_words(cell.steps, 'change')})" if cell.steps > 1 else ""
    towards = "to" if cell.after.label in ("neutral", "not applicable") else "with"
    lead = ["as "] if same_item else ["reading ", *quoted(summary), " as "]
    return [*lead, f"{cell.after.label} {towards} ",
            User(titles.get(cell.hypothesis_id, cell.hypothesis_id)),
            f" rather than {before}{steps}"]


def _pins_sentence(pins: Sequence[str], items: dict[str, dict]) -> dict:
    if not pins:
        return sentence("No single item decides it: setting aside any one item leaves the "
                        "same hypothesis in the lead.")
    named: list[str] = []
    for i, e in enumerate(pins[:PINS_NAMED]):
        if i:
            named.append(" and " if len(pins) <= PINS_NAMED else ", ")
        named += quoted(items[e]["summary"])
    if len(pins) == 1:
        return sentence("The lead rests on one item, ", *named, ": without it, another "
                        "hypothesis would lead or share the lead.")
    among = "" if len(pins) <= PINS_NAMED else " among them"
    return sentence(f"The lead rests on {count_words(len(pins), 'item')} ({among.strip()}"
                    f"{' ' if among else ''}", *named,
                    "): without any one of them, another hypothesis would lead or share it.")


def _sets_sentence(sets: Sequence[dict]) -> dict:
    if not sets:
        return sentence()
    changing = [s for s in sets if s["changes_leader"]]
    if not changing:
        kinds = {s["kind"] for s in sets}
        what = ("source or group of linked items" if kinds == {"source", "group"}
                else "source" if kinds == {"source"} else "group of linked items")
        return sentence(f"Setting aside the whole of any one {what} leaves the same "
                        "hypothesis in the lead.")
    pieces: list[str] = []
    for s in changing[:SETS_NAMED]:
        pieces += [" Without ", *set_name(s), f" ({count_words(s['size'], 'item')}), ",
                   *listing([User(t) for t in s["leader_titles"]]),
                   " would lead instead." if len(s["leader_titles"]) == 1
                   else " would share the lead."]
    more = len(changing) - SETS_NAMED
    if more > 0:
        others = count_words(more, "other source or group", "other sources or groups")
        pieces.append(f" So would setting aside {others}.")
    return sentence("Correlated items fail together.", *pieces)


def set_name(s: dict) -> list[str]:
    """A source as its title (and publisher), a group as its label."""
    if s["kind"] == "group":
        return ["the linked items ", *quoted(s["label"])]
    name = ["the source ", *quoted(s["label"])]
    return name + ([" (", User(s["publisher"]), ")"] if s["publisher"] else [])


# -- what to watch, cautions ---------------------------------------------------------------

_STATUS_ORDER = {IndicatorStatus.EMERGING: 0, IndicatorStatus.SEEN: 1,
                 IndicatorStatus.NOT_SEEN: 2, IndicatorStatus.DISCONFIRMED: 3}


def _watch(case: Case, scores: Scores, titles: dict[str, str]) -> dict:
    """The signposts that bear most on the conclusion: the leader's and its nearest
    rival's first, those already moving first among them."""
    near = {*scores.leaders}
    if scores.flip_margin is not None:
        near.add(scores.flip_margin.rival)
    live = [(i, ind) for i, ind in enumerate(case.indicators)
            if ind.status is not IndicatorStatus.DISCONFIRMED]
    live.sort(key=lambda p: (p[1].hypothesis_id not in near, _STATUS_ORDER[p[1].status], p[0]))
    shown = [{"text": ind.text, "status": ind.status.value,
              "css": "st-" + ind.status.value.replace(" ", "-"),
              "about": titles.get(ind.hypothesis_id, "")} for _, ind in live[:WATCH_SHOWN]]
    return {"items": shown, "more": max(0, len(live) - WATCH_SHOWN)}


def _cautions(case: Case, scores: Scores, titles: dict[str, str], rated: bool) -> list[dict]:
    if not rated:
        return []
    found = [sentence(User(titles[h]), " leads with at most one item against it, and "
                      "nothing recorded would show it wrong: it may lead only because it "
                      "predicts little.") for h in unrefutable(case, scores)]
    for h, codes in hypothesis_warnings(case, scores).items():
        if "leads-on-gaps" in codes:
            found.append(sentence(User(titles[h]), " leads with items not yet rated against "
                                  "it: the lead may only mean fewer ratings."))
    return found


# -- sourcing ------------------------------------------------------------------------------

def _sourcing(case: Case, library: Library, counted: list[dict]) -> list[dict]:
    if not counted:
        return [sentence("No evidence counts yet.")]
    by_source: dict[str, list[dict]] = {}
    unsourced = []
    for item in counted:
        citation = item["source"]
        if citation is None:
            unsourced.append(item)
        else:
            by_source.setdefault(citation["id"], []).append(item)
    lines = [_count_line(len(counted), by_source, unsourced), _independence(case, counted)]
    if len(by_source) == 1:
        (only,) = by_source.values()
        citation = only[0]["source"]
        who = [*quoted(citation["title"])]
        if citation["publisher"]:
            who += [" (", User(citation["publisher"]), ")"]
        lines.append(sentence("Single-source assessment: every sourced item comes from ",
                              *who, ", so the items do not confirm one another "
                              "independently."))
    lines.append(_credibility(library, by_source, counted))
    return [line for line in lines if line["text"]]


def _count_line(total: int, by_source: dict[str, list], unsourced: list) -> dict:
    sources = count_words(len(by_source), "source")
    if not unsourced:
        return sentence(f"{plural(total, 'item')} count, all from {sources}.")
    none = f"{len(unsourced)} with none (assumptions, absences or arguments)"
    if not by_source:
        return sentence(f"{plural(total, 'item')} count, none with a source.")
    return sentence(f"{plural(total, 'item')} count: {total - len(unsourced)} from "
                    f"{sources} and {none}.")


def _independence(case: Case, counted: list[dict]) -> dict:
    ids = {item["id"] for item in counted}
    groups = [g for g in case.groups if ids & set(g.members)]
    if not groups:
        return sentence("None is recorded as depending on another, so each counts as "
                        "independent.")
    grouped = {m for g in groups for m in g.members if m in ids}
    independent = len(ids) - len(grouped) + len(groups)
    return sentence(f"Once linked items are grouped ({count_words(len(groups), 'group')} of "
                    f"{plural(len(grouped), 'item')}), they count as "
                    f"{plural(independent, 'independent item')}.")


def _credibility(library: Library, by_source: dict[str, list[dict]],
                 counted: list[dict]) -> dict:
    """The most and least credible sources (several sources) or items (one source)."""
    if len(by_source) > 1:
        mean = {s: sum(_LEVEL_RANK[i["credibility"]] for i in found) / len(found)
                for s, found in by_source.items()}
        best, worst = max(mean, key=mean.get), min(mean, key=mean.get)
        if mean[best] == mean[worst]:
            return sentence("Every source is judged equally credible.")
        name = {s: found[0]["source"]["title"] for s, found in by_source.items()}
        return sentence("Most credible source: ", *quoted(name[best]), "; least credible: ",
                        *quoted(name[worst]), ".")
    levels = {i["credibility"] for i in counted}
    if len(levels) < 2:
        label = counted[0]["credibility_label"].lower()
        return sentence(f"Every item is judged of {label} credibility.")
    # Among equals, the item that tells the hypotheses apart best (counted is in that order).
    best = max(counted, key=lambda i: _LEVEL_RANK[i["credibility"]])
    worst = min(counted, key=lambda i: _LEVEL_RANK[i["credibility"]])
    return sentence("Most credible: ", *quoted(best["summary"]),
                    f" ({best['credibility_label'].lower()}); least credible: ",
                    *quoted(worst["summary"]), f" ({worst['credibility_label'].lower()}).")


_LEVEL_RANK = {Level.H.value: 2, Level.M.value: 1, Level.L.value: 0}


# -- since the last briefing ---------------------------------------------------------------

def since_sentence(since, hypotheses: list[dict]) -> dict:
    """``Since the last briefing (3 January 2025): two items added and five ratings
    changed; X still leads.`` ``since`` is an ``ach.report.since.Since`` or None."""
    if since is None:
        return sentence()
    changes = since.changes
    parts: list[str] = []
    for side, noun, many in ((changes.hypotheses, "hypothesis", "hypotheses"),
                             (changes.evidence, "item", None)):
        for verb, found in (("added", side.added), ("removed", side.removed),
                            ("edited", side.edited)):
            if found:
                parts.append(f"{count_words(len(found), noun, many)} {verb}")
    if changes.cells:
        parts.append(f"{count_words(len(changes.cells), 'rating')} changed")
    if changes.analysts_joined:
        parts.append(f"{count_words(len(changes.analysts_joined), 'analyst')} joined")
    if changes.case_fields:
        names = {"question": "the question", "title": "the title", "notes": "the notes",
                 "created": "the case's date"}
        parts.append(" and ".join(names.get(f.name, f.name) for f in changes.case_fields)
                     + " revised")
    when = f" ({long_date(since.date)})" if since.date else ""
    now = [h for h in hypotheses if h["leader"]]
    now_ids = {h["id"] for h in now}
    if not now:
        lead: list[str] = []
    elif set(since.leaders_then) == now_ids:
        lead = ["; ", *listing([User(h["title"]) for h in now]),
                " still leads." if len(now) == 1 else " still share the lead."]
    else:
        then = [User(since.titles_then.get(h, h)) for h in since.leaders_then]
        lead = ["; the lead has passed from ", *listing(then), " to ",
                *listing([User(h["title"]) for h in now]), "."] if then else \
            ["; ", *listing([User(h["title"]) for h in now]), " now leads."]
    return sentence(f"Since the last briefing{when}: ", *listing(parts) or ["nothing"],
                    *(lead or ["."]))
