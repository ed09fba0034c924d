"""Wellbeing the person reports themselves: the coordinator gives a one-time link to a
published measure, and the person answers it on their own phone, without signing in.

The link itself (issued, opened once, refused when used or expired) is
:mod:`lac.selfservice`'s; this module registers the "measure" purpose with
it, and holds the two pages: the coordinator's (choose a measure, get the
link and its QR code) and the person's (the questions, then thanks).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.lib.welsh import localised
from lac.outcomes import selectors, services
from lac.outcomes.models import FrameworkVersion
from lac.outcomes.presentation import person_page_url
from lac.people.forms import add_service_errors
from lac.people.selectors import get_live_person
from lac.selfservice.models import PersonalLink
from lac.selfservice.presentation import shown_link
from lac.selfservice.registry import Purpose
from lac.selfservice.services import personal_link_issue

PURPOSE = "measure"

#: How long a link may last, as offered to the coordinator.
LIFETIMES = {"1": timedelta(days=1), "7": timedelta(days=7), "30": timedelta(days=30)}


def item_field_name(key: str) -> str:
    return f"item_{key}"


def _choice_label(value: int, description: str) -> str:
    return f"{value} – {description}" if description else str(value)


class MeasureAnswersForm(forms.Form):
    """The measure's questions, each answered on its scale; every one is needed."""

    def __init__(self, *args: Any, version: FrameworkVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.domains = list(version.domains.all())
        for domain in self.domains:
            question = localised(domain, "question")
            self.fields[item_field_name(domain.key)] = forms.TypedChoiceField(
                label=question,
                coerce=int,
                choices=[
                    (p.value, _choice_label(p.value, localised(p, "description")))
                    for p in domain.points.all()
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Choose an answer for: %(question)s")
                    % {"question": question}
                },
            )

    def answers(self) -> dict[str, int | None]:
        return {d.key: self.cleaned_data.get(item_field_name(d.key)) for d in self.domains}


class MeasureLinkForm(forms.Form):
    measure = forms.TypedChoiceField(
        label=_("Which measure will they answer?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which measure they will answer")},
    )
    lasts = forms.ChoiceField(
        label=_("How long should the link work?"),
        choices=[("1", _("1 day")), ("7", _("7 days")), ("30", _("30 days"))],
        initial="7",
        widget=forms.RadioSelect,
        help_text=_("It works once. A shorter time keeps their answers safer if the link is lost."),
        error_messages={"required": _("Choose how long the link should work")},
    )

    def __init__(self, *args: Any, measures: list[FrameworkVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measures = {v.pk: v for v in measures}
        field = self.fields["measure"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(v.pk, str(v.framework)) for v in measures]

    def chosen(self) -> FrameworkVersion:
        return self.measures[self.cleaned_data["measure"]]


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def measure_link_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """The coordinator chooses a measure and gets a one-time link (and QR code) for the person."""
    person = get_live_person(
        get_scope(request), Actor.of(request), person_id, Capability.EDIT_PERSONAL
    )
    measures = selectors.measures_to_ask(person.neighbourhood.programme)
    form = MeasureLinkForm(request.POST or None, measures=measures)
    context: dict[str, Any] = {"form": form, "person": person, "back": person_page_url(person)}
    if request.method == "POST" and form.is_valid():
        try:
            issued = personal_link_issue(
                Actor.of(request),
                person=person,
                purpose=PURPOSE,
                target=form.chosen(),
                expires_in=LIFETIMES[form.cleaned_data["lasts"]],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context.update(shown=shown_link(request, issued), measure=form.chosen())
            return render(request, "outcomes/self_report/link_issued.html", context)
    return render(request, "outcomes/self_report/link_new.html", context)


def answer_measure(request: HttpRequest, link: PersonalLink) -> HttpResponse:
    """The person's page: the measure's questions, then thanks. No sign-in: the link is the key."""
    version = link.target
    assert isinstance(version, FrameworkVersion)  # the purpose's target model says so
    form = MeasureAnswersForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_self_report(Actor.of(request), link=link, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "outcomes/self_report/thanks.html", {"version": version})
    return render(request, "outcomes/self_report/answer.html", {"form": form, "version": version})


MEASURE_PURPOSE = Purpose(
    code=PURPOSE,
    # Audit text ("One-time link issued: …"), stored in English: not for translation.
    label="answer a wellbeing measure",
    view=answer_measure,
    target_model="outcomes.frameworkversion",
)
