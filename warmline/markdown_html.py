"""The review report's Markdown as HTML, for the dashboard: the few constructs `to_markdown` writes, no more.

Why not a Markdown library: the report quotes callers' and agents' words, so the renderer must never
let text become markup. This one escapes every character of the input first and only then adds the
tags it knows — headings, lists (one level of nesting), block quotes, paragraphs, `code`, **strong**,
_emphasis_. There are no links, images or raw HTML in its grammar, so nothing in a quoted call can
turn into a script, an attribute or a URL. Anything else is shown as the escaped text it is.
"""

from __future__ import annotations

import html
import re

HEADING = re.compile(r"^(#{1,6}) (.*)$")
BULLET = re.compile(r"^( *)- (.*)$")
NUMBERED = re.compile(r"^\d+\. (.*)$")
QUOTE = re.compile(r"^> ?(.*)$")
CODE = re.compile(r"`([^`]+)`")
STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
EMPHASIS = re.compile(r"(?<![\w])_(\S(?:.*?\S)?)_(?![\w])")


def inline(text: str) -> str:
    """One line's text, escaped, with its code spans, strong and emphasis as tags (code spans stay literal)."""
    parts = CODE.split(text)  # even indexes: prose; odd: the insides of code spans
    out = []
    for i, part in enumerate(parts):
        escaped = html.escape(part, quote=True)
        if i % 2:
            out.append(f"<code>{escaped}</code>")
        else:
            out.append(EMPHASIS.sub(r"<em>\1</em>", STRONG.sub(r"<strong>\1</strong>", escaped)))
    return "".join(out)


class _Writer:
    """Collects the HTML, closing a paragraph, quote or list before a block of another kind starts."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[str] = []  # the tags open now, innermost last: p | blockquote | ul/ol, li, ul, li

    def close(self, depth: int = 0) -> None:
        while len(self.open) > depth:
            self.out.append(f"</{self.open.pop()}>")

    def start(self, *tags: str) -> None:
        for tag in tags:
            self.out.append(f"<{tag}>")
            self.open.append(tag)

    def item(self, kind: str, text: str, nested: bool) -> None:
        """A list item; `nested` puts it in a list inside the current item (the report nests one level)."""
        if nested and self.open[:2] in (["ul", "li"], ["ol", "li"]):
            if self.open[2:3] != ["ul"]:
                self.close(2)
                self.start("ul")
            else:
                self.close(3)
        elif self.open[:1] != [kind]:
            self.close()
            self.start(kind)
        else:
            self.close(1)
        self.start("li")
        self.out.append(inline(text))

    def text(self, kind: str, text: str) -> None:
        """A line of a paragraph (joined with a space) or of a block quote (a line break between lines)."""
        if self.open == [kind]:
            self.out.append("<br>" if kind == "blockquote" else " ")
        else:
            self.close()
            self.start(kind)
        self.out.append(inline(text.rstrip()))


def to_html(markdown: str) -> str:
    """The HTML of `markdown` (the subset the review report uses); every character of it escaped."""
    w = _Writer()
    for line in markdown.splitlines():
        if not line.strip():
            w.close()
        elif m := HEADING.match(line):
            w.close()
            level = len(m.group(1))
            w.out.append(f"<h{level}>{inline(m.group(2))}</h{level}>")
        elif m := BULLET.match(line):
            w.item("ul", m.group(2), nested=len(m.group(1)) >= 2)
        elif m := NUMBERED.match(line):
            w.item("ol", m.group(1), nested=False)
        elif m := QUOTE.match(line):
            w.text("blockquote", m.group(1))
        else:
            w.text("p", line.strip())
    w.close()
    return "\n".join(w.out) + "\n"
