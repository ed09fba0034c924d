"""Pages for following up after closure: the coordinator's list of follow-ups due, giving a
link or recording why there is no answer, the manager's settings, and the person's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.models import Programme
from lac.accounts.permissions import Capability, get_in_scope, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_list_view
from lac.casework import closure_follow_ups as rule
from lac.casework.models import FollowUp, FollowUpState
from lac.lib.widgets import NumberInput
from lac.outcomes.self_report import MeasureAnswersForm
from lac.people.forms import add_service_errors
from lac.people.selectors import get_live_person
from lac.selfservice.models import PersonalLink
from lac.selfservice.presentation import shown_link


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST, even an empty one (which must show every error)."""
    return request.POST if request.method == "POST" else None


class FollowUpAnswersForm(MeasureAnswersForm):
    """The person's follow-up: the ONS4 questions, then what changed in their own words."""

    what_changed = forms.CharField(
        label=gettext_lazy("What has changed for you since then?"),
        help_text=gettext_lazy("In your own words. You can leave this empty."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what_changed"] = self.fields.pop("what_changed")  # after the questions


class NotAnsweredForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Why is there no answer?"),
        choices=[
            (FollowUpState.DECLINED.value, gettext_lazy("They did not want to answer")),
            (FollowUpState.UNREACHABLE.value, gettext_lazy("I could not reach them")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose whether they declined or could not be reached")
        },
    )


class SettingsForm(forms.Form):
    on = forms.TypedChoiceField(
        label=gettext_lazy("Follow up people after walking alongside ends?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether to follow people up")},
    )
    months = forms.IntegerField(
        label=gettext_lazy("How many months after closure?"),
        help_text=gettext_lazy("From 1 to 36 months."),
        min_value=1,
        max_value=36,
        error_messages={
            "required": gettext_lazy("Enter how many months after closure"),
            "invalid": gettext_lazy("Months after closure must be a whole number"),
            "min_value": gettext_lazy("Months after closure must be 1 or more"),
            "max_value": gettext_lazy("Months after closure must be 36 or fewer"),
        },
        widget=NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    levels = forms.MultipleChoiceField(
        label=gettext_lazy("Which people?"),
        choices=[
            ("1", gettext_lazy("Closed at Level 1")),
            ("2", gettext_lazy("Closed at Level 2")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@require(Capability.EDIT_PERSONAL)
def follow_ups_due_list(request: HttpRequest) -> HttpResponse:
    """The coordinator's closed people whose follow-up is due and not yet answered."""
    scope = get_scope(request)
    programmes = list(scope.programmes(Capability.EDIT_PERSONAL))
    people = rule.follow_ups_due_for(scope, request.user.pk, today=timezone.localdate())
    links = {
        f.person_id: f
        for f in FollowUp.objects.filter(
            person__in=people, state=FollowUpState.LINK_GIVEN
        ).select_related("link")
    }
    audit_list_view(
        Actor.of(request),
        list_name="casework.follow_ups_due",
        what="Follow-ups due",
        filters="my closed people",
        shown=len(people),
        total=len(people),
        programme_ids={p.pk for p in programmes},
    )
    context = {
        "rows": [(person, links.get(person.pk)) for person in people],
        "programmes": [
            (p, rule.settings_of(p), scope.can(Capability.CONFIGURE_PROGRAMME, p.pk))
            for p in programmes
        ],
    }
    return render(request, "casework/follow_ups_due.html", context)


@require(Capability.EDIT_PERSONAL)
@require_POST
def follow_up_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the person a one-time link to their follow-up, shown once to copy or scan."""
    person = get_live_person(get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL)
    try:
        issued = rule.follow_up_link_give(Actor.of(request), person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("casework:follow_ups")
    context = {"person": person, "shown": shown_link(request, issued)}
    return render(request, "casework/follow_up_link.html", context)


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def follow_up_not_answered(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the person declined the follow-up, or could not be reached."""
    person = get_live_person(get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL)
    form = NotAnsweredForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rule.follow_up_not_answered(
                Actor.of(request), person=person, state=form.cleaned_data["state"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded for %(person)s") % {"person": person})
            return redirect("casework:follow_ups")
    context = {"form": form, "person": person, "back": reverse("casework:follow_ups")}
    return render(request, "casework/follow_up_not_answered.html", context)


@require(Capability.CONFIGURE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def follow_up_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """A manager turns follow-ups on or off, and chooses when and for whom."""
    programme = get_in_scope(
        request,
        Programme.objects.all(),
        Capability.CONFIGURE_PROGRAMME,
        neighbourhood_field=None,
        programme_field="pk",
        slug=slug,
    )
    chosen = rule.settings_of(programme)
    initial: dict[str, Any] = {
        "on": "yes" if chosen.on else "no",
        "months": chosen.months,
        "levels": [str(level) for level in chosen.levels],
    }
    form = SettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        levels = set(form.cleaned_data["levels"])
        try:
            rule.follow_up_settings_set(
                Actor.of(request),
                programme=programme,
                on=form.cleaned_data["on"],
                months=form.cleaned_data["months"],
                level_1="1" in levels,
                level_2="2" in levels,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up settings saved"))
            return redirect("casework:follow_ups")
    context = {"form": form, "programme": programme, "back": reverse("casework:follow_ups")}
    return render(request, "casework/follow_up_settings.html", context)


def answer_follow_up(request: HttpRequest, link: PersonalLink) -> HttpResponse:
    """The person's page: how are things now? No sign-in: the link is the key."""
    version = rule.follow_up_measure()
    form = FollowUpAnswersForm(_posted(request), version=version)
    if request.method == "POST" and form.is_valid():
        try:
            rule.follow_up_answer(
                Actor.of(request),
                link=link,
                answers=form.answers(),
                what_changed=form.cleaned_data["what_changed"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "casework/follow_up_thanks.html")
    context: dict[str, Any] = {"form": form, "version": version}
    return render(request, "casework/follow_up_answer.html", context)
