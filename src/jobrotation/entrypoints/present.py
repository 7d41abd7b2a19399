"""Turn law results into plain data (for ``--json`` and the API) and Danish text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jobrotation.domain.units import kroner
from jobrotation.law.amounts import AMOUNT_LABELS
from jobrotation.law.case import Evaluation
from jobrotation.law.compare import WeeklyComparison
from jobrotation.law.conditions import CONDITIONS, PARTY_LABELS, ROUTE_LABELS
from jobrotation.law.parameters import MONEY_UNITS, ParameterSet, default_parameters
from jobrotation.law.reasons import ParamUse, format_fact, formula_text
from jobrotation.law.routes import Verdict


def kr(ore: int | None) -> str | None:
    """Øre as an exact decimal string of kroner for machines (``"7517.29"``)."""
    return None if ore is None else str(kroner(ore))


def _json_value(value: Any) -> Any:
    """A date as ÅÅÅÅ-MM-DD and an exact decimal as its text (as the API sends both)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def param_value(params: ParameterSet, name: str, value: Any) -> Any:
    """A parameter value for machines: money as a kroner string, the rest as is."""
    if value is not None and params[name].unit in MONEY_UNITS:
        return kr(value)
    return _json_value(value)


def verdict_label(v: Verdict, lang: str) -> str:
    return v.label if lang == "da" else v.label_en


def param_use(u: ParamUse) -> dict[str, Any]:
    return {"name": u.name, "date": u.day.isoformat(), "in_force_from": u.start.isoformat(),
            "value": param_value(default_parameters(), u.name, u.value),
            "reference": u.reference, "source": u.source, "confidence": u.confidence}


def evaluation_json(e: Evaluation, lang: str = "da") -> dict[str, Any]:
    return {
        "routes": {r: {"verdict": v.name.lower(), "label": verdict_label(v, lang)}
                   for r, v in e.routes.items()},
        "conditions": [{
            "id": r.condition.id, "party": r.condition.party,
            "routes": sorted(r.condition.blocks),
            "verdict": r.verdict.name.lower(), "label": verdict_label(r.verdict, lang),
            "text": r.text(lang), "observed": r.observed(lang),
            "reference": r.condition.reference, "confidence": r.condition.confidence,
            "values": {k: _json_value(v) for k, v in r.values.items()},
            "missing": list(r.missing),
            "parameters": [param_use(u) for u in r.params],
        } for r in e.conditions],
        "amounts_kr": {k: kr(v) for k, v in e.amounts.items()},
        "warnings": list(e.warnings),
        "missing": e.missing,
    }


def comparison_json(c: WeeklyComparison) -> dict[str, Any]:
    """A part whose rate is not known for the year is null, and named in ``unknown``."""
    parts = {"jobrotationsydelse": c.route1, "veu": c.veu, "loentilskud": c.wage_subsidy}
    return {"year": c.year, "sector": c.sector, "hours_per_week": c.hours,
            "route1": {"jobrotationsydelse": kr(c.route1), "total": kr(c.route1)},
            "route2": {"veu": kr(c.veu), "loentilskud": kr(c.wage_subsidy),
                       "total": kr(c.route2)},
            "wage_subsidy_hours_per_week": c.wage_subsidy_hours,
            "unknown": [f"{name}: {c.unknown_text}" for name, v in parts.items() if v is None],
            "estimates": list(c.estimates)}


# The employer's whole picture, both routes side by side: (label, route 1, route 2) for a
# week and for the whole period; each cell names an amount in ``Evaluation.amounts``.
PICTURE: tuple[tuple[str, tuple[str | None, str | None], tuple[str | None, str | None]], ...] = (
    ("Løn til medarbejderen i uddannelse", ("employee_wage_week", "employee_wage_week"),
     ("employee_wages_total", "employee_wages_total")),
    ("Løn til vikaren", ("substitute_wage_week", "route2_substitute_wage_week"),
     ("substitute_wages_total", "route2_substitute_wages_total")),
    ("Deltagerbetaling", (None, None), ("course_fee", "course_fee")),
    ("Jobrotationsydelse", ("route1_week", None), ("route1_total", None)),
    ("Løntilskud", (None, "route2_wage_subsidy_week"), (None, "route2_wage_subsidy_total")),
    ("VEU-godtgørelse (hvis betingelserne er opfyldt)", (None, "route2_veu_week"),
     (None, "route2_veu_total")),
    ("Nettoudgift for arbejdsgiveren", ("route1_net_cost_week", "route2_net_cost_week"),
     ("route1_net_cost_total", "route2_net_cost_total")),
)


