"""A briefing parsed with the standard library's html.parser into a small element tree,
so tests assert on what a browser would build rather than on substrings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def by_id(self, element_id: str) -> Element:
        return next(e for e in self.iter() if e.attrs.get("id") == element_id)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def texts(self) -> Iterator[tuple[str, Element]]:
        """Every text node with the element that holds it."""
        for child in self.children:
            if isinstance(child, str):
                yield child, self
            else:
                yield from child.texts()

    def ancestors(self) -> Iterator[Element]:
        node = self
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.doctype: str | None = None
        self.problems: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Page:
    root: Element
    doctype: str | None
    problems: list[str]

    @property
    def html(self) -> Element:
        return self.root.find_all("html")[0]

    def text(self) -> str:
        body = self.root.find_all("body")
        return body[0].text() if body else ""


def parse(html: str) -> Page:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    unclosed = [e.tag for e in builder.stack[1:]]
    problems = builder.problems + ([f"unclosed: {unclosed}"] if unclosed else [])
    return Page(builder.root, builder.doctype, problems)


def isolated(element: Element) -> bool:
    """Is this element's text kept in its own direction (a bdi, or dir= on it or above)?"""
    return any(e.tag == "bdi" or "dir" in e.attrs for e in element.ancestors())
