"""Ingest refuses what is not a news article (policy pages, documentation, code), with the reason.

All inputs are synthetic; news reports *about* a privacy policy or software must still be
archived.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import seed_path
from tests.ingest.html_pages import article_page, ingest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "html" / "velmora_report.html"

POLICY_TEXT = """Privacy Policy

Last updated: 1 January 2030

This filler privacy policy explains how the invented Velmora Courier collects and uses your personal data. It is synthetic text for a test.

We collect personal information that you give us when you subscribe, and we use cookies to remember your preferences. You can opt out at any time in your browser settings.

We may share your data with third parties who process it on our behalf. Under the GDPR you have rights over your data; contact us to use them.

By using this filler site you agree to these terms.
"""

README_TEXT = """# velmora-tools

A filler command-line tool for the invented town of Velmora. This synthetic README exists only to test that ingest refuses documentation.

## Installation

```
pip install velmora-tools
```

## Usage

Run the filler tool on a folder of invented files:

```
velmora-tools scan ./filler --verbose
```

## Configuration

Settings live in `velmora.toml`; every key is filler and documented in the invented manual.

## License

MIT
"""

CODE_TEXT = '''velmora_filler.py

import os
from pathlib import Path


def count_filler(folder: str) -> int:
    """Count the invented filler files in a folder."""
    total = 0
    for name in os.listdir(folder):
        if name.endswith(".filler"):
            total += 1
    return total


class Harbour:
    def __init__(self, boats: list[str]) -> None:
        self.boats = boats

    def size(self) -> int:
        return len(self.boats)


if __name__ == "__main__":
    print(count_filler(Path.cwd()))
'''

JS_TEXT = """harbour.js

const boats = require("./filler-boats");

function countBoats(list) {
  let total = 0;
  for (const boat of list) {
    if (boat.harbour === "Port Ostra") { total += 1; }
  }
  return total;
}

module.exports = { countBoats };
console.log(countBoats(boats.all()));
"""

LICENCE_TEXT = """MIT License

Copyright (c) 2030 Velmora filler developers

Permission is hereby granted, free of charge, to any person obtaining a copy of this filler software and associated documentation files (the "Software"), to deal in the Software without restriction.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM.
"""

NEWS_ABOUT_POLICY = """Velmora council criticised over its new privacy policy

By Filler Newsdesk

March 4, 2021

The council of the invented town of Velmora published a new privacy policy for its filler parking app on Tuesday, and residents were quick to object. This is synthetic filler text for a test.

Critics said the policy lets the council share personal data with third parties, and that the opt-out is hidden in the app's settings. "We were never asked," said an invented resident of the Ostra quarter.

The council said it would review the wording of the filler policy before the summer, and that no data had been sold.

Original url: https://courier.velmora.example/news/2021/03/04/privacy-policy
"""

NEWS_ABOUT_SOFTWARE = """Filler flaw found in Velmora's ticket software

By Filler Newsdesk

March 5, 2021

An invented researcher found a flaw in the software that sells ferry tickets in the invented port of Ostra, the filler council of Velmora said on Friday. This is synthetic filler text for a test.

The council asked residents to update the ticket app, and said the installation of the fix takes a minute. Usage of the app fell by a filler third during the week, according to the invented operator.

The operator said the problem was in one function of its code and that no payment data was exposed.

Original url: https://courier.velmora.example/news/2021/03/05/ticket-flaw
"""

NEWS_ABOUT_LICENCE = """GNU licence dispute over Velmora ferry software ends in court

By Filler Newsdesk | Legal

March 6, 2021

A filler court in the invented port of Ostra ruled on Saturday that the ferry operator of Velmora broke the licence of the software it sells tickets with. This is synthetic filler text for a test.

The invented developers said the redistribution of the software without its source was the problem, and that the licence text says the program comes "as is", without warranty of any kind.

The operator said it would publish the source of its filler ticket app within a month.

Original url: https://courier.velmora.example/news/2021/03/06/licence-dispute
"""


def _policy_page(title: str) -> str:
    paragraphs = [p for p in POLICY_TEXT.split("\n\n")[2:] if p.strip()]
    return article_page(headline=title, paragraphs=paragraphs,
                        canonical="https://courier.velmora.example/privacy-policy")


def _docs_page() -> str:
    return """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>velmora-tools/README.md at main · filler/velmora-tools</title></head><body>
<article class="markdown-body"><h1>velmora-tools</h1>
<p>A filler command-line tool for the invented town of Velmora. This synthetic page exists only to test that ingest refuses documentation pages.</p>
<h2>Installation</h2><pre><code>pip install velmora-tools</code></pre>
<h2>Usage</h2><p>Run the filler tool on a folder of invented files, as the filler manual of the synthetic project explains at some length.</p>
<pre><code>velmora-tools scan ./filler --verbose</code></pre>
<h2>Contributing</h2><p>Filler pull requests to the invented project are welcome; run the filler tests first.</p>
<h2>License</h2><p>MIT, a filler licence line of the synthetic README.</p>
</article></body></html>"""


@pytest.mark.parametrize(("name", "data", "words"), [
    ("privacy.txt", POLICY_TEXT, "legal or policy page (title 'Privacy Policy')"),
    ("untitled-policy.txt", POLICY_TEXT.replace("Privacy Policy", "Velmora Courier", 1),
     "privacy, cookie or terms page"),
    ("privacy.html", _policy_page("Privacy Policy"), "legal or policy page"),
    ("terms.html", _policy_page("Terms and Conditions"), "legal or policy page"),
    ("datenschutz.html", _policy_page("Datenschutzerklärung"), "legal or policy page"),
    ("README.txt", README_TEXT, "software documentation"),
    ("readme-page.html", _docs_page(), "software documentation"),
    ("code.txt", CODE_TEXT, "source code"),
    ("harbour-js.txt", JS_TEXT, "source code"),
    ("LICENSE.txt", LICENCE_TEXT, "software licence"),
])
def test_non_articles_are_refused_with_the_reason(tmp_path: Path, name: str, data: str,
                                                  words: str) -> None:
    src = tmp_path / name
    src.write_text(data, encoding="utf-8")
    code, out = ingest(src, tmp_path / "content")
    assert code == 1, out
    [line] = [ln for ln in out.splitlines() if ln.startswith("error:")]
    assert name in line and words in line
    assert "not a news article" in line and "save the article page itself" in line
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize(("name", "data"), [
    ("policy-news.txt", NEWS_ABOUT_POLICY),
    ("software-news.txt", NEWS_ABOUT_SOFTWARE),
    ("licence-news.txt", NEWS_ABOUT_LICENCE),
    ("policy-news.html", article_page(
        headline="Velmora council criticised over its new privacy policy",
        paragraphs=NEWS_ABOUT_POLICY.split("\n\n")[3:6])),
    ("velmora_report.html", FIXTURE.read_text(encoding="utf-8")),
    ("seed.txt", seed_path().read_text(encoding="utf-8")),
])
def test_news_articles_are_not_refused(tmp_path: Path, name: str, data: str) -> None:
    src = tmp_path / name
    src.write_text(data, encoding="utf-8")
    code, out = ingest(src, tmp_path / "content")
    assert code == 0, out
    assert len(list((tmp_path / "content" / "articles").rglob("*.md"))) == 1
