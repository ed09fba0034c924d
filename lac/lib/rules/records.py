"""The one check a record passes before it is saved, whichever service saves it.

Two steps, in this order: the length of every text field (``lengths``), whose
messages name the field so they read on their own in an API response or an
import's problem report; then Django's own validation (``full_clean``: choices,
required fields, the model's ``clean``). A service calls this instead of
writing the two out, so no record is saved with only one of them.
"""

from __future__ import annotations

from django.db import models

from lac.lib.rules import lengths


def check(record: models.Model, *, exclude: tuple[str, ...] = ()) -> None:
    """Refuse ``record`` (a ValidationError by field) unless it may be saved as it is.

    ``exclude`` names fields not checked yet: a parent the record is saved with, such
    as an opening time's asset before the asset has its key.
    """
    lengths.check(record, exclude=exclude)
    record.full_clean(exclude=list(exclude) or None)
