"""``python -m jobrotation.entrypoints.cli``: the same as the ``jobrotation`` command."""

from jobrotation.entrypoints.cli import app

if __name__ == "__main__":  # pragma: no cover
    app()
