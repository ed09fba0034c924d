"""Reads that may come from a read replica: the aggregate pages' grouping of records.

With ``DATABASE_REPLICA_URL`` set (settings), the dashboard and the network
comparison read from the replica inside :func:`replica_reads`, taking the heavy
grouping off the primary that every coordinator writes to. Every other read,
and every write, stays on the primary: a person's page must show what was just
saved, and a replica may lag by a moment. Without a replica nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
"""The database alias ``DATABASE_REPLICA_URL`` configures; settings name it in
``LAC_READ_REPLICA`` when it is there, which turns the routing on."""

_reading = ContextVar("lac_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Inside it (or the function it decorates), reads go to the replica if there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Django's database router (``DATABASE_ROUTERS``) for the replica."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _reading.get() and settings.LAC_READ_REPLICA:
            return str(settings.LAC_READ_REPLICA)
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        """The replica copies the primary's tables; only the primary is migrated."""
        return False if db == REPLICA else None


@contextmanager
def primary_reads() -> Iterator[None]:
    """Inside it, reads go to the primary even within :func:`replica_reads`: for reads that
    decide a write (kept figures brought up to date before a page reads them)."""
    token = _reading.set(False)
    try:
        yield
    finally:
        _reading.reset(token)
