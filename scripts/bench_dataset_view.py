"""Cost of the dataset view (``site/views/dataset.py``) on a synthetic archive: what it adds
to every build, and the sizes of what it writes.

Usage: python scripts/bench_dataset_view.py [-n 1000 10000] [--seed 0] [--site-url URL]

Articles come from ``scripts/synthetic.py`` (metadata only: the default dataset carries no
texts), with the synthetic world's vocabularies. For each size the script builds the site
model (``Catalog``, ``Site``) and times ``dataset.generate(site)`` (what every build pays:
registering the files and the page) and then the files' bytes and hashes (what a build pays
when an article changed: the Data page's rendering asks for them). It prints the CPU time of
this process (a busy shared machine distorts wall-clock time far more) and each file's size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from synthetic import generate, write_vocab

from newsarchive.archive.catalog import Catalog
from newsarchive.export.dataset import Config
from newsarchive.site.model import Site
from newsarchive.site.views import dataset
from newsarchive.vocab import load_vocab


def _mib(n: int) -> str:
    return f"{n / 2**20:.2f} MiB" if n >= 2**20 else f"{n / 1024:.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--site-url", default="https://archive.example.org/")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vocab = load_vocab(**write_vocab(Path(tmp)))
    for n in args.n:
        articles = generate(n, args.seed, words=None)
        catalog = Catalog.build(articles)
        best = made = float("inf")
        for _ in range(args.repeat):
            site = Site(catalog=catalog, vocab=vocab,
                        urls={"tags": "tags", "regions": "regions", "sources": "sources",
                              "chronology": "chronology"},
                        page_size=50, date_format="%-d %B %Y", timeline=True, views=[],
                        site_url=args.site_url, dataset=Config(title="Synthetic archive",
                                                               homepage=args.site_url))
            start = time.process_time()
            dataset.generate(site)
            best = min(best, time.process_time() - start)
            start = time.process_time()
            files = site.pages[dataset.DATA_URI].context["dataset"].files
            made = min(made, time.process_time() - start)
        sizes = ", ".join(f"{f['name']} {_mib(int(f['bytes']))}" for f in files)
        print(f"{n:>7,} articles (CPU, best of {args.repeat}): registering {best:.3f} s, "
              f"making the files {made:.3f} s; {sizes}")


if __name__ == "__main__":
    main()
