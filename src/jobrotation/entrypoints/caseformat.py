"""``docs/case-format.md``, generated from the definitions and checked by a test.

The tables come from ``FACTS`` (kind, question, choices, unit and bound), the conditions
that read each fact (``Condition.inputs()``) and the amounts (``AMOUNTS``,
``pricing.INPUTS``); the prose around them lives here. ``make docs`` writes the file:
``python -m jobrotation.entrypoints.caseformat > docs/case-format.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from jobrotation.domain import format as fmt
from jobrotation.law import bounds, pricing
from jobrotation.law.amounts import AMOUNTS, veu_holds
from jobrotation.law.conditions import CONDITIONS, PARTY_LABELS
from jobrotation.law.expr import Expr
from jobrotation.law.facts import (
    EDUCATION_LABELS,
    EDUCATION_LEVELS,
    FACTS,
    HISTORY_FACTS,
    FactSpec,
    grouped,
)

KIND_LABELS = {"date": "dato", "choice": "valg", "bool": "ja/nej", "number": "tal ≥ 0",
               "money": "beløb i kr. ≥ 0", "level": "uddannelsesniveau", "weekdays": "ugedage"}
DAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
# The document's own keys besides the sections: (name, kind, Danish, English).
DOCUMENT_FIELDS = (
    ("name", "tekst", "Sagens navn (valgfrit)", "text", "Case name"),
    ("description", "tekst", "Beskrivelse af situationen (valgfrit)", "text",
     "Description of the situation"),
    ("as_of", "dato", "Den dato, sagen er opgjort pr. (valgfrit; bruges ikke i vurderingen)",
     "date", "Date the case is stated as of (not used by the rules)"),
)
MONEY_EXAMPLE = 'tal eller tekst, fx `228.45` eller `"228,45"`'

COMMENT = ("<!-- Genereret af `make docs` (python -m jobrotation.entrypoints.caseformat) ud fra "
           "FACTS i src/jobrotation/law/facts.py, grænserne i bounds.py, betingelserne i "
           "conditions.py og beløbene i amounts.py. Ret ikke i hånden: ret kilden og kør "
           "`make docs`. -->")

INTRO = ("En **sag** beskriver én jobrotation: arbejdsgiveren, medarbejderen der skal i "
         "uddannelse, uddannelsen, vikaren og rotationen som helhed (lønperioden). Sagen "
         "skrives som YAML eller JSON i afsnittene {sections}, hvert med de felter, der er "
         "beskrevet nedenfor. Feltnavnene er engelske, så de er de samme i kode, tabeller og "
         "filer; betydningen er forklaret på dansk, og der er en engelsk ordliste sidst.")

SCHEMA = """\
Formatet er også beskrevet som et JSON Schema (draft 2020-12), der bygges ud fra samme \
feltliste: `jobrotation.law.schema.case_schema()`. Eksempler på hele sager ligger i `examples/`.

```sh
.venv/bin/python -c "import json; from jobrotation.law.schema import case_schema; \
print(json.dumps(case_schema(), ensure_ascii=False, indent=2))"
```"""

FLAT = ("Sagen kan også gives flad, med punktum i navnene (`employee.employed_since`), fx "
        "som kolonner i en tabel. Andre felter end dem, der står her, afvises – både af "
        "skemaet og af `evaluate` – så en stavefejl ikke stille bliver til en manglende "
        "oplysning.")

MISSING_RULE = (
    "- **Manglende oplysninger.** Intet felt er påkrævet. Et felt, der mangler (eller er "
    "tomt/`null`), er *ukendt*. En betingelse, der har brug for det, får svaret **mangler "
    "oplysninger**, og en ordning er kun *opfyldt*, når ingen af dens betingelser er *ikke "
    "opfyldt* eller mangler oplysninger. Er én betingelse *ikke opfyldt*, er ordningen *ikke "
    "opfyldt*, uanset hvad der ellers mangler. Vurderingen lister de felter, der skal oplyses "
    "(`Evaluation.missing`). Et felt, der kun gælder i visse tilfælde (fx `substitute.in_job`, "
    "der kun er relevant ved sygedagpenge og jobafklaring), giver *ikke relevant*, når det "
    "ikke gælder – så behøver det ikke oplyses.")

FIELDS_NOTE = ("Kolonnen *Bruges i* viser de betingelser (id fra `conditions.py`), der læser "
               "feltet, og *beløb*, hvis det indgår i beregningen af tilskud og løn. Kolonnen "
               "*Værdier* viser også feltets grænse.")

AMOUNTS_TEXT = """\
Ugebeløbene (fx `route1_week`) regnes med de satser, der gælder, når uddannelsen begynder. \
Beløbene over hele perioden (fx `route1_total`) regnes dag for dag, som en afregning: \
arbejdsdagene er {working} undtagen danske helligdage; medarbejderens timer pr. uge \
fordeles ligeligt på ugedagene i `training.weekdays`, vikarens på {working}. Hver dag \
regnes med den sats, der gælder den dag, og med samme lofter som ved afregning \
(parametrene i `docs/rules.md`). Timerne lægges sammen pr. lønperiode, person og sats – \
kalendermåneder, eller 14 dage ad gangen fra den første dag med timer, når \
`rotation.pay_frequency` er `fortnightly` – og hver sum regnes om til kroner én gang, \
halvt op til øren. Så er sagens skøn lig summen af de afregninger, der følger den.

