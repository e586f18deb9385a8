"""Cases, hypotheses, evidence and sources: ``new``, ``case``, ``list``, ``hypothesis …``,
``evidence …``, ``source add``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ach.commands.common import Context, UserError, case_evidence, hypothesis, parse_date
from ach.edits import changes as edits
from ach.figures import plural
from ach.jsonfile import FileProblem
from ach.model import (
    Case,
    CaseEvidence,
    Evidence,
    EvidenceType,
    Hypothesis,
    Level,
    Source,
    fresh_id,
    is_valid_id,
)
from ach.names import title_clash
from ach.refs import hypothesis_named, hypothesis_refs, item_named, item_refs
from ach.store import NO_SOURCE, Library, Workspace, WorkspaceError, check_name


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("new", parents=[common], help="create a case")
    p.add_argument("case", help="the case's name (letters, digits, - _ .)")
    p.add_argument("--question", required=True, help="the question the analysis answers")
    p.add_argument("--title", default="", help="a short title")
    p.add_argument("--marking", default="", metavar="TEXT",
                   help="the handling line printed on every page (e.g. UNCLASSIFIED)")
    p.set_defaults(run=new_case)

    p = sub.add_parser("case", parents=[common], help="change a case's question or marking")
    p.add_argument("case")
    p.add_argument("--question", help="the question the analysis answers")
    p.add_argument("--marking", metavar="TEXT",
                   help="the handling line printed on every page ('' removes it)")
    p.set_defaults(run=edit_case)

    p = sub.add_parser("list", parents=[common], help="the cases of the workspace")
    p.set_defaults(run=list_cases)

    hyp = sub.add_parser("hypothesis", parents=[common], help="add, edit or remove hypotheses")
    hsub = hyp.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = hsub.add_parser("add", parents=[common], help="add a hypothesis")
    p.add_argument("case")
    p.add_argument("title")
    p.add_argument("--description", default="")
    p.add_argument("--id", dest="item_id", help="its id (default: generated)")
    p.set_defaults(run=add_hypothesis)
    p = hsub.add_parser("edit", parents=[common], help="change a hypothesis")
    p.add_argument("case")
    p.add_argument("hypothesis", help="id or exact title")
    p.add_argument("--title")
    p.add_argument("--description")
    p.add_argument("--refuted-by", dest="refuted_by", metavar="TEXT",
                   help="what would show it wrong ('' removes it)")
    p.set_defaults(run=edit_hypothesis)
    p = hsub.add_parser("remove", parents=[common], help="remove a hypothesis and its ratings")
    p.add_argument("case")
    p.add_argument("hypothesis", help="id or exact title")
    p.set_defaults(run=remove_hypothesis)
    p = hsub.add_parser("list", parents=[common], help="the hypotheses of a case")
    p.add_argument("case")
    p.set_defaults(run=list_hypotheses)

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

    src = sub.add_parser("source", parents=[common], help="register, list and read sources")
    ssub = src.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ssub.add_parser("add", parents=[common], help="add a source (metadata only)")
    p.add_argument("source", help="the source's id (used as its file name under evidence/)")
    p.add_argument("--title", required=True)
    p.add_argument("--publisher", default="")
    p.add_argument("--author", default="")
    p.add_argument("--published", default="", help="YYYY-MM-DD")
    p.add_argument("--url", default="")
    p.set_defaults(run=add_source)


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


# -- cases -------------------------------------------------------------------------

def new_case(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.workspace if ctx.found else Workspace(ctx.root)
    check_name("case", args.case)
    question = args.question.strip()
    if not question:
        raise UserError("--question must not be empty")
    case = Case(id=args.case, question=question, title=args.title.strip(),
                created=dt.date.today(), marking=_marking(args.marking))
    path = workspace.create_case(case)
    print(f"created case {case.id!r} in {workspace.relative(path)}")
    return 0


def _marking(text: str) -> str:
    """A marking is one line: runs of whitespace become one space."""
    marking = " ".join(text.split())
    if any(ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 for ch in marking):
        raise UserError("--marking must not contain control characters")
    if len(marking) > 200:
        raise UserError("--marking is one short line (at most 200 characters)")
    return marking


def edit_case(ctx: Context, args: argparse.Namespace) -> int:
    if args.question is None and args.marking is None:
        raise UserError("nothing to change: give --question and/or --marking")
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    if args.question is not None:
        question = args.question.strip()
        if not question:
            raise UserError("--question must not be empty")
        case.question = question
    if args.marking is not None:
        case.marking = _marking(args.marking)
    workspace.save_case(case)
    marking = f"marking {case.marking!r}" if case.marking else "no marking"
    print(f"updated case {case.id!r}: {case.question} ({marking})")
    return 0


def list_cases(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    ids = workspace.case_ids()
    if not ids:
        print("no cases yet: ach new CASE --question \"...\"")
        return 0
    unreadable = []
    for case_id in ids:
        try:
            case = workspace.load_case(case_id)
        except (FileProblem, WorkspaceError) as exc:
            # One bad file must not hide the others: list them, then name it.
            unreadable.append(exc)
            continue
        counts = ", ".join([plural(len(case.hypotheses), "hypothesis", "hypotheses"),
                            plural(len(case.evidence), "evidence item"),
                            plural(len(case.analysts), "analyst")])
        print(f"{case.id}  ({counts})\n    {case.question}")
    for exc in unreadable:
        print(f"ach: error: {exc}", file=sys.stderr)
    return 1 if unreadable else 0


# -- hypotheses --------------------------------------------------------------------

def _new_id(prefix: str, wanted: str | None, taken: set[str]) -> str:
    if wanted:
        if not is_valid_id(wanted):
            raise UserError(f"id {wanted!r} is not allowed: letters, digits, '-', '_', '.'")
        if wanted in taken:
            raise UserError(f"id {wanted!r} is already taken")
        return wanted
    return fresh_id(prefix, taken)


def _title(text: str, what: str) -> str:
    if not text.strip():
        raise UserError(f"{what} must not be empty")
    return text.strip()


def _room(case: Case, what: str) -> None:
    try:
        case.room_for(what)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def add_hypothesis(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    _room(case, "hypotheses")
    title = _title(args.title, "the hypothesis title")
    if clash := title_clash(title, ((h.id, h.title) for h in case.hypotheses)):
        raise UserError(f"case {case.id!r}: {clash}; nothing was changed")
    hyp = Hypothesis(id=_new_id("h", args.item_id, {h.id for h in case.hypotheses}),
                     title=title, description=args.description, proposed_by=ctx.analyst)
    edits.add_hypothesis(case, hyp, None).apply(case, Library())
    workspace.save_case(case)
    print(f"added hypothesis {hypothesis_named(case, hyp.id)} ({hyp.id})")
    return 0


def edit_hypothesis(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    hyp = hypothesis(case, args.hypothesis)
    if args.title is not None:
        title = _title(args.title, "the hypothesis title")
        others = ((h.id, h.title) for h in case.hypotheses if h.id != hyp.id)
        if clash := title_clash(title, others):
            raise UserError(f"case {case.id!r}: {clash}; nothing was changed")
        hyp = hyp.model_copy(update={"title": title})
    if args.description is not None:
        hyp = hyp.model_copy(update={"description": args.description})
    if args.refuted_by is not None:
        hyp = hyp.model_copy(update={"refuted_by": args.refuted_by.strip()})
    change = edits.edit_hypothesis(case, hyp)
    if change is not None:
        change.apply(case, Library())
    workspace.save_case(case)
    print(f"updated hypothesis {hypothesis_named(case, hyp.id)}")
    return 0


def remove_hypothesis(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case = workspace.load_case(args.case)
    hyp = hypothesis(case, args.hypothesis)
    named = hypothesis_named(case, hyp.id)
    cells = sum(hyp.id in row for rows in case.ratings.values() for row in rows.values())
    indicators = sum(ind.hypothesis_id == hyp.id for ind in case.indicators)
    edits.delete_hypothesis(case, hyp.id).apply(case, Library())
    workspace.save_case(case)
    print(f"removed hypothesis {named}, with "
          f"{plural(cells, 'rating')} and {plural(indicators, 'indicator')}")
    return 0


def list_hypotheses(ctx: Context, args: argparse.Namespace) -> int:
    case = ctx.require_workspace().load_case(args.case)
    refs = hypothesis_refs(case)
    width = max((len(r) for r in refs.values()), default=0)
    for hyp in case.hypotheses:
        print(f"{refs[hyp.id]:<{width}}  {hyp.title}  ({hyp.id})")
    return 0


# -- evidence ----------------------------------------------------------------------

def _level(text: str, what: str) -> Level:
    try:
        return Level.parse(text)
    except ValueError as exc:
        raise UserError(f"--{what}: {exc}") from None


def _type(text: str) -> EvidenceType:
    try:
        return EvidenceType.parse(text)
    except ValueError as exc:
        raise UserError(f"--type: {exc}") from None


def _source_id(library, text: str) -> str | None:
    text = text.strip()
    if not text or text == NO_SOURCE:
        return None
    if text not in library.sources:
        known = ", ".join(sorted(library.sources)) or "none yet: ach source add"
        raise UserError(f"no source {text!r} (sources: {known})")
    return text


def add_evidence(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    _room(case, "evidence")
    item = Evidence(
        id=_new_id("e", args.item_id, set(library.items)),
        summary=_title(args.summary, "the summary"),
        quote=args.quote, source_id=_source_id(library, args.source), said_by=args.said_by,
        type=_type(args.type), date=parse_date(args.date), deception=False,
        credibility=_level(args.credibility, "credibility"),
        relevance=_level(args.relevance, "relevance"))
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
        changes["summary"] = _title(args.summary, "the summary")
    if args.quote is not None:
        changes["quote"] = args.quote
    if args.source is not None:
        changes["source_id"] = _source_id(library, args.source)
        changes["location"] = None
    if args.said_by is not None:
        changes["said_by"] = args.said_by
    if args.type is not None:
        changes["type"] = _type(args.type)
    if args.date is not None:
        changes["date"] = parse_date(args.date)
    if args.credibility is not None:
        changes["credibility"] = _level(args.credibility, "credibility")
    if args.relevance is not None:
        changes["relevance"] = _level(args.relevance, "relevance")
    updated = item.model_copy(update=changes)
    library.items[item.id] = Evidence.model_validate(updated.model_dump())
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


def add_source(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    check_name("source", args.source)
    if args.source == NO_SOURCE:
        raise UserError(f"{NO_SOURCE!r} is reserved for items that come from no source")
    library = workspace.load_library()
    if args.source in library.sources:
        raise UserError(f"source {args.source!r} already exists")
    library.sources[args.source] = Source(
        id=args.source, title=_title(args.title, "--title"), publisher=args.publisher,
        author=args.author, published=parse_date(args.published, "--published"), url=args.url)
    workspace.save_library(library, [args.source])
    print(f"added source {args.source}: {args.title}")
    return 0
