"""What ``fill_demo`` hands back: counts, states, the demo logins and where to look."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from jobrotation.adapters.tables import claims, metadata, projects
from jobrotation.services.store import Store


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    name: str
    organisation: str


@dataclass
class DemoSummary:
    counts: dict[str, int]  # rows per table
    projects_by_state: dict[str, int]
    claims_by_state: dict[str, int]
    logins: list[DemoLogin]
    example_project_id: int
    example_claim_id: int
    project_ids: dict[str, int]  # plan key → project id
    notes: list[str] = field(default_factory=list)


def summarise(store: Store, logins: list[DemoLogin], project_ids: dict[str, int],
              example: tuple[int, int], notes: list[str]) -> DemoSummary:
    """The summary of a filled store; ``example`` is (project id, claim id)."""
    with store.read() as conn:
        counts = {t.name: int(conn.execute(select(func.count()).select_from(t))
                              .scalar_one()) for t in metadata.sorted_tables}
        by_project = {str(state): int(n) for state, n in conn.execute(
            select(projects.c.state, func.count()).group_by(projects.c.state))}
        by_claim = {str(state): int(n) for state, n in conn.execute(
            select(claims.c.state, func.count()).group_by(claims.c.state))}
    return DemoSummary(
        counts=counts, projects_by_state=by_project, claims_by_state=by_claim,
        logins=logins, example_project_id=example[0], example_claim_id=example[1],
        project_ids=dict(project_ids), notes=list(notes))
