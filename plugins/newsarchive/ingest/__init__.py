"""Ingest: turn saved articles (plain text, saved web pages) into archive Markdown files.

One reader per input format (:mod:`.text_reader`, :mod:`.html_reader`) extracts an
:class:`~newsarchive.ingest.model.Extracted`; :mod:`.enrich` maps it onto the schema with the
vocabularies; :mod:`.store` writes it atomically; :mod:`.pipeline` runs a batch.
"""
