"""Reading the demo's YAML files: one row at a time, with errors that say where.

Every value is read through a ``Row``, which knows its file and place ("projects.yaml,
række 3 (cnc)"), so a bad value is reported as file, row and field. A field the demo does
not know is an error too: a misspelt optional field would otherwise be silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jobrotation.domain.errors import JobrotationError

_MISSING: Any = object()


class DemoDataError(JobrotationError):
    """A demo data file is malformed: the message names the file, the row and the field."""


def load_file(name: str, directory: Path | None = None) -> Any:
    """The parsed content of one of the YAML files (the package's, or in ``directory``)."""
    folder = resources.files(__package__) if directory is None else directory
    text = (folder / name).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DemoDataError(f"{name}: ikke gyldig YAML: {exc}") from None
    except ValueError as exc:  # YAML reads 2024-02-30 as a date, which fails to exist
        raise DemoDataError(f"{name}: {_impossible_date(text) or exc}") from None


def _impossible_date(text: str) -> str | None:
    """Where ``text`` has a date that does not exist, for the error YAML gives without."""
    for number, line in enumerate(text.splitlines(), 1):
        for found in re.finditer(r"\b(\d{4})-(\d\d?)-(\d\d?)\b", line.split("#")[0]):
            try:
                dt.date(*map(int, found.groups()))
            except ValueError:
                return f"linje {number}: {found.group()} er ikke en dato"
    return None


class Row:
    """One mapping of a demo file. Read each field once; ``done()`` rejects the rest."""

    def __init__(self, where: str, values: Any) -> None:
        if not isinstance(values, Mapping):
            raise DemoDataError(f"{where}: forventede felter (navn: værdi), fik {values!r}")
        self.where, self.values = where, values
        self.read: set[str] = set()

    def error(self, name: str, problem: str) -> DemoDataError:
        return DemoDataError(f"{self.where}, felt '{name}': {problem}")

    def _get(self, name: str, default: Any) -> Any:
        self.read.add(name)
        if name in self.values and self.values[name] is not None:
            return self.values[name]
        if default is _MISSING:
            raise self.error(name, "mangler")
        return default

    def _typed(self, name: str, default: Any, kinds: tuple[type, ...], expected: str) -> Any:
        value = self._get(name, default)
        # bool is an int to Python, but "yes" is not a number to the reader.
        if value is default or (isinstance(value, kinds) and not isinstance(value, bool)):
            return value
        raise self.error(name, f"forventede {expected}, fik {value!r}")

    def text(self, name: str, default: Any = _MISSING) -> Any:
        value = self._typed(name, default, (str,), "tekst")
        if isinstance(value, str) and not value.strip():
            raise self.error(name, "er tom")
        return value

    def number(self, name: str, default: Any = _MISSING) -> Any:
        return self._typed(name, default, (int, float), "et tal")

    def whole(self, name: str, default: Any = _MISSING) -> Any:
        return self._typed(name, default, (int,), "et helt tal")

    def date(self, name: str, default: Any = _MISSING) -> Any:
        value = self._get(name, default)
        if value is default or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        raise self.error(name, f"forventede en dato (ÅÅÅÅ-MM-DD), fik {value!r}")

    def flag(self, name: str, default: Any = _MISSING) -> bool:
        value = self._get(name, default)
        if isinstance(value, bool):
            return value
        raise self.error(name, f"forventede ja eller nej (true/false), fik {value!r}")

    def choice(self, name: str, choices: Any, default: Any = _MISSING) -> str:
        value = self._get(name, default)
        if value not in choices:
            raise self.error(name, f"{value!r} er ikke en af {', '.join(map(str, choices))}")
        return str(value)

    def digits(self, name: str, default: Any = _MISSING) -> str:
        """Digits kept as text (a CVR number, weekdays "1234"): YAML reads 1234 as a
        number, so a number is taken as its digits too."""
        value = self._get(name, default)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.isdigit():
            return value
        raise self.error(name, f"forventede cifre, fik {value!r}")

    def mapping(self, name: str, default: Any = _MISSING) -> Mapping[str, Any]:
        value = self._get(name, default)
        if isinstance(value, Mapping):
            return value
        raise self.error(name, f"forventede felter (navn: værdi), fik {value!r}")

    def items(self, name: str, default: Any = _MISSING) -> list[Any]:
        value = self._get(name, default)
        if isinstance(value, list):
            return value
        raise self.error(name, f"forventede en liste (- ...), fik {value!r}")

    def rows(self, name: str, default: Any = _MISSING) -> list[Row]:
        """A list of mappings under ``name``, each a ``Row`` of its own."""
        return rows_of(f"{self.where}, {name}", self.items(name, default))

    def row(self, name: str) -> Row:
        return Row(f"{self.where}, {name}", self.mapping(name))

    def done(self) -> None:
        unknown = [k for k in self.values if k not in self.read]
        if unknown:
            raise DemoDataError(f"{self.where}: ukendt felt {', '.join(map(repr, unknown))}")


def rows_of(where: str, values: Any) -> list[Row]:
    """``values`` as rows named "række 1", "række 2", … (with their ``key`` if they
    have one), for messages a reader can find in the file."""
    if not isinstance(values, list):
        raise DemoDataError(f"{where}: forventede en liste (- ...), fik {values!r}")
    out = []
    for number, value in enumerate(values, 1):
        key = value.get("key") if isinstance(value, Mapping) else None
        out.append(Row(f"{where}, række {number}" + (f" ({key})" if key else ""), value))
    return out


def unique(where: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise DemoDataError(f"{where}: nøglen {key!r} står to gange")
        seen.add(key)
