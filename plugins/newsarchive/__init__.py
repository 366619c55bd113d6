"""newsarchive: a static site generator for a curated archive of conflict news.

Pipeline: saved article -> :mod:`newsarchive.ingest` -> Markdown + frontmatter in git ->
core (:mod:`newsarchive.schema`, :mod:`newsarchive.vocab`, :mod:`newsarchive.archive`) ->
thin site adapter (:mod:`newsarchive.mkdocs_plugin`) -> static site.
"""

__version__ = "0.1.0"
