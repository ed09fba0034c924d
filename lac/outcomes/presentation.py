"""Small helpers shared by the outcomes pages and template tags."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from lac.outcomes.charts import Petal
from lac.outcomes.selectors import PersonProgress
from lac.people.models import Person

SMALL_NUMBER = 5
"""Counts below this are not shown on aggregate pages, so nobody can be singled out."""

# The casework person page, by the names it may be registered under.
PERSON_PAGE_NAMES = ("casework:person", "people:person", "people:detail", "casework:person_detail")


def person_page_url(person: Person) -> str:
    for name in PERSON_PAGE_NAMES:
        try:
            return reverse(name, args=[person.pk])
        except NoReverseMatch:
            continue
    return reverse("outcomes:person_progress", args=[person.pk])


def petals(progress: PersonProgress) -> list[Petal]:
    return [Petal(d.name, d.scale_min, d.scale_max, d.first, d.latest) for d in progress.domains]
