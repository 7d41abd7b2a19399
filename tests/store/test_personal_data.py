"""A person's rights over their data: export everything held (JSON, CPR masked), and
erasure — a pseudonym in place of the identity once every project of theirs is closed and
the retention period has passed, with the audit trail left as it was plus one entry."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from jobrotation.adapters.tables import audit, metadata, people, users
from jobrotation.domain.errors import IllegalTransition, NotAllowed
from jobrotation.services import people as people_service

from .test_access_matrix import World

# own employee, own substitute, other employee, other substitute
CPR = ("010185-7391", "020290-5826", "030375-6140", "040480-8053")
CLOSED_ON = dt.date(2024, 4, 2)


@pytest.fixture
def world(store) -> World:
    return World.build(store, cpr=CPR)


def audit_trail(world: World) -> list[tuple]:
    with world.store.read() as conn:
        return [tuple(row) for row in conn.execute(select(audit).order_by(audit.c.id))]


def person_row(world: World, person_id: int):
    with world.store.read() as conn:
        return conn.execute(select(people).where(people.c.id == person_id)).mappings().one()


def everything_stored(world: World) -> str:
    """Every text and number in the database (the encrypted CPR tokens left out)."""
    with world.store.read() as conn:
        return repr([[value for value in row if not isinstance(value, bytes)]
                     for table in metadata.sorted_tables
                     for row in conn.execute(select(table))])


# --- export -------------------------------------------------------------------------------


def test_export_holds_the_persons_data_with_the_cpr_masked(world):
    pid = world.project("own", "running")
    own = world.sides["own"]
    for person, cpr, key in ((own.substitute, CPR[1], "substitute_jobs"),
                             (own.employee, CPR[0], "trainings")):
        data = people_service.export_person(world.store, world.admin, person)
        assert data["person"]["cpr"] == cpr[:6] + "-XXXX"
        assert [row["project_id"] for row in data[key]] == [pid]
        assert "person.created" in [entry["action"] for entry in data["audit"]]
        dumped = json.dumps(data)
        assert cpr[-4:] not in dumped and cpr.replace("-", "") not in dumped
    mine = people_service.export_person(world.store, world.actors["substitute"], own.substitute)
    assert mine["person"]["name"] == "Vikar own"
    assert mine["person"]["email"] == "vikar-own@example.dk"
    assert mine["person"]["facts"]["substitute.benefit"] == "dagpenge"
    assert "5826" not in json.dumps(mine)


def test_a_substitute_exports_their_own_data_and_no_one_elses(world):
    me = world.actors["substitute"]
    assert people_service.export_person(world.store, me, world.sides["own"].substitute)
    for someone_else in (world.sides["other"].substitute, world.sides["own"].employee):
        before = audit_trail(world)
        with pytest.raises(NotAllowed):
            people_service.export_person(world.store, me, someone_else)
        assert audit_trail(world) == before


def test_export_includes_the_wages_and_hours_recorded_for_the_person(world):
    world.claim("own", "draft")  # a running project, a pay run, a claim on it
    data = people_service.export_person(world.store, world.actors["substitute"],
                                        world.sides["own"].substitute)
    dumped = json.dumps(data)
    assert "2700000" in dumped  # the substitute's wage in the pay run (øre)
    assert "2024-02-06" in dumped  # a day worked (the assignment runs from 5 February)


# --- erasure ------------------------------------------------------------------------------


def test_erasure_waits_until_every_project_is_closed_and_the_retention_period_has_passed(
        world, clock):
    sub = world.sides["own"].substitute
    pid = world.project("own", "running")
    retention = dt.timedelta(days=world.store.retention_days)
    before = audit_trail(world)
    with pytest.raises(IllegalTransition, match="afsluttet"):
        people_service.erase_person(world.store, world.admin, sub)
    assert audit_trail(world) == before
    clock.set(CLOSED_ON)
    world.step(pid, "closed")
    before = audit_trail(world)
    for day in (CLOSED_ON, CLOSED_ON + retention - dt.timedelta(days=1)):
        clock.set(day)
        with pytest.raises(IllegalTransition, match="opbevaringsperioden"):
            people_service.erase_person(world.store, world.admin, sub)
    assert audit_trail(world) == before
    assert person_row(world, sub)["pseudonym"] is None
    # A second, still open project of the same person holds the erasure back again.
    world.project("own", "approved")
    clock.set(CLOSED_ON + retention + dt.timedelta(days=1))
    with pytest.raises(IllegalTransition):
        people_service.erase_person(world.store, world.admin, sub)


def test_only_the_admin_erases(world, clock):
    sub = world.sides["own"].substitute
    clock.set(CLOSED_ON + dt.timedelta(days=world.store.retention_days + 1))
    for role in ("employer", "steward", "substitute", "caseworker"):
        with pytest.raises(NotAllowed):
            people_service.erase_person(world.store, world.actors[role], sub)
    assert person_row(world, sub)["pseudonym"] is None


def test_erasure_leaves_a_pseudonym_and_the_trail_as_it_was(world, clock):
    own = world.sides["own"]
    sub = own.substitute
    pid = world.project("own", "running")
    world.pay_run("own", pid)
    clock.set(CLOSED_ON)
    world.step(pid, "closed")
    people_service.add_person(world.store, world.admin, kind="employee", name="Bliver Her",
                              employer_id=own.employer, cpr="050590-9753")
    trail = audit_trail(world)
    clock.set(CLOSED_ON + dt.timedelta(days=world.store.retention_days + 1))

    pseudonym = people_service.erase_person(world.store, world.admin, sub)

    row = person_row(world, sub)
    assert row["name"] == row["pseudonym"] == pseudonym != "Vikar own"
    assert (row["cpr_token"], row["cpr_birth"], row["email"], row["phone"], row["facts"]) == \
        (None, None, None, None, {})
    assert audit_trail(world)[:-1] == trail  # the same rows: ids, actions, actors, data
    with world.store.read() as conn:
        last = conn.execute(select(audit).order_by(audit.c.id.desc())).mappings().first()
    assert (last["action"], last["entity"], last["entity_id"]) == ("person.erased", "person", sub)
    assert last["data"] == {"pseudonym": pseudonym}

    # The project's people show the pseudonym; the others keep their names.
    names = {v["id"]: v["name"] for v in people_service.find_people(
        world.store, world.actors["employer"], own.employer)}
    assert names[sub] == pseudonym
    assert names[own.employee] == "Medarbejder own"
    assert "Bliver Her" in names.values()
    view = people_service.export_person(world.store, world.admin, sub)["person"]
    assert (view["name"], view["cpr"], view["erased"]) == (pseudonym, "—", True)

    # The substitute's login goes with the identity.
    with world.store.read() as conn:
        account = conn.execute(select(users).where(users.c.person_id == sub)).mappings().one()
    assert account["name"] == pseudonym and not account["active"]
    assert account["password_hash"] is None

    # Nothing in the database names the person any more.
    stored = everything_stored(world)
    for trace in ("Vikar own", "vikar-own@example.dk", "substitute@example.dk", "020290",
                  "5826"):
        assert trace not in stored, trace
    assert "Bliver Her" in stored and "Medarbejder own" in stored

    with pytest.raises(IllegalTransition, match="allerede"):
        people_service.erase_person(world.store, world.admin, sub)
