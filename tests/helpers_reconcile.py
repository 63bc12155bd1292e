"""The Reconciliation Service API v0.2 JSON Schemas (vendored in tests/schemas/reconciliation, see SOURCES.md) and a
validator over them, shared by the tests of the service in-process and over a real server."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent / "schemas" / "reconciliation"
VARIANTS = Path(__file__).parent / "data" / "reconcile-name-variants.csv"


@cache
def registry() -> Registry:
    """Every vendored schema, by its own $id (they refer to each other as type.json)."""
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], DRAFT7.create_resource(schema)))
    return Registry().with_resources(resources)


def validate(name: str, instance: object) -> None:
    """Validate ``instance`` against the group's schema ``name`` (Draft 7, as the group's tests run them)."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    Draft7Validator(schema, registry=registry()).validate(instance)
