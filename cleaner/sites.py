"""Decide which site rule sets apply: by the URL's domain, else by fingerprints in the text."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit

from cleaner.rules.literal_scan import CaseScans, backend
from cleaner.rules.patterns import FINGERPRINT_FLAGS, compiled
from cleaner.rules.prefilter import required_literals
from cleaner.rules.schema import Site

# Fingerprints are only looked for near the top and bottom of a text, where templates put
# their chrome; scanning a whole 1 MB dump for every site would dominate the run time.
FINGERPRINT_WINDOW_CHARS = 6000


# What an unreadable URL splits into: no host, no path.
NO_URL_PARTS = urlsplit("")


def split_url(url: str) -> SplitResult | None:
    """The URL's parts, a bare "host/path" read as a host; None for what urllib refuses ("[]", bad IPv6)."""
    try:
        return urlsplit(url if "//" in url else f"//{url}")
    except ValueError:
        return None


def domain_of(url: str | None) -> str | None:
    """Lower-case host without a leading www., or None when the URL has none."""
    parts = split_url(url) if url else None
    if parts is None:
        return None
    host = parts.hostname
    if not host:
        return None
    return host.lower().removeprefix("www.")


def _domain_matches(host: str, domains: Sequence[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class _Fingerprint:
    """One fingerprint pattern behind a test of the literals it cannot match without."""

    __slots__ = ("bit", "casefold", "literals", "pattern")

    def __init__(self, pattern: str, number: int) -> None:
        self.pattern = compiled(pattern, FINGERPRINT_FLAGS)  # compiled once, by the loader
        lits = required_literals(pattern)
        self.literals: tuple[str, ...] = lits[0] if lits else ()
        self.casefold = bool(lits and lits[1])
        self.bit = 1 << number

    def search(self, text: str, present: int) -> bool:
        """Whether the pattern occurs in `text`; `present` has this fingerprint's bit when a literal of it does."""
        if self.literals and not present & self.bit:
            return False
        return self.pattern.search(text) is not None


class _LiteralGate:
    """Which fingerprints' literals occur in a text: one multi-pattern scan per case mode (`literal_scan`)
    instead of a substring search per literal, with the same answers (every occurrence is found)."""

    def __init__(self, fingerprints: Sequence[_Fingerprint]) -> None:
        by_case: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
        self.always = 0  # fingerprints a scan cannot rule out: a literal spans a line break
        for k, f in enumerate(fingerprints):
            if any("\n" in lit for lit in f.literals):
                self.always |= f.bit
            for lit in f.literals:
                by_case[f.casefold].setdefault(lit, set()).add(k)
        self.scans = CaseScans(by_case[False], by_case[True], backend())

    def present(self, text: str) -> int:
        """Bit k set when fingerprint k may occur in `text`: a literal of it does (or it is always tried)."""
        found: dict[int, int] = {}
        # Lower-cased only for case-folded literals (the shipped fingerprints have none: one scan of the
        # text as it is, not a lower-casing and a scan, 0.13 against 0.25 ms a document on dev sh).
        folded = text.lower() if self.scans.needs_folded else text
        # One "line" start: every hit counts for the whole text.
        self.scans.add_lines(text, (0,), folded, (0,), found)
        return found.get(0, 0) | self.always


def _shows(patterns: Sequence[_Fingerprint], needed: int, text: str, present: int) -> bool:
    """At least `needed` of `patterns` occur; stops as soon as the answer is known either way."""
    missing_allowed = len(patterns) - needed
    for p in patterns:
        if p.search(text, present):
            needed -= 1
            if needed <= 0:
                return True
        else:
            missing_allowed -= 1
            if missing_allowed < 0:
                return False
    return needed <= 0


class SiteDetector:
    """Compiled fingerprints of every known site."""

    def __init__(self, sites: Sequence[Site]) -> None:
        self.sites = tuple(sites)
        numbers = itertools.count()
        self._fps = [(s, [_Fingerprint(p, next(numbers)) for p in s.fingerprints]) for s in self.sites]
        self._gate = _LiteralGate([f for _s, fps in self._fps for f in fps])
        # Per site: its fingerprints' literal bits, and how many of them have no literal (always searched), so that a
        # site with fewer possible fingerprints than it needs is ruled out by one popcount: `_shows` would have
        # answered False for it, after a Python call per fingerprint (~13 us a tf page over the ten shipped sites).
        self._gates = [
            (sum(f.bit for f in fps if f.literals), sum(1 for f in fps if not f.literals)) for _s, fps in self._fps
        ]

    def detect(self, text: str, url: str | None) -> list[Site]:
        """Sites whose domain matches the URL; else (no URL, or a mirror's) sites whose fingerprints show."""
        host = domain_of(url)
        if host:
            by_domain = [s for s in self.sites if _domain_matches(host, s.domains)]
            if by_domain:
                return by_domain
        if len(text) > 2 * FINGERPRINT_WINDOW_CHARS:
            text = text[:FINGERPRINT_WINDOW_CHARS] + "\n" + text[-FINGERPRINT_WINDOW_CHARS:]
        present = self._gate.present(text)
        return [
            site
            for (site, patterns), (bits, free) in zip(self._fps, self._gates, strict=True)
            if patterns
            and free + (present & bits).bit_count() >= site.min_fingerprints
            and _shows(patterns, site.min_fingerprints, text, present)
        ]
