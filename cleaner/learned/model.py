"""The shipped line model: logistic regression over standardised features, evaluated with NumPy alone.

Stored as JSON inside the package (cleaner/models/lines.json) so that it is readable, diffable and
loads without pickle; benchmarks/train_lines.py writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaner.learned.features import FEATURES

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "lines.json"
FORMAT_VERSION = 1


class ModelError(ValueError):
    """The model file does not fit this code (other features, other format)."""


@dataclass(frozen=True, slots=True)
class LineModel:
    """P(line is boilerplate) = sigmoid(intercept + coef . (x - mean) / scale)."""

    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coef: npt.NDArray[np.float64]
    intercept: float
    threshold: float
    meta: dict[str, Any]

    def contributions(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each feature's additive share of the log-odds, per row: what the explanation words describe."""
        return ((x - self.mean) / self.scale) * self.coef

    def probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probability that each row is boilerplate."""
        z = self.intercept + self.contributions(x).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the weights beside the feature names they belong to."""
        return {
            "format": FORMAT_VERSION,
            "features": list(FEATURES),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
            **self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        """Refuses a model trained on other features: its weights would be applied to the wrong columns."""
        if data.get("format") != FORMAT_VERSION:
            raise ModelError(f"line model format {data.get('format')!r}, expected {FORMAT_VERSION}")
        if tuple(data.get("features", ())) != FEATURES:
            raise ModelError("line model was trained on other features; retrain with benchmarks/train_lines.py")
        known = {"format", "features", "mean", "scale", "coef", "intercept", "threshold"}
        return cls(
            np.asarray(data["mean"], np.float64),
            np.asarray(data["scale"], np.float64),
            np.asarray(data["coef"], np.float64),
            float(data["intercept"]),
            float(data["threshold"]),
            {k: v for k, v in data.items() if k not in known},
        )


def load(path: Path = MODEL_PATH) -> LineModel:
    """The model file at `path` (the shipped one by default)."""
    return LineModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
