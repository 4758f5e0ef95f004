"""The rule a document's time limit interrupted, carried on the exception as it leaves the rule's match.

The limit (batch/timeout.py) lands inside a rule's regex match, and its message names the rule. In the pure build the
rule being tried is a local of a Python frame on the stack, where `batch.timeout.running_rule` finds it; the compiled
build compiles the engine and the prefilter (setup.py), whose code has no frames. So each place that runs one rule's
pattern marks any exception passing out of the match with the rule's id, and the innermost mark stands; and it calls
`checkpoint` first, so that a limit raised from another thread can land at all.
"""

from __future__ import annotations

from typing import Final

# The attribute the mark is kept in: any exception instance takes one (BaseException has a __dict__).
ATTRIBUTE: Final = "cleaner_rule"


def mark(exc: BaseException, rule_id: str) -> None:
    """Record on `exc` that it left rule `rule_id`'s match, unless a rule further in has already."""
    if getattr(exc, ATTRIBUTE, None) is None:
        setattr(exc, ATTRIBUTE, rule_id)


def marked(exc: BaseException) -> str | None:
    """The id of the innermost rule `exc` passed out of, or None."""
    rule_id = getattr(exc, ATTRIBUTE, None)
    return rule_id if isinstance(rule_id, str) else None


def checkpoint() -> None:
    """Nothing, run as Python bytecode: called before each timed match of a rule's pattern, it lets a time limit that
    a timer thread raised in this thread (`PyThreadState_SetAsyncExc`, batch/timeout.py: Dask's worker threads) land
    between two matches. Such an exception is only delivered where the interpreter runs bytecode, and the compiled
    engine runs none of its own: without this, a slow rule over many lines ran on 40 times past a 1 s limit. It must
    stay in an interpreted module (setup.py does not compile this one)."""
