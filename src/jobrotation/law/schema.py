"""The case format as a JSON Schema (draft 2020-12), built from the ``FACTS`` registry.

Each fact ``section.name`` becomes the property ``name`` of the object ``section``, typed
by the fact's kind, with the Danish question as its ``description``. Nothing is required:
a missing fact is unknown and gives the verdict "mangler oplysninger".
"""

from __future__ import annotations

from typing import Any

from jobrotation.law.amounts import AMOUNTS
from jobrotation.law.conditions import CONDITIONS, PARTY_LABELS
from jobrotation.law.facts import EDUCATION_LEVELS, FACTS, FactSpec
from jobrotation.law.routes import ROUTES, Verdict

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATE: dict[str, Any] = {"type": "string", "format": "date"}
# Kroner as a number, or as text with at most two decimals ("1234,50" or "1234.50").
MONEY: dict[str, Any] = {"anyOf": [
    {"type": "number", "minimum": 0},
    {"type": "string", "pattern": r"^\s*[0-9]+([.,][0-9]{1,2})?\s*$"},
]}


def _obj(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", **extra, "properties": properties, "additionalProperties": False}


def fact_schema(spec: FactSpec) -> dict[str, Any]:
    """The schema of one fact's value, by its kind."""
    description = spec.question
    if spec.kind == "date":
        typed: dict[str, Any] = dict(DATE)
    elif spec.kind == "number":
        typed = {"type": "number", "minimum": 0}
        if spec.high is not None:
            typed["maximum"] = spec.high
    elif spec.kind == "money":
        typed = dict(MONEY)
        description += f" ({spec.unit or 'kr.'})"
    elif spec.kind == "bool":
        typed = {"type": "boolean"}
    elif spec.kind == "choice":
        typed = {"enum": list(spec.choices)}
        description += " " + "; ".join(f"{k} = {v}" for k, v in spec.choices.items())
    elif spec.kind == "level":
        typed = {"anyOf": [{"enum": list(EDUCATION_LEVELS)},
                           {"type": "integer", "minimum": min(EDUCATION_LEVELS.values()),
                            "maximum": max(EDUCATION_LEVELS.values())}]}
    elif spec.kind == "weekdays":
        typed = {"type": ["string", "integer"], "pattern": "^[1-7]{1,7}$"}
    else:
        raise ValueError(f"ukendt slags oplysning: {spec.kind}")
    return {"description": description, **typed}


def _expected_schema() -> dict[str, Any]:
    """An example's ``expected`` block: verdicts by route and condition, missing facts,
    amounts in kroner."""
    label = {"enum": [v.label for v in Verdict]}
    return _obj({
        **{route: label for route in ROUTES},
        "conditions": {"type": "object", "propertyNames": {"enum": [c.id for c in CONDITIONS]},
                       "additionalProperties": label},
        "missing": {"type": "array", "items": {"enum": list(FACTS)}, "uniqueItems": True},
        "amounts": {"type": "object", "propertyNames": {"enum": list(AMOUNTS)},
                    "additionalProperties": {"anyOf": [MONEY, {"type": "null"}]},
                    "description": "Beløb i kroner (null: kan ikke beregnes)"},
    }, description="Forventet udfald (kun i eksempler og tests)")


def case_schema(*, expected: bool = False) -> dict[str, Any]:
    """JSON Schema of a case document; ``expected=True`` also allows the ``expected``
    block of an example (its outcome, for tests; ``evaluate`` ignores it)."""
    sections: dict[str, Any] = {}
    for name, spec in FACTS.items():
        *path, leaf = name.split(".")
        node = sections
        for part in path:
            about = f"Oplysninger om {PARTY_LABELS.get(part, part)}"
            node = node.setdefault(part, _obj({}, description=about))["properties"]
        node[leaf] = fact_schema(spec)
    top: dict[str, Any] = {
        "name": {"type": "string", "description": "Sagens navn"},
        "description": {"type": "string", "description": "Beskrivelse af sagen"},
        "as_of": {**DATE, "description": "Dato sagen er opgjort pr."},
        **sections,
    }
    if expected:
        top["expected"] = _expected_schema()
    return _obj(top, **{"$schema": DIALECT, "$id": "urn:jobrotation:case",
                        "title": "Jobrotation: sag",
                        "description": "En sag om jobrotation. Ingen oplysning er påkrævet; "
                                       "en manglende oplysning giver 'mangler oplysninger'."})


__all__ = ["case_schema", "fact_schema"]