Ved løntilskud hos en offentlig arbejdsgiver er vikarens timer pr. uge ikke \
`substitute.hours_per_week`, men faste og sat ud fra ydelsen (LAB §§ 71-72, som STAR \
regner dem): `substitute.monthly_benefit` × `hours.standard_week` / `hours.standard_month` \
/ `wage_subsidy.public_hours_net_percent` % / `wage_subsidy.public_max_hourly_wage`, med 2 \
decimaler, halvt op. Vikarens løn er de timer × den højeste timeløn, og løntilskuddet de \
timer × satsen for vikarens ydelsesgruppe; uden `substitute.monthly_benefit` kan de ikke \
beregnes."""

EXPECTED = """\
## Forventet udfald i eksempler

Filerne i `examples/` har desuden en blok `expected` med det udfald, testen \
(`tests/test_case_format.py`) kontrollerer: svaret pr. ordning (`route1` = \
jobrotationsydelse, `route2` = løntilskud, `veu` = VEU-godtgørelse i løntilskudsordningen) \
med de danske svar `opfyldt`, `ikke opfyldt`, `mangler oplysninger`; evt. svaret på enkelte \
betingelser (`conditions`), beløb i kroner (`amounts`) og de manglende felter (`missing`). \
`evaluate` ser bort fra blokken; skemaet tillader den kun med `case_schema(expected=True)`, \
så en almindelig sag ikke bærer den."""

EXAMPLE = """\
## Kort eksempel

```yaml
name: Vestjysk Maskinfabrik ApS – CNC-operatør på AMU
description: En CNC-operatør sendes på AMU-kurser i 12 uger; en ledig på dagpenge er vikar.
employer:
  sector: private
employee:
  employed_since: 2019-08-01
  employment_type: ordinary
  education_level: erhvervsuddannelse
  full_wage: true
  receives_veu_svu: false
  hourly_wage: 246.80
training:
  start: 2024-04-08
  end: 2024-06-28
  type: amu
  hours_per_week: 37
  strengthens_competences: true
  veu_eligible: true
substitute:
  start: 2024-04-08
  end: 2024-06-28
  hours_per_week: 37
  benefit: dagpenge
  benefit_months_total: 8
  same_or_similar_job: true
  last_employer_is_this: false
  hourly_wage: 228.45
```

Her er jobrotationsydelsen *opfyldt* (203,17 kr. × 37 timer = 7.517,29 kr. pr. uge i 2024). \
Løntilskudsordningen *mangler oplysninger* om arbejdsgiveren (ejerskab, rimeligt forhold og \
samlet støtte); den fulde sag står i `examples/01_privat_metal_cnc_amu.yaml`."""


def _and(words: Iterable[str]) -> str:
    """``a, b og c``."""
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} og {items[-1]}"


def _code(names: Iterable[str]) -> list[str]:
    return [f"`{n}`" for n in names]


def days_text(weekdays: str) -> str:
    """``12345`` → ``mandag til fredag``, ``135`` → ``mandag, onsdag og fredag``."""
    names = [DAY_NAMES[int(d) - 1] for d in weekdays]
    run = "".join(str(d) for d in range(int(weekdays[0]), int(weekdays[-1]) + 1))
    return f"{names[0]} til {names[-1]}" if len(names) > 2 and weekdays == run else _and(names)


def sections() -> list[str]:
    """The case's sections, in the order of ``FACTS``."""
    return list(dict.fromkeys(name.split(".")[0] for name in FACTS))


