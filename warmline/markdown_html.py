"""The review report's Markdown as HTML, for the dashboard: markdown-it with only the constructs `to_markdown` writes.

The report quotes callers' and agents' words, so no text may become markup. markdown-it (the
CommonMark parser) starts here from its "zero" preset, with raw HTML off, and enables headings,
lists, block quotes, hard breaks, `code`, fences (a fitted proposal's policy diff, written without
an info string so no tag gets a class), **strong** and _emphasis_ only: no links, autolinks,
images or HTML, so nothing in a quoted call can turn into a script, an attribute or a URL — it is
shown as the escaped text it is.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_REPORT = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
    ["heading", "list", "blockquote", "newline", "backticks", "fence", "emphasis"]
)


def to_html(markdown: str) -> str:
    """The HTML of `markdown` (the subset the review report uses); every other character escaped."""
    return _REPORT.render(markdown)
