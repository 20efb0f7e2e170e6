"""A streaming XML reader on expat: one small tree per child record, line numbers kept, and any
DTD or entity declaration refused (the safeguards of a hardened parser, without a new package)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat  # nosec B407

CHUNK = 1 << 16


class XmlProblem(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Node:
    tag: str
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def line_of(self, tag: str) -> int:
        """The line of the leaf child `tag`, or the record's own line when it has none."""
        return self.leaf_lines().get(tag, self.line)

    def leaf_lines(self) -> dict[str, int]:
        """The line of each leaf child (the first of each name), for an error that names the field."""
        out: dict[str, int] = {}
        for c in self.children:
            if not c.children and c.tag not in out:
                out[c.tag] = c.line
        return out

    def leaves(self) -> dict[str, str]:
        """Text of the leaf children (the first of each name)."""
        out: dict[str, str] = {}
        for c in self.children:
            if not c.children and c.tag not in out:
                out[c.tag] = c.text.strip()
        return out


def root_tag(path: Path) -> str | None:
    """The name of the root element, or None if the file does not start as XML."""
    head = path.open("rb").read(4096).lstrip(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return None
    found: list[str] = []
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        found.append(name)
        raise StopIteration

    parser.StartElementHandler = start
    with contextlib.suppress(StopIteration, expat.ExpatError):
        parser.Parse(head, False)
    return found[0] if found else None


def records(path: Path, record_tag: str, on_outer_leaf: Callable[[list[str], str, int], None]) -> Iterator[Node]:
    """Yield each <record_tag> element as a small tree; report text outside records to on_outer_leaf."""
    parser = expat.ParserCreate()
    stack: list[Node] = []
    outer: list[tuple[str, int]] = []
    texts: list[str] = []
    done: list[Node] = []

    def refuse(*_args: object) -> None:
        raise XmlProblem("the file declares a DTD or entities, which a return never does", parser.CurrentLineNumber)

    def start(name: str, attrs: dict[str, str]) -> None:
        texts.clear()
        if stack or name == record_tag:
            node = Node(name, parser.CurrentLineNumber)
            if stack:
                stack[-1].children.append(node)
            stack.append(node)
        else:
            outer.append((name, parser.CurrentLineNumber))

    def end(name: str) -> None:
        text = "".join(texts)
        texts.clear()
        if stack:
            node = stack.pop()
            node.text = text
            if not stack:
                done.append(node)
        else:
            tag, line = outer.pop()
            if text.strip():
                on_outer_leaf([t for t, _ in outer] + [tag], text.strip(), line)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = texts.append
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    with path.open("rb") as f:
        while True:
            chunk = f.read(CHUNK)
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as e:
                raise XmlProblem(f"not well-formed XML ({expat.errors.messages[e.code]})", e.lineno) from None
            yield from done
            done.clear()
            if not chunk:
                return