def _reads(e: Expr) -> set[str]:
    """The facts an amount computes with. A fact that only decides whether VEU is counted
    (``veu_holds``, VEU's conditions) is shown by those conditions instead."""
    if e is veu_holds:
        return set()
    kids = e.children()
    own = e.inputs() - set().union(*(k.inputs() for k in kids))
    return own.union(*(_reads(k) for k in kids))


def amount_facts() -> set[str]:
    return set(pricing.INPUTS).union(*(_reads(e) for e in AMOUNTS.values()))


def first_year(spec: FactSpec) -> int:
    return (bounds.FIRST_PAST_DAY if spec.name in HISTORY_FACTS else bounds.FIRST_DAY).year


def high_text(spec: FactSpec) -> str:
    """``højst 80 timer pr. uge``: the bound of a number or amount (every "timer" fact is
    hours a week)."""
    unit = "timer pr. uge" if spec.unit == "timer" else spec.unit
    return f"højst {grouped(spec.high)} {unit}".rstrip() if spec.high is not None else ""


def values_text(spec: FactSpec) -> str:
    """The *Værdier* cell of a fact."""
    if spec.kind == "date":
        return f"`ÅÅÅÅ-MM-DD`, år {first_year(spec)}–{bounds.LAST_DAY.year}"
    if spec.kind in ("number", "money"):
        example = "tal, fx `37` eller `37.5`" if spec.unit == "timer" else "tal, fx `8`"
        return f"{MONEY_EXAMPLE if spec.kind == 'money' else example}; {high_text(spec)}"
    if spec.kind == "bool":
        return "`true` / `false`"
    if spec.kind == "level":
        return "<br>".join(f"`{code}` (eller `{n}`) = {EDUCATION_LABELS[n]}"
                           for code, n in EDUCATION_LEVELS.items())
    if spec.kind == "weekdays":
        return (f"ugedagenes numre, fx `{pricing.WORKING_WEEK}` "
                f"({days_text(pricing.WORKING_WEEK)}) eller `135`")
    return "<br>".join(f"`{code}` = {label}" for code, label in spec.choices.items())


def used_in(name: str, amounts: set[str]) -> str:
    """The *Bruges i* cell: the conditions that read the fact, and ``beløb``."""
    uses = _code(c.id for c in CONDITIONS if name in c.inputs())
    return ", ".join(uses + (["beløb"] if name in amounts else []))


