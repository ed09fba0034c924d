"""Casework pages: caseload, introductions, conversations, levels, status,
vision, goals and steps. Thin views: permission, form, service, redirect."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.drafts import draft_restored
from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_list_view, audit_read, audit_shown
from lac.casework import forms, selectors, services
from lac.casework.closure_follow_ups import follow_ups_due_for
from lac.casework.models import Goal, Introduction, Step
from lac.casework.person_form_page import person_form_page
from lac.lib.htmx import HtmxRequest
from lac.people.forms import add_service_errors
from lac.people.models import Level, Person, Status
from lac.people.selectors import get_live_person, get_person, possible_duplicates
from lac.safety.selectors import fetch_flags, flags_due
from lac.submissions.notices import announce
from lac.submissions.services import ALREADY_SAVED, save_once, saved_before

EDIT = Capability.EDIT_PERSONAL


@require(Capability.VIEW_PERSONAL)
def caseload(
    request: HttpRequest, home: bool = False, to_welcome: list[Any] | None = None
) -> HttpResponse:
    """A coordinator's home: no next contact, overdue and due this week first,
    with search and filters; on the home page, today's contacts and their month.

    A manager filters it by coordinator to see each one's caseload. Every view
    is audited as one list event (which filters, how many people shown).
    """
    scope = get_scope(request)
    filters = _caseload_filters(request)
    people = selectors.caseload(scope, filters, timezone.localdate())
    counts = selectors.caseload_counts(people)
    paginator = Paginator(people, 50)
    paginator.count = counts["total"]  # the counting query knows it: no second count
    page = paginator.get_page(request.GET.get("page"))
    neighbourhoods = list(scope.neighbourhoods(Capability.VIEW_PERSONAL))
    coordinator = selectors.coordinator_named(scope, filters.coordinator)
    title, what = _caseload_title(filters, coordinator)
    due = flags_due(scope, timezone.localdate(), coordinator_id=request.user.pk)
    audit_shown(Actor.of(request), [flag.person for flag in due.first])
    audit_list_view(
        Actor.of(request),
        list_name="casework.caseload",
        what=what,
        filters=filters.describe(neighbourhoods, coordinator),
        shown=len(page.object_list),
        total=counts["total"],
        programme_ids={
            n.programme_id for n in neighbourhoods if filters.neighbourhood in (None, n.pk)
        },
    )
    rows = list(page.object_list)
    day = selectors.coordinator_day(scope, timezone.localdate()) if home else None
    fetch_flags(rows + (day.today if day else []))
    context = {
        "page": page,
        "groups": selectors.caseload_groups(rows, counts),
        "counts": counts,
        "filters": filters,
        "title": title,
        "neighbourhoods": neighbourhoods,
        "levels": Level.choices,
        "statuses": Status.choices,
        "status_label": Status(filters.status).label if filters.status else "",
        "today": timezone.localdate(),
        "day": day,
        "handovers": selectors.handover_notices(scope) if home else [],
        # How many of the coordinator's closed people are due a follow-up.
        "follow_ups_due": len(
            follow_ups_due_for(scope, request.user.pk, today=timezone.localdate())
        ),
        # Introductions from partners and residents waiting in the coordinator's
        # neighbourhoods: read by the home page (lac.welcome is above casework).
        "to_welcome": to_welcome or [],
        # Flags on the coordinator's own people whose review date has come.
        "flags_due": due,
        "can_edit": scope.can(EDIT),
        "query_string": _without_page(request),
    }
    return render(request, "casework/caseload.html", context)


@require(EDIT)
@require_http_methods(["GET", "POST"])
def introduction_new(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    neighbourhoods = scope.neighbourhoods(EDIT)
    programme_ids = scope.programme_ids(EDIT)
    form = forms.NewIntroductionForm(
        request.POST or None,
        neighbourhoods=neighbourhoods,
        sources=selectors.sources_for(programme_ids),
        challenges=selectors.challenges_for(programme_ids),
        initial={
            "next_contact_date": _suggested(neighbourhoods.first()),
            **draft_restored(request),
        },
    )
    duplicates: list[Person] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        earlier = saved_before(actor=Actor.of(request), key=data["once"])
        if isinstance(earlier, Introduction):
            messages.info(request, ALREADY_SAVED)
            return redirect("people:detail", pk=earlier.person_id)
        duplicates = _duplicates(request, data)
        if not duplicates or request.POST.get("confirmed_new"):
            try:
                introduction, first = save_once(
                    actor=Actor.of(request),
                    key=data["once"],
                    save=lambda: services.introduction_create(
                        new=services.NewPerson(
                            full_name=data["full_name"],
                            neighbourhood=data["neighbourhood"],
                            level=data["level"],
                            date_of_birth=data["date_of_birth"],
                            postcode=data["postcode"],
                        ),
                        date=data["date"],
                        source=data["source"],
                        introducer=data["introducer"],
                        hopes=data["hopes"],
                        challenges=data["challenges"],
                        next_contact_date=data["next_contact_date"],
                        actor=Actor.of(request),
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                announce(
                    request,
                    first=first,
                    saved=gettext("Introduction of %(name)s recorded")
                    % {"name": data["full_name"]},
                )
                if introduction is None:
                    return redirect("casework:caseload")
                return redirect("people:detail", pk=introduction.person_id)
    context = {"form": form, "duplicates": duplicates, "confirming": bool(duplicates)}
    return render(request, "casework/introduction_new.html", context)


@require(EDIT)
def duplicate_check(request: HttpRequest) -> HttpResponse:
    """The inline duplicate check on the new introduction page (htmx)."""
    data: dict[str, Any] = {"full_name": request.GET.get("full_name", "")}
    try:
        typed = forms.MemorableDateInput().value_from_datadict(request.GET, {}, "date_of_birth")
        data["date_of_birth"] = django_forms.DateField().clean(typed)
    except ValidationError:
        data["date_of_birth"] = None
    data["postcode"] = request.GET.get("postcode", "")
    duplicates = _duplicates(request, data) if len(data["full_name"].strip()) >= 3 else []
    return render(request, "casework/duplicates.html", {"duplicates": duplicates})


def _duplicates(request: HttpRequest, data: dict[str, Any]) -> list[Person]:
    """Possible duplicates to show: each one's details on the page is audited as a read."""
    duplicates = possible_duplicates(
        get_scope(request),
        full_name=data.get("full_name", ""),
        date_of_birth=data.get("date_of_birth"),
        postcode=data.get("postcode", ""),
    )
    audit_shown(Actor.of(request), duplicates)
    return duplicates


