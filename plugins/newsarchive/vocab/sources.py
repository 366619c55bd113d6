"""Publication names by web domain."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from newsarchive.vocab.datafile import load_mapping


class SourceTable:
    """Maps a URL's host to the publication's name, walking up subdomains."""

    def __init__(self, domains: dict[str, str], path: Path | None = None) -> None:
        self._domains = {d.lower().removeprefix("www."): n for d, n in domains.items()}
        self.path = path

    @classmethod
    def load(cls, path: Path) -> SourceTable:
        return cls({str(k): str(v) for k, v in load_mapping(path).items()}, path)

    def __len__(self) -> int:
        return len(self._domains)

    def name_for_url(self, url: str) -> str | None:
        """``https://www.themoscowtimes.com/...`` -> ``The Moscow Times``."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return None
        labels = host.split(".")
        for i in range(len(labels) - 1):
            name = self._domains.get(".".join(labels[i:]))
            if name:
                return name
        return None
