"""Size and time of the engine-neutral outputs (``newsarchive.export``) on a synthetic archive.

Usage: python scripts/bench_exports.py [-n 50000] [--seed 0] [--text]

Articles are generated in memory by ``scripts/synthetic.py`` (bodies only with ``--text``,
which also measures the dataset with its ``text`` column). One function per output returns
``(file name, bytes, seconds)`` rows; the script prints each file's size, its gzip size (what a
server sending it compressed transfers) and the time to produce it: the CPU time of this
process, which a busy shared machine distorts far less than the wall-clock time.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from synthetic import COUNTRIES, REGIONS, generate

from newsarchive.export.dataset import (
    Config,
    DataFile,
    archive_csv,
    archive_jsonl,
    datapackage,
    make_records,
)
from newsarchive.schema import Article

Row = tuple[str, bytes, float]
SITE = "https://archive.example.org/"


def _timed(produce: Callable[[], bytes]) -> tuple[bytes, float]:
    start = time.process_time()
    data = produce()
    return data, time.process_time() - start


def bench_dataset(articles: list[Article], include_text: bool = False) -> list[Row]:
    """archive.csv, archive.jsonl and datapackage.json, as the Data page would write them."""
    names = {code: name for code, name, _ in REGIONS} | dict(COUNTRIES)
    config = Config(include_text=include_text, title="Synthetic archive", homepage=SITE)
    start = time.process_time()
    records = make_records(
        articles, archived_url=lambda a: SITE + a.path.removesuffix(".md") + "/",
        wayback_url=lambda a: f"https://web.archive.org/web/{a.date:%Y%m%d}/{a.original_url}",
        place_name=names.get)
    rows: list[Row] = [("(records)", b"", time.process_time() - start)]
    suffix = "+text" if include_text else ""
    csv_bytes, seconds = _timed(lambda: archive_csv(records, config))
    rows.append((f"archive.csv{suffix}", csv_bytes, seconds))
    jsonl_bytes, seconds = _timed(lambda: archive_jsonl(records, config))
    rows.append((f"archive.jsonl{suffix}", jsonl_bytes, seconds))
    files = [DataFile("archive.csv", csv_bytes), DataFile("archive.jsonl", jsonl_bytes)]
    descriptor, seconds = _timed(lambda: datapackage(files, config))
    rows.append((f"datapackage.json{suffix}", descriptor, seconds))
    return rows


def _mib(n: int) -> str:
    return f"{n / 2**20:9.2f} MiB" if n >= 2**20 else f"{n / 1024:9.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000, help="articles (default 50000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--text", action="store_true",
                        help="generate bodies and also measure the dataset with full texts")
    args = parser.parse_args()

    start = time.perf_counter()
    articles = generate(args.n, args.seed, words=(300, 900) if args.text else None)
    print(f"{args.n} synthetic articles generated in {time.perf_counter() - start:.1f} s")
    rows = bench_dataset(articles)
    if args.text:
        rows += bench_dataset(articles, include_text=True)
    print(f"{'file':<24} {'bytes':>12} {'size':>13} {'gzip -6':>13} {'CPU time':>9}")
    for name, data, seconds in rows:
        if not data:
            print(f"{name:<24} {'':>12} {'':>13} {'':>13} {seconds:8.2f}s")
            continue
        packed = len(gzip.compress(data, 6, mtime=0))
        print(f"{name:<24} {len(data):>12,} {_mib(len(data))} {_mib(packed)} {seconds:8.2f}s")


if __name__ == "__main__":
    main()
