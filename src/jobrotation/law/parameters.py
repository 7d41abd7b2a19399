"""Dated parameters: every rate, cap and threshold of the scheme, read from YAML.

Each file in ``parameters/`` holds one parameter: a Danish description, a unit, a legal
reference and values keyed by the date they take effect, each with a source and a
confidence (H/M/L). A value holds until the next key; ``null`` means the value is not
known for that period, and asking for it raises ``RateUnknown`` ("sats ikke kendt").

Values are converted once, on load, to the types the rules compute with: money to
integer øre, hours to float, counts and months to int, flags to bool.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jobrotation.domain.errors import InvalidParameters, RateUnknown
from jobrotation.law.derivations import FORMULAS

MONEY_UNITS = {"kr_per_hour", "kr_per_week", "kr_per_month"}
HOUR_UNITS = {"hours_per_week", "hours_per_day", "hours"}
INT_UNITS = {"weeks", "months", "years", "percent", "count", "education_level"}
DECIMAL_UNITS = {"percent_rate"}  # a percentage with decimals (satsreguleringsprocenten)
DATE_UNITS = {"date"}
UNITS = MONEY_UNITS | HOUR_UNITS | INT_UNITS | DECIMAL_UNITS | DATE_UNITS | {"bool"}
CONFIDENCES = ("H", "M", "L")

UNIT_LABELS = {
    "kr_per_hour": "kr. pr. time", "kr_per_week": "kr. pr. uge", "kr_per_month": "kr. pr. måned",
    "hours_per_week": "timer pr. uge", "hours_per_day": "timer pr. dag", "hours": "timer",
    "weeks": "uger", "months": "måneder", "years": "år", "percent": "pct.", "count": "",
    "education_level": "", "bool": "", "percent_rate": "pct.", "date": "",
}


@dataclass(frozen=True)
class Value:
    """One dated value of a parameter, with where it comes from.

    A value is attested (``formula`` is None: a figure with its source) or derived
    (``formula`` names one of ``derivations.FORMULAS``; ``inputs`` are the dated values it
    was computed from). A derived value is an estimate whatever its confidence."""

    start: dt.date
    end: dt.date | None  # inclusive; None = open-ended
    value: Any  # None = not known for the period
    source: str
    confidence: str
    formula: str | None = None
    inputs: tuple[tuple[str, dt.date, Any], ...] = ()
    reference: str | None = None  # the legal reference for this period, if not the file's

    @property
    def derived(self) -> bool:
        return self.formula is not None

    @property
    def estimate(self) -> bool:
        """Shown with a warning: derived by formula, or of low confidence (L)."""
        return self.derived or self.confidence == "L"


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    description_en: str
    unit: str
    reference: str
    values: tuple[Value, ...]

    def at(self, day: dt.date) -> Value:
        """The value in force on ``day``; raises ``RateUnknown`` if there is none."""
        v = in_force(self.values, day)
        if v is None or v.value is None:
            raise RateUnknown(self.name, day, self.description)
        return v


def index_in_force(values: Sequence[Value], day: dt.date) -> int:
    """The one lookup of a dated value: the index of the last value that starts on or
    before ``day`` (values are sorted by start), -1 before the first."""
    return bisect_right(values, day, key=lambda v: v.start) - 1


def in_force(values: Sequence[Value], day: dt.date) -> Value | None:
    """The dated value covering ``day`` (its value may be unknown); None before the first."""
    index = index_in_force(values, day)
    return values[index] if index >= 0 else None


def _convert(unit: str, raw: Any, where: str) -> Any:
    if raw is None:
        return None
    if unit == "date":
        try:
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError:
            raise InvalidParameters(f"{where}: {raw!r} er ikke en dato") from None
    if unit == "bool":
        if not isinstance(raw, bool):
            raise InvalidParameters(f"{where}: forventede sand/falsk, fik {raw!r}")
        return raw
    try:
        number = Decimal(str(raw))
    except InvalidOperation as exc:
        raise InvalidParameters(f"{where}: {raw!r} er ikke et tal") from exc
    if unit in MONEY_UNITS:
        ore = number * 100
        if ore != ore.to_integral_value():
            raise InvalidParameters(f"{where}: {raw!r} har mere end to decimaler")
        return int(ore)
    if unit in HOUR_UNITS:
        return float(number)
    if unit in DECIMAL_UNITS:
        return number
    if number != number.to_integral_value():
        raise InvalidParameters(f"{where}: {raw!r} skal være et helt tal")
    return int(number)


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (two values for one date)."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            line = key_node.start_mark.line + 1
            raise InvalidParameters(f"nøglen {key!r} står to gange (linje {line})")
        keys.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_parameter(name: str, doc: Mapping[str, Any]) -> Parameter:
    """Validate one parameter document: known unit, ordered dates, a source for each."""
    for key in ("description", "description_en", "unit", "reference", "values"):
        if key not in doc:
            raise InvalidParameters(f"{name}: mangler '{key}'")
    unit = doc["unit"]
    if unit not in UNITS:
        raise InvalidParameters(f"{name}: ukendt enhed {unit!r}")
    raw_values = doc["values"]
    if not isinstance(raw_values, Mapping) or not raw_values:
        raise InvalidParameters(f"{name}: 'values' skal være en ikke-tom tabel over datoer")
    try:
        raw_values = {k if isinstance(k, dt.date) else dt.date.fromisoformat(str(k)): v
                      for k, v in raw_values.items()}
    except ValueError:
        raise InvalidParameters(f"{name}: hver nøgle under 'values' skal være en dato "
                                "(ÅÅÅÅ-MM-DD)") from None
    starts = list(raw_values)
    if starts != sorted(starts):
        raise InvalidParameters(f"{name}: datoerne skal stå i stigende orden")
    values = []
    for i, start in enumerate(starts):
        entry = raw_values[start]
        where = f"{name} {start}"
        if not isinstance(entry, Mapping) or not {"source", "confidence"} <= set(entry) \
                or len({"value", "derive"} & set(entry)) != 1:
            raise InvalidParameters(f"{where}: kræver value (eller derive), source og "
                                    "confidence")
        formula = entry.get("derive")
        if formula is not None and formula not in FORMULAS:
            raise InvalidParameters(f"{where}: ukendt formel {formula!r}")
        if not str(entry["source"]).strip():
            raise InvalidParameters(f"{where}: kilde mangler")
        if entry["confidence"] not in CONFIDENCES:
            raise InvalidParameters(f"{where}: sikkerhed skal være H, M eller L")
        end = starts[i + 1] - dt.timedelta(days=1) if i + 1 < len(starts) else None
        reference = entry.get("reference")
        values.append(Value(start, end, _convert(unit, entry.get("value"), where),
                            str(entry["source"]), str(entry["confidence"]),
                            None if formula is None else str(formula),
                            reference=None if reference is None else str(reference)))
    return Parameter(name, str(doc["description"]), str(doc["description_en"]), unit,
                     str(doc["reference"]), tuple(values))


def load_documents(directory: Path | None = None) -> dict[str, Mapping[str, Any]]:
    """Read every ``*.yaml`` in ``directory`` (default: the shipped parameters)."""
    root = resources.files("jobrotation.law") / "parameters" if directory is None else directory
    docs: dict[str, Mapping[str, Any]] = {}
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml"):
            name = path.name.removesuffix(".yaml")
            try:
                docs[name] = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
            except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2024-13-01
                raise InvalidParameters(f"{name}: ugyldig YAML: {exc}") from exc
    return docs


@dataclass
class ParameterSet:
    """All parameters, looked up by name and date. Overrides make a what-if.

    Derived values (``derivations``) are computed from the set's own values when it is
    made, so a what-if that changes an input moves the rates derived from it."""

    parameters: dict[str, Parameter]
    overridden: frozenset[str] = field(default_factory=frozenset)
    _periods: dict[str, list[tuple[dt.date, dt.date | None, Any]]] = field(
        default_factory=dict, repr=False)
    _starts: dict[str, list[dt.date]] = field(default_factory=dict, repr=False)
    # Explanations of (name, day) already built for this set (see ``reasons.param_use``);
    # not an init field, so a what-if copy starts with its own.
    uses: dict[tuple[str, dt.date], Any] = field(default_factory=dict, init=False, repr=False,
                                                 compare=False)
    # The table plan compiled for this set (see ``table.plan``).
    compiled: dict[str, Any] = field(default_factory=dict, init=False, repr=False,
                                     compare=False)
    # Period totals of cases already priced with this set (see ``pricing.price_case``).
    priced: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False,
                                               compare=False)

    def __post_init__(self) -> None:
        self.parameters = _resolve_derived(self.parameters)
        self._periods = {n: [(v.start, v.end, v.value) for v in p.values]
                         for n, p in self.parameters.items()}
        self._starts = {n: [v.start for v in p.values] for n, p in self.parameters.items()}

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise InvalidParameters(f"ukendt parameter {name!r}") from None

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters.values())

    def value_at(self, name: str, day: dt.date) -> Any:
        """The value in force on ``day`` (raises ``RateUnknown`` when not known)."""
        return self[name].at(day).value

    def entry(self, name: str, day: dt.date) -> Value:
        """The dated value in force on ``day``, with its source (raises ``RateUnknown``)."""
        return self[name].at(day)

    def entry_or_none(self, name: str, day: dt.date) -> Value | None:
        """The dated entry covering ``day`` even when its value is unknown; None before the
        first entry."""
        return in_force(self[name].values, day)

    def value_or_none(self, name: str, day: dt.date) -> Any:
        """The value on ``day``; None where it is not known (before the first, or null).
        The one-case path's lookup, so it bisects the starts kept for it."""
        try:
            index = bisect_right(self._starts[name], day) - 1
        except KeyError:
            raise InvalidParameters(f"ukendt parameter {name!r}") from None
        return self._periods[name][index][2] if index >= 0 else None

    def periods(self, name: str) -> list[tuple[dt.date, dt.date | None, Any]]:
        try:
            return self._periods[name]
        except KeyError:
            raise InvalidParameters(f"ukendt parameter {name!r}") from None

    def with_overrides(self, docs: Mapping[str, Mapping[str, Any]]) -> ParameterSet:
        """A what-if: replace the values of some parameters (a reform given as data).

        Each override may give only ``values`` (and optionally ``unit`` etc.); the rest
        is kept from the shipped parameter.
        """
        merged = dict(self.parameters)
        for name, doc in docs.items():
            base = self[name]
            full = {"description": base.description, "description_en": base.description_en,
                    "unit": base.unit, "reference": base.reference, **doc}
            merged[name] = parse_parameter(name, full)
        return replace(self, parameters=merged, overridden=self.overridden | set(docs))


