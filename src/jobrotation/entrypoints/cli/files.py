"""Reading the user's files: a case (YAML or JSON), a table (CSV or Parquet) and a what-if
(changed parameters). Every way reading fails is one Danish sentence naming the file."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from jobrotation.domain.errors import JobrotationError
from jobrotation.law.parameters import ParameterSet, default_parameters, load_overrides


def params(what_if_path: Path | None) -> ParameterSet:
    """The rules in force, or with the what-if file's changes."""
    base = default_parameters()
    return base.with_overrides(overrides(what_if_path)) if what_if_path else base


def overrides(path: Path) -> dict[str, Mapping[str, Any]]:
    """The what-if file (``load_overrides``), each parameter given as a table."""
    with reading(path):
        docs = load_overrides(path)
    bad = [str(name) for name, doc in docs.items() if not isinstance(doc, Mapping)]
    if bad:
        raise JobrotationError(f"{path.name}: hver parameter skal være en tabel med 'values' "
                               f"({', '.join(bad)} er ikke)")
    return docs


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Every way reading an input file fails, as one Danish sentence naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise JobrotationError(f"Filen {path} findes ikke") from None
    except IsADirectoryError:
        raise JobrotationError(f"{path} er en mappe, ikke en fil") from None
    except OSError as exc:
        raise JobrotationError(f"{path} kan ikke læses ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, yaml.reader.ReaderError):
        raise JobrotationError(f"{path.name} er ikke tekst i UTF-8 (en binær fil?)") from None
    except json.JSONDecodeError as exc:
        raise JobrotationError(f"{path.name} kan ikke læses (linje {exc.lineno}): {exc.msg}"
                               ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" (linje {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or exc
        raise JobrotationError(f"{path.name} kan ikke læses{where}: {problem}") from None
    except ValueError:  # PyYAML's constructor lets an impossible date (2024-02-30) out bare
        raise JobrotationError(f"{path.name} indeholder en dato, der ikke findes, eller et "
                               "tal, der ikke kan læses") from None
    except RecursionError:
        raise JobrotationError(f"{path.name} er indlejret for dybt til at kunne læses") from None


class _CaseLoader(yaml.SafeLoader):
    """Safe YAML where a date that does not exist (2024-02-30) is an error with its line."""

    def timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            problem = f"'{node.value}' er ikke en dato, der findes"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark
                                                    ) from None


_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _CaseLoader.timestamp)


def read_case(path: Path) -> dict[str, Any]:
    with reading(path):
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text) if path.suffix == ".json" else yaml.load(text, _CaseLoader)
    if not isinstance(doc, dict):
        raise JobrotationError(f"{path.name} skal indeholde én sag (en tabel af felter)")
    return doc


def read_table(path: Path) -> pl.DataFrame:
    try:
        if path.suffix == ".parquet":
            return pl.read_parquet(path)
        if path.suffix == ".csv":
            return pl.read_csv(path, try_parse_dates=True, infer_schema_length=10_000)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise JobrotationError(f"{path.name} kan ikke læses: {exc}") from None
    raise JobrotationError("Tabellen skal være .csv eller .parquet")
