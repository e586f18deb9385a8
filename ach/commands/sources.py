"""Sources from the shell: ``import-source``, ``source show``, ``source list`` and
``evidence from-source`` (a passage of a source made an evidence item)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ach.commands.cases import _level, _new_id, _title, _type
from ach.commands.common import Context, UserError, parse_date
from ach.figures import plural
from ach.model import CaseEvidence, EvidenceType, Source
from ach.refs import item_named
from ach.sources import (
    CitationIndex,
    Metadata,
    Passage,
    PassageError,
    SourceDocument,
    check_quote,
    evidence_at,
    evidence_from_passage,
    import_source,
    load_document,
    paragraph_passage,
    parse_range,
    passage,
    quote_passage,
    read_source_file,
    relocated,
)
from ach.sources.files import looks_hard_wrapped
from ach.store import Library, Workspace


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import-source", parents=[common],
                       help="import an article (text, Markdown or HTML) as a source")
    p.add_argument("file", type=Path, help="the article: .txt, .md or a saved .html page")
    p.add_argument("--title", default="", help="the article's title (HTML: default its own)")
    p.add_argument("--publisher", default="")
    p.add_argument("--published", default="", help="YYYY-MM-DD")
    p.add_argument("--author", default="")
    p.add_argument("--url", default="")
    p.add_argument("--id", dest="source_id", help="the source's id (default: "
                   "<publisher>-<published>, else from the title)")
    p.add_argument("--language", default="", help="for splitting sentences: en (default), "
                   "ar, fa, fr …")
    p.add_argument("--join-lines", action="store_true",
                   help="the text is hard-wrapped: join the lines of each paragraph")
    p.set_defaults(run=run_import)

    source = _subcommands(sub, "source")
    p = source.add_parser("show", parents=[common],
                          help="read a source's numbered paragraphs and sentences")
    p.add_argument("source", help="the source's id")
    p.add_argument("--paragraph", type=int, metavar="N", help="only this paragraph")
    p.add_argument("--json", action="store_true", help="paragraphs, sentences and offsets")
    p.set_defaults(run=run_show)
    p = source.add_parser("list", parents=[common], help="the sources of the workspace")
    p.set_defaults(run=run_list)
    p = source.add_parser("relocate", parents=[common],
                          help="record where quotes stand now that the source's text changed")
    p.add_argument("source", help="the source's id")
    p.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    p.set_defaults(run=run_relocate)

    evidence = _subcommands(sub, "evidence")
    p = evidence.add_parser("from-source", parents=[common],
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
    p.set_defaults(run=run_from_source)


def _subcommands(sub: argparse._SubParsersAction, name: str) -> argparse._SubParsersAction:
    """The ACTION subparsers of an existing command (``ach evidence …``, ``ach source …``)."""
    parent = sub.choices[name]
    for action in parent._actions:  # noqa: SLF001 - argparse keeps them nowhere public
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"ach {name} has no subcommands")


# -- import-source -----------------------------------------------------------------------

def run_import(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    article = read_source_file(args.file, join_lines=args.join_lines)
    meta = Metadata(title=args.title.strip(), publisher=args.publisher.strip(),
                    author=args.author.strip(),
                    published=parse_date(args.published, "--published"),
                    url=args.url.strip(), language=args.language.strip())
    result = import_source(workspace, article, meta, args.source_id, origin=str(args.file))
    source, doc = result.source, result.document
    where = f"evidence/{source.document}"
    if result.status == "same":
        fields = ", ".join(name.replace("_", " ") for name in result.changed)
        recorded = f"; recorded its {fields}" if fields else "; nothing changed"
        print(f"{args.file} is already imported as source {source.id!r} ({where}){recorded}")
    else:
        verb = "imported" if result.status == "new" else "attached the text to"
        print(f"{verb} source {source.id}: {source.title}")
    print(f"  {where}: {_counts(doc)}")
    if result.status != "same":
        print(f"  read it: ach source show {source.id}")
        if not args.join_lines and looks_hard_wrapped(doc.text):
            print(f"  note: its lines look hard-wrapped, and each line is a paragraph; to "
                  f"join them, delete {where} and evidence/{source.id}.json, then import "
                  "again with --join-lines")
    return 0


def _counts(doc: SourceDocument) -> str:
    counts = ((len(doc.paragraphs), "paragraph"), (doc.sentence_count, "sentence"),
              (len(doc.text), "character"))
    return ", ".join(f"{n:,} {noun}{'' if n == 1 else 's'}" for n, noun in counts)


# -- source show / list ----------------------------------------------------------------

def _document(workspace: Workspace, library: Library, source_id: str
              ) -> tuple[Source, SourceDocument]:
    source = library.sources.get(source_id)
    if source is None:
        known = ", ".join(sorted(library.sources)) or "none yet: ach import-source FILE"
        raise UserError(f"no source {source_id!r} (sources: {known})")
    document = load_document(workspace.root, source)
    if document is None:
        raise UserError(f"source {source_id!r} has no text to read: ach import-source FILE "
                        f"--id {source_id}")
    return source, document


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    library = workspace.load_library()
    source, doc = _document(workspace, library, args.source)
    cited = evidence_at(doc, library.items_of(source.id))
    paragraphs = doc.paragraphs
    if args.paragraph is not None:
        try:
            paragraphs = (doc.paragraph(args.paragraph),)
        except LookupError as exc:
            raise UserError(f"--paragraph: {exc}") from None
    if args.json:
        print(json.dumps(_as_json(source, doc, cited, paragraphs), ensure_ascii=False,
                         indent=2))
        return 0
    print(f"{source.id}  {source.title}")
    said = " · ".join(x for x in (source.publisher, source.author,
                                  source.published.isoformat() if source.published else "") if x)
    print(f"  {said + ' · ' if said else ''}evidence/{source.document} · {_counts(doc)}")
    for para in paragraphs:
        print(f"\n¶{para.number}  ({para.start}–{para.end})")
        for sentence in para.sentences:
            marks = _marks(cited, sentence.start, sentence.end)
            print(f"  {para.number}.{sentence.number}  {sentence.text}{marks}")
    for item_id, problem in cited.problems.items():
        print(f"\n{item_id}: {problem.message}")
    return 0


def _marks(cited: CitationIndex, start: int, end: int) -> str:
    ids = [c.evidence_id + ("" if c.status == "verified" else f" ({c.status})")
           for c in cited.citations if c.start < end and start < c.end]
    return f"  [{', '.join(ids)}]" if ids else ""


def _as_json(source: Source, doc: SourceDocument, cited: CitationIndex, paragraphs) -> dict:
    return {
        "source": source.model_dump(mode="json", exclude_defaults=True) | {"id": source.id},
        "paragraph_count": len(doc.paragraphs), "sentence_count": doc.sentence_count,
        "paragraphs": [{"number": p.number, "start": p.start, "end": p.end,
                        "sentences": [{"number": s.number, "start": s.start, "end": s.end,
                                       "text": s.text} for s in p.sentences]}
                       for p in paragraphs],
        "evidence": [{"id": c.evidence_id, "paragraph": c.paragraph, "start": c.start,
                      "end": c.end, "status": c.status} for c in cited.citations],
        "problems": {i: p.message for i, p in cited.problems.items()},
    }


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    library = workspace.load_library()
    if not library.sources:
        print("no sources yet: ach import-source FILE --title \"...\"")
    for source in sorted(library.sources.values(), key=lambda s: s.id):
        items = plural(len(library.items_of(source.id)), "evidence item")
        text = f"evidence/{source.document}" if source.document else "no text"
        print(f"{source.id}  {source.title}\n    {text}, {items}")
    loose = library.items_of(None)
    if loose:
        print(f"(no source)  assumptions, absences and arguments\n    "
              f"{plural(len(loose), 'evidence item')}")
    return 0


def run_relocate(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    library = workspace.load_library()
    source, doc = _document(workspace, library, args.source)
    moved = 0
    for item in library.items_of(source.id):
        mended = relocated(item, doc)
        if mended is None or mended.location is None:
            continue
        moved += 1
        old = (f"paragraph {item.location.paragraph} ({item.location.start}–"
               f"{item.location.end})" if item.location else "no location")
        new = mended.location
        print(f"{item.id}: {old} → paragraph {new.paragraph} ({new.start}–{new.end})")
        library.items[item.id] = mended
    stuck = [i for i in library.items_of(source.id) if check_quote(i, doc) is not None]
    for item in stuck:
        print(f"{item.id}: {check_quote(item, doc).message}", file=sys.stderr)
    if moved and not args.dry_run:
        workspace.save_library(library, [source.id])
    verb = "would record" if args.dry_run else "recorded"
    print(f"{verb} {plural(moved, 'new location')}"
          + (f"; {plural(len(stuck), 'quote')} to mend by hand" if stuck else ""))
    return 1 if stuck else 0


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


def run_from_source(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    case, library = workspace.open(args.case)
    source, doc = _document(workspace, library, args.source)
    chosen = _chosen(doc, args)
    try:
        case.room_for("evidence")
    except ValueError as exc:
        raise UserError(str(exc)) from None
    item = evidence_from_passage(
        chosen, source, id=_new_id("e", args.item_id, set(library.items)),
        summary=_title(args.summary, "the summary"), said_by=args.said_by,
        type=_type(args.type), date=parse_date(args.date),
        credibility=_level(args.credibility, "credibility"),
        relevance=_level(args.relevance, "relevance"))
    library.items[item.id] = item
    case.evidence.append(CaseEvidence(id=item.id))
    workspace.save_library(library, [source.id])
    workspace.save_case(case)
    loc = chosen.location
    print(f"added evidence {item_named(case, library.items, item.id)} ({item.id})")
    print(f"  quoting {source.id}, paragraph {loc.paragraph} (offsets {loc.start}–{loc.end}):")
    print(f"  {chosen.quote}")
    return 0
