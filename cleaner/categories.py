"""Every removal category, in one place, so each record's `stats.removed_by_category` has the same keys.

Arrow, pandas and `datasets` infer one schema per column; a dict whose keys depend on which rules
fired gave 187 different key sets over 2,000 records (issue 14). The list is the categories of the
shipped rule files (tests/test_record_schema.py checks it stays complete) plus the stages that are
not rule files. A user's own rule file may name a category of its own: its removals keep that name
in `removed[]`, and are counted under OTHER in the stats.
"""

from __future__ import annotations

from typing import Final

# One per generic rule file (cleaner/rulesets/generic/<category>.toml); site files reuse them.
RULE_CATEGORIES: Final = (
    "ads",
    "captions",
    "comments",
    "donation",
    "footer",
    "images",
    "metadata",
    "navigation",
    "newsletter",
    "paywall",
    "related",
    "social",
    "syndication",
    "video",
)
# Stages that are not rule files: exact repeated lines (cleaner.dedupe), the page-dump classifier
# (cleaner.heuristics.CATEGORY), the learned line model, batch template learning, and what HTML
# extraction dropped.
STAGE_CATEGORIES: Final = ("duplicate", "heuristic", "learned", "template", "extraction")
OTHER: Final = "other"
CATEGORIES: Final = (*RULE_CATEGORIES, *STAGE_CATEGORIES, OTHER)


def stats_key(category: str) -> str:
    """The stats key a removal counts under: its own category when known, else OTHER."""
    return category if category in CATEGORIES else OTHER