@require(EDIT)
@require_http_methods(["GET", "POST"])
def reintroduce(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    programme_ids = [person.neighbourhood.programme_id]
    form = forms.IntroductionDetailsForm(
        request.POST or None,
        sources=selectors.sources_for(programme_ids),
        challenges=selectors.challenges_for(programme_ids),
        initial={"next_contact_date": _suggested(person.neighbourhood), **draft_restored(request)},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.introduction_create,
            known=person,
            saved=gettext("New introduction of %(name)s recorded") % {"name": person.full_name},
        )
    ):
        return redirect("people:detail", pk=pk)
    return person_form_page(
        request,
        {
            "person": person,
            "form": form,
            "title": gettext("Record a new introduction"),
            "button": gettext("Save introduction"),
            "intro": gettext(
                "For someone introduced before. Their earlier introductions are kept."
            ),
        },
    )


@require(EDIT)
@require_http_methods(["GET", "POST"])
def conversation_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    initial = {"next_contact_date": _suggested(person.neighbourhood), **draft_restored(request)}
    form = forms.ConversationForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.conversation_log,
            person=person,
            saved=gettext("Conversation with %(name)s logged") % {"name": person.full_name},
        )
    ):
        if request.POST.get("next") == "caseload":
            return redirect("home")
        return redirect("people:detail", pk=pk)
    context = {
        "person": person,
        "form": form,
        "title": gettext("Log a conversation"),
        "button": gettext("Save conversation"),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return person_form_page(request, context)


@require(Capability.VIEW_PERSONAL)
def conversation_list(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person(get_scope(request), Actor.of(request), pk)
    audit_read(Actor.of(request), person, what=f"Viewed every conversation with {person.full_name}")
    page = Paginator(selectors.conversations_of(person), 50).get_page(request.GET.get("page"))
    return render(request, "casework/conversation_list.html", {"person": person, "page": page})


@require(EDIT)
@require_http_methods(["GET", "POST"])
def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    form = forms.LevelForm(request.POST or None, current=person.level)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.level_change,
            person=person,
            saved=gettext("%(name)s is now at Level %(level)s")
            % {"name": person.full_name, "level": form.cleaned_data["level"]},
        )
    ):
        return redirect("people:detail", pk=pk)
    return person_form_page(
        request,
        {
            "person": person,
            "form": form,
            "title": gettext("Change level"),
            "intro": gettext("%(name)s is at Level %(level)s now.")
            % {"name": person.full_name, "level": person.level},
        },
    )


