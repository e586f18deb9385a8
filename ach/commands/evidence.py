"""``ach evidence add|edit|remove|list|from-source``: a case's evidence items, typed in or
drawn from a passage of a source."""

from __future__ import annotations

import argparse

from ach.commands.common import (
    Context,
    UserError,
    case_evidence,
    evidence_type,
    level,
    new_id,
    not_empty,
    parse_date,
    room_for,
)
from ach.commands.source_text import document
from ach.edits import changes as edits
from ach.model import CaseEvidence, Evidence, EvidenceType
from ach.refs import item_named, item_refs
from ach.sources import (
    Passage,
    PassageError,
    SourceDocument,
    evidence_from_passage,
    paragraph_passage,
    parse_range,
    passage,
    quote_passage,
)
from ach.store import NO_SOURCE


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser("evidence", parents=[common], help="add, edit or remove evidence items")
    esub = ev.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = esub.add_parser("add", parents=[common], help="add an evidence item to a case")
    p.add_argument("case")
    p.add_argument("summary", help="one line saying what the item shows")
    _evidence_options(p, adding=True)
    p.set_defaults(run=add_evidence)
    p = esub.add_parser("edit", parents=[common], help="change an evidence item")
    p.add_argument("case")
    p.add_argument("evidence", help="the item's id")
    p.add_argument("--summary")
    _evidence_options(p, adding=False)
    p.set_defaults(run=edit_evidence)
    p = esub.add_parser("remove", parents=[common],
                        help="take an item out of a case (with its ratings)")
    p.add_argument("case")
    p.add_argument("evidence", help="the item's id")
    p.set_defaults(run=remove_evidence)
    p = esub.add_parser("list", parents=[common], help="the evidence items of a case")
    p.add_argument("case")
    p.set_defaults(run=list_evidence)
    p = esub.add_parser("from-source", parents=[common],
                        help="make a passage of a source an evidence item of a case")
    p.add_argument("case")
    p.add_argument("source", help="the source's id")
    p.add_argument("--paragraph", type=int, metavar="N", help="the paragraph (alone: all of it)")
    p.add_argument("--sentence", metavar="M", help="with --paragraph: a sentence, or a range "
                   "like 2-3")
    p.add_argument("--start", type=int, metavar="A", help="with --end: the passage's offsets")
    p.add_argument("--end", type=int, metavar="B")
    p.add_argument("--quote", metavar="TEXT",
                   help="the words to find (quotes, dashes and spaces may differ)")
    p.add_argument("--summary", required=True, help="one line saying what the item shows")
    p.add_argument("--type", default="report",
                   help=", ".join(t.value for t in EvidenceType) + " (default: report)")
    p.add_argument("--said-by", default="", help="who said or reported it")
    p.add_argument("--date", default="", help="date of the event, YYYY-MM-DD")
    p.add_argument("--credibility", default="M", help="H, M or L")
    p.add_argument("--relevance", default="M", help="H, M or L")
    p.add_argument("--id", dest="item_id", help="its id (default: generated)")
    p.set_defaults(run=from_source)


def _evidence_options(p: argparse.ArgumentParser, *, adding: bool) -> None:
    default = "" if adding else None
    p.add_argument("--quote", default=default, help="the verbatim quote")
    p.add_argument("--source", default=default, help="the source's id (none: no source)")
    p.add_argument("--said-by", default=default, help="who said or reported it")
    p.add_argument("--type", default="other" if adding else None,
                   help=", ".join(t.value for t in EvidenceType))
    p.add_argument("--date", default=default, help="date of the event, YYYY-MM-DD")
    p.add_argument("--credibility", default="M" if adding else None, help="H, M or L")
    p.add_argument("--relevance", default="M" if adding else None, help="H, M or L")
    if adding:
        p.add_argument("--id", dest="item_id", help="its id (default: generated)")


def _source_id(library, text: str) -> str | None:
    text = text.strip()
    if not text or text == NO_SOURCE:
        return None
    if text not in library.sources:
        known = ", ".join(sorted(library.sources)) or "none yet: ach source add"
        raise UserError(f"no source {text!r} (sources: {known})")
    return text


def _judged(args: argparse.Namespace) -> dict:
    """What the analyst says of a new item: its type, the event's date, its credibility
    and its relevance, each checked (in that order, so the first mistake is the one told)."""
    return {"type": evidence_type(args.type), "date": parse_date(args.date),
            "credibility": level(args.credibility, "credibility"),
            "relevance": level(args.relevance, "relevance")}


