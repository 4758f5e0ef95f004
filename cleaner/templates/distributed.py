"""Learning on Dask: counting is a reduction, so each partition counts its records and the
client adds the counts up in input order, then learns exactly as local mode does.

One difference needs a second, cheap pass: a partition keeps a line's text only once the line
recurred on SAMPLE_AT_PAGES of *its* pages, so a line spread thinly over many partitions can
reach the support bar with no text. The second pass looks those few hashes up again. Rules are
then the same as local mode's (ids, patterns, provenance); a drop example may show another
page's numbers. Counts are capped per partition, as locally per process.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from cleaner.batch.discovery import BatchError, discover
from cleaner.io.readers import FieldNames, iter_lines, open_lines
from cleaner.sites import SiteDetector
from cleaner.templates.collect import Collector, CollectResult, Grouping, file_records, json_records
from cleaner.templates.counts import DEFAULT_MAX_ENTRIES, SAMPLE_AT_PAGES, TemplateCounts
from cleaner.templates.normalise import line_hash, normalise

# Partitions per worker, as `batch --engine dask` cuts its work (integrations/dask.py).
DEFAULT_WORKERS = 2


def _unit_records(unit: Any) -> Iterator[Any]:
    """Records of one work unit: a whole file, or a byte range of a JSONL file."""
    from cleaner.integrations.dask import LineRange

    if not isinstance(unit, LineRange):
        yield from file_records(unit.path, unit.kind)
        return
    if unit.end < 0:
        with open_lines(unit.path) as stream:
            yield from json_records(iter_lines(stream))
        return
    with open(unit.path, "rb") as fh:
        fh.seek(unit.start)
        data = fh.read(unit.end - unit.start)
    yield from json_records(iter_lines(io.BytesIO(data)))


def _count_partition(
    units: Sequence[Any], detector: SiteDetector, fields: FieldNames, grouping: Grouping, max_entries: int
) -> list[CollectResult]:
    collector = Collector(detector, fields, grouping, TemplateCounts(max_entries))
    for unit in units:
        for record in _unit_records(unit):
            collector.add(record)
    return [collector.result]


def _find_texts(
    units: Sequence[Any], detector: SiteDetector, fields: FieldNames, grouping: Grouping, wanted: dict[str, set[int]]
) -> list[dict[str, dict[int, str]]]:
    collector = Collector(detector, fields, grouping)
    found: dict[str, dict[int, str]] = {}
    for unit in units:
        for record in _unit_records(unit):
            page = collector.page(record)
            if page is None or page.group not in wanted:
                continue
            want, got = wanted[page.group], found.setdefault(page.group, {})
            for raw in page.lines:
                norm = normalise(raw)
                if norm and (h := line_hash(norm)) in want and h not in got:
                    got[h] = " ".join(raw.split())
    return [found]


def collect_dask(
    inputs: Sequence[str],
    detector: SiteDetector,
    *,
    fields: FieldNames | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    grouping: Grouping | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    scheduler: str | None = None,
    workers: int = 0,
) -> CollectResult:
    """Count the batch on Dask (a scheduler address, else local processes) and merge in order."""
    import dask.bag as db

    from cleaner.integrations.dask import plan

    fields, grouping = fields or FieldNames(), grouping or Grouping()
    inputs_found = discover(list(inputs), include, exclude, "json").inputs
    if any(i.is_stdin for i in inputs_found):
        raise BatchError("learning reads the inputs twice, so it needs files or folders, not - (stdin)")
    if not inputs_found:
        return CollectResult(TemplateCounts(max_entries))
    _order, parts = plan(inputs_found, workers or DEFAULT_WORKERS)
    bag = db.from_sequence(parts, npartitions=len(parts))
    compute: dict[str, Any] = {}
    client = None
    if scheduler:
        from distributed import Client

        client = Client(scheduler)
    else:
        compute = {"scheduler": "processes", "num_workers": workers or DEFAULT_WORKERS}
    try:
        counted = bag.map_partitions(
            lambda ps: [r for p in ps for r in _count_partition(p, detector, fields, grouping, max_entries)]
        ).compute(**compute)
        merged = counted[0]
        for part in counted[1:]:
            merged.merge(part)
        wanted = {
            key: {h for h, c in g.lines.items() if c >= SAMPLE_AT_PAGES and h not in g.samples}
            for key, g in merged.counts.groups.items()
        }
        wanted = {k: v for k, v in wanted.items() if v}
        if wanted:
            texts = bag.map_partitions(
                lambda ps: [t for p in ps for t in _find_texts(p, detector, fields, grouping, wanted)]
            ).compute(**compute)
            for part_texts in texts:
                for key, got in part_texts.items():
                    samples = merged.counts.groups[key].samples
                    for h, text in got.items():
                        samples.setdefault(h, text)
        return merged
    finally:
        if client is not None:
            client.close()
