"""Delete records with everything that depends on them, as ``delete()`` would, table by table.

Django's ``delete()`` loads every dependent record as a model instance before it deletes
anything, because each one could have dependents of its own: undoing an import of
100,000 people loaded about 1.2 million (95% of the undo's 48 s of CPU). The rules it
follows are the models' ``on_delete``, known before any record is read, so here they are
followed with one statement per table and batch instead: each dependent table's rows
are named by a join back to the ids given, their own dependents are deleted first
(CASCADE), references from records that stay are cleared (SET_NULL), and the records
themselves go last. What is deleted and cleared is what ``delete()`` deletes and clears.

Anything whose effect depends on the records themselves (PROTECT or RESTRICT with
records behind them, SET_DEFAULT or SET(), a delete signal, a generic relation, a key
to a field other than the primary key, inheritance, a cascade back into a table already
on the way) sends the batch to ``delete()`` instead, which knows those rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import signals
from django.db.models.deletion import get_candidate_relations_to_delete


@dataclass(frozen=True)
class Step:
    """One statement of a plan: delete, or clear ``field`` on, the rows of ``model`` whose
    ``path`` (a lookup through the relations followed) leads to one of the ids given."""

    model: type[models.Model]
    path: str
    clear: str = ""
    """The field to set to NULL, for SET_NULL; blank to delete."""
    check_only: bool = False
    """PROTECT or RESTRICT: rows found here send the batch to ``delete()``."""

    def rows(self, ids: list[int]) -> models.QuerySet[models.Model]:
        return self.model._base_manager.filter(**{f"{self.path or 'pk'}__in": ids})


class Unplannable(Exception):
    """A rule only ``delete()`` can follow."""


def _has_listeners(model: type[models.Model]) -> bool:
    return signals.pre_delete.has_listeners(model) or signals.post_delete.has_listeners(model)


def _steps(model: type[models.Model], path: str, on_the_way: tuple[type, ...]) -> list[Step]:
    """The statements that delete ``model``'s rows reached by ``path``: dependents first."""
    opts = model._meta
    if (
        model in on_the_way
        or opts.parents
        or _has_listeners(model)
        or any(hasattr(f, "bulk_related_objects") for f in opts.private_fields)
    ):
        raise Unplannable(model)
    steps: list[Step] = []
    for related in get_candidate_relations_to_delete(opts):
        field: Any = related.field  # type: ignore[attr-defined]  # a relation's field
        on_delete = field.remote_field.on_delete
        if on_delete is models.DO_NOTHING:
            continue
        if field.target_field != opts.pk or len(field.foreign_related_fields) != 1:
            raise Unplannable(field)
        dependent: type[models.Model] = related.related_model  # type: ignore[assignment]
        where = f"{field.name}__{path}" if path else field.name
        if on_delete is models.CASCADE:
            steps += _steps(dependent, where, (*on_the_way, model))
        elif on_delete is models.SET_NULL:
            steps.append(Step(dependent, where, clear=field.name))
        elif on_delete in (models.PROTECT, models.RESTRICT):
            steps.append(Step(dependent, where, check_only=True))
        else:
            raise Unplannable(field)
    steps.append(Step(model, path))
    return steps


def plan(model: type[models.Model]) -> tuple[Step, ...] | None:
    """The statements deleting ``model``'s records with their dependents; None when
    ``delete()`` must do it. Worked out afresh each time (a few milliseconds): a delete
    signal connected since would change it."""
    try:
        return tuple(_steps(model, "", ()))
    except Unplannable:
        return None


def delete_with_dependents(model: type[models.Model], ids: list[int]) -> Counter[str]:
    """Delete the records of ``model`` with these primary keys, and everything depending
    on them, in the current transaction; the number deleted by model label, as
    ``delete()`` counts them. Keep ``ids`` to a batch: each statement names them."""
    steps = plan(model)
    if steps is None or any(step.rows(ids).exists() for step in steps if step.check_only):
        counted = model._base_manager.filter(pk__in=ids).delete()[1]
        return Counter({label: count for label, count in counted.items() if count})
    deleted: Counter[str] = Counter()
    for step in steps:
        if step.check_only:
            continue
        rows = step.rows(ids)
        if step.clear:
            rows.update(**{step.clear: None})
        else:
            count = rows._raw_delete(rows.db)
            if count:
                deleted[step.model._meta.label] += count
    return deleted
