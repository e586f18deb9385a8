"""A saved web page reduced to its readable text, with the standard library alone.

Scripts, styles, the page head, navigation, footers and other machinery are
dropped; every block element (paragraph, heading, list item, table row …)
becomes a line of its own, that is a paragraph of the source document;
entities are decoded; whitespace inside a block is collapsed as a browser
would, except in ``<pre>``. The page's own metadata (title, author, date,
publisher, canonical address) is read from its head, to fill what the analyst
did not give. Nothing is ever fetched: links are text, images are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements whose content is never article text.
_DROPPED = frozenset({"script", "style", "head", "nav", "footer", "noscript", "template",
                      "svg", "math", "iframe", "object", "canvas", "select", "button", "form"})
#: Elements that begin and end a line of text.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul"})
#: Elements without an end tag: they must never open a dropped region.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_SPACE = re.compile(r"\s+")

#: ``<meta>`` names and properties that say something about the article, by field.
_META = {
    "title": ("og:title", "twitter:title", "dc.title"),
    "author": ("author", "article:author", "dc.creator", "parsely-author"),
    "published": ("article:published_time", "datepublished", "date", "dc.date",
                  "parsely-pub-date", "pubdate"),
    "publisher": ("og:site_name", "publisher", "dc.publisher", "application-name"),
    "url": ("og:url",),
}


@dataclass
class PageText:
    """What a page says: its text, one paragraph per line, and the metadata its head gives."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._dropped: list[str] = []  # the open dropped elements, innermost last
        self._pre = 0
        self._in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""

    # -- structure
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._read_meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = values.get("href", "").strip()
        elif tag == "title":
            self._in_title = True
        if tag == "body":
            self._dropped.clear()  # a page that never closed its <head>
        if tag in _VOID:
            if tag in _BLOCKS and not self._dropped:
                self._break()
            return
        if self._dropped or tag in _DROPPED or "hidden" in values \
                or values.get("aria-hidden") == "true":
            self._dropped.append(tag)
            return
        if tag in _BLOCKS:
            self._break()
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <img/> and the like: a start with no content.
        if tag in _VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._dropped:
            if tag in self._dropped:
                # Close it and anything left open inside it.
                del self._dropped[len(self._dropped) - 1 - self._dropped[::-1].index(tag):]
            return
        if tag in _BLOCKS:
            self._break()
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        if self._dropped:
            return
        if self._pre:
            first, *rest = data.split("\n")
            self._line.append(first)
            for line in rest:
                self._break()
                self._line.append(line)
        else:
            self._line.append(data)

    def _break(self) -> None:
        raw = "".join(self._line)
        text = raw.rstrip() if self._pre else _SPACE.sub(" ", raw).strip()
        if text.strip():
            self.lines.append(text)
        self._line = []

    def close(self) -> None:
        super().close()
        self._break()

    # -- metadata
    def _read_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "")
        content = _SPACE.sub(" ", values.get("content", "")).strip()
        if not key or not content:
            return
        key = key.lower()
        for name, keys in _META.items():
            if key in keys and name not in self.meta:
                self.meta[name] = content


def html_to_text(html: str) -> PageText:
    """The readable text of an HTML page and its head's metadata."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    meta = dict(reader.meta)
    title = _SPACE.sub(" ", "".join(reader.title_parts)).strip()
    if title and "title" not in meta:
        meta["title"] = _without_site_name(title, meta.get("publisher", ""))
    if reader.canonical:
        meta["url"] = reader.canonical
    if "published" in meta:
        meta["published"] = meta["published"][:10]  # 2024-12-25T08:00:00+02:00 → the day
    text = "\n".join(reader.lines)
    return PageText(text + "\n" if text else "", meta)


def _without_site_name(title: str, site: str) -> str:
    """"Iraq weighs its options | Example News" → "Iraq weighs its options"."""
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if site and title.endswith(sep + site):
            return title[:-len(sep + site)].strip()
    return title


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(raw: bytes) -> str | None:
    """The character set a page declares in its first few kilobytes, if any."""
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
