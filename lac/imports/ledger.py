"""What an import writes, noted as it writes it, so that the import can be undone whole.

The store tells the ledger each batch's new records and each record it
changes; the ledger keeps only what an undo needs: the people the import
created (their records go with them), the records it added to people who were
there before, and the values a changed record had before. It is saved with the
job, in the import's own transaction (:meth:`Ledger.save`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Model

from lac.imports.models import ImportJob, ImportWrite

PEOPLE = "people.person"


def plain(value: Any) -> Any:
    """A field's value as JSON keeps it; dates as ISO text, which the field reads back."""
    return value.isoformat() if isinstance(value, date | datetime) else value


class Ledger:
    def __init__(self) -> None:
        self.created_people: list[int] = []
        self._created: set[int] = set()
        self.added: dict[str, list[int]] = {}
        self.touched: set[int] = set()
        """People who were there before the import and whose records it added to or changed."""
        self.changed: list[tuple[str, int, int, dict[str, Any]]] = []
        """(model label, pk, person id, field → value before), in the order changed."""

    def is_new(self, person_id: int) -> bool:
        """Whether this import created the person."""
        return person_id in self._created

    def people(self, ids: Iterable[int]) -> None:
        for pk in ids:
            self.created_people.append(pk)
            self._created.add(pk)

    def records(self, model: type[Model], ids: list[int], person_ids: list[int]) -> None:
        """New records of ``model`` and whose each is: those of people this import created
        go with them, so only the others are kept."""
        label = model._meta.label_lower
        for pk, person_id in zip(ids, person_ids, strict=True):
            if person_id not in self._created:
                self.added.setdefault(label, []).append(pk)
                self.touched.add(person_id)

    def change(self, obj: Model, person_id: int, fields: Iterable[str], **more: Any) -> None:
        """Note ``obj``'s values (by attribute name, and ``more`` as given) before the store
        changes them."""
        if person_id in self._created:
            return
        before = {name: getattr(obj, name) for name in fields} | more
        self.change_values(type(obj), int(obj.pk), person_id, before)

    def change_values(
        self, model: type[Model], pk: int, person_id: int, before: dict[str, Any]
    ) -> None:
        """The same, for a record read as values (``before``: field → value) rather than
        as a model instance."""
        if person_id in self._created:
            return
        before = {name: plain(value) for name, value in before.items()}
        self.changed.append((model._meta.label_lower, pk, person_id, before))
        self.touched.add(person_id)

    def save(self, job: ImportJob) -> None:
        """Keep the ledger on the job (inside the import's transaction)."""
        rows = [
            ImportWrite(job=job, kind=ImportWrite.Kind.ADDED, model=PEOPLE, ids=self.created_people)
        ]
        rows += [
            ImportWrite(job=job, kind=ImportWrite.Kind.ADDED, model=label, ids=ids)
            for label, ids in self.added.items()
        ]
        rows.append(
            ImportWrite(
                job=job, kind=ImportWrite.Kind.TOUCHED, model=PEOPLE, ids=sorted(self.touched)
            )
        )
        rows += [
            ImportWrite(
                job=job,
                kind=ImportWrite.Kind.CHANGED,
                model=label,
                ids=[pk],
                person_id=person_id,
                before=before,
            )
            for label, pk, person_id, before in self.changed
        ]
        ImportWrite.objects.bulk_create(rows)
