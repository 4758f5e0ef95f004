"""One learning run: count a batch, learn per site, write the rule files, summarise per site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.io.readers import FieldNames
from cleaner.sites import SiteDetector
from cleaner.templates.collect import CollectResult, Grouping, collect
from cleaner.templates.counts import DEFAULT_MAX_ENTRIES
from cleaner.templates.learner import LearnedSite, LearnOptions, learn
from cleaner.templates.rulefile import WrittenFile, write_rules


@dataclass(slots=True)
class LearnRun:
    """What a learning run found and wrote, for the CLI table and the batch report."""

    sites: list[LearnedSite]
    written: list[WrittenFile] = field(default_factory=list)
    collected: CollectResult | None = None

    def summary(self) -> dict[str, Any]:
        """Per site: pages seen, rules learned, characters they would remove; plus the counter's state."""
        c = self.collected
        return {
            "sites": {
                s.site: {
                    "pages": s.pages,
                    "rules": s.rule_count,
                    "chars": s.chars(),
                    **({"groups": s.groups} if len(s.groups) > 1 else {}),
                    **({"skipped": dict(sorted(s.skipped.items()))} if s.skipped else {}),
                }
                for s in self.sites
            },
            "rule_files": [str(w.path) for w in self.written],
            "pages": c.counts.pages_seen if c else 0,
            "ungrouped": c.ungrouped if c else 0,
            "unreadable": c.unreadable if c else 0,
            "pruned_entries": c.counts.pruned if c else 0,
            "max_undercount": c.counts.floor if c else 0,
        }


def learn_batch(
    inputs: Sequence[str],
    detector: SiteDetector,
    out_dir: str | Path | None,
    *,
    fields: FieldNames | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    grouping: Grouping | None = None,
    options: LearnOptions | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    first_pages: int | None = None,
    learned_on: dt.date | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 0,
) -> LearnRun:
    """Count the batch, learn every site's template, and write `out_dir/<site>.toml` when given."""
    if engine == "dask":
        from cleaner.batch.discovery import BatchError
        from cleaner.templates.distributed import collect_dask

        if first_pages is not None:
            raise BatchError("--first-pages needs the local engine: on Dask, 'first' depends on the partitions")
        collected = collect_dask(
            inputs,
            detector,
            fields=fields,
            include=include,
            exclude=exclude,
            grouping=grouping,
            max_entries=max_entries,
            scheduler=scheduler,
            workers=workers,
        )
    else:
        collected = collect(
            inputs,
            detector,
            fields=fields,
            include=include,
            exclude=exclude,
            grouping=grouping,
            max_entries=max_entries,
            first_pages=first_pages,
        )
    sites = learn(collected.counts, options)
    run = LearnRun(sites, collected=collected)
    if out_dir is not None:
        run.written = write_rules(sites, out_dir, learned_on, dict(collected.domains))
    return run
