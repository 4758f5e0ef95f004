"""Throughput of the WARC reader and the Parquet writer, each against a peer measured in the same run.

    python benchmarks/io_formats.py                  # 2,000 records each
    python benchmarks/io_formats.py --records 10000

  warc     cleaner.io.warc.read_warc (warcio, HTTP charset decoding, skip reasons) on a generated
           gzipped WARC of HTML responses, against FastWARC's raw record iteration (payload bytes
           only, no decoding): the question is whether the reader could ever be the bottleneck
           next to cleaning (~10-50 ms per HTML page).
  parquet  ParquetRecordWriter (typed from the JSON Schema, JSONL text in) against writing the
           same records as JSONL, the format it replaces.

Both print records/s, best of three passes (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSES = 3


def best_of(fn: Callable[[], int]) -> tuple[float, int]:
    """Best wall time of PASSES runs, and what one run counted."""
    best, count = float("inf"), 0
    for _ in range(PASSES):
        t0 = time.perf_counter()
        count = fn()
        best = min(best, time.perf_counter() - t0)
    return best, count


def make_warc(path: Path, records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = (ROOT / "fixtures" / "scrapy" / "harbour.html").read_bytes()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(records):
            headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example.org/{i}",
                    "response",
                    payload=BytesIO(body),
                    http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                )
            )


def bench_warc(records: int) -> None:
    from cleaner.io.warc import read_warc

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        make_warc(path, records)
        ours, n = best_of(lambda: sum(1 for _ in read_warc(path)))
        print(f"warc  cleaner read_warc (warcio): {n / ours:,.0f} records/s ({n} records, {ours:.2f} s)")
        try:
            from fastwarc.warc import ArchiveIterator, WarcRecordType
        except ImportError:
            print("warc  peer FastWARC not installed (pip install fastwarc): no ratio")
            return

        def peer() -> int:
            count = 0
            with open(path, "rb") as fh:
                for rec in ArchiveIterator(fh, record_types=WarcRecordType.response):
                    rec.reader.read()
                    count += 1
            return count

        theirs, m = best_of(peer)
        print(f"warc  FastWARC raw iteration:     {m / theirs:,.0f} records/s ({m} records, {theirs:.2f} s)")
        print(f"warc  ratio cleaner/FastWARC: {theirs / ours:.2f}x the peer's speed")


def bench_parquet(records: int) -> None:
    from cleaner import Cleaner
    from cleaner.io.parquet import ParquetRecordWriter

    cleaner = Cleaner()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "sites").glob("*.txt"))]
    base = [cleaner.clean(t, id=str(i)).to_dict() for i, t in enumerate(texts)]
    lines = [json.dumps(base[i % len(base)], ensure_ascii=False) + "\n" for i in range(records)]
    with tempfile.TemporaryDirectory() as tmp:

        def ours() -> int:
            with ParquetRecordWriter(Path(tmp) / "x.parquet") as w:
                for line in lines:
                    w.write(line)
            return w.written

        def peer() -> int:
            with open(Path(tmp) / "x.jsonl", "w", encoding="utf-8") as fh:
                for line in lines:
                    fh.write(line)
            return len(lines)

        t_ours, n = best_of(ours)
        t_peer, _ = best_of(peer)
        size_pq = (Path(tmp) / "x.parquet").stat().st_size
        size_jl = (Path(tmp) / "x.jsonl").stat().st_size
    print(f"parquet  ParquetRecordWriter: {n / t_ours:,.0f} records/s, {size_pq / 1e6:.1f} MB")
    print(f"parquet  JSONL write (peer):  {n / t_peer:,.0f} records/s, {size_jl / 1e6:.1f} MB")
    print(f"parquet  ratio Parquet/JSONL: {t_peer / t_ours:.2f}x the speed, {size_pq / size_jl:.2f}x the size")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--only", choices=("warc", "parquet"))
    args = ap.parse_args()
    if args.only in (None, "warc"):
        bench_warc(args.records)
    if args.only in (None, "parquet"):
        bench_parquet(args.records)


if __name__ == "__main__":
    main()
