"""An inline SVG bar chart of articles per month; every bar links to its month page.

No JavaScript: the chart is plain SVG styled by the theme's CSS variables, with a title, a
description and a per-year text alternative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html import escape

from newsarchive.site.model import MONTHS

WIDTH, HEIGHT = 1000, 140


def _months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out, (y, m) = [], first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def render(
    counts: Counter[tuple[int, int]],
    month_href: Callable[[int, int], str],
    year_href: Callable[[int], str],
    label: str,
    chart_id: str = "timeline",
    year: int | None = None,
) -> str:
    """SVG markup for ``counts`` (empty string when there is nothing to draw).

    ``year``: chart that year's twelve months across the full width, labelled by month (a
    year page); otherwise the months from the first to the last with articles."""
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    months = _months_between((year, 1), (year, 12)) if year else _months_between(first, last)
    peak = max(counts.values())
    step = WIDTH / 12 if year else min(WIDTH / len(months), 40.0)  # a few months: no slabs
    gap = step * 0.2 if year else min(1.0, step * 0.15)
    total = sum(counts.values())
    years = sorted({y for y, _ in months})
    every = 1 if len(years) <= 12 else (2 if len(years) <= 24 else 5)
    title = f"{label}: articles per month"
    desc = (f"{total} article{'s' if total != 1 else ''} from {MONTHS[first[1] - 1]} {first[0]} to "
            f"{MONTHS[last[1] - 1]} {last[0]}; the busiest month has {peak}.")
    labels: list[str] = []
    parts = [
        f'<svg class="na-timeline__chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'preserveAspectRatio="none" role="group" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<line class="na-timeline__axis" x1="0" y1="{HEIGHT}" x2="{WIDTH}" y2="{HEIGHT}"/>',
    ]
    for i, (y, m) in enumerate(months):
        n = counts.get((y, m), 0)
        x = i * step
        if year:  # a year's chart: each month's initials under its bar
            labels.append(f'<span style="left:{100 * x / WIDTH:.2f}%">{MONTHS[m - 1][:3]}</span>')
        # A label too near the right edge would be cut off; the bars still say it.
        elif m == 1 and (y - years[0]) % every == 0 and x < WIDTH * 0.94:
            # Year labels are HTML under the chart: SVG text would stretch with the bars.
            labels.append(f'<span style="left:{100 * x / WIDTH:.2f}%">{y}</span>')
        if not n:
            continue
        h = max(2.0, HEIGHT * n / peak)
        name = f"{MONTHS[m - 1]} {y}: {n} article{'s' if n != 1 else ''}"
        parts.append(
            f'<a href="{escape(month_href(y, m))}" aria-label="{escape(name)}">'
            f'<rect class="na-timeline__bar" x="{x + gap / 2:.2f}" y="{HEIGHT - h:.2f}" '
            f'width="{max(step - gap, 0.5):.2f}" height="{h:.2f}"><title>{escape(name)}</title>'
            f"</rect></a>"
        )
    parts.append("</svg>")
    per_year = Counter()
    for (y, _), n in counts.items():
        per_year[y] += n
    alt = "".join(f'<li><a href="{escape(year_href(y))}">{y}</a>: {per_year[y]}</li>'
                  for y in sorted(per_year))
    # A year page lists its months under the chart: no list of years linking to itself.
    alt_block = "" if year else (f'<div class="na-timeline__alt"><span>Articles per year:</span>'
                                 f'<ul class="na-inline-list">{alt}</ul></div>')
    if not labels:  # less than a year, or no January in range: label the first month's year
        labels.append(f'<span style="left:0%">{months[0][0]}</span>')
    return (
        f'<figure class="na-timeline" data-pagefind-ignore>{"".join(parts)}'
        f'<div class="na-timeline__years" aria-hidden="true">{"".join(labels)}</div>'
        f'<figcaption>{escape(desc)} Select a bar to open its month.</figcaption>'
        f'{alt_block}</figure>'
    )
