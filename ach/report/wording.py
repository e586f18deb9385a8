"""The briefing's sentences, worded from the figures (no clock, no locale).

A sentence is kept as parts so that analyst text inside it (a hypothesis title)
can be isolated for bidirectional display by the template while our own words
stay plain: ``{"parts": [{"text": ..., "user": bool}], "text": "the whole"}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ach.figures import plural, score
from ach.scoring import gapped_leaders

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

#: A lead is "narrow" when the rating changes that would overturn it (the flip margin)
#: number fewer than this share of the counted items, "wide" from the second share on,
#: and "clear" in between: a margin of three changes is wide for ten items and narrow
#: for two thousand. A single change is always narrow.
NARROW_SHARE = 0.10
WIDE_SHARE = 0.30
#: The bottom line names the linchpins when there are this few.
NAMED_LINCHPINS = 5


class User(str):
    """Analyst text inside one of our sentences."""

    __slots__ = ()


def sentence(*pieces: str) -> dict:
    parts = [{"text": str(p), "user": isinstance(p, User)} for p in pieces if p]
    return {"parts": parts, "text": "".join(p["text"] for p in parts)}


def long_date(day: dt.date | None) -> str:
    """``26 December 2024`` whatever the machine's locale."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def listing(words: Sequence[str]) -> list[str]:
    """Pieces reading ``A``, ``A and B`` or ``A, B and C`` (each word kept as given)."""
    pieces: list[str] = []
    for i, word in enumerate(words):
        if i:
            pieces.append(" and " if i == len(words) - 1 else ", ")
        pieces.append(word)
    return pieces


def margin_word(steps: int, counted: int) -> str:
    """"narrow", "clear" or "wide": the flip margin judged against the case's size."""
    if steps <= 1 or counted <= 0 or steps < NARROW_SHARE * counted:
        return "narrow"
    if steps < WIDE_SHARE * counted:
        return "clear"
    return "wide"


def lead_strength(steps: int | None, counted: int) -> str:
    word = margin_word(steps or 0, counted)
    return {"narrow": "narrowly", "clear": "clearly", "wide": "by a wide margin"}[word]


def headline(ranked: Sequence[dict], rated: bool) -> dict:
    """The first line of the bottom line: who leads."""
    if not ranked:
        return sentence("No hypotheses yet: the case cannot be weighed.")
    if not rated:
        return sentence("Nothing rated yet: no hypothesis leads.")
    leaders = [h for h in ranked if h["leader"]]
    if len(leaders) > 1:
        return sentence("Tied: ", *listing([User(h["title"]) for h in leaders]))
    return sentence("Leading: ", User(leaders[0]["title"]))


def lead_reading(ranked: Sequence[dict], rated: bool, flip_steps: int | None = None,
                 counted: int = 0) -> dict:
    """One sentence on how strong the lead is, from the weighted inconsistencies; how
    strong is judged by the flip margin against the number of counted items."""
    if not ranked:
        return sentence("Add competing hypotheses, then rate each evidence item against "
                        "every one of them.")
    if not rated:
        return sentence("Every hypothesis has a weighted inconsistency of 0, so the matrix "
                        "does not yet favour any of them.")
    leaders = [h for h in ranked if h["leader"]]
    first = leaders[0]
    if len(ranked) == 1:
        return sentence(User(first["title"]), " is the only hypothesis, with a weighted "
                        f"inconsistency of {first['weighted_text']}; ACH needs competing "
                        "hypotheses to weigh it against.")
    if len(leaders) > 1:
        return sentence(*listing([User(h["title"]) for h in leaders]),
                        f" share the lowest weighted inconsistency ({first['weighted_text']}): "
                        "the evidence counted so far does not separate them.")
    runner = ranked[1]
    margin = runner["weighted"] - first["weighted"]
    return sentence(User(first["title"]), f" leads {lead_strength(flip_steps, counted)}: "
                    "its weighted "
                    f"inconsistency is {first['weighted_text']} against "
                    f"{runner['weighted_text']} for ", User(runner["title"]),
                    f", a margin of {score(margin)}.")


def fragility(ranked: Sequence[dict], linchpin_ids: Sequence[str], rated: bool) -> dict:
    """Whether one item decides the lead (the linchpins)."""
    if len(ranked) < 2 or not rated:
        return sentence()
    if linchpin_ids:
        named = f" ({', '.join(linchpin_ids)})" if len(linchpin_ids) <= NAMED_LINCHPINS else ""
        return sentence(f"The lead rests on {plural(len(linchpin_ids), 'item')}{named}: "
                        "excluding any one of them would change which hypothesis leads.")
    return sentence("No single item decides it: excluding any one item leaves the same "
                    "hypothesis in the lead.")


def probability_reading(ranked: Sequence[dict], counted: int, rated: bool) -> dict:
    """The probabilities of the leader(s), the runner-up and the most probable hypothesis,
    with what they assume, and a warning when the two readings favour different ones."""
    if len(ranked) < 2 or not rated:
        return sentence()
    shown = ranked[:2] if not ranked[1]["leader"] else [h for h in ranked if h["leader"]]
    likeliest = max(ranked, key=lambda h: h["probability"])  # first of equals: rank order
    if likeliest not in shown:
        shown = [*shown, likeliest]
    pieces: list[str] = []
    for i, h in enumerate(shown):
        if i:
            pieces.append(" and " if i == len(shown) - 1 else ", ")
        pieces += [User(h["title"]), f" {h['probability_text']}"]
    differs = [] if likeliest["leader"] else [
        " The two readings disagree: ranking counts only the evidence against each hypothesis, "
        "while the probability also weighs how well the evidence fits, and favours ",
        User(likeliest["title"]), "."]
    return sentence("Read as probabilities, the matrix gives ", *pieces,
                    f". This reading assumes the {plural(counted, 'counted item')} are "
                    "independent of one another given each hypothesis and starts from equal "
                    "odds, so where items are correlated it overstates the certainty.", *differs)


def unrated_note(unrated: int, cells: int) -> dict:
    if not unrated:
        return sentence()
    verb = "is" if unrated == 1 else "are"
    return sentence(f"{unrated} of the matrix's {plural(cells, 'cell')} {verb} not rated yet "
                    "and count as neutral.")


def lead_gaps(ranked: Sequence[dict], counted: int, rated: bool) -> dict:
    """A warning when a leader has more unrated items than another hypothesis: an unrated
    cell counts as neutral, so a hypothesis rated less gathers less inconsistency and may
    lead for that alone (``scoring.gapped_leaders``)."""
    ids = set(gapped_leaders({h["id"] for h in ranked if h["leader"]},
                             {h["id"]: h["unrated"] for h in ranked})) if rated else set()
    gapped = [h for h in ranked if h["id"] in ids]
    if not gapped:
        return sentence()
    pieces: list[str] = ["Caution: "]
    for i, h in enumerate(gapped):
        if i:
            pieces.append("; ")
        pieces += [User(h["title"]), f" leads with {h['unrated']} of its "
                   f"{plural(counted, 'counted item')} not rated, more than another hypothesis"]
    return sentence(*pieces, ". An unrated cell counts as neutral, so a lead may only mean "
                    "fewer ratings: rate the gaps before relying on it.")
