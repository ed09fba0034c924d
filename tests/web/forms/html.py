"""Finding elements in rendered HTML by tag, class and attribute, with what encloses them.

Built on Django's own test HTML parser (``django.test.html``), which sorts
class names: compare ``classes`` as sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.test.html import Element, parse_html


@dataclass
class Node:
    """An element of the rendered HTML, with the elements around it."""

    element: Element
    parents: tuple[Element, ...]

    def __getitem__(self, name: str) -> str:
        return dict(self.element.attributes).get(name) or ""

    def has(self, name: str) -> bool:
        return name in dict(self.element.attributes)

    @property
    def classes(self) -> set[str]:
        return set(self["class"].split())

    @property
    def text(self) -> str:
        return " ".join(text_of(self.element).split())

    def within(self, css_class: str) -> Element | None:
        """The nearest enclosing element with this class."""
        for parent in reversed(self.parents):
            if css_class in (dict(parent.attributes).get("class") or "").split():
                return parent
        return None


def text_of(element: Element | str) -> str:
    if isinstance(element, str):
        return element
    return " ".join(text_of(child) for child in element.children)


class Page:
    def __init__(self, html: str) -> None:
        self.html = html
        self.nodes = list(self._walk(parse_html(html), ()))

    def _walk(self, element: Element, parents: tuple[Element, ...]) -> Iterator[Node]:
        if element.name:
            yield Node(element, parents)
        for child in element.children:
            if not isinstance(child, str):
                yield from self._walk(child, (*parents, element))

    def all(self, tag: str | None = None, css_class: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.nodes
            if (tag is None or node.element.name == tag)
            and (css_class is None or css_class in node.classes)
            and all(node[name.replace("_", "-")] == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, css_class: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, css_class, **attrs)
        assert len(found) == 1, (tag, css_class, attrs, len(found), self.html)
        return found[0]
