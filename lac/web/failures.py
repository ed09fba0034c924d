"""What went wrong when a request failed for reasons outside it: storage full, storage
read-only, or the database not answering. Each gets its own page (503: the service,
not the request, is at fault) instead of a general error or "the request was wrong"."""

from __future__ import annotations

import errno
from dataclasses import dataclass

import psycopg
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GONE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
"""The connection was refused, dropped or closed. Django wraps the driver's errors, except
those raised where it does not look, such as closing a server-side cursor (a ``<select>``
iterating its choices) on a connection PostgreSQL has just ended: they come raw."""


@dataclass(frozen=True)
class Failure:
    title: str | Promise
    advice: str | Promise


DISK_FULL = Failure(
    _("Sorry, the service cannot save anything at the moment"),
    _(
        "The server has run out of storage space. Tell your administrator. "
        "Nothing was saved if you saw this page after pressing a button."
    ),
)
READ_ONLY = Failure(
    _("Sorry, the service cannot save anything at the moment"),
    _(
        "The server's storage has been made read-only. Tell your administrator. "
        "Nothing was saved if you saw this page after pressing a button."
    ),
)
DATABASE_DOWN = Failure(
    _("Sorry, the service is unavailable"),
    _(
        "The database is not answering. Try again in a few minutes. "
        "Nothing was saved if you saw this page after pressing a button."
    ),
)

_DISK_FULL_WORDS = ("database or disk is full", "no space left on device", "could not extend file")
_READ_ONLY_WORDS = ("readonly database", "read-only file system", "read only file system")


def failure_for(exc: BaseException | None) -> Failure | None:
    """The failure behind ``exc`` (or anything it was raised from), if it is one of ours."""
    seen = 0
    while exc is not None and seen < 10:
        found = _classify(exc)
        if found is not None:
            return found
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _classify(exc: BaseException) -> Failure | None:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DISK_FULL
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return READ_ONLY
    if isinstance(exc, DatabaseError | InterfaceError | psycopg.Error):
        text = str(exc).lower()
        if any(words in text for words in _DISK_FULL_WORDS):
            return DISK_FULL
        if any(words in text for words in _READ_ONLY_WORDS):
            return READ_ONLY
        if isinstance(exc, GONE):
            return DATABASE_DOWN
    return None
