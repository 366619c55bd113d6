"""Synthetic plain-text saves for the store, crash and concurrency tests (invented places)."""

from __future__ import annotations

from pathlib import Path

# Overrides that make every synthetic save a complete article (`check` has nothing to say).
COMPLETE = ("--source", "Synthetic Wire", "--region", "SY-ID", "--tags", "ceasefire")

PLACES = ("Qarvella", "Drenmoor", "Ulvask", "Temberra", "Osgrave", "Pellin", "Varrow",
          "Kestmarch")


def save_text(i: int, variant: str = "") -> str:
    """Save number ``i``: its own title, date and URL. ``variant`` changes the bytes only
    (the same article saved twice, e.g. at another time)."""
    place = PLACES[i % len(PLACES)]
    return (
        f"Synthetic Council {i} Meets in {place} Valley\n\n"
        "By Synthetic Wire\n\n"
        f"March {1 + i % 28}, 2031\n\n"
        f"This is synthetic filler text number {i} for the newsarchive test suite about the "
        f"invented {place} valley, written so that the paragraph is long enough to count as "
        "body text.\n\n"
        "A second synthetic paragraph continues the invented story for testing purposes only, "
        f"and it has a full stop at the end.{variant}\n\n"
        f"Original url: https://news.example.org/2031/03/synthetic-council-{i}\n"
    )


def url_of(i: int) -> str:
    return f"https://news.example.org/2031/03/synthetic-council-{i}"


def write_saves(folder: Path, numbers: list[int], variant: str = "") -> list[Path]:
    """One ``save-NN.txt`` per number in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in numbers:
        path = folder / f"save-{i:02d}.txt"
        path.write_text(save_text(i, variant), encoding="utf-8")
        paths.append(path)
    return paths
