"""No module calls `regex`'s module-level functions with a literal pattern.

`regex.sub(r"\\s+", ...)` looks its pattern up in `regex`'s own cache on every call (a locale check, the named-list
keys and a closure, in Python), and parses it again whenever that cache has been shrunk. A module constant is
parsed once per process and then costs one method call.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cleaner

_MODULE_FUNCTIONS = frozenset({"search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"})


def _literal_pattern_calls(source: str) -> list[int]:
    """Line numbers of `regex.<function>(<str or f-string>, ...)` calls in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        owner, first = node.func.value, node.args[0]
        literal = isinstance(first, ast.JoinedStr) or (isinstance(first, ast.Constant) and isinstance(first.value, str))
        if isinstance(owner, ast.Name) and owner.id == "regex" and node.func.attr in _MODULE_FUNCTIONS and literal:
            found.append(node.lineno)
    return found


def test_a_literal_pattern_passed_to_a_regex_module_function_is_found() -> None:
    assert _literal_pattern_calls('import regex\nx = regex.sub(r"\\s+", " ", t)\n') == [2]
    assert _literal_pattern_calls('import regex\nP = regex.compile(r"\\s+")\nx = P.sub(" ", t)\n') == []


def test_no_module_calls_regex_module_functions_with_a_literal_pattern() -> None:
    root = Path(cleaner.__file__).parent
    offenders = [
        f"{path.relative_to(root.parent)}:{line}"
        for path in sorted(root.rglob("*.py"))
        for line in _literal_pattern_calls(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
