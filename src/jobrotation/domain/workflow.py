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
