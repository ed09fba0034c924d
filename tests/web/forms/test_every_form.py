"""No form in lac shows one of Django's own validation messages.

Every form class in the package is found by importing every module, filled in
empty, with text far too long, and with values that are not values, and each
message it gives is checked against Django's English message catalogue. A new
form is tested without being listed here; one that needs new arguments to be
made fails until it is given them below.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

import lac
from lac.accounts.models import Neighbourhood, Programme, User
from lac.casework.selectors import (
    CaseloadHolder,
    CoordinatorChoice,
    challenges_for,
    closure_reasons_for,
    sources_for,
)
from lac.community.models import TaxonomyTerm
from lac.evaluation.models import ImpactMap
from lac.imports.models import ImportMapping
from lac.outcomes.models import FrameworkVersion, OutcomeEventType, UnitCost
from lac.outcomes.selectors import prices_in
from lac.reports.models import Extract
from tests.people.factories import PersonFactory
from tests.web.forms.django_messages import is_django_default


def lac_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(lac.__path__, "lac."):
        if not any(part in module.name for part in (".migrations", ".management", "lac.value")):
            importlib.import_module(module.name)

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    # A mixin such as RecordRules has no fields of its own: only forms are made.
    found = {
        c
        for c in subclasses(forms.BaseForm)
        if c.__module__.startswith("lac.") and hasattr(c, "base_fields")
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


FORM_CLASSES = lac_form_classes()


def arguments(world: Any) -> dict[str, Callable[[], Any]]:
    """What each keyword a form is made with means, as the views pass it."""
    programme_ids = [world.programme.pk]
    person = PersonFactory(neighbourhood=world.north)
    return {
        "allowed": lambda: ["people:read", "casework:write"],
        "candidates": lambda: [person],
        "matches": lambda: [person],
        "sources": lambda: sources_for(programme_ids),
        "challenges": lambda: challenges_for(programme_ids),
        "reasons": lambda: closure_reasons_for(programme_ids),
        "neighbourhoods": lambda: Neighbourhood.objects.filter(programme=world.programme),
        "current": lambda: 1,
        "events": lambda: [],
        "programme": lambda: world.programme,
        "programme_id": lambda: world.programme.pk,
        "programmes": lambda: Programme.objects.filter(pk=world.programme.pk),
        "forecasts": lambda: ImpactMap.objects.none(),
        "needs_period": lambda: True,
        "coordinators": lambda: User.objects.filter(pk=world.alice.pk),
        "mappings": lambda: ImportMapping.objects.none(),
        "columns": lambda: [{"key": "a", "header": "Name", "field": "", "samples": ["Ann"]}],
        "unmapped": lambda: {"level": ["L9"]},
        "choices": lambda: {"level": [("1", "Level 1"), ("2", "Level 2")]},
        "version": lambda: FrameworkVersion.objects.first(),
        "measures": lambda: list(FrameworkVersion.objects.filter(framework__slug="ons4")),
        "event_types": lambda: list(OutcomeEventType.objects.all()[:3]),
        "unit_costs": lambda: list(UnitCost.objects.all()[:3]),
        "today": lambda: date(2026, 11, 30),
        "first": lambda: date(2024, 4, 1),
        "prices": prices_in,
        "extracts": lambda: Extract.objects.none(),
        "person": lambda: person,
        "neighbourhood": lambda: world.north,
        "offered": lambda: TaxonomyTerm.objects.none(),
        "holders": lambda: [CaseloadHolder(user=world.alice, people=3, current=True)],
    }


def arguments_of(world: Any, form_class: type[forms.BaseForm]) -> dict[str, Callable[[], Any]]:
    """Keywords whose meaning differs by form (a list of choices here, a queryset there)."""
    coordinators = lambda: [CoordinatorChoice(user=world.amir, works_in=["North"])]  # noqa: E731
    own = {
        "PersonReassignForm": {"coordinators": coordinators},
        "CaseloadReassignForm": {
            "coordinators": coordinators,
            "neighbourhoods": lambda: [(world.north.pk, "North")],
        },
    }
    return {**arguments(world), **own.get(form_class.__name__, {})}


def required_keywords(form_class: type[forms.BaseForm]) -> list[str]:
    """Keywords the form and the forms it extends must be given."""
    names: list[str] = []
    for cls in form_class.__mro__:
        if "__init__" in vars(cls) and issubclass(cls, forms.BaseForm):
            parameters = inspect.signature(cls.__init__).parameters.values()
            names += [
                p.name
                for p in parameters
                if p.kind is p.KEYWORD_ONLY and p.default is p.empty and p.name not in names
            ]
    return names


def filled(form: forms.BaseForm, value: str) -> MultiValueDict:
    """What a browser would post with ``value`` typed into every box."""
    data = MultiValueDict()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                data[f"{key}{suffix}"] = value
        elif isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            data.setlist(key, [value])
        elif not isinstance(field, forms.FileField):
            data[key] = value
    return data


def files(form: forms.BaseForm, upload: Callable[[], SimpleUploadedFile]) -> MultiValueDict:
    return MultiValueDict(
        {
            form.add_prefix(name): [upload()]
            for name, field in form.fields.items()
            if isinstance(field, forms.FileField)
        }
    )


ANSWERS = {
    "empty": ("", lambda: SimpleUploadedFile("empty.csv", b"")),
    "too long": ("x" * 5000, lambda: SimpleUploadedFile("x" * 300 + ".csv", b"a")),
    "not a value": ("not a value", lambda: SimpleUploadedFile("a.csv", b"a")),
    "too big": ("99999999999999999999", lambda: SimpleUploadedFile("a.csv", b"a")),
    "too small": ("-99999999", lambda: SimpleUploadedFile("a.csv", b"a")),
    "null character": ("a\x00b", lambda: SimpleUploadedFile("a.csv", b"a")),
}


def messages(form: forms.BaseForm) -> list[tuple[str, str]]:
    """Every message the page shows: beside each field, and about the whole form."""
    form.is_valid()
    shown = [("the form", str(m)) for m in form.non_field_errors()]
    return shown + [(field.name, str(m)) for field in form for m in field.errors]


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_form_shows_a_django_default_message(world, form_class):
    made_with = arguments_of(world, form_class)
    missing = [k for k in required_keywords(form_class) if k not in made_with]
    assert not missing, f"tell this test how {form_class.__name__} gets {missing}"
    kwargs = {k: made_with[k]() for k in required_keywords(form_class)}
    seen = []
    for answer, (value, upload) in ANSWERS.items():
        blank = form_class(**kwargs)
        form = form_class(filled(blank, value), files(blank, upload), **kwargs)
        for field, message in messages(form):
            seen.append(message)
            assert not is_django_default(message), f"{answer} in {field}: Django's {message!r}"
    assert seen, "every form has something that can be wrong"


def test_every_form_class_is_found():
    names = {c.__name__ for c in FORM_CLASSES}
    assert {"NewIntroductionForm", "ConversationForm", "EraseConfirmForm", "TokenForm"} <= names
    assert len(FORM_CLASSES) >= 50
