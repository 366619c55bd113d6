"""The search index: Pagefind staging, year-range shards and compact page lists."""
