"""The Markdown writer keeps every piece of text of an extractor's tree."""

from __future__ import annotations

from lxml import etree

from newsarchive.ingest.html.markdown import to_markdown


def test_text_straight_inside_a_list_is_kept_around_its_items() -> None:
    # Converted readability output can hold a heading, a paragraph or bare text directly in a
    # list; none of it may vanish.
    tree = etree.fromstring(
        '<body><list rend="ul">Filler intro of the Velmora list'
        "<head>Filler heading inside the list</head>"
        "<item>Filler item one<list><item>Filler sub-item</item></list></item>"
        "<p>Filler paragraph inside the list.</p>"
        "<item>Filler item two</item>Filler closing words</list></body>")
    assert to_markdown(tree, None).split("\n\n") == [
        "Filler intro of the Velmora list",
        "## Filler heading inside the list",
        "- Filler item one\n    - Filler sub-item",
        "Filler paragraph inside the list.",
        "- Filler item two",
        "Filler closing words",
    ]


def test_plain_list_unchanged() -> None:
    tree = etree.fromstring('<body><list rend="ol"><item>First filler</item>'
                            "<item>Second filler</item></list></body>")
    assert to_markdown(tree, None) == "1. First filler\n2. Second filler"
