"""The case workflows: every allowed transition, in one place.

    project: draft → ready → applied → approved → running → closed
                          ↘ rejected (by the jobcentre, with a reason) → draft
    claim:   draft → submitted → approved → paid
                              ↘ rejected (with a reason) → draft

Each transition has the audit action it writes. An illegal transition raises
``IllegalTransition`` with a Danish message and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobrotation.domain.errors import IllegalTransition

PROJECT_STATES = {
    "draft": "kladde", "ready": "klar til ansøgning", "applied": "ansøgt",
    "approved": "godkendt", "rejected": "afvist", "running": "i gang", "closed": "afsluttet",
}
CLAIM_STATES = {
    "draft": "kladde", "submitted": "indsendt", "approved": "godkendt", "rejected": "afvist",
    "paid": "udbetalt",
}


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    action: str  # audit action, e.g. "project.applied"
    label: str  # what the button says, in Danish

    @property
    def is_decision(self) -> bool:
        """The jobcentre's decision: it carries a reason (required when it refuses)."""
        return self.target in DECISIONS

    @property
    def needs_reason(self) -> bool:
        return self.target == "rejected"

    @property
    def is_backward(self) -> bool:
        """A step back or a refusal: shown as a secondary button."""
        return self.target in ("draft", "rejected")


# What each phase of a project allows (one home: services, pages and templates read these).
EDITABLE = frozenset({"draft", "ready", "rejected"})  # the plan and its people can change
IN_PAYMENT = frozenset({"running", "closed"})  # pay runs, claims and follow-up
DECISIONS = frozenset({"approved", "rejected"})  # the jobcentre's answer to an application
# A project never carried out, for the retention rule (``services.people``).
ABANDONED = frozenset({"draft", "rejected"})
# The states in which each document can be signed.
SIGNABLE = {
    "application": ("ready", "applied"),
    "agreement": ("ready", "applied", "approved", "running"),
}
DOCUMENTS = {"application": "ansøgningen", "agreement": "aftalen"}


def can_sign(document: str, state: str) -> bool:
    return state in SIGNABLE.get(document, ())


def sign_phase_text(document: str) -> str:
    """"Aftalen kan underskrives, når projektet er klar til ansøgning, ansøgt, ..."."""
    states = [PROJECT_STATES[s] for s in SIGNABLE[document]]
    listed = ", ".join(states[:-1]) + " eller " + states[-1] if len(states) > 1 else states[0]
    return f"{DOCUMENTS[document].capitalize()} kan underskrives, når projektet er {listed}."


PROJECT_TRANSITIONS = (
    Transition("draft", "ready", "project.readied", "Markér klar til ansøgning"),
    Transition("ready", "draft", "project.reopened", "Tilbage til kladde"),
    Transition("ready", "applied", "project.applied", "Send ansøgning"),
    Transition("applied", "approved", "project.approved", "Godkend"),
    Transition("applied", "rejected", "project.rejected", "Afvis"),
    Transition("rejected", "draft", "project.reopened", "Ret og søg igen"),
    Transition("approved", "running", "project.started", "Start projektet"),
    Transition("running", "closed", "project.closed", "Afslut projektet"),
)

CLAIM_TRANSITIONS = (
    Transition("draft", "submitted", "claim.submitted", "Indsend krav"),
    Transition("submitted", "approved", "claim.approved", "Godkend krav"),
    Transition("submitted", "rejected", "claim.rejected", "Afvis krav"),
    Transition("rejected", "draft", "claim.reopened", "Ret kravet"),
    Transition("approved", "paid", "claim.paid", "Markér udbetalt"),
)


# The access-policy action each step needs, by the state it leads to (``services.policy``).
PROJECT_PERMISSIONS = {"ready": "project.apply", "draft": "project.apply",
                       "applied": "project.apply", "approved": "project.decide",
                       "rejected": "project.decide", "running": "project.run",
                       "closed": "project.run"}
CLAIM_PERMISSIONS = {"submitted": "claim.submit", "draft": "claim.submit",
                     "approved": "claim.decide", "rejected": "claim.decide", "paid": "claim.pay"}


def transition(table: tuple[Transition, ...], states: dict[str, str], kind: str,
               source: str, target: str) -> Transition:
    """The transition from ``source`` to ``target`` or ``IllegalTransition``."""
    for t in table:
        if t.source == source and t.target == target:
            return t
    allowed = [states[t.target] for t in table if t.source == source]
    hint = f" Mulige næste trin: {', '.join(allowed)}." if allowed else ""
    raise IllegalTransition(
        f"{kind} kan ikke gå fra '{states.get(source, source)}' til "
        f"'{states.get(target, target)}'.{hint}")


def project_transition(source: str, target: str) -> Transition:
    return transition(PROJECT_TRANSITIONS, PROJECT_STATES, "Projektet", source, target)


def claim_transition(source: str, target: str) -> Transition:
    return transition(CLAIM_TRANSITIONS, CLAIM_STATES, "Kravet", source, target)


def next_project_steps(state: str) -> list[Transition]:
    return [t for t in PROJECT_TRANSITIONS if t.source == state]


def next_claim_steps(state: str) -> list[Transition]:
    return [t for t in CLAIM_TRANSITIONS if t.source == state]