@require(EDIT)
@require_http_methods(["GET", "POST"])
def status_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    form = forms.StatusForm(
        request.POST or None,
        current=person.status,
        reasons=selectors.closure_reasons_for([person.neighbourhood.programme_id]),
        initial=draft_restored(request),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.status_change,
            person=person,
            saved=gettext("%(name)s is now %(status)s")
            % {
                "name": person.full_name,
                "status": Status(form.cleaned_data["status"]).label.lower(),
            },
        )
    ):
        if person.status == Status.CLOSED:
            return redirect("casework:closure_outcome", pk=pk)
        return redirect("people:detail", pk=pk)
    return person_form_page(
        request,
        {
            "person": person,
            "form": form,
            "title": gettext("Pause, close or reopen"),
            "intro": gettext("%(name)s is %(status)s now.")
            % {"name": person.full_name, "status": person.get_status_display().lower()},
        },
    )


@require(EDIT)
@require_http_methods(["GET", "POST"])
def closure_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The second step of closing: the last assessment and what changed, or why neither."""
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    if person.status != Status.CLOSED:
        return redirect("people:detail", pk=pk)
    form = forms.ClosureOutcomeSkipForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.closure_outcome_skip,
            person=person,
            saved=gettext("Closure of %(name)s finished") % {"name": person.full_name},
        )
    ):
        return redirect("people:detail", pk=pk)
    here = reverse("casework:closure_outcome", kwargs={"pk": pk})
    context = {
        "person": person,
        "form": form,
        "recorded": selectors.closure_outcome(person),
        "here": here,
    }
    return render(request, "casework/closure_outcome.html", context)


@require(EDIT)
@require_http_methods(["GET", "POST"])
def next_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    form = forms.NextContactForm(
        request.POST or None, initial={"next_contact_date": person.next_contact_date}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.next_contact_set,
            person=person,
            saved=gettext("Next contact date saved"),
        )
    ):
        return redirect("people:detail", pk=pk)
    context = {"person": person, "form": form, "title": gettext("When is the next contact?")}
    return person_form_page(request, context)


@require(EDIT)
@require_http_methods(["GET", "POST"])
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    latest = person.visions.first()
    initial = {"text": latest.text if latest else "", **draft_restored(request)}
    form = forms.VisionForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            request,
            form,
            services.vision_record,
            person=person,
            saved=gettext("Vision of a good life saved"),
        )
    ):
        return redirect("people:detail", pk=pk)
    return person_form_page(
        request,
        {"person": person, "form": form, "title": gettext("Vision of a good life")},
    )


@require(EDIT)
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    form = forms.GoalForm(request.POST or None, initial=draft_restored(request))
    if request.method == "POST" and form.is_valid():
        try:
            _, first = save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: services.goal_add(
                    person=person,
                    title=form.cleaned_data["title"],
                    set_on=form.cleaned_data["set_on"],
                    steps=form.step_lines(),
                    actor=Actor.of(request),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            announce(request, first=first, saved=gettext("Goal added"))
            return redirect(f"{person_url(pk)}#goals")
    return person_form_page(
        request,
        {
            "person": person,
            "form": form,
            "title": gettext("Add a goal"),
            "button": gettext("Add goal"),
        },
    )


@require(EDIT)
@require_http_methods(["GET", "POST"])
def step_new(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    goal = _goal_of(person, goal_pk)
    form = forms.StepForm(request.POST or None, initial=draft_restored(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(request, form, services.step_add, goal=goal, saved=gettext("Step added"))
    ):
        return redirect(f"{person_url(pk)}#goals")
    context = {
        "person": person,
        "form": form,
        "title": gettext("Add a step to “%(goal)s”") % {"goal": goal.title},
    }
    return person_form_page(request, {**context, "button": "Add step"})


@require(EDIT)
@require_POST
def goal_progress(request: HtmxRequest, pk: int, goal_pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    goal = _goal_of(person, goal_pk)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        services.goal_update(goal=goal, status=form.cleaned_data["status"], actor=Actor.of(request))
    return _goal_response(request, person, goal_pk)


@require(EDIT)
@require_POST
def step_progress(request: HtmxRequest, pk: int, step_pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, EDIT)
    try:
        step = selectors.step_of(person, step_pk)
    except Step.DoesNotExist as exc:
        raise Http404("No such step") from exc
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        services.step_update(step=step, status=form.cleaned_data["status"], actor=Actor.of(request))
    return _goal_response(request, person, step.goal_id)


def _goal_response(request: HtmxRequest, person: Person, goal_pk: int) -> HttpResponse:
    """htmx swaps in the goal's refreshed task list; without JavaScript, back to the page."""
    if request.htmx:
        goal = selectors.goals_of(person).get(pk=goal_pk)
        context = {"person": person, "goal": goal, "can_edit": True}
        return render(request, "casework/goal.html", context)
    return redirect(f"{person_url(person.pk)}#goal-{goal_pk}")


