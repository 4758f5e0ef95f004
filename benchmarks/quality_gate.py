"""The quality gate and its baseline: floors per rendering that a run must meet, raised as quality improves.

The floors live in benchmarks/quality_baseline.json; they only rise (--update-baseline) unless a
reason is given (--lower-floor --reason), which the baseline records.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quality_table import Check, Scores

BASELINE = Path(__file__).resolve().parent / "quality_baseline.json"

# Floors sit this far below the measured F1. The cleaner and trafilatura are deterministic, so
# this only absorbs float noise and library patch releases; 0.002 is ~1 sh page moving by 0.14.
FLOOR_TOLERANCE = 0.002


def measured_values(scores: Scores) -> dict[str, dict[str, float | int]]:
    """What the baseline pins per row: the two F1s and the tf data loss."""
    rows: dict[str, dict[str, float | int]] = {}
    for rendering, by_src in scores.items():
        row: dict[str, float | int] = {}
        for src, cols in by_src.items():
            row[f"{src}_f1"] = cols["ours"].f1
            if src == "tf" and cols["ours"].dropped_content is not None:
                row["tf_dropped_content"] = cols["ours"].dropped_content
        rows[rendering] = row
    return rows


def floor_for(value: float, tolerance: float = FLOOR_TOLERANCE) -> float:
    """A floor a little under the measured value, rounded down so that it never exceeds it."""
    return math.floor((value - tolerance) * 10_000) / 10_000


def gate(scores: Scores, baseline: dict[str, Any]) -> list[Check]:
    """Every floor and ceiling of the baseline against this run; a missing row fails too."""
    measured = measured_values(scores)
    checks = []
    for rendering, pins in baseline.get("rows", {}).items():
        got = measured.get(rendering)
        if got is None:
            checks.append(Check(f"{rendering}: row measured", False, "not in this run"))
            continue
        for key, floor in pins.items():
            if key.endswith("_f1_floor"):
                metric = key.removesuffix("_floor")
                value = got.get(metric)
                ok = value is not None and value >= floor
                checks.append(
                    Check(f"{rendering} {metric} >= {floor:.4f}", ok, "missing" if value is None else f"{value:.4f}")
                )
            elif key == "tf_dropped_content_max":
                count = got.get("tf_dropped_content")
                ok = count is not None and count <= floor
                checks.append(Check(f"{rendering} tf_dropped_content <= {floor}", ok, str(count)))
    return checks


def updated_baseline(
    baseline: dict[str, Any],
    scores: Scores,
    *,
    lower: bool = False,
    reason: str | None = None,
    today: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """New floors from this run: raised only, unless `lower` (which needs a reason and records it)."""
    if lower and not (reason and reason.strip()):
        raise ValueError("lowering a floor needs --reason")
    rows: dict[str, dict[str, float | int]] = {k: dict(v) for k, v in baseline.get("rows", {}).items()}
    changes: list[str] = []
    for rendering, got in measured_values(scores).items():
        pins = rows.setdefault(rendering, {})
        for metric, value in got.items():
            if metric.endswith("_f1"):
                key, new = f"{metric}_floor", floor_for(float(value))
                old = pins.get(key)
                better = old is None or new > old
            else:
                key, new = f"{metric}_max", int(value)
                old = pins.get(key)
                better = old is None or new < old
            if old == new or not (better or lower):
                continue
            pins[key] = new
            changes.append(f"{rendering}.{key}: {old} -> {new}")
    out = {k: v for k, v in baseline.items() if k != "rows"}
    out["rows"] = rows
    if lower and changes:
        out.setdefault("lowered", []).append(
            {"date": today or dt.date.today().isoformat(), "reason": reason, "changes": changes}
        )
    return out, changes


def load_baseline(path: Path) -> dict[str, Any]:
    """The committed floors; an absent file is an empty baseline (the first --update-baseline writes it)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"rows": {}}


def write_baseline(path: Path, data: dict[str, Any]) -> None:
    """Atomic write, with sorted keys, so that a floor change is a one-line diff in review."""
    data = {
        "about": (
            "Quality floors for benchmarks/quality.py --gate. Raise with --update-baseline; lower only "
            "with --lower-floor --reason and say why in the commit."
        ),
        **data,
    }
    data["tolerance"] = FLOOR_TOLERANCE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def report_gate(checks: Iterable[Check], path: Path) -> int:
    """Print every check; the exit code is 1 when one failed or the baseline holds no floors."""
    checks = list(checks)
    failed = [c for c in checks if not c.ok]
    print()
    for c in checks:
        print(f"gate {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    if not checks:
        print(f"gate: no floors in {path}; run --update-baseline first", file=sys.stderr)
        return 1
    if failed:
        print(f"\nquality gate failed: {len(failed)} of {len(checks)} checks (floors in {path})", file=sys.stderr)
        return 1
    print(f"\nquality gate passed: {len(checks)} checks")
    return 0
