"""Reading saved web pages: one module per job.

``encoding`` bytes to text, ``page`` text to a parsed tree (size-capped), ``metadata`` the
page's own statements (JSON-LD, meta tags, canonical ...), ``extractors`` candidate article
texts (trafilatura, readability-lxml), ``choose`` the one the evidence supports, ``body`` the
chosen text cleaned of link lists, ``markdown`` trafilatura's tree format to safe Markdown,
``related`` "Related article" lists, ``sanitize`` URL rules. ``patterns`` holds the heuristic data (XPaths, labels) together.
:mod:`newsarchive.ingest.html_reader` ties them together.
"""
