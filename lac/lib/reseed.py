"""Put back the rows a data migration seeds, when a database lacks them.

Shared defaults (introduction sources, challenges, the default outcomes
framework and rate card) come from data migrations, so only a flushed
database lacks them: some test set-ups, a restore of an empty dump, a
database emptied to load demo data again. The migration's own function is
run again, so the defaults live in one place.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.apps import apps
from django.db import transaction


def reseed(migration: str, function: str, *, missing: Callable[[], bool]) -> bool:
    """Run ``migration``'s ``function`` when ``missing()`` says the seeded rows are gone;
    True if it did."""
    if not missing():
        return False
    seed = getattr(importlib.import_module(migration), function)
    with transaction.atomic():
        seed(apps, None)
    return True
