"""The store's tests (records, metrics, the desk's offers, the record activity) on a real PostgreSQL.

The same test functions as tests/store, with this directory's `db_url` and
`engine` fixtures: every test gets an empty PostgreSQL database, migrated by
Alembic when the store first opens it.
"""

from __future__ import annotations

from types import ModuleType

from tests.store import test_activity, test_desk, test_metrics, test_records

SQLITE_ONLY = {"test_sqlite_runs_in_wal_mode_with_busy_timeout"}
FIXTURES = {"seeded"}


def _tests_of(*modules: ModuleType) -> dict[str, object]:
    return {
        name: obj
        for m in modules
        for name, obj in vars(m).items()
        if (name.startswith("test_") and callable(obj) and name not in SQLITE_ONLY) or name in FIXTURES
    }


globals().update(_tests_of(test_activity, test_desk, test_metrics, test_records))