def picture(e: Evaluation) -> list[tuple[str, list[int | None]]]:
    """Rows of the side-by-side picture: week route 1, week route 2, total 1, total 2.

    A cell that does not apply to a route is 0 (no such cost or subsidy in that route)."""
    return [(label, [e.amounts[n] if n else 0 for n in (*week, *total)])
            for label, week, total in PICTURE]


def amount_label(name: str) -> str:
    return AMOUNT_LABELS[name]


def fact_text(name: str, value: Any, lang: str = "da") -> str:
    return format_fact(name, value, lang)


def rules_json(params: ParameterSet) -> dict[str, Any]:
    """The law-to-code map: every condition and parameter with reference and confidence."""
    return {
        "conditions": [{
            "id": c.id, "party": c.party, "party_label": PARTY_LABELS[c.party],
            "routes": [ROUTE_LABELS[r] for r in sorted(c.blocks)],
            "text": c.text, "reference": c.reference, "confidence": c.confidence,
            "inputs": sorted(c.inputs()), "parameters": sorted(c.parameters()),
            "test": c.test.render(),
        } for c in CONDITIONS],
        "parameters": [{
            "name": p.name, "description": p.description, "unit": p.unit,
            "reference": p.reference,
            "values": [{"from": v.start.isoformat(),
                        "value": param_value(params, p.name, v.value),
                        "confidence": v.confidence, "source": v.source,
                        "kind": "beregnet" if v.derived else "oplyst",
                        "formula": formula_text(params, v),
                        "reference": v.reference or p.reference} for v in p.values],
        } for p in sorted(params, key=lambda p: p.name)],
    }


def _kind(v: dict[str, Any]) -> str:
    if v["kind"] == "oplyst":
        return "oplyst"
    return f"beregnet efter formel, ikke offentliggjort: {v['formula']}"


def rules_markdown(params: ParameterSet) -> str:
    """``docs/rules.md``: generated from the definitions, checked by a test."""
    data = rules_json(params)
    out = ["# Regler og satser — lov til kode", "",
           "Genereret af `jobrotation rules --markdown`; ret ikke i hånden.", "",
           "Sikkerhed: **H** officiel eller flere samstemmende kilder, **M** én god sekundær "
           "kilde, **L** afledt eller modstridende (giver en advarsel).", "",
           "## Betingelser", "",
           "| id | part | ordning | betingelse | hjemmel | sikkerhed | oplysninger |",
           "|---|---|---|---|---|---|---|"]
    for c in data["conditions"]:
        out.append(f"| `{c['id']}` | {c['party_label']} | {', '.join(c['routes'])} | "
                   f"{c['text']} | {c['reference']} | {c['confidence']} | "
                   f"{', '.join(f'`{i}`' for i in c['inputs'])} |")
    out += ["", "## Parametre", ""]
    for p in data["parameters"]:
        out += [f"### `{p['name']}`", "", f"{p['description']}. Enhed: {p['unit']}. "
                f"Hjemmel: {p['reference']}.", "",
                "| fra | værdi | oplyst / beregnet | sikkerhed | kilde | hjemmel |",
                "|---|---|---|---|---|---|"]
        out += [f"| {v['from']} | {'ukendt' if v['value'] is None else v['value']} | "
                f"{_kind(v)} | {v['confidence']} | {v['source']} | "
                f"{v['reference'] if v['reference'] != p['reference'] else ''} |"
                for v in p["values"]]
        out.append("")
    return "\n".join(out)
