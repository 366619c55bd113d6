"""Options of the ``newsarchive`` MkDocs plugin (documented in README "Plugin options")."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from newsarchive.export.atom import tag_uri
from newsarchive.export.csl import STYLES


class WeightsConfig(base.Config):
    region = c.Type(float, default=3.0)
    country = c.Type(float, default=1.0)
    tag = c.Type(float, default=2.0)
    place = c.Type(float, default=1.0)
    time = c.Type(float, default=2.0)
    time_scale_days = c.Type(float, default=30.0)


class UrlsConfig(base.Config):
    """Where generated pages go, as docs-relative paths without ``.md``."""

    tags = c.Type(str, default="tags")
    regions = c.Type(str, default="regions")
    sources = c.Type(str, default="sources")
    chronology = c.Type(str, default="chronology")


class _TagAuthority(c.Type):
    """An RFC 4151 tagging entity: a domain or e-mail address, a comma and a date."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        try:
            tag_uri(text, "feeds")
        except ValueError as err:
            raise ValidationError(str(err)) from None
        return text
class DatasetLicenceConfig(base.Config):
    """The licence of the dataset's metadata (an Open Definition / SPDX identifier)."""

    name = c.Type(str, default="notspecified")
    title = c.Optional(c.Type(str))
    path = c.Optional(c.Type(str))  # URL of the licence text


class NewsArchiveConfig(base.Config):
    enabled = c.Type(bool, default=True)
    articles_dir = c.Type(str, default="articles")
    regions_file = c.Optional(c.File(exists=True))
    tags_file = c.Optional(c.File(exists=True))
    sources_file = c.Optional(c.File(exists=True))
    related = c.Type(bool, default=True)
    related_count = c.Type(int, default=5)
    weights = c.SubConfig(WeightsConfig)
    page_size = c.Type(int, default=50)
    home_latest = c.Type(int, default=20)
    views = c.ListOfItems(c.Choice(("tags", "regions", "sources", "chronology")),
                          default=["chronology", "regions", "tags", "sources"])
    urls = c.SubConfig(UrlsConfig)
    date_format = c.Type(str, default="%-d %B %Y")
    timeline = c.Type(bool, default=True)
    sanitize = c.Type(bool, default=True)
    search = c.Type(bool, default=True)  # Pagefind index + search page
    # Max pages per Pagefind shard of whole years; 0: automatic (see search_index.shard_size).
    search_shard_size = c.Type(int, default=0)
    # Processes that render pages: 0 automatic (2 on a multi-core machine for 400 pages or
    # more), 1 this one only, 2 a second process renders every other article (parallel.py).
    workers = c.Type(int, default=0)
    cache = c.Type(bool, default=True)  # reuse unchanged pages of the previous build
    cache_dir = c.Type(str, default=".cache/newsarchive")  # relative to mkdocs.yml
    # Atom feeds of the archive and of every tag, country, region and source (need site_url).
    feeds = c.Type(bool, default=True)
    feed_size = c.Type(int, default=50)  # latest articles per feed
    feed_id_authority = c.Optional(_TagAuthority())  # e.g. "archive.example.org,2026"
    # Citations (views/cite.py): JSON-LD and Highwire tags, the "Cite" box with its downloads,
    # and every listing's BibTeX, RIS and CSL-JSON files; false: none of them.
    citations = c.Type(bool, default=True)
    # The "Cite" box's formatted styles; [] shows none (the
    # downloads and the page's citation metadata stay).
    cite_styles = c.ListOfItems(c.Choice(tuple(STYLES)), default=["apa", "chicago-author-date"])
    # The coverage map on the home page and every country page (site/views/coverage.py).
    map = c.Type(bool, default=True)
    # The Data page and data/archive.csv, archive.jsonl, datapackage.json (README "Dataset").
    dataset = c.Type(bool, default=True)
    dataset_texts = c.Type(bool, default=False)  # add each article's text (publishers' rights)
    dataset_licence = c.SubConfig(DatasetLicenceConfig)