def _suggested(neighbourhood: Any) -> Any:
    """The programme's usual next contact from today (none without a neighbourhood)."""
    if neighbourhood is None:
        return None
    return selectors.suggested_next_contact(neighbourhood.programme, timezone.localdate())


def _goal_of(person: Person, goal_pk: int) -> Goal:
    try:
        return selectors.goal_of(person, goal_pk)
    except Goal.DoesNotExist as exc:
        raise Http404("No such goal") from exc


def _saved(
    request: HttpRequest, form: django_forms.Form, service: Any, *, saved: str, **kwargs: Any
) -> bool:
    """Call a service with the form's data, once per submission of the form; put its
    validation errors on the form. The person is told one thing: ``saved`` the first
    time, or that it was already saved when their browser sent the form again."""
    data = dict(form.cleaned_data)
    key = data.pop("once", "")
    try:
        _, first = save_once(
            actor=Actor.of(request),
            key=key,
            save=lambda: service(actor=Actor.of(request), **kwargs, **data),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    announce(request, first=first, saved=saved)
    return True


def _caseload_filters(request: HttpRequest) -> selectors.CaseloadFilters:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    q = request.GET.get("q", "").strip()[:100]
    # Browsing shows active people; a search finds everyone the user may see,
    # closed people included: they are who a coordinator looks for when
    # someone comes back. A status chosen in the filters still applies.
    status = request.GET.get("status", "" if q else Status.ACTIVE)
    return selectors.CaseloadFilters(
        q=q,
        neighbourhood=number("neighbourhood"),
        level=number("level"),
        status=status if status in Status.values or status == "" else Status.ACTIVE,
        mine=request.GET.get("mine") == "1",
        coordinator=number("coordinator"),
    )


def _caseload_title(filters: selectors.CaseloadFilters, coordinator: Any) -> tuple[str, str]:
    """The caseload page's heading, and what its audit event says was viewed."""
    if coordinator is not None:
        name = coordinator.get_full_name() or coordinator.get_username()
        return gettext("%(name)s’s caseload") % {"name": name}, f"Viewed {name}’s caseload"
    if filters.mine:
        return gettext("My caseload"), "Viewed their own caseload"
    return gettext("Caseload"), "Viewed the caseload"


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def person_url(pk: int) -> str:
    return reverse("people:detail", kwargs={"pk": pk})
