"""Background jobs: where the planner issue (11) puts the job runner.

Long work (a planner solve, an import, a batch of documents) runs on an existing job
engine, huey on its SQLite storage by default and Redis when ``REDIS_URL`` is set, so a
web request never waits for it and any worker can take it. Each job calls a service use
case like any other caller: one transaction, one audit entry. Nothing is here yet.
"""
