"""A time limit for one document, in any thread, whose error says which rule was running.

In a main thread the limit is SIGALRM, which also interrupts sleeps and blocking reads. Elsewhere
(Dask runs tasks in worker threads, where signals cannot go) a timer thread raises the same
exception inside the cleaning thread through `PyThreadState_SetAsyncExc`. SIGALRM's handler runs
inside a rule's regex match (`regex` checks for signals as it goes); the timer thread's exception
lands only between two Python bytecodes, which the compiled engine runs before each match of a rule
(`rules.running.checkpoint`). The rule is named by the mark its match left on the exception
(`rules.running`), or in the pure build by the Python frame that holds it.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

from cleaner.rules import running
from cleaner.rules.schema import Rule

T = TypeVar("T")

# Per-document limit when none is given: the slowest corpus page cleans in well under a second,
# so 60 s only ever catches a pathological document, never a merely long one.
DEFAULT_TIMEOUT_SECONDS = 60.0
# After a timeout fires, it fires again this often until the document has stopped: one second is
# long past any finalizer that could have swallowed the first one.
REARM_SECONDS = 1.0


class DocumentTimeout(Exception):
    """Raised inside the cleaning code when one document takes longer than its limit."""

    def __init__(self, seconds: float = 0.0, where: str | None = None) -> None:
        self.seconds = seconds
        self.where = where
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        """The one-line reason for the report and the CLI: the limit, and the rule or function running."""
        return f"timed out after {self.seconds:g}s" + (f" {self.where}" if self.where else "")


def running_rule(frame: FrameType | None) -> str | None:
    """Where cleaning was when the limit hit: `in rule ID` when a rule is on the stack, else the function."""
    innermost: str | None = None
    f = frame
    while f is not None:
        for value in f.f_locals.values():
            rule = value if isinstance(value, Rule) else getattr(value, "rule", None)
            if isinstance(rule, Rule):
                return f"in rule {rule.id}"
        if innermost is None and f.f_code.co_name not in ("_on_alarm", "call_with_timeout"):
            innermost = f"in {f.f_globals.get('__name__', '?')}.{f.f_code.co_name}"
        f = f.f_back
    return innermost


def call_with_timeout(fn: Callable[[], T], seconds: float) -> T:
    """`fn()`, interrupted by DocumentTimeout after `seconds` (0: no limit)."""
    if seconds <= 0:
        return fn()
    try:
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            return _with_alarm(fn, seconds)
        return _with_async_exception(fn, seconds)
    except DocumentTimeout as exc:
        where = _in_rule(exc)
        if where is None or exc.where == where:
            raise
        raise DocumentTimeout(exc.seconds, where) from None


def _in_rule(exc: BaseException) -> str | None:
    """`in rule ID` for the rule whose match `exc` left: the compiled engine's code holds no frame that
    `running_rule` could read the rule from (rules/running.py)."""
    rule_id = running.marked(exc)
    return None if rule_id is None else f"in rule {rule_id}"


def _with_alarm(fn: Callable[[], T], seconds: float) -> T:
    def on_alarm(signum: int, frame: FrameType | None) -> None:
        # If the exception lands where Python swallows it (a __del__, a weakref callback), the document
        # would run on unbounded: re-arm, so it is raised again shortly. The finally below disarms it.
        signal.setitimer(signal.ITIMER_REAL, REARM_SECONDS)
        raise DocumentTimeout(seconds, running_rule(frame))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _AsyncTimeout(DocumentTimeout):
    """The class the timer thread raises; its instance is made by Python, so the rule is looked up after."""


def _set_async(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


def _with_async_exception(fn: Callable[[], T], seconds: float) -> T:
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    target = threading.get_ident()

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _set_async(target, _AsyncTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        return fn()
    except _AsyncTimeout as exc:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        raise DocumentTimeout(seconds, _in_rule(exc) or running_rule(tb.tb_frame if tb else None)) from None
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:
                _set_async(target, None)  # not delivered yet: it must not land in the caller's code