def add_evidence(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    room_for(case, "evidence")
    item = Evidence(
        id=new_id("e", args.item_id, set(library.items)),
        summary=not_empty(args.summary, "the summary"),
        quote=args.quote, source_id=_source_id(library, args.source), said_by=args.said_by,
        deception=False, **_judged(args))
    edits.add_evidence(case, item, CaseEvidence(id=item.id), None).apply(case, library)
    workspace.save_library(library, [library.file_key(item)])
    workspace.save_case(case)
    print(f"added evidence {item_named(case, library.items, item.id)} ({item.id})")
    return 0


def edit_evidence(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    old_key = library.file_key(item)
    changes: dict = {}
    if args.summary is not None:
        changes["summary"] = not_empty(args.summary, "the summary")
    if args.quote is not None:
        changes["quote"] = args.quote
    if args.source is not None:
        changes["source_id"] = _source_id(library, args.source)
        changes["location"] = None
    if args.said_by is not None:
        changes["said_by"] = args.said_by
    if args.type is not None:
        changes["type"] = evidence_type(args.type)
    if args.date is not None:
        changes["date"] = parse_date(args.date)
    if args.credibility is not None:
        changes["credibility"] = level(args.credibility, "credibility")
    if args.relevance is not None:
        changes["relevance"] = level(args.relevance, "relevance")
    updated = Evidence.model_validate(item.model_copy(update=changes).model_dump())
    # The same edit the workbench's evidence form makes (ach/edits).
    change = edits.edit_evidence(case, library, updated, case.evidence_ref(item.id))
    if change is not None:
        change.apply(case, library)
    workspace.save_library(library, {old_key, library.file_key(updated)})
    print(f"updated evidence {item_named(case, library.items, item.id)}")
    return 0


def remove_evidence(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    item = case_evidence(case, library, args.evidence)
    named = item_named(case, library.items, item.id)
    edits.delete_evidence(case, item.id).apply(case, library)
    workspace.save_case(case)
    print(f"removed evidence {named} from case {case.id!r} (the item stays in "
          f"{workspace.relative(workspace.evidence_path(library.file_key(item)))})")
    return 0


def list_evidence(ctx: Context, args: argparse.Namespace) -> int:
    case, library = ctx.open(args.case)
    refs = item_refs(case)
    width = max((len(r) for r in refs.values()), default=0)
    for ref in case.evidence:
        item = library.items.get(ref.id)
        summary = item.summary if item else "(missing from evidence/)"
        origin = f"  [no source: {item.type.label}]" if item and not item.has_source else ""
        excluded = "  [excluded]" if ref.excluded else ""
        print(f"{refs[ref.id]:<{width}}  {summary}{origin}{excluded}  ({ref.id})")
    return 0


# -- evidence from-source ---------------------------------------------------------------

def _chosen(doc: SourceDocument, args: argparse.Namespace) -> Passage:
    """The passage the options point at; exactly one way of pointing."""
    ways = [args.quote is not None, args.start is not None or args.end is not None,
            args.paragraph is not None and args.quote is None]
    if sum(ways) != 1:
        raise UserError("choose the passage one way: --paragraph N [--sentence M], "
                        "--start A --end B, or --quote \"...\" [--paragraph N]")
    try:
        if args.quote is not None:
            if args.sentence:
                raise UserError("--sentence goes with --paragraph, not with --quote")
            return quote_passage(doc, args.quote, args.paragraph)
        if args.start is not None or args.end is not None:
            if args.start is None or args.end is None:
                raise UserError("--start and --end go together")
            return passage(doc, args.start, args.end)
        sentences = parse_range(args.sentence) if args.sentence else None
        return paragraph_passage(doc, args.paragraph, sentences)
    except PassageError as exc:
        raise UserError(str(exc)) from None


def from_source(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    source, doc = document(workspace, library, args.source)
    chosen = _chosen(doc, args)
    room_for(case, "evidence")
    item = evidence_from_passage(
        chosen, source, id=new_id("e", args.item_id, set(library.items)),
        summary=not_empty(args.summary, "the summary"), said_by=args.said_by,
        **_judged(args))
    library.items[item.id] = item
    case.evidence.append(CaseEvidence(id=item.id))
    workspace.save_library(library, [source.id])
    workspace.save_case(case)
    loc = chosen.location
    print(f"added evidence {item_named(case, library.items, item.id)} ({item.id})")
    print(f"  quoting {source.id}, paragraph {loc.paragraph} (offsets {loc.start}–{loc.end}):")
    print(f"  {chosen.quote}")
    return 0
