"""People deleted table by table (``lac.imports.deletion``, as an import's undo deletes
them) leave the database exactly as Django's ``delete()`` leaves it."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError

from lac.imports.deletion import delete_with_dependents, plan
from lac.outcomes.models import Assessment, Domain, DomainScore
from lac.people.models import Person


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, by model."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


def by_delete(model, ids) -> tuple[dict[str, int], dict[str, list[tuple[Any, ...]]]]:
    """What ``delete()`` counts and leaves, rolled back."""
    with transaction.atomic():
        counted = model._base_manager.filter(pk__in=ids).delete()[1]
        left = everything()
        transaction.set_rollback(True)
    return {label: n for label, n in counted.items() if n}, left


@pytest.fixture
def demo(db):
    """The tiny demo: people with every kind of record, merged people and visits among them."""
    call_command("demo_data", "--scale", "tiny", "--today", "2026-11-25")


def test_people_deleted_table_by_table_leave_what_delete_leaves(demo):
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[::3])
    counted, left = by_delete(Person, ids)
    assert len(counted) >= 8  # people and many kinds of their records
    assert plan(Person) is not None  # table by table, not through delete()
    assert delete_with_dependents(Person, ids) == counted
    assert everything() == left


def test_records_of_one_table_deleted_with_their_own_dependents_alike(demo):
    ids = list(Assessment.objects.order_by("pk").values_list("pk", flat=True)[::2])
    counted, left = by_delete(Assessment, ids)
    assert set(counted) == {"outcomes.Assessment", "outcomes.DomainScore"}
    assert delete_with_dependents(Assessment, ids) == counted
    assert everything() == left


def test_a_record_another_protects_is_refused_as_delete_refuses_it(demo):
    """A life area scored in an assessment is protected by the score: a plan checks for
    such records first, and ``delete()`` refuses the batch as it always has."""
    steps = plan(Domain)
    assert steps is not None and any(step.check_only for step in steps)
    scored = DomainScore.objects.values_list("domain_id", flat=True).first()
    with pytest.raises(ProtectedError):
        delete_with_dependents(Domain, [scored])
    assert Domain.objects.filter(pk=scored).exists()