def value_rules() -> list[str]:
    """The bullet list "Regler for værdierne"."""
    hours = _and(_code(n for n, s in FACTS.items() if s.unit == "timer"))
    days = _and(_code(n for n, s in FACTS.items() if s.kind == "weekdays"))
    past = _and(_code(n for n in FACTS if n in HISTORY_FACTS))
    week = pricing.WORKING_WEEK
    return [
        MISSING_RULE,
        f"- **Datoer** skrives `ÅÅÅÅ-MM-DD`, fx `2024-04-08`, og skal ligge mellem "
        f"{bounds.FIRST_DAY.year} og {bounds.LAST_DAY.year} (fra {fmt.day(bounds.FIRST_DAY)} "
        f"til {fmt.day(bounds.LAST_DAY)}); datoer i personens forhistorie ({past}) må gå "
        f"tilbage til {fmt.day(bounds.FIRST_PAST_DAY)}. I YAML må de stå uden anførselstegn.",
        "- **Beløb** er i **kroner** med højst 2 decimaler (øre), som tal (`228.45`) eller som "
        "tekst med komma eller punktum (`\"228,45\"`). Brug ikke tusindtalsseparator "
        "(`\"12550,00\"`, ikke `\"12.550,00\"`; skemaet kræver det, `evaluate` tager også imod "
        "den). Internt regnes i hele øre, og hvert beløb afrundes én gang, halvt op.",
        f"- **Timer** ({hours}) er timer pr. uge med op til 2 decimaler (`37`, `37.5`, "
        "`18.25`); der regnes i hundrededele timer, og flere decimaler afrundes halvt op.",
        "- **Antal og måneder** er tal ≥ 0.",
        "- **Grænser.** Hvert tal og beløb har en øvre grænse (kolonnen *Værdier*, fx "
        f"{high_text(FACTS['substitute.hours_per_week'])} og "
        f"{high_text(FACTS['employee.hourly_wage'])}). Grænserne ligger langt over enhver "
        "virkelig sag og holder kun tastefejl ude; lovens egne lofter og satser er parametrene "
        "i `docs/rules.md`. En værdi over grænsen eller en dato uden for perioden afvises af "
        "`evaluate`; skemaet kender grænserne for tal, ikke for beløb og datoer.",
        "- **Ja/nej** skrives `true`/`false` (skemaet kræver det; `evaluate` tager også imod "
        "`ja`/`nej`).",
        "- **Valg** skrives med koden (fx `private`, `dagpenge`), ikke den danske tekst.",
        f"- **Ugedage** ({days}) skrives som ugedagenes numre, 1 = mandag … 7 = søndag, hver "
        f"højst én gang: `{week}` er {days_text(week)}, `135` er {days_text('135')}. Mangler "
        f"feltet, regnes med {days_text(week)} (`evaluate` tager også imod `\"1,3,5\"`).",
        "- **Uddannelsesniveau** skrives med navnet (fx `erhvervsuddannelse`) eller tallet "
        f"{min(EDUCATION_LEVELS.values())}–{max(EDUCATION_LEVELS.values())}.",
    ]


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def structure() -> list[str]:
    rows = [_row("Felt", "Slags", "Betydning"), "|---|---|---|"]
    rows += [_row(f"`{name}`", kind, text) for name, kind, text, _, _ in DOCUMENT_FIELDS]
    rows += [_row(f"`{s}`", "afsnit", f"Oplysninger om {PARTY_LABELS.get(s, s)}")
             for s in sections()]
    return rows


def fact_tables() -> list[str]:
    """One table per section: Felt | Slags | Spørgsmål | Værdier | Enhed | Bruges i."""
    amounts, out = amount_facts(), []
    for section in sections():
        out += [f"### `{section}` – {PARTY_LABELS.get(section, section)}", "",
                _row("Felt", "Slags", "Spørgsmål", "Værdier", "Enhed", "Bruges i"),
                "|---|---|---|---|---|---|"]
        out += [_row(f"`{name.split('.', 1)[1]}`", KIND_LABELS[spec.kind], spec.question,
                     values_text(spec), spec.unit, used_in(name, amounts))
                for name, spec in FACTS.items() if name.split(".")[0] == section]
        out.append("")
    return out


def glossary() -> list[str]:
    rows = [_row("Field", "Kind", "Meaning"), "|---|---|---|"]
    rows += [_row(f"`{name}`", kind, text) for name, _, _, kind, text in DOCUMENT_FIELDS]
    rows += [_row(f"`{name}`", spec.kind, spec.question_en
                  + (f" ({spec.unit})" if spec.kind in ("number", "money") else ""))
             for name, spec in FACTS.items()]
    return rows


def case_format_markdown() -> str:
    """The whole of ``docs/case-format.md``."""
    out = [COMMENT, "", "# Sagsformatet", "",
           INTRO.format(sections=_and(_code(sections()))), "", SCHEMA, "",
           "## Opbygning", "", *structure(), "", FLAT, "",
           "## Regler for værdierne", "", *value_rules(), "",
           "## Felterne", "", FIELDS_NOTE, "", *fact_tables(),
           "## Beløb over perioden", "",
           AMOUNTS_TEXT.format(working=days_text(pricing.WORKING_WEEK)), "",
           EXPECTED, "", EXAMPLE, "", "## English glossary", "", *glossary()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(case_format_markdown().encode("utf-8"))
