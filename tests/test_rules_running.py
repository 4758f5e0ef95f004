"""rules/running.py: the rule a time limit left is marked on the exception, innermost first."""

from __future__ import annotations

from cleaner.rules import running


def test_the_innermost_rule_s_mark_stands() -> None:
    exc = TimeoutError()
    assert running.marked(exc) is None
    running.mark(exc, "USR001")
    running.mark(exc, "USR002")
    assert running.marked(exc) == "USR001"


def test_the_checkpoint_runs_as_bytecode() -> None:
    """A limit raised from another thread lands only in bytecode: a compiled checkpoint would let it run on."""
    assert running.checkpoint.__code__.co_name == "checkpoint"
