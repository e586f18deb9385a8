"""``ach source add|show|list|relocate``: register sources, read their numbered text, and
keep quotes located when the text changes."""

from __future__ import annotations

import argparse
import json
import sys

from ach.commands.common import Context, UserError, not_empty, parse_date
from ach.commands.source_text import counts, document
from ach.figures import plural
from ach.model import Source
from ach.sources import CitationIndex, SourceDocument, check_quote, evidence_at, relocated
from ach.store import NO_SOURCE, check_name


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
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
    p = ssub.add_parser("show", parents=[common],
                        help="read a source's numbered paragraphs and sentences")
    p.add_argument("source", help="the source's id")
    p.add_argument("--paragraph", type=int, metavar="N", help="only this paragraph")
    p.add_argument("--json", action="store_true", help="paragraphs, sentences and offsets")
    p.set_defaults(run=show_source)
    p = ssub.add_parser("list", parents=[common], help="the sources of the workspace")
    p.set_defaults(run=list_sources)
    p = ssub.add_parser("relocate", parents=[common],
                        help="record where quotes stand now that the source's text changed")
    p.add_argument("source", help="the source's id")
    p.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    p.set_defaults(run=relocate)


def add_source(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    check_name("source", args.source)
    if args.source == NO_SOURCE:
        raise UserError(f"{NO_SOURCE!r} is reserved for items that come from no source")
    library = workspace.load_library()
    if args.source in library.sources:
        raise UserError(f"source {args.source!r} already exists")
    library.sources[args.source] = Source(
        id=args.source, title=not_empty(args.title, "--title"), publisher=args.publisher,
        author=args.author, published=parse_date(args.published, "--published"), url=args.url)
    workspace.save_library(library, [args.source])
    print(f"added source {args.source}: {args.title}")
    return 0


# -- source show / list ----------------------------------------------------------------

def show_source(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    library = workspace.load_library()
    source, doc = document(workspace, library, args.source)
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
    print(f"  {said + ' · ' if said else ''}evidence/{source.document} · {counts(doc)}")
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


def list_sources(ctx: Context, args: argparse.Namespace) -> int:
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


# -- source relocate ---------------------------------------------------------------------

def relocate(ctx: Context, args: argparse.Namespace) -> int:
    workspace = ctx.require_workspace()
    library = workspace.load_library()
    source, doc = document(workspace, library, args.source)
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
