"""Playing the demo's rows through the services, each step on its own day.

Every project's history is first laid out as dated steps (``Builder.at``); then the
steps run in date order across projects, with the store's clock set to each step's
time, so the audit trail reads as one real history. Every row is made by a service
function, so the access policy, the workflow and the eligibility rules all apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from babel.dates import format_date
from sqlalchemy import select

from jobrotation.adapters.tables import claims, projects
from jobrotation.domain.calendar import work_days
from jobrotation.domain.errors import InvalidInput
from jobrotation.domain.project import CHECKLIST
from jobrotation.domain.units import kroner
from jobrotation.services import claims as claim_service
from jobrotation.services import followup
from jobrotation.services import people as people_service
from jobrotation.services import projects as project_service
from jobrotation.services.policy import SYSTEM, Actor
from jobrotation.services.store import Store

from .model import Demo, FollowUp, Person, Plan, cpr_numbers
from .summary import DemoLogin, DemoSummary, summarise
from .timeline import SettableClock, after, at, bank_day, claim_path, month_end, project_path

Step = tuple[dt.datetime, int, Callable[[], None]]

# Each claim step: bank days after the step before it, the hour, and who takes it.
CLAIM_STEPS = {"draft": (0, 14, "employer"), "submitted": (1, 9, "employer"),
               "approved": (5, 11, "caseworker"), "rejected": (5, 11, "caseworker"),
               "paid": (3, 10, "caseworker")}
# A draft is still being prepared: only the first points of its checklist are ticked.
DRAFT_TICKS = 3


def _day(day: dt.date | None) -> dt.date:
    if day is None:  # data.load_demo requires the dates a project's state needs
        raise RuntimeError("demo plan without the date of a step it takes")
    return day


class Builder:
    def __init__(self, store: Store, clock: SettableClock, demo: Demo) -> None:
        self.store, self.clock, self.demo, self.setting = store, clock, demo, demo.setting
        self.steps: list[Step] = []
        self.admin, self.caseworker = SYSTEM, SYSTEM  # set by _organisations
        self.hr: dict[str, Actor] = {}
        self.steward: dict[str, Actor] = {}
        self.employer_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.project_ids: dict[str, int] = {}
        self.pay_run_ids: dict[tuple[str, int], int] = {}
        self.claim_ids: dict[tuple[str, int], int] = {}
        self.logins: list[DemoLogin] = []
        self.notes: list[str] = []
        self.rate_unknown: set[str] = set()
        self.cprs = cpr_numbers(demo.people)
        self.people = {p.key: p for p in demo.people}
        self.employers = {e.key: e for e in demo.employers}
        # The steps that take a project into each state, after its creation.
        self.reaching: dict[str, Callable[[Plan], None]] = {
            "ready": self._ready, "applied": self._applied, "approved": self._approved,
            "rejected": self._rejected, "running": self._running, "closed": self._closed}

    def at(self, day: dt.date, hour: int, fn: Callable[[], None], minute: int = 0) -> None:
        if day > self.setting.end:
            raise RuntimeError(f"demo step after the demo's end: {day}")  # a plan error
        self.steps.append((at(day, hour, minute), len(self.steps), fn))

    def run(self) -> DemoSummary:
        self.clock.set(self.setting.start)
        self._organisations()
        for plan in self.demo.plans:
            self._plan(plan)
        self.at(self.setting.substitute_login_on, 9, self._substitute_login)
        for when, _, fn in sorted(self.steps, key=lambda s: (s[0], s[1])):
            self.clock.now = when
            fn()
        self.clock.set(self.setting.end, 17)
        example = self.setting.example_claim
        return summarise(self.store, self.logins, self.project_ids,
                         (self.project_ids[example[0]], self.claim_ids[example]), self.notes)

    # organisations and users ------------------------------------------------------------

    def _email(self, local: str) -> str:
        return f"{local}@{self.setting.email_domain}"

    def _user(self, actor: Actor, email: str, name: str, role: str,
              organisation: tuple[int | None, str], person_id: int | None = None) -> int:
        user_id = people_service.create_user(self.store, actor, email=email, name=name,
                                             role=role, organisation_id=organisation[0],
                                             person_id=person_id)
        self.logins.append(DemoLogin(email, role, name, organisation[1]))
        return user_id

    def _organisations(self) -> None:
        s = self.setting
        admin_id = self._user(SYSTEM, self._email("admin"), s.administrator, "admin",
                              (None, "—"))
        self.admin = Actor(admin_id, "admin", s.administrator)
        jobcentre = people_service.create_jobcentre(self.store, self.admin,
                                                    municipality=s.municipality)
        cw_id = self._user(self.admin, self._email("jobcenter"), s.caseworker, "caseworker",
                           (jobcentre, f"Jobcenter {s.municipality}"))
        self.caseworker = Actor(cw_id, "caseworker", s.caseworker, organisation_id=jobcentre,
                                municipality=s.municipality)
        for e in self.demo.employers:
            org = people_service.create_employer(
                self.store, self.admin, name=e.name, cvr=e.cvr, sector=e.sector,
                municipality=s.municipality, full_time_staff=e.staff,
                monthly_wage_costs_ore=e.monthly_wage_costs_ore, facts=e.facts)
            self.employer_ids[e.key] = org
            hr_id = self._user(self.admin, self._email(f"hr.{e.key}"), e.hr, "employer",
                               (org, e.name))
            self.hr[e.key] = Actor(hr_id, "employer", e.hr, organisation_id=org)
            tr_id = self._user(self.admin, self._email(f"tr.{e.key}"), e.steward, "steward",
                               (org, e.name))
            self.steward[e.key] = Actor(tr_id, "steward", e.steward, organisation_id=org)

    def _substitute_login(self) -> None:
        key = self.setting.substitute_login
        person = self.people[key]
        # A substitute acts for themselves only: linked to their person, not to a workplace.
        self._user(self.admin, self._email("vikar"), person.name, "substitute",
                   (None, f"vikar hos {self.employers[person.employer].name}"),
                   person_id=self.person_ids[key])

    def _actor(self, plan: Plan, role: str) -> Actor:
        if role == "caseworker":
            return self.caseworker
        return (self.hr if role == "employer" else self.steward)[plan.employer]

    # one project's history ----------------------------------------------------------------

    def _plan(self, plan: Plan) -> None:
        self.at(plan.created, 8, partial(self._create, plan))
        for c in plan.comments:
            self.at(c.day, 10, partial(self._comment, plan, self._actor(plan, c.by), c.text))
        for state in project_path(plan.state)[1:]:
            self.reaching[state](plan)

    def _ready(self, plan: Plan) -> None:
        self.at(_day(plan.applied), 9, partial(self._move, plan, "employer", "ready"))

    def _applied(self, plan: Plan) -> None:
        applied = _day(plan.applied)
        self.at(applied, 9, partial(self._move, plan, "employer", "applied"), minute=5)
        self.at(after(applied, 1), 11, partial(self._sign, plan, "steward", "application"))

    def _rejected(self, plan: Plan) -> None:
        self.at(_day(plan.decided), 13,
                partial(self._move, plan, "caseworker", "rejected", plan.reason))

    def _approved(self, plan: Plan) -> None:
        decided = _day(plan.decided)
        self.at(decided, 13, partial(self._move, plan, "caseworker", "approved", plan.reason))
        for role in ("employer", "steward"):
            self.at(after(decided, 2), 10, partial(self._sign, plan, role, "agreement"))

    def _running(self, plan: Plan) -> None:
        first = min([t.start for t in plan.trainings] + [c.start for c in plan.covers])
        self.at(first, 7, partial(self._move, plan, "employer", "running"))
        self._pay_runs(plan, first)

    def _closed(self, plan: Plan) -> None:
        closed = _day(plan.closed)
        self.at(closed, 15, partial(self._move, plan, "employer", "closed"))
        if plan.end_follow_up:
            self.at(closed, 16, partial(self._follow_up, plan, "employer", "end",
                                        plan.end_follow_up))
        if plan.later_follow_up:
            later = bank_day(closed + dt.timedelta(days=91))
            self.at(later, 10, partial(self._follow_up, plan, "caseworker", "3_months",
                                       plan.later_follow_up))

    def _hourly_wage(self, person: Person) -> dict[str, str]:
        """An employee's monthly wage as the hourly wage the economics compare with."""
        if person.kind != "employee":
            return {}
        month = self.store.parameters.value_at("hours.standard_month", self.clock.now.date())
        hourly = kroner(person.wage_ore) / Decimal(str(month))
        return {"employee.hourly_wage": str(round(hourly, 2))}

    def _create(self, plan: Plan) -> None:
        hr = self.hr[plan.employer]
        pid = project_service.create_project(self.store, hr, self.employer_ids[plan.employer],
                                             plan.title, plan.purpose, plan.route)
        self.project_ids[plan.key] = pid
        self._add_people(plan)
        self._add_trainings_and_covers(plan, pid)
        employer = self.employers[plan.employer]
        ticked = list(CHECKLIST)[:DRAFT_TICKS] if plan.state == "draft" else list(CHECKLIST)
        project_service.update_project(
            self.store, hr, pid, 1, checklist={k: True for k in ticked},
            contacts={"education": plan.trainings[0].provider,
                      "jobcentre": f"Jobcenter {self.setting.municipality}, virksomhedsservice",
                      "hr": employer.hr, "steward": employer.steward, "union": employer.union},
            exceptions=dict(plan.exceptions))

    def _add_people(self, plan: Plan) -> None:
        """The plan's people not yet in the store, each on the first project they join."""
        hr = self.hr[plan.employer]
        adds_substitutes = self.caseworker if plan.substitutes_by == "caseworker" else hr
        keys = [t.employee for t in plan.trainings] + [c.substitute for c in plan.covers]
        for key in keys:
            if key in self.person_ids:
                continue
            p = self.people[key]
            email = self._email("vikar") if key == self.setting.substitute_login else None
            self.person_ids[key] = people_service.add_person(
                self.store, hr if p.kind == "employee" else adds_substitutes, kind=p.kind,
                name=p.name, employer_id=self.employer_ids[plan.employer], cpr=self.cprs[key],
                email=email, facts={**p.facts, **self._hourly_wage(p)})

    def _add_trainings_and_covers(self, plan: Plan, pid: int) -> None:
        hr = self.hr[plan.employer]
        for t in plan.trainings:
            project_service.add_training(
                self.store, hr, pid, self.person_ids[t.employee], provider=t.provider,
                course=t.course, type="amu", start=t.start, end=t.end,
                hours_per_day=t.hours_per_day, weekdays=t.weekdays, fee_ore=t.fee_ore,
                veu_eligible=t.veu, facts={"training.strengthens_competences": True})
        for c in plan.covers:
            project_service.add_assignment(
                self.store, hr, pid, self.person_ids[c.substitute], start=c.start, end=c.end,
                hours_per_week=c.hours_per_week,
                covers=[self.person_ids[k] for k in c.covers],
                hourly_wage_ore=self.people[c.substitute].wage_ore,
                facts={"substitute.same_or_similar_job": True})

    def _version(self, table: Any, row_id: int) -> int:
        with self.store.read() as conn:
            return int(conn.execute(select(table.c.version).where(table.c.id == row_id))
                       .scalar_one())

    def _move(self, plan: Plan, role: str, state: str, reason: str | None = None) -> None:
        pid = self.project_ids[plan.key]
        project_service.move(self.store, self._actor(plan, role), pid,
                             self._version(projects, pid), state, reason)

    def _sign(self, plan: Plan, role: str, document: str) -> None:
        project_service.sign(self.store, self._actor(plan, role), self.project_ids[plan.key],
                             document)

    def _comment(self, plan: Plan, actor: Actor, text: str) -> None:
        project_service.comment(self.store, actor, self.project_ids[plan.key], text)

    def _follow_up(self, plan: Plan, role: str, stage: str, f: FollowUp) -> None:
        ids = self.person_ids
        followup.record_follow_up(
            self.store, self._actor(plan, role), self.project_ids[plan.key], stage,
            substitutes={ids[k]: v for k, v in f.substitutes.items()},
            employees={ids[k]: v for k, v in f.employees.items()}, employer=f.employer)

    # pay runs and claims ------------------------------------------------------------------

    def _pay_runs(self, plan: Plan, first: dt.date) -> None:
        """A pay run a month, paid on the month's last bank day, up to the demo's end."""
        last = max([t.end for t in plan.trainings] + [c.end for c in plan.covers])
        period_start = first.replace(day=1)
        index = 0
        while period_start <= last:
            period_end = month_end(period_start)
            paid_on = bank_day(period_end, -1)
            if paid_on > self.setting.end:
                break
            if index >= len(plan.claims):
                raise RuntimeError(f"demo plan {plan.key}: no claim state for pay run {index}")
            self.at(paid_on, 12,
                    partial(self._pay_run, plan, index, period_start, period_end, paid_on))
            self._claim(plan, index, paid_on, plan.claims[index])
            period_start = period_end + dt.timedelta(days=1)
            index += 1
        if index != len(plan.claims):
            raise RuntimeError(f"demo plan {plan.key}: {len(plan.claims)} claim states for "
                               f"{index} pay runs")

    def _pay_run(self, plan: Plan, index: int, start: dt.date, end: dt.date,
                 paid_on: dt.date) -> None:
        hours: dict[int, dict[dt.date, float]] = {}
        wages: dict[int, int] = {}
        for t in plan.trainings:
            days = work_days(max(start, t.start), min(end, t.end), t.weekdays)
            if days:
                person = self.person_ids[t.employee]
                hours[person] = {d: t.hours_per_day for d in days}
                wages[person] = self.people[t.employee].wage_ore
        for c in plan.covers:
            days = work_days(max(start, c.start), min(end, c.end))
            if days:
                person = self.person_ids[c.substitute]
                daily = round(c.hours_per_week / 5, 2)
                hours[person] = {d: daily for d in days}
                wages[person] = round(self.people[c.substitute].wage_ore * daily * len(days))
        run_id = claim_service.record_pay_run(
            self.store, self.hr[plan.employer], self.project_ids[plan.key],
            period_start=start, period_end=end, paid_on=paid_on, wages_ore=wages, hours=hours)
        self.pay_run_ids[(plan.key, index)] = run_id

    def _claim(self, plan: Plan, index: int, paid_on: dt.date, final: str) -> None:
        """The steps that take the pay run's claim to ``final``, from its computing on."""
        day = paid_on
        for state in claim_path(final):
            delay, hour, role = CLAIM_STEPS[state]
            day = after(day, delay)
            step = (partial(self._compute, plan, index) if state == "draft"
                    else partial(self._claim_move, plan, index, role, state))
            self.at(day, hour, step)

    def _compute(self, plan: Plan, index: int) -> None:
        hr = self.hr[plan.employer]
        try:
            claim_id = claim_service.compute_claim(self.store, hr,
                                                   self.pay_run_ids[(plan.key, index)])
        except InvalidInput as exc:
            if "Sats ikke kendt" not in str(exc):
                raise
            self._rate_unknown(plan, hr, exc)
            return
        self.claim_ids[(plan.key, index)] = claim_id

    def _rate_unknown(self, plan: Plan, hr: Actor, exc: Exception) -> None:
        """A claim that cannot be priced yet: a note, and once per project a comment."""
        month = format_date(self.clock().date(), "MMMM y", locale="da_DK")
        self.notes.append(f"{plan.title}, lønkørslen for {month}: {exc}")
        if plan.key not in self.rate_unknown:
            self.rate_unknown.add(plan.key)
            project_service.comment(
                self.store, hr, self.project_ids[plan.key],
                f"Kravet kan ikke beregnes endnu: {exc} Vi beregner det, når satsen er kendt.")

    def _claim_move(self, plan: Plan, index: int, role: str, state: str) -> None:
        claim_id = self.claim_ids[(plan.key, index)]
        reason = {"approved": self.setting.claim_approved_reason,
                  "rejected": self.setting.claim_rejected_reason}.get(state)
        claim_service.move_claim(self.store, self._actor(plan, role), claim_id,
                                 self._version(claims, claim_id), state, reason)
