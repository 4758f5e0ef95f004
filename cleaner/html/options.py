"""trafilatura's options on the HTML path, and the measurements behind them.


trafilatura's options below were chosen by measurement, not taken from its defaults. Dev corpus
page.html.gz, 466 pages (69 sh, 397 tf), trafilatura 2.3.1, 2026-11-22: F1 (P/R) of the
extracted text alone, and tf data loss (must-keep snippets lost / must-drop snippets kept).
Every row except the first has include_comments=False.

    options                     sh F1 (P/R)           tf F1 (P/R)          tf lost  tf kept
    defaults (comments on)      0.9588 (.939/.979)    0.9217 (.901/.944)   67       124
    comments off  [chosen]      0.9630 (.947/.979)    0.9236 (.904/.945)   66       120
    favor_precision             0.9717 (.966/.978)    0.9206 (.922/.919)   96       93
    favor_recall                0.9620 (.945/.980)    0.9173 (.895/.941)   70       132
    fast                        0.9640 (.947/.981)    0.9195 (.904/.935)   77       118
    include_tables=False        0.9648 (.953/.977)    0.9199 (.905/.935)   77       117
    include_images (markers)    0.9367 (.898/.979)    0.9127 (.880/.948)   62       154
    include_images, stripped    0.9615 (.943/.981)    0.9163 (.887/.947)   63       143
    deduplicate                 0.9559 (.947/.965)    0.9197 (.902/.938)   74       121
    with_metadata               same text as "comments off"
    prune_xpath hidden elements 0.9630 (.947/.979)    0.9249 (.904/.946)   64       119

favor_precision wins on sh but loses 30 must-keep snippets on tf (2.6 points of recall): deleting
article text is the one error we rank worst, so it is out. include_images changes which blocks
trafilatura keeps (captions and teaser cards come in: +23 boilerplate snippets) and costs F1 even
with the image markers stripped, so captions come from the page's own <figure> elements instead.
Pruning hidden elements ([@hidden], aria-hidden, display:none, sr-only classes) moved 3 snippets
of ~1,200: too little to outweigh "read more" pages that hide the rest of the article with CSS.

Re-measured 2026-12-01 by domain-split cross-validation over sh, tf, dn (100-page sample) and sites
(benchmarks/html_quality.py): comments off won in 4 of 5 folds (favor_recall in one); favor_precision
lost 94 tf must-keep snippets against 64 with comments off.

On top of the extraction, the pipeline skips the full-page-dump heuristics in auto mode (measured
in cleaner/pipeline.py), and our rule sets then took the body from sh 0.963 / tf 0.924 to
0.968 / 0.932 (BENCHMARKS.md, Quality).
"""

from __future__ import annotations

from typing import Any, Final

from cleaner.rules.schema import RuleSet

SHIPPED_RULES_LABEL: Final = "cleaner/rulesets/"

# See the module docstring for the measurement behind each choice; benchmarks/html_quality.py
# re-measures them by domain-split cross-validation.
TRAFILATURA_OPTIONS: Final[dict[str, Any]] = {
    "include_comments": False,
    "favor_precision": False,
    "favor_recall": False,
    "fast": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
}

# Rule categories that run over trafilatura's text: those that cost no recall on any dev source
# (benchmarks/html_quality.py, 2026-12-01: switching each on changed recall by >= -0.0005 on sh,
# tf, dn and sites, and mean F1 by >= 0; the same rule picked the categories in every CV fold).
# Off, because they cost recall: captions (dn -0.0016), metadata (dn -0.0018), related (dn -0.0007),
# footer (sh -0.0006), syndication (tf: one must-keep snippet).
HTML_RULE_CATEGORIES: Final[frozenset[str]] = frozenset(
    {"ads", "comments", "donation", "images", "navigation", "newsletter", "paywall", "social", "video"}
)


def html_path_rules(rules: RuleSet) -> RuleSet:
    """The rules that run on the HTML path: shipped rules of HTML_RULE_CATEGORIES, and every user rule."""
    return RuleSet(
        tuple(r for r in rules.rules if r.category in HTML_RULE_CATEGORIES or not _shipped(r.source_file)),
        rules.sites,
        rules.files,
    )


def _shipped(source_file: str) -> bool:
    # Shipped rule files carry this label (cleaner/rules/schema.py: builtin_rule_files).
    return source_file.startswith(SHIPPED_RULES_LABEL)