def _resolve_derived(parameters: dict[str, Parameter]) -> dict[str, Parameter]:
    """Compute every derived value from the values it depends on (depth first); an
    unknown input leaves the derived value unknown ("sats ikke kendt")."""
    done: dict[tuple[str, int], Value] = {}
    busy: set[tuple[str, int]] = set()

    def resolve(name: str, index: int) -> Value:
        key = (name, index)
        if key in done:
            return done[key]
        v = parameters[name].values[index]
        if v.formula is None:
            return v
        if key in busy:
            raise InvalidParameters(f"{name} {v.start}: formlen afhænger af sig selv")
        busy.add(key)
        formula = FORMULAS[v.formula]
        inputs = []
        try:
            for in_name, in_day in formula.inputs(name, v.start):
                inputs.append((in_name, in_day, lookup(in_name, in_day)))
            value = formula.compute(lookup, name, v.start)
        except RateUnknown:
            value = None
        busy.discard(key)
        done[key] = replace(v, value=value, inputs=tuple(inputs))
        return done[key]

    def lookup(name: str, day: dt.date) -> Any:
        if name not in parameters:
            raise InvalidParameters(f"ukendt parameter {name!r} i en formel")
        index = index_in_force(parameters[name].values, day)
        value = None if index < 0 else resolve(name, index).value
        if value is None:
            raise RateUnknown(name, day, parameters[name].description)
        return value

    out = {}
    for name, p in parameters.items():
        if any(v.formula for v in p.values):
            p = replace(p, values=tuple(resolve(name, i) for i in range(len(p.values))))
        out[name] = p
    return out


def load_parameters(directory: Path | None = None) -> ParameterSet:
    docs = load_documents(directory)
    return ParameterSet({name: parse_parameter(name, doc) for name, doc in docs.items()})


@cache
def default_parameters() -> ParameterSet:
    """The shipped parameters, loaded once."""
    return load_parameters()


def load_overrides(path: Path) -> dict[str, Mapping[str, Any]]:
    """Read a what-if file: a mapping of parameter name → partial parameter document."""
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise InvalidParameters(f"{path.name}: ugyldig YAML: {exc}") from exc
    if not isinstance(doc, Mapping):
        raise InvalidParameters(f"{path.name}: skal være en tabel over parameternavne")
    return dict(doc)
