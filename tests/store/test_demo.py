"""The demo data: every state, both routes and sectors, no CPR in clear, a claim checked by
hand — and ``jobrotation demo-data`` as a user runs it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select
from stdnum.dk import cvr
from typer.testing import CliRunner

from jobrotation.adapters.tables import (
    audit,
    claims,
    follow_ups,
    metadata,
    organisations,
    pay_runs,
    people,
    projects,
)
from jobrotation.domain.errors import JobrotationError
from jobrotation.domain.workflow import CLAIM_STATES, PROJECT_STATES
from jobrotation.entrypoints.cli import app
from jobrotation.services import claims as claim_service
from jobrotation.services.demo import END, START, DemoClock, demo_cprs, fill_demo


@pytest.fixture
def demo(store):
    return fill_demo(store)


def test_every_project_and_claim_state_both_routes_and_sectors(store, demo):
    assert set(demo.projects_by_state) == set(PROJECT_STATES)
    assert set(demo.claims_by_state) == set(CLAIM_STATES)
    with store.read() as conn:
        routes = set(conn.execute(select(projects.c.route)).scalars())
        sectors = set(conn.execute(select(organisations.c.sector).join(
            projects, projects.c.employer_id == organisations.c.id)).scalars())
        kinds = {kind: n for kind, n in conn.execute(
            select(organisations.c.kind, func.count()).group_by(organisations.c.kind))}
        cvrs = list(conn.execute(select(organisations.c.cvr)
                                 .where(organisations.c.kind == "employer")).scalars())
    assert routes == {"route1", "route2"}
    assert sectors == {"private", "public"}
    assert kinds == {"jobcentre": 1, "employer": 4}
    assert all(cvr.is_valid(n) for n in cvrs)
    assert {login.role for login in demo.logins} == {
        "admin", "employer", "steward", "caseworker", "substitute"}


def test_no_cpr_in_clear_in_any_table(store, demo):
    cprs = demo_cprs()
    assert all(re.fullmatch(r"0101\d\d-00\d\d", c) for c in cprs.values())
    with store.read() as conn:
        dump = "\n".join(str(conn.execute(select(t)).all()) for t in metadata.sorted_tables)
        token = conn.execute(select(people.c.cpr_token).order_by(people.c.id)).scalars().first()
    for cpr in cprs.values():
        assert cpr not in dump
        assert cpr.replace("-", "") not in dump
    assert token is not None and store.vault.open(token) == cprs["mette"].replace("-", "")


def test_the_example_claim_is_the_hand_computed_amount(store, demo):
    with store.read() as conn:
        claim = conn.execute(select(claims).where(claims.c.id == demo.example_claim_id)
                             ).mappings().one()
        run = conn.execute(select(pay_runs).where(pay_runs.c.id == claim["pay_run_id"])
                           ).mappings().one()
    assert (run["period_start"], run["period_end"]) == (dt.date(2024, 3, 1),
                                                       dt.date(2024, 3, 31))
    assert claim["route"] == "route1" and claim["state"] == "paid"
    # March 2024 has 21 weekdays; Maundy Thursday (28th) and Good Friday (29th) are public
    # holidays, so each of the two employees trains 19 days × 7,4 h = 140,6 h while their
    # substitute works. At the 2024 rate of 203,17 kr. an hour (LAB § 152) that is
    # 28.565,702 → 28.565,70 kr. per substitute, 57.131,40 kr. in all.
    hours = Decimal("7.4") * 19
    per_substitute = (hours * Decimal("203.17")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert hours == Decimal("140.6") and per_substitute == Decimal("28565.70")
    assert claim["amount"] == int(2 * per_substitute * 100) == 5_713_140
    lines = claim_service.explain(claim)
    assert len(lines) == 2
    assert all("140,6 timer à 203,17 kr. pr. time = 28.565,70 kr." in line for line in lines)
    assert claim["warnings"] == []


def test_2025_claims_rest_on_derived_rates_and_say_so(store, demo):
    """The 2025 løntilskud rate is derived by formula (88,92 × 1,036), so the claims that
    could not be computed before are computed now, and each says what it rests on."""
    assert not any("Sats ikke kendt" in note for note in demo.notes)
    medicine = demo.project_ids["medicin"]
    with store.read() as conn:
        runs = conn.execute(select(func.count()).select_from(pay_runs)
                            .where(pay_runs.c.project_id == medicine)).scalar_one()
        medicine_warnings = conn.execute(select(claims.c.warnings).where(
            claims.c.project_id == medicine)).scalars().all()
        route1 = conn.execute(select(claims.c.warnings).where(claims.c.route == "route1")
                              ).scalars().all()
    assert runs == 2 and len(medicine_warnings) == 1  # the second pay run awaits its claim
    for ws in medicine_warnings:
        assert any("beregnet efter formel, ikke offentliggjort" in w for w in ws)
    assert any("beregnet efter formel" in w for ws in route1 for w in ws)  # route 1 in 2025


def test_follow_ups_show_the_triple_gain_with_mixed_outcomes(store, demo):
    with store.read() as conn:
        rows = conn.execute(select(follow_ups)).mappings().all()
    assert {r["stage"] for r in rows} == {"end", "3_months"}
    outcomes = {o for r in rows for o in r["substitute_outcomes"].values()}
    assert {"job_same_employer", "job_other_employer", "education", "unemployed"} <= outcomes
    assert any(not e["using_skills"] for r in rows for e in r["employee_outcomes"].values())


def test_every_change_is_audited_in_date_order_within_the_demo_years(store, demo):
    with store.read() as conn:
        trail = conn.execute(select(audit.c.at, audit.c.action).order_by(audit.c.id)).all()
        claim_count = conn.execute(select(func.count()).select_from(claims)).scalar_one()
    times = [at.replace(tzinfo=None) for at, _ in trail]
    assert times == sorted(times)
    assert START <= times[0].date() and times[-1].date() <= END
    actions = [a for _, a in trail]
    assert actions.count("project.created") == demo.counts["projects"]
    assert actions.count("claim.computed") == claim_count
    assert actions.count("payrun.recorded") == demo.counts["pay_runs"]
    assert store.clock is not None and not isinstance(store.clock, DemoClock)


def test_a_second_fill_is_refused_in_danish(store, demo):
    with pytest.raises(JobrotationError, match="allerede organisationer"):
        fill_demo(store)


def test_the_demo_is_deterministic(store, demo, tmp_path):
    from jobrotation.bootstrap import make_store
    from jobrotation.config import Settings

    other = make_store(Settings(f"sqlite:///{tmp_path / 'again.db'}",
                                Fernet.generate_key(), 30), DemoClock())
    again = fill_demo(other)
    assert again.counts == demo.counts

    def amounts(s):
        with s.read() as conn:
            return conn.execute(select(claims.c.amount, claims.c.state)
                                .order_by(claims.c.amount)).all()

    assert amounts(other) == amounts(store)
    other.engine.dispose()


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("JOBROTATION_KEY", Fernet.generate_key().decode())
    return tmp_path


def test_cli_demo_data_fills_and_explains_a_claim(env):
    runner = CliRunner()
    result = runner.invoke(app, ["demo-data"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "projekter (projects)" in out and "krav (claims)" in out
    assert "admin@demo.example" in out and "vikar@demo.example" in out
    assert "57.131,40 kr." in out
    assert "140,6 timer à 203,17 kr. pr. time = 28.565,70 kr." in out
    assert "Sats ikke kendt" not in out  # 2025 rates are derived, so every claim is priced

    again = runner.invoke(app, ["demo-data"])
    assert again.exit_code == 2
    assert "allerede organisationer" in again.output
    assert "Traceback" not in again.output


def test_cli_db_upgrade_and_a_password_never_shown(env, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "demo.db" in result.output
    assert (env / "demo.db").exists()

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://demo:hemmelig@127.0.0.1:1/demo")
    failed = runner.invoke(app, ["db", "upgrade"])
    assert failed.exit_code == 2
    assert "kan ikke bruges" in failed.output
    assert "hemmelig" not in failed.output and "***" in failed.output
