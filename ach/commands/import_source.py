"""``ach import-source``: an article (text, Markdown or HTML) made a source, its text kept
under evidence/ so quotes can be checked against it."""

from __future__ import annotations

import argparse
from pathlib import Path

from ach.commands.common import Context, parse_date
from ach.commands.source_text import counts
from ach.sources import Metadata, import_source, read_source_file
from ach.sources.files import looks_hard_wrapped


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
    p.set_defaults(run=run)


def run(ctx: Context, args: argparse.Namespace) -> int:
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
    print(f"  {where}: {counts(doc)}")
    if result.status != "same":
        print(f"  read it: ach source show {source.id}")
        if not args.join_lines and looks_hard_wrapped(doc.text):
            print(f"  note: its lines look hard-wrapped, and each line is a paragraph; to "
                  f"join them, delete {where} and evidence/{source.id}.json, then import "
                  "again with --join-lines")
    return 0
