"""--diff REV: run another revision on the same corpus and show which pages moved, and the spans behind it."""

from __future__ import annotations

import difflib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from quality_metrics import normalise, shingles
from quality_runner import Output, Page
from quality_table import score_page

ROOT = Path(__file__).resolve().parent.parent
# The CLI the old tree is run with (--dump writes its outputs).
SCRIPT = Path(__file__).resolve().parent / "quality.py"
# A page whose F1 moved less than this between revisions is not reported by --diff.
DIFF_MIN_DELTA = 1e-6
# --diff prints at most this many changed lines per page, so one rewritten page cannot flood it.
DIFF_MAX_LINES = 12


def export_revision(rev: str, dest: Path) -> None:
    """The revision's tree, read with `git archive` (touches neither the index nor the worktree)."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")


def run_revision(rev: str, corpus: Path, renderings: Sequence[str], workers: int) -> dict[str, dict[str, str]]:
    """Our outputs at `rev`: this script, run with the old tree first on the import path."""
    with tempfile.TemporaryDirectory(prefix="quality-rev-") as tmp:
        tree, dump = Path(tmp) / "tree", Path(tmp) / "outputs.json"
        tree.mkdir()
        export_revision(rev, tree)
        env = {**os.environ, "PYTHONPATH": str(tree)}
        cmd = [
            sys.executable,
            str(SCRIPT),
            "--corpus",
            str(corpus.resolve()),
            "--dump",
            str(dump),
            "--renderings",
            ",".join(renderings),
            "--workers",
            str(workers),
            "--no-peer",
        ]
        subprocess.run(cmd, check=True, env=env, cwd=tmp)
        data: dict[str, dict[str, str]] = json.loads(dump.read_text(encoding="utf-8"))
        return data


def _removal_rule(line: str, removed: Sequence[tuple[str, str]]) -> str:
    for rule, text in removed:
        if line and (line in text or text.strip() == line):
            return rule
    return "?"


def diff_report(
    pages: Sequence[Page],
    new: dict[str, dict[str, Output]],
    old: dict[str, dict[str, str]],
    renderings: Sequence[str],
    rev: str,
) -> str:
    """Pages whose score moved against `rev`, worst first, with the lines that came and went."""
    out: list[str] = []
    for rendering in renderings:
        moved = []
        for page in pages:
            ours = new[page.key][rendering]
            before = old.get(page.key, {}).get(rendering)
            if before is None or before == ours.ours:
                continue
            delta = score_page(page, ours.ours).f1 - score_page(page, before).f1
            if abs(delta) > DIFF_MIN_DELTA:
                moved.append((delta, page, before, ours))
        if not moved:
            continue
        better = sum(1 for m in moved if m[0] > 0)
        out.append(f"## {rendering}: {better} better, {len(moved) - better} worse than {rev}")
        for delta, page, before, ours in sorted(moved, key=lambda m: m[0]):
            out.append(f"{'+' if delta > 0 else '-'} {page.key}  F1 {delta:+.3f}")
            out.extend(_span_lines(page, before, ours))
    return "\n".join(out) if out else f"no page changed against {rev}"


def _span_lines(page: Page, before: str, ours: Output) -> list[str]:
    """The changed lines, tagged with the rule that removed them and with the gold they touch."""
    lines = []
    a, b = before.splitlines(), ours.ours.splitlines()
    for op in difflib.ndiff(a, b):
        tag, line = op[:1], op[2:].strip()
        if tag not in "+-" or not line:
            continue
        gold = _gold_touch(page, line)
        if tag == "-":
            lines.append(f"    removed [{_removal_rule(line, ours.removed)}]{gold} {line[:100]}")
        else:
            lines.append(f"    restored{gold} {line[:100]}")
        if len(lines) >= DIFF_MAX_LINES:
            lines.append("    …")
            break
    return lines


def _gold_touch(page: Page, line: str) -> str:
    """' (content)' / ' (boilerplate)' when the line holds a gold snippet or mostly gold shingles."""
    if page.src == "tf":
        text = normalise(line)
        if any(normalise(s) in text for s in page.gold.get("with", [])):
            return " (content)"
        if any(normalise(s) in text for s in page.gold.get("without", [])):
            return " (boilerplate)"
        return ""
    gold, mine = shingles(page.gold.get("articleBody", "")), shingles(line)
    if not mine:
        return ""
    share = sum((mine & gold).values()) / sum(mine.values())
    return " (content)" if share >= 0.5 else " (boilerplate)"
