"""The conditions of the scheme, each written once next to its legal source.

A condition decides one requirement for one party. It blocks one or more of:
``route1`` (jobrotationsydelse, LAB kap. 22), ``route2`` (løntilskud, LAB kap. 12) or
``veu`` (VEU-godtgørelse in route 2; failing it removes VEU, not the route).

``text`` is the Danish requirement as a caseworker would write it; ``{name}`` inserts a
parameter's value (as of the case's date) or a value from ``shows``. ``observed`` is the
sentence that states what the case showed ("ansat i 2 måneder").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jobrotation.law.expr import (
    AddMonths,
    Expr,
    MonthsBetween,
    SpanEnd,
    all_of,
    any_of,
    fact,
    param,
    when,
)

ROUTE1, ROUTE2, VEU = "route1", "route2", "veu"
ROUTE_LABELS = {ROUTE1: "jobrotationsydelse", ROUTE2: "løntilskud", VEU: "VEU-godtgørelse"}
PARTY_LABELS = {"scheme": "ordningen", "employee": "medarbejderen", "training": "uddannelsen",
                "substitute": "vikaren", "employer": "arbejdsgiveren", "rotation": "rotationen"}


@dataclass(frozen=True, eq=False)
class Condition:
    id: str
    party: str
    blocks: frozenset[str]
    text: str
    text_en: str
    reference: str
    confidence: str
    test: Expr
    applies: Expr | None = None  # when this is false the condition is "ikke relevant"
    observed: str = ""
    shows: Mapping[str, Expr] = field(default_factory=dict)

    def inputs(self) -> set[str]:
        found = self.test.inputs() | (self.applies.inputs() if self.applies else set())
        for e in self.shows.values():
            found |= e.inputs()
        return found

    def parameters(self) -> set[str]:
        found = self.test.parameters() | (self.applies.parameters() if self.applies else set())
        for e in self.shows.values():
            found |= e.parameters()
        return found


# Facts used by several rules.
TRAINING_START, TRAINING_END = fact("training.start"), fact("training.end")
SUB_START, SUB_END = fact("substitute.start"), fact("substitute.end")
SECTOR, BENEFIT = fact("employer.sector"), fact("substitute.benefit")
EDUCATION = fact("employee.education_level")
EMPLOYED_SINCE = fact("employee.employed_since")


def wage_subsidy_months() -> Expr:
    """Løntilskud lasts at most 6 months with a private, 4 with a public employer (§ 68)."""
    return when(SECTOR.eq("public"), param("wage_subsidy.max_months_public", SUB_START),
                param("wage_subsidy.max_months_private", SUB_START))


def last_paid_day(start: Expr, months: Expr) -> Expr:
    """The last day of a span of ``months`` calendar months beginning on ``start``."""
    return SpanEnd(start, months)


def _education_ok(ceiling: str) -> Expr:
    """At most the ceiling, or the education has not been used for N years (M)."""
    unused_years = param("employee.education_unused_years", TRAINING_START)
    return any_of(
        EDUCATION <= param(ceiling, TRAINING_START),
        AddMonths(fact("employee.education_last_used"), unused_years * 12) <= TRAINING_START,
    )


def _allowed_subsidised() -> Expr:
    """Persons in løntilskud allowed for the number of ordinary employees (LAB § 77)."""
    ordinary = fact("employer.ordinary_employees")

    def p(name: str) -> Expr:
        return param(name, SUB_START)

    return when(ordinary < p("employer.proportion_small_firm_limit"),
                p("employer.proportion_small_firm_max"),
                when(ordinary <= p("employer.proportion_large_firm_limit"),
                     ordinary // p("employer.proportion_ratio"),
                     ordinary // p("employer.proportion_ratio_large")))


BOTH = frozenset({ROUTE1, ROUTE2})
R1 = frozenset({ROUTE1})
R2 = frozenset({ROUTE2})
DAGPENGE_GROUPS = ("dagpenge",)
NON_DAGPENGE_GROUPS = ("kontanthjaelp", "uddannelseshjaelp", "sygedagpenge", "jobafklaring",
                       "ressourceforloeb", "ledighedsydelse", "selvforsoergelse")
ELIGIBLE_GROUPS = DAGPENGE_GROUPS + NON_DAGPENGE_GROUPS
NOT_IN_JOB_GROUPS = ("sygedagpenge", "jobafklaring")
EXCLUDED_TRAINING = ("eud", "maritime", "company_practice")

CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "scheme.open", "scheme", R1,
        "Uddannelsen begynder, mens jobrotation med jobrotationsydelse er åben for nye "
        "bevillinger (lov nr. 1750 af 29.12.2025 afskaffer ordningen; påbegyndte forløb kan "
        "gennemføres). Løntilskud med VEU-godtgørelse (ordning 2) berøres ikke.",
        "The training starts while job rotation with the job-rotation benefit is open for "
        "new grants (abolished by Act no. 1750 of 29.12.2025; courses already started may "
        "be completed). Wage subsidy with VEU (route 2) is not affected.",
        reference="LAB kap. 22; ophævet ved lov nr. 1750 af 29.12.2025", confidence="L",
        # Keyed to the training's start; a substitute's own check, which knows no
        # training, reads the substitute's start instead.
        test=when(TRAINING_START.is_given(), param("scheme.open_for_new_starts", TRAINING_START),
             param("scheme.open_for_new_starts", SUB_START)).eq(True),
        observed="uddannelsen begynder {training.start}, vikaren begynder {substitute.start}",
    ),
    Condition(
        "employee.ordinary_employment", "employee", BOTH,
        "Medarbejderen er ordinært ansat; elever, lærlinge, voksenlærlinge og ansatte med "
        "offentligt tilskud kan ikke erstattes af en vikar.",
        "The employee is in ordinary employment; pupils, apprentices, adult apprentices and "
        "subsidised staff cannot be replaced by a substitute.",
        reference="LAB § 150", confidence="H",
        test=fact("employee.employment_type").eq("ordinary"),
        observed="ansættelsesform: {employee.employment_type}",
    ),
    Condition(
        "employee.employed_before_start", "employee", BOTH,
        "Medarbejderen har været ansat hos arbejdsgiveren i mindst "
        "{employee.min_employment_months} måneder umiddelbart før uddannelsen begynder.",
        "The employee has been employed by the employer for at least "
        "{employee.min_employment_months} months immediately before the training starts.",
        reference="LAB § 150", confidence="H",
        test=AddMonths(EMPLOYED_SINCE, param("employee.min_employment_months", TRAINING_START))
        <= TRAINING_START,
        observed="ansat siden {employee.employed_since} — {months} hele måneder før "
                 "uddannelsen begynder {training.start}",
        shows={"months": MonthsBetween(EMPLOYED_SINCE, TRAINING_START)},
    ),
    Condition(
        "employee.education_ceiling", "employee", R1,
        "Medarbejderen har højst uddannelse på niveau {employee.education_ceiling} "
        "(eller har ikke brugt en højere uddannelse i {employee.education_unused_years} år).",
        "The employee's education is at most level {employee.education_ceiling} (or a higher "
        "education has not been used for {employee.education_unused_years} years).",
        reference="LAB § 150, stk. 1, nr. 1", confidence="M",
        test=_education_ok("employee.education_ceiling"),
        observed="højeste uddannelse: {employee.education_level}",
    ),
    Condition(
        "employee.full_wage", "employee", BOTH,
        "Medarbejderen får fuld normal løn under hele uddannelsen.",
        "The employee keeps full normal wage throughout the training.",
        reference="LAB § 150", confidence="H",
        test=fact("employee.full_wage").eq(True),
        observed="fuld løn: {employee.full_wage}",
    ),
    Condition(
        "employee.no_veu_svu", "employee", R1,
        "Medarbejderen får ikke VEU-godtgørelse, SVU eller befordringsgodtgørelse for de "
        "samme timer.",
        "The employee receives no VEU, SVU or transport allowance for the same hours.",
        reference="LAB § 150", confidence="H",
        test=fact("employee.receives_veu_svu").eq(False),
        observed="får VEU/SVU/befordring: {employee.receives_veu_svu}",
    ),
    Condition(
        "training.not_vocational", "training", R1,
        "Uddannelsen er ikke en erhvervsuddannelse, en maritim uddannelse eller praktik i "
        "virksomheden.",
        "The training is not a vocational or maritime education nor in-company practice.",
        reference="LAB § 150", confidence="H",
        test=~fact("training.type").is_in(EXCLUDED_TRAINING),
        observed="uddannelsestype: {training.type}",
    ),
    Condition(
        "training.strengthens_competences", "training", BOTH,
        "Uddannelsen er reel og styrker medarbejderens kompetencer til det fortsatte arbejde "
        "hos arbejdsgiveren.",
        "The training is real and strengthens the employee's skills for continued work.",
        reference="LAB § 150", confidence="H",
        test=fact("training.strengthens_competences").eq(True),
        observed="styrker kompetencerne: {training.strengthens_competences}",
    ),
    Condition(
        "training.temporary", "training", BOTH,
        "Uddannelsen er midlertidig: den har en slutdato efter startdatoen.",
        "The training is temporary: it ends after it starts.",
        reference="LAB § 150", confidence="H",
        test=TRAINING_END >= TRAINING_START,
        observed="fra {training.start} til {training.end}",
    ),
    Condition(
        "veu.education_level", "employee", frozenset({VEU}),
        "For VEU-godtgørelse har medarbejderen højst uddannelse på niveau "
        "{veu.max_education_level} (eller har ikke brugt en højere uddannelse i "
        "{employee.education_unused_years} år).",
        "For VEU the employee's education is at most level {veu.max_education_level} "
        "(or unused for {employee.education_unused_years} years).",
        reference="VEU-godtgørelsesloven", confidence="H",
        test=_education_ok("veu.max_education_level"),
        observed="højeste uddannelse: {employee.education_level}",
    ),
    Condition(
        "veu.eligible_course", "training", frozenset({VEU}),
        "Kurset giver ret til VEU-godtgørelse (fx AMU).",
        "The course qualifies for VEU (e.g. AMU).",
        reference="VEU-godtgørelsesloven", confidence="H",
        test=fact("training.veu_eligible").eq(True),
        observed="VEU-berettiget kursus: {training.veu_eligible}",
    ),
    Condition(
        "substitute.eligible_group", "substitute", BOTH,
        "Vikaren modtager en ydelse, der giver adgang til ordningen (dagpenge, kontanthjælp, "
        "uddannelseshjælp, sygedagpenge, jobafklaring, ressourceforløb, ledighedsydelse, "
        "selvforsørgelses- og hjemrejseydelse eller overgangsydelse).",
        "The substitute receives a benefit that gives access to the scheme.",
        reference="LAB § 151", confidence="M",
        test=BENEFIT.is_in(ELIGIBLE_GROUPS),
        observed="ydelse: {substitute.benefit}",
    ),
    Condition(
        "substitute.not_in_job", "substitute", BOTH,
        "En vikar på sygedagpenge eller i jobafklaring må ikke være i job.",
        "A substitute on sickness benefit or in job clarification must not be in a job.",
        reference="LAB § 151", confidence="M",
        test=fact("substitute.in_job").eq(False),
        applies=BENEFIT.is_in(NOT_IN_JOB_GROUPS),
        observed="i job: {substitute.in_job}",
    ),
    Condition(
        "substitute.benefit_months_total", "substitute", BOTH,
        "En vikar på dagpenge har været ledig i sammenlagt mindst "
        "{substitute.min_benefit_months} måneder før ansættelsen.",
        "A substitute on dagpenge has been unemployed for at least "
        "{substitute.min_benefit_months} months in total before hiring.",
        reference="LAB § 151", confidence="H",
        test=fact("substitute.benefit_months_total")
        >= param("substitute.min_benefit_months", SUB_START),
        applies=BENEFIT.is_in(DAGPENGE_GROUPS),
        observed="{substitute.benefit_months_total} måneder sammenlagt",
    ),
    Condition(
        "substitute.benefit_months_continuous", "substitute", BOTH,
        "En vikar på kontanthjælp eller anden ydelse end dagpenge har modtaget ydelsen i "
        "mindst {substitute.min_benefit_months} sammenhængende måneder før ansættelsen.",
        "A substitute on a benefit other than dagpenge has received it for at least "
        "{substitute.min_benefit_months} consecutive months before hiring.",
        reference="LAB § 151", confidence="M",
        test=fact("substitute.benefit_months_continuous")
        >= param("substitute.min_benefit_months", SUB_START),
        applies=BENEFIT.is_in(NON_DAGPENGE_GROUPS),
        observed="{substitute.benefit_months_continuous} sammenhængende måneder",
    ),
    Condition(
        "substitute.min_weekly_hours", "substitute", R1,
        "Vikaren er ansat i gennemsnit mindst {substitute.min_weekly_hours} timer om ugen.",
        "The substitute works at least {substitute.min_weekly_hours} hours a week on average.",
        reference="LAB § 151", confidence="H",
        test=fact("substitute.hours_per_week") >= param("substitute.min_weekly_hours", SUB_START),
        observed="{substitute.hours_per_week} timer om ugen",
    ),
    Condition(
        "substitute.max_contract", "substitute", R1,
        "Vikaransættelsen varer højst {substitute.max_contract_months} måneder.",
        "The substitute contract lasts at most {substitute.max_contract_months} months.",
        reference="LAB § 151", confidence="H",
        test=SUB_END <= last_paid_day(SUB_START,
                                      param("substitute.max_contract_months", SUB_START)),
        observed="ansat fra {substitute.start} til {substitute.end}",
    ),
    Condition(
        "substitute.same_or_similar_job", "substitute", BOTH,
        "Vikaren ansættes til samme eller lignende arbejde som den eller de medarbejdere, "
        "vikaren dækker.",
        "The substitute does the same or similar work as the employee(s) covered.",
        reference="LAB § 151", confidence="H",
        test=fact("substitute.same_or_similar_job").eq(True),
        observed="samme eller lignende arbejde: {substitute.same_or_similar_job}",
    ),
    Condition(
        "substitute.not_last_employer", "substitute", BOTH,
        "Arbejdsgiveren er ikke vikarens seneste ordinære arbejdsgiver.",
        "The employer is not the substitute's most recent ordinary employer.",
        reference="LAB § 151; 3F-vejledningen (2024)", confidence="M",
        test=fact("substitute.last_employer_is_this").eq(False),
        observed="seneste ordinære arbejdsgiver: {substitute.last_employer_is_this}",
    ),
    Condition(
        "rotation.overlap", "rotation", BOTH,
        "Vikaren er ansat i en periode, hvor medarbejderen er i uddannelse (time for time).",
        "The substitute is employed while the employee is in training (hour for hour).",
        reference="LAB § 149", confidence="H",
        test=all_of(SUB_START <= TRAINING_END, SUB_END >= TRAINING_START),
        observed="vikar {substitute.start}–{substitute.end}, uddannelse "
                 "{training.start}–{training.end}",
    ),
    Condition(
        "employer.not_owned_by_partner", "employer", R2,
        "Virksomheden ejes ikke af vikarens ægtefælle eller samlever.",
        "The firm is not owned by the substitute's spouse or cohabitant.",
        reference="LAB kap. 12", confidence="H",
        test=fact("employer.owned_by_substitute_partner").eq(False),
        observed="ejet af ægtefælle/samlever: {employer.owned_by_substitute_partner}",
    ),
    Condition(
        "substitute.wage_subsidy_duration", "substitute", R2,
        "Ansættelsen med løntilskud varer højst {months} måneder hos en {sector} "
        "arbejdsgiver.",
        "The wage-subsidy job lasts at most {months} months.",
        reference="LAB § 68", confidence="H",
        test=SUB_END <= last_paid_day(SUB_START, wage_subsidy_months()),
        observed="ansat fra {substitute.start} til {substitute.end}",
        shows={"months": wage_subsidy_months(),
               "sector": when(SECTOR.eq("public"), "offentlig", "privat")},
    ),
    Condition(
        "employer.reasonable_proportion", "employer", R2,
        "Der er et rimeligt forhold mellem ansatte med løntilskud og ordinært ansatte: "
        "højst {allowed} med løntilskud ved {employer.ordinary_employees} ordinært ansatte.",
        "There is a reasonable proportion between subsidised and ordinary staff.",
        reference="LAB § 77", confidence="M",
        test=fact("employer.subsidised_employees") <= _allowed_subsidised(),
        observed="{employer.subsidised_employees} med løntilskud, "
                 "{employer.ordinary_employees} ordinært ansatte",
        shows={"allowed": _allowed_subsidised()},
    ),
    Condition(
        "employer.private_aid_cap", "employer", R2,
        "En privat arbejdsgivers samlede offentlige støtte over et år er højst "
        "{employer.private_aid_cap_percent} pct. af lønomkostningerne.",
        "A private employer's public aid over a year is at most "
        "{employer.private_aid_cap_percent} % of wage costs.",
        reference="LAB kap. 12; EU's gruppefritagelsesforordning", confidence="M",
        test=fact("employer.annual_public_aid") * 100
        <= fact("employer.annual_wage_costs") * param("employer.private_aid_cap_percent",
                                                      SUB_START),
        applies=SECTOR.eq("private"),
        observed="støtte {employer.annual_public_aid} af lønomkostninger "
                 "{employer.annual_wage_costs}",
    ),
)


__all__ = ["CONDITIONS", "Condition", "ROUTE1", "ROUTE2", "VEU", "wage_subsidy_months",
           "last_paid_day"]
