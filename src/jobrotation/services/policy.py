"""Who may do what: the one access policy, tested as a matrix (role × action × scope).

Scopes say how the actor must relate to the record:

* ``any``           every record (admin);
* ``organisation``  the project's employer is the actor's organisation (employer, shop
                    steward of that workplace);
* ``municipality``  the project's employer lies in the municipality of the actor's
                    jobcentre (caseworker);
* ``self``          the record concerns the actor's own person (substitute).

A refusal raises ``NotAllowed`` and is logged with ids and the action only — never a
name or a CPR number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from jobrotation.domain.errors import NotAllowed

log = logging.getLogger("jobrotation.access")

ROLES = {"employer": "arbejdsgiver", "steward": "tillidsrepræsentant", "substitute": "vikar",
         "caseworker": "jobcenter", "admin": "administrator"}

ANY, ORG, MUNI, SELF = "any", "organisation", "municipality", "self"

# action → {role: scope}. Admin may do everything and is added below.
RULES: dict[str, dict[str, str]] = {
    "project.create": {"employer": ORG},
    "project.read": {"employer": ORG, "steward": ORG, "caseworker": MUNI},
    "project.edit": {"employer": ORG},
    "project.apply": {"employer": ORG},
    "project.decide": {"caseworker": MUNI},
    "project.run": {"employer": ORG},  # start and close
    "project.comment": {"employer": ORG, "steward": ORG, "caseworker": MUNI},
    "project.sign": {"employer": ORG, "steward": ORG},
    "project.audit": {"employer": ORG, "steward": ORG, "caseworker": MUNI},
    "payrun.record": {"employer": ORG},
    "claim.create": {"employer": ORG},
    "claim.submit": {"employer": ORG},
    "claim.decide": {"caseworker": MUNI},
    "claim.pay": {"caseworker": MUNI},
    "followup.record": {"employer": ORG, "caseworker": MUNI},
    "person.read": {"employer": ORG, "caseworker": MUNI, "substitute": SELF},
    "person.edit": {"employer": ORG, "caseworker": MUNI},
    "person.export": {"substitute": SELF},
    "person.erase": {},
    "agreement.read": {"employer": ORG, "steward": ORG, "caseworker": MUNI, "substitute": SELF},
    "dashboard.read": {"employer": ORG, "caseworker": MUNI},
    "organisation.edit": {"employer": ORG},  # the workplace's own figures (staff, costs)
    "organisation.manage": {},  # organisations and user accounts: admin only
}
for _scopes in RULES.values():
    _scopes["admin"] = ANY


@dataclass(frozen=True)
class Actor:
    """Who is acting. ``municipality`` is the caseworker's jobcentre's."""

    user_id: int | None
    role: str
    label: str
    organisation_id: int | None = None
    municipality: str | None = None
    person_id: int | None = None


SYSTEM = Actor(None, "admin", "system")


@dataclass(frozen=True)
class Target:
    """What the action touches, as far as access is concerned."""

    employer_id: int | None = None
    municipality: str | None = None
    person_ids: frozenset[int] = field(default_factory=frozenset)


def allowed(actor: Actor, action: str, target: Target) -> bool:
    scope = RULES[action].get(actor.role)
    if scope == ANY:
        return True
    if scope == ORG:
        return actor.organisation_id is not None and actor.organisation_id == target.employer_id
    if scope == MUNI:
        return actor.municipality is not None and actor.municipality == target.municipality
    if scope == SELF:
        return actor.person_id is not None and actor.person_id in target.person_ids
    return False


def require(actor: Actor, action: str, target: Target) -> None:
    """Raise ``NotAllowed`` (and log the refusal without personal data) unless allowed."""
    if action not in RULES:
        raise KeyError(action)
    if not allowed(actor, action, target):
        log.warning("adgang nægtet: user=%s role=%s action=%s employer=%s",
                    actor.user_id, actor.role, action, target.employer_id)
        raise NotAllowed(f"Du har ikke adgang til at {ACTION_LABELS.get(action, action)}.")


ACTION_LABELS = {
    "project.create": "oprette et projekt", "project.read": "se projektet",
    "project.edit": "ændre projektet", "project.apply": "søge for projektet",
    "project.decide": "godkende eller afvise ansøgningen",
    "project.run": "starte eller afslutte projektet", "project.comment": "kommentere",
    "project.sign": "underskrive", "project.audit": "se revisionssporet",
    "payrun.record": "registrere en lønkørsel", "claim.create": "beregne et krav",
    "claim.submit": "indsende kravet", "claim.decide": "godkende eller afvise kravet",
    "claim.pay": "markere kravet som udbetalt", "followup.record": "registrere opfølgning",
    "person.read": "se personens oplysninger", "person.edit": "ændre personens oplysninger",
    "person.export": "hente personens data", "person.erase": "slette personens data",
    "agreement.read": "se aftalen", "dashboard.read": "se overblikket",
    "organisation.edit": "ændre arbejdspladsens oplysninger",
    "organisation.manage": "oprette organisationer og brugere",
}
