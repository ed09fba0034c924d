"""The import's bulk writes: what they store, on SQLite (multi-row INSERT) and on
PostgreSQL (COPY), the suite running on each."""

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from lac.imports.bulk import insert, update
from lac.imports.models import ImportMapping
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_insert_returns_each_rows_new_key_in_the_rows_order():
    programme = ProgrammeFactory()
    rows = [
        {"programme_id": programme.pk, "name": f"Layout {n}", "columns": {"Ref": f"r{n}"}}
        for n in range(1200)  # more than one statement's worth on SQLite
    ]

    ids = insert(ImportMapping, rows, returning=True)

    assert len(ids) == len(set(ids)) == 1200
    stored = dict(ImportMapping.objects.values_list("pk", "name"))
    assert [stored[pk] for pk in ids] == [row["name"] for row in rows]


def test_insert_fills_defaults_and_keeps_json_and_times():
    programme, user = ProgrammeFactory(), UserFactory()
    before = datetime.now(UTC)

    (pk,) = insert(
        ImportMapping,
        [
            {
                "programme_id": programme.pk,
                "name": "Jo's sheet",
                "coordinator_id": user.pk,
                "values": {"status": {"Open": "active", "Ní": None}},
            }
        ],
        returning=True,
    )

    mapping = ImportMapping.objects.get(pk=pk)
    assert mapping.values == {"status": {"Open": "active", "Ní": None}}
    assert mapping.columns == {}  # the field's default
    assert mapping.coordinator == user
    assert mapping.created_by is None
    assert mapping.updated >= before.replace(microsecond=0)


def test_later_records_take_keys_after_the_bulk_written_ones():
    programme = ProgrammeFactory()
    ids = insert(
        ImportMapping,
        [{"programme_id": programme.pk, "name": f"Layout {n}"} for n in range(3)],
        returning=True,
    )

    later = ImportMapping.objects.create(programme=programme, name="Made one at a time")

    assert later.pk > max(ids)


def test_insert_without_keys_writes_the_rows():
    programme = ProgrammeFactory()

    assert insert(ImportMapping, [{"programme_id": programme.pk, "name": "A"}]) == []

    assert ImportMapping.objects.filter(programme=programme, name="A").exists()


def test_a_row_the_database_refuses_raises_djangos_database_error():
    """As any query's would, so the import reports it in one line ("the database refused
    a write") rather than as an unexpected error."""
    programme = ProgrammeFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        insert(ImportMapping, [{"programme_id": programme.pk, "name": None}], returning=True)

    assert issubclass(IntegrityError, DatabaseError)
    assert not ImportMapping.objects.exists()


def test_update_sets_the_named_fields_of_each_record():
    programme = ProgrammeFactory()
    first, second = insert(
        ImportMapping,
        [{"programme_id": programme.pk, "name": n} for n in ("A", "B")],
        returning=True,
    )

    update(ImportMapping, ["values"], [({"x": 1}, first), ({"y": 2}, second)])

    assert dict(ImportMapping.objects.values_list("name", "values")) == {
        "A": {"x": 1},
        "B": {"y": 2},
    }
