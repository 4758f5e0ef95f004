"""Every shipped pattern finishes on adversarial lines, so no rule can stall a batch or depend on load.

The engine gives up on a line after a per-call timeout (`MATCH_TIMEOUT_S`), but then the output
depends on machine load (issue 9: a catastrophic dateline rule took 25 s on 11 words and its
timeouts came and went with the load). This test runs each pattern the way the engine runs it
(`fullmatch` for line triggers, block ends and `while` lines, `search` for trims and site
fingerprints) against lines built to make a backtracking pattern explode (long runs of digits,
dates, punctuation, repeated words and the rule's own literals, up to 10,000 characters) with
`regex`'s own `timeout=`: a guard against catastrophic backtracking, not a timing. A linear pattern
needs well under a millisecond per line; the limit is generous, and a timeout is retried once so
that only a pattern that times out every time fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.rules import load_rules
from cleaner.rules.patterns import is_casefold
from cleaner.rules.prefilter import MATCH_TIMEOUT_S, required_literals
from cleaner.rules.schema import Rule

# Four times the engine's own per-line limit: a pattern that needs this long on one line is
# catastrophic, whatever the load; one that finishes within it never depends on the machine.
HARD_TIMEOUT_S = 4 * MATCH_TIMEOUT_S
# Tries before a timeout counts: a descheduled test thread can lose a second once, not twice.
TRIES = 2
# The longest lines: a table or a menu flattened into one line, or a page with no line breaks.
LONG_CHARS = 10_000

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
# Units repeated into runs: dates, times, numbers, repeated words, names, credits, punctuation.
UNITS = [
    f"{MONTHS} ",
    f"{DAYS} ",
    "Published Monday, November 18, 2019, 04:05 pm PT ",
    "Nov 19, 2019 ",
    "18.11.2019 ",
    "2019-11-18T10:00:00Z ",
    "11/20/19 6:38 AM ",
    "10 ",
    "12:34 ",
    "2019 ",
    "1234567890",
    "the ",
    "Photo ",
    "Getty Images ",
    "Advertisement ",
    "Share ",
    "Jane Smith ",
    "AP Photo/",
    "By ",
    "ABCD ",
    "a",
    "A",
    ".",
    "-",
    "|",
    ", ",
    "• ",
    "(",
    "!?",
    "http://x.co/",
    "0",
    "1.",
    "1,",
    "1:02:11 ",
    "0:00 / 2:34 ",
    "16.6k ",
    "[1/2] ",
    "a-",
    "-a",
    "_",
    "...",
    "’",
    '"',
    ": ",
    " / ",
    "· ",
    " | ",
    "x ",
    "Facebook Twitter ",
    "By Jane Smith | ",
    "Photo: ",
    "© ",
    "\t",
    "Ünïcödé ",
]
# Endings that make a match fail at the very end, after a pattern has committed to the line.
TAILS = ["", " x", "!", " Photo: x"]
# Word counts around the sizes the dateline blow-up was measured at (9, 11, 13 words) and past
# the longest word cap a line rule has.
WORD_COUNTS = (9, 11, 13, 18, 40)


def _runs(unit: str) -> list[str]:
    """A 10,000-character run of `unit`, and short runs of its words at the sizes that hurt."""
    runs = [(unit * (LONG_CHARS // len(unit) + 1))[:LONG_CHARS].strip()]
    words = unit.split()
    if len(words) > 1 or unit.endswith(" "):
        for n in WORD_COUNTS:
            cycle = (words * (n // len(words) + 1))[:n]
            runs.append(" ".join(cycle))
    return runs


def _with_tails(runs: list[str]) -> list[str]:
    lines = [run + tail for run in runs for tail in TAILS]
    return list(dict.fromkeys(line for line in lines if line.strip()))


def pathological_lines() -> list[str]:
    """Long runs of each unit, and short runs of its words at the sizes that hurt, with endings."""
    return _with_tails([run for unit in UNITS for run in _runs(unit)])


def own_lines(rule: Rule) -> list[str]:
    """Runs of a rule's own literals (alone, spaced, and between digits): lines that get past its
    prefilter and make its pattern work, where a generic line is turned away at the first character."""
    if rule.requires:
        literals: tuple[str, ...] = rule.requires
    else:
        found = required_literals(rule.trigger, rule.ignorecase)
        literals = found[0] if found else ()
    cased = [lit.title() if is_casefold(rule.trigger, rule.ignorecase) else lit for lit in literals[:3]]
    return _with_tails([run for lit in cased for unit in (lit, f"{lit} ", f"1 {lit} 2019 ") for run in _runs(unit)])


def _patterns() -> Iterator[tuple[str, str, regex.Pattern[str], bool, list[str]]]:
    """(owner, key, compiled pattern, whole-line?, its own lines) for every shipped pattern."""
    ruleset = load_rules()
    for rule in ruleset.rules:
        flags = regex.IGNORECASE if rule.ignorecase else 0
        keys = {"pattern": rule.pattern, "start": rule.start, "until": rule.until, "while": rule.while_}
        own = own_lines(rule)
        for key, pattern in keys.items():
            if pattern:
                yield rule.id, key, regex.compile(pattern, flags), rule.action != "trim", own
    for site in ruleset.sites:
        for n, pattern in enumerate(site.fingerprints):
            yield f"site {site.key}", f"fingerprint {n}", regex.compile(pattern, regex.MULTILINE), False, []


def _finishes(pattern: regex.Pattern[str], line: str, whole: bool) -> bool:
    run = pattern.fullmatch if whole else pattern.search
    for _ in range(TRIES):
        try:
            run(line, timeout=HARD_TIMEOUT_S)
        except TimeoutError:
            continue
        return True
    return False


def test_pathological_lines_cover_the_measured_blow_up() -> None:
    """The set holds 9-, 11- and 13-word date runs, 10,000-character lines and long digit runs."""
    lines = pathological_lines()
    month_runs = {len(line.split()) for line in lines if line.startswith("Jan Feb Mar")}
    assert {9, 11, 13} <= month_runs
    assert max(len(line) for line in lines) >= LONG_CHARS
    assert any(len(line) >= LONG_CHARS and line.isdigit() for line in lines)


def test_own_lines_repeat_the_rule_s_literals() -> None:
    [rule] = [r for r in load_rules().rules if r.id == "VID002"]  # a `requires` list: ":0", ":1", …
    assert any(line.startswith(":0:0:0") and len(line) >= LONG_CHARS for line in own_lines(rule))


def test_every_shipped_pattern_finishes_on_adversarial_lines() -> None:
    lines = pathological_lines()
    stuck = []
    for owner, key, pattern, whole, own in _patterns():
        for line in [*lines, *own]:
            if not _finishes(pattern, line, whole):
                shown = line if len(line) <= 60 else f"{line[:60]}… ({len(line)} chars)"
                stuck.append(f"{owner} {key}: over {HARD_TIMEOUT_S:.1f} s on {shown!r}")
    assert not stuck, f"{len(stuck)} pattern/line pairs time out:\n" + "\n".join(stuck)
