"""Recording a person's story; the person page shows the stories their consent allows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lac.accounts.drafts import draft_restored
from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.outcomes.models import OutcomeEvent
from lac.people.forms import add_service_errors
from lac.people.selectors import get_live_person
from lac.stories import services
from lac.stories.forms import StoryForm
from lac.stories.selectors import may_use_stories_of
from lac.submissions.services import save_once


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_id, Capability.EDIT_PERSONAL
    )
    events = list(OutcomeEvent.objects.filter(person=person).select_related("type"))
    form = StoryForm(
        request.POST or None,
        events=events,
        initial={"told_on": timezone.localdate(), **draft_restored(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: services.story_record(
                    actor=Actor.of(request),
                    person=person,
                    words=form.cleaned_data["words"],
                    what_changed=form.cleaned_data["what_changed"],
                    told_on=form.cleaned_data["told_on"],
                    outcome_events=form.chosen_events(),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Their story is saved"))
            return redirect("people:detail", pk=person.pk)
    context = {"form": form, "person": person, "consented": may_use_stories_of(person)}
    return render(request, "stories/story_form.html", context)
