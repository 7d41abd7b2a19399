"""The project pages: create a project step by step, see the law's answer at each step,
apply; the steward comments and co-signs; the jobcentre decides."""

from __future__ import annotations

import re

from sqlalchemy import select

from jobrotation.adapters.tables import projects

from .conftest import csrf_token, log_in, main_text

EMPLOYER = "hr.metal@demo.example"
STEWARD = "tr.metal@demo.example"
OTHER_EMPLOYER = "hr.bageri@demo.example"
CASEWORKER = "jobcenter@demo.example"
SUBSTITUTE = "vikar@demo.example"


def post(client, path, data, page=None):
    token = csrf_token(client, page or path)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_every_demo_project_page_renders_for_its_employer(client, store):
    log_in(client, EMPLOYER)
    with store.read() as conn:
        ids = list(conn.execute(select(projects.c.id).where(projects.c.employer_id == 2)
                                ).scalars())
    for pid in ids:
        for step in ("", "/medarbejdere", "/vikarer", "/tjekliste"):
            page = client.get(f"/projekter/{pid}{step}")
            assert page.status_code == 200, (pid, step, page.text[:2000])
