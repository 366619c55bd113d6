"""Reading saved web pages: one module per job.

``encoding`` bytes to text, ``page`` text to a parsed tree (size-capped), ``metadata`` the
page's own statements (JSON-LD, meta tags, canonical ...), ``body`` the article text via
trafilatura, ``markdown`` trafilatura's tree to safe Markdown, ``related`` "Related article"
lists, ``sanitize`` URL rules. ``patterns`` holds the heuristic data (XPaths, labels) together.
:mod:`newsarchive.ingest.html_reader` ties them together.
"""
