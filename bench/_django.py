"""The start every benchmark shares: a throwaway work folder with its own SQLite database and
no Redis, so a run measures this code on this machine and leaves nothing behind."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_start(name: str, **environ: str) -> str:
    """Set Django up on a new temporary folder (extra environment variables may be given) and
    return the folder. Call it before importing anything of the project."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix=f"selaras-bench-{name}-")
    os.environ.update(
        {
            "SELARAS_VAR_DIR": workdir,
            "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "lms.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            **environ,
        }
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    return workdir
