"""The JSON Schema of the record, shipped with the package so consumers can validate what they read."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

RECORD_SCHEMA_FILE = "record.schema.json"


@cache
def record_schema() -> dict[str, Any]:
    """The record's JSON Schema (draft 2020-12) as a dict, read once from the package data."""
    text = files(__package__).joinpath(RECORD_SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
