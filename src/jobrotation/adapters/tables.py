"""The database schema (SQLAlchemy Core). Alembic migrations are written from this.

Plain tables and explicit row ↔ domain mapping in the repositories: the domain stays free
of the database. Facts a rule reads (an employee's hiring date, a substitute's benefit)
are kept as JSON beside the typed columns, in the case format of ``law.facts``. Money is
integer øre; CPR numbers only encrypted (``cpr_token``), plus the birth-date part that the
masked form shows anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment, always given back as an aware UTC datetime (SQLite keeps no zone;
    PostgreSQL gives the server's zone back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("tidspunkter gemmes med tidszone")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value: dt.datetime | None,
                             dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


organisations = Table(
    "organisations", metadata, _id(),
    Column("kind", String(16), nullable=False),  # employer | jobcentre
    Column("name", String(200), nullable=False),
    Column("cvr", String(8), nullable=True, unique=True),
    Column("sector", String(16), nullable=True),  # private | public (employers)
    Column("municipality", String(80), nullable=False),
    Column("full_time_staff", Integer, nullable=True),
    Column("monthly_wage_costs", BigInteger, nullable=True),  # øre
    Column("facts", JSON, nullable=False, default=dict),
)

users = Table(
    "users", metadata, _id(),
    Column("email", String(200), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(24), nullable=False),  # see services.policy.ROLES
    Column("organisation_id", ForeignKey("organisations.id"), nullable=True),
    Column("person_id", ForeignKey("people.id"), nullable=True),  # a substitute's own record
    Column("password_hash", String(200), nullable=True),
    Column("api_token_hash", String(128), nullable=True, unique=True),
    Column("active", Boolean, nullable=False, default=True),
)

people = Table(
    "people", metadata, _id(),
    Column("kind", String(16), nullable=False),  # employee | substitute
    Column("name", String(200), nullable=False),
    Column("cpr_token", LargeBinary, nullable=True),  # Fernet-encrypted CPR
    Column("cpr_birth", String(6), nullable=True),  # DDMMÅÅ, for the masked form
    Column("employer_id", ForeignKey("organisations.id"), nullable=True),
    Column("email", String(200), nullable=True),
    Column("phone", String(40), nullable=True),
    Column("facts", JSON, nullable=False, default=dict),
    Column("pseudonym", String(40), nullable=True),  # set when erased
    Column("version", Integer, nullable=False, default=1),
)

projects = Table(
    "projects", metadata, _id(),
    Column("employer_id", ForeignKey("organisations.id"), nullable=False),
    Column("jobcentre_id", ForeignKey("organisations.id"), nullable=True),
    Column("title", String(200), nullable=False),
    Column("purpose", Text, nullable=False, default=""),
    Column("route", String(8), nullable=False),  # route1 | route2
    Column("state", String(16), nullable=False),
    Column("checklist", JSON, nullable=False, default=dict),
    Column("contacts", JSON, nullable=False, default=dict),
    Column("exceptions", JSON, nullable=False, default=dict),  # condition id → justification
    Column("decision_reason", Text, nullable=True),
    Column("pay_frequency", String(16), nullable=False, default="monthly"),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("version", Integer, nullable=False, default=1),
    Index("ix_projects_employer_state", "employer_id", "state"),
)

trainings = Table(
    "trainings", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("employee_id", ForeignKey("people.id"), nullable=False),
    Column("provider", String(200), nullable=False),
    Column("course", String(200), nullable=False),
    Column("type", String(24), nullable=False),  # law.facts training.type codes
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=False),
    Column("weekdays", String(7), nullable=False, default="12345"),  # ISO weekdays trained
    Column("hours_per_day", Integer, nullable=False),  # centi-hours
    Column("fee", BigInteger, nullable=False, default=0),  # øre
    Column("veu_eligible", Boolean, nullable=False, default=False),
    Column("facts", JSON, nullable=False, default=dict),  # e.g. strengthens_competences
)

assignments = Table(
    "assignments", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("substitute_id", ForeignKey("people.id"), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=False),
    Column("hours_per_week", Integer, nullable=False),  # centi-hours
    Column("covers", JSON, nullable=False),  # employee person ids
    Column("hourly_wage", BigInteger, nullable=True),  # øre
    Column("facts", JSON, nullable=False, default=dict),  # e.g. same_or_similar_job
)

pay_runs = Table(
    "pay_runs", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("wages", JSON, nullable=False),  # person id → øre paid
    Column("hours", JSON, nullable=False),  # person id → {ISO date: centi-hours}
    Column("recorded_at", UtcDateTime(), nullable=False),
    UniqueConstraint("project_id", "period_start", name="uq_pay_runs_project_period"),
)

claims = Table(
    "claims", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("pay_run_id", ForeignKey("pay_runs.id"), nullable=False),
    Column("route", String(8), nullable=False),
    Column("state", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),  # øre
    Column("lines", JSON, nullable=False),  # the law core's priced lines: the explanation
    Column("warnings", JSON, nullable=False, default=list),
    Column("decision_reason", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Index("ix_claims_project_state", "project_id", "state"),
)

follow_ups = Table(
    "follow_ups", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("stage", String(16), nullable=False),  # end | 3_months
    Column("substitute_outcomes", JSON, nullable=False),  # person id → outcome code
    Column("employee_outcomes", JSON, nullable=False),  # person id → {completed, back, using}
    Column("employer_outcome", JSON, nullable=False),  # {production_kept, would_repeat}
    Column("recorded_at", UtcDateTime(), nullable=False),
    UniqueConstraint("project_id", "stage", name="uq_follow_ups_project_stage"),
)

comments = Table(
    "comments", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", ForeignKey("users.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

signatures = Table(
    "signatures", metadata, _id(),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("document", String(16), nullable=False),  # application | agreement
    Column("signed_at", UtcDateTime(), nullable=False),
    UniqueConstraint("project_id", "user_id", "document", name="uq_signatures_once"),
)

login_attempts = Table(
    "login_attempts", metadata, _id(),
    Column("key", String(64), nullable=False),  # sha256 of the e-mail: no address stored
    Column("at", UtcDateTime(), nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Index("ix_login_attempts_key_at", "key", "at"),
)

audit = Table(
    "audit", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("actor_id", Integer, nullable=True),  # no FK: the trail outlives users
    Column("actor_label", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer, nullable=True),
    Column("project_id", Integer, nullable=True),
    Column("data", JSON, nullable=False),
    Index("ix_audit_project", "project_id", "id"),
)
