"""The review report's Markdown as HTML (warmline/markdown_html.py): its constructs; no text from a call as markup."""

from __future__ import annotations

import re

import pytest

from warmline.markdown_html import to_html

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "`</code><script>x()</script>`",
    "**<b>bold</b>** _<i>x</i>_",
    "&lt;already escaped&gt; & \"quotes\" 'single'",
    "<!-- comment --> <svg/onload=alert(1)>",
]


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("# Weekly review", "<h1>Weekly review</h1>\n"),
        ("### low_confidence — 3 of 5", "<h3>low_confidence — 3 of 5</h3>\n"),
        ("one\ntwo\n\nthree", "<p>one\ntwo</p>\n<p>three</p>\n"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        (
            "1. **x**\n   - “p”\n   - “q”\n2. y",
            "<ol>\n<li><strong>x</strong>\n<ul>\n<li>“p”</li>\n<li>“q”</li>\n</ul>\n</li>\n<li>y</li>\n</ol>\n",
        ),
        ("> caller: hi  \n> ai: hello  ", "<blockquote>\n<p>caller: hi<br>\nai: hello</p>\n</blockquote>\n"),
        ("- a\n\ntext after", "<ul>\n<li>a</li>\n</ul>\n<p>text after</p>\n"),
        (  # a fitted proposal's policy diff
            "   ```\n   -    threshold: 0.5\n   +    threshold: 0.3\n   ```",
            "<pre><code>-    threshold: 0.5\n+    threshold: 0.3\n</code></pre>\n",
        ),
    ],
)
def test_blocks(markdown: str, html: str) -> None:
    assert to_html(markdown) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "`policy-v1` and **lower** it, _it was a bill dispute_",
            "<code>policy-v1</code> and <strong>lower</strong> it, <em>it was a bill dispute</em>",
        ),
        ("snake_case_words stay as they are", "snake_case_words stay as they are"),
        ("`a_b_` keeps **its** underscores", "<code>a_b_</code> keeps <strong>its</strong> underscores"),
        ("2 * 3 ** 4 and a lone ` tick", "2 * 3 ** 4 and a lone ` tick"),
        ("`0.5` → `0.45`", "<code>0.5</code> → <code>0.45</code>"),
    ],
)
def test_inline(text: str, html: str) -> None:
    assert to_html(text) == f"<p>{html}</p>\n"


ALLOWED = {"p", "h1", "h2", "h3", "ul", "ol", "li", "blockquote", "code", "pre", "strong", "em", "br"}


def tags(html: str) -> set[str]:
    return set(re.findall(r"</?([a-zA-Z0-9]+)", html))


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("where", ["{}", "# {}", "- {}", "1. {}", "   - {}", "> {}", "Call `x`: _{}_", "```\n{}\n```"])
def test_no_text_becomes_markup(attack: str, where: str) -> None:
    html = to_html(where.format(attack))
    assert tags(html) <= ALLOWED
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "href" not in html
    assert not re.search(r"<[a-z]+ ", html)  # no tag carries an attribute
