"""Pages for progress, what changed and services avoided, and the programme summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from lac.accounts.drafts import draft_restored
from lac.accounts.models import Programme
from lac.accounts.permissions import Capability, get_in_scope, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_read, audit_shown
from lac.lib import disclosure
from lac.outcomes import selectors, services
from lac.outcomes.charts import flower_svg
from lac.outcomes.forms import (
    AssessmentForm,
    AvoidedServiceForm,
    OutcomeEventForm,
    SummaryForm,
    domain_field_name,
)
from lac.outcomes.models import Assessment, AssessmentKind, AvoidedService, OutcomeEvent
from lac.outcomes.presentation import person_page_url, petals
from lac.people.forms import add_service_errors
from lac.people.models import Person
from lac.people.selectors import get_live_person
from lac.submissions.notices import announce
from lac.submissions.services import save_once


@require(Capability.VIEW_PERSONAL)
def person_progress(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_id, Capability.VIEW_PERSONAL
    )
    progress = selectors.person_progress(person.pk)
    price_year = selectors.price_year_for(person.neighbourhood.programme)
    audit_read(
        Actor.of(request), person, what="Progress, what changed and services avoided", person=person
    )
    return render(
        request,
        "outcomes/person_progress.html",
        {
            "person": person,
            "person_url": person_page_url(person),
            "progress": progress,
            "chart": flower_svg(
                petals(progress),
                title=gettext("Progress of %(person)s") % {"person": person},
                chart_id="flower",
            ),
            "events": selectors.person_outcome_events(person.pk),
            "measures": selectors.person_measures(person.pk),
            "avoided": selectors.person_avoided_services(person.pk, price_year),
            "price_year": price_year,
            "can_edit": get_scope(request).can_in_neighbourhood(
                Capability.EDIT_PERSONAL, person.neighbourhood_id
            ),
        },
    )


def _next(request: HttpRequest) -> str:
    """Where a flow that opened this form (closing a person, say) continues; ours only."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}
    ):
        return candidate
    return ""


def _done(request: HttpRequest, person: Person, *, first: bool, saved: str) -> HttpResponse:
    announce(request, first=first, saved=saved)
    return redirect(_next(request) or person_page_url(person))


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_id, Capability.EDIT_PERSONAL
    )
    version = selectors.current_version(person.neighbourhood.programme, timezone.localdate())
    has_first = person.assessments.filter(
        kind=AssessmentKind.FIRST, version__framework_id=version.framework_id
    ).exists()
    initial: dict[str, object] = {
        "date": timezone.localdate(),
        "kind": "review" if has_first else "first",
    }
    if request.GET.get("kind") in AssessmentKind.values:
        initial["kind"] = request.GET["kind"]
    # A review starts from the latest scores, so only what changed needs a tap.
    latest = selectors.latest_scores(person.pk)
    for domain in version.domains.all():
        if domain.key in latest:
            initial[domain_field_name(domain.pk)] = latest[domain.key]
    initial.update(draft_restored(request))
    form = AssessmentForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _, first = save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: services.assessment_create(
                    person=person,
                    version=version,
                    when=form.cleaned_data["date"],
                    kind=form.cleaned_data["kind"],
                    scores=form.scores(),
                    note=form.cleaned_data["note"],
                    actor=Actor.of(request),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, person, first=first, saved="Progress scores saved")
    return render(
        request,
        "outcomes/assessment_form.html",
        {
            "form": form,
            "person": person,
            "version": version,
            "back": _next(request) or person_page_url(person),
            "next": _next(request),
        },
    )


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def outcome_event_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_id, Capability.EDIT_PERSONAL
    )
    event_types = selectors.event_types_for(person.neighbourhood.programme)
    form = OutcomeEventForm(
        request.POST or None,
        event_types=event_types,
        initial={"date": timezone.localdate(), **draft_restored(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _, first = save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: services.outcome_event_record(
                    person=person,
                    event_type=form.chosen_type(),
                    when=form.cleaned_data["date"],
                    note=form.cleaned_data["note"],
                    actor=Actor.of(request),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, person, first=first, saved=f"Saved: {form.chosen_type().name}")
    return render(
        request,
        "outcomes/outcome_event_form.html",
        {
            "form": form,
            "person": person,
            "back": _next(request) or person_page_url(person),
            "next": _next(request),
        },
    )


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def avoided_service_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_live_person(
        get_scope(request), Actor.of(request), person_id, Capability.EDIT_PERSONAL
    )
    programme = person.neighbourhood.programme
    unit_costs = list(selectors.unit_costs_for(programme))
    form = AvoidedServiceForm(
        request.POST or None,
        unit_costs=unit_costs,
        initial={"date": timezone.localdate(), "quantity": 1, **draft_restored(request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _, first = save_once(
                actor=Actor.of(request),
                key=form.cleaned_data["once"],
                save=lambda: services.avoided_service_record(
                    person=person,
                    unit_cost=form.chosen_cost(),
                    when=form.cleaned_data["date"],
                    quantity=form.cleaned_data["quantity"],
                    confidence=form.cleaned_data["confidence"],
                    agency=form.cleaned_data["agency"],
                    note=form.cleaned_data["note"],
                    actor=Actor.of(request),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = f"Saved: {form.chosen_cost().item} avoided"
            return _done(request, person, first=first, saved=saved)
    return render(
        request,
        "outcomes/avoided_service_form.html",
        {"form": form, "person": person, "back": person_page_url(person)},
    )


@require(Capability.VIEW_AGGREGATES)
def summary(request: HttpRequest) -> HttpResponse:
    """A programme's outcomes for a period: what changed, distance travelled, costs avoided."""
    scope = get_scope(request)
    programmes = selectors.programmes_for_figures(scope.programme_ids(Capability.VIEW_AGGREGATES))
    today = timezone.localdate()
    prices = selectors.prices_in()
    form = SummaryForm(
        request.GET if "programme" in request.GET else _default_period(programmes, today, prices),
        programmes=programmes,
        today=today,
        prices=prices,
    )
    figures = None
    if form.is_valid():
        cleaned = form.cleaned_data
        neighbourhood = cleaned["neighbourhood"]
        f = selectors.OutcomeFilter(
            programme=cleaned["programme"],
            start=cleaned["start"],
            end=cleaned["end"],
            neighbourhood_ids=[neighbourhood.pk] if neighbourhood else None,
        )
        figures = selectors.outcomes_summary(
            f,
            prices=selectors.Prices(cleaned["price_year"], prices.deflators),
            evidenced_only=cleaned["evidenced_only"],
            suppress=scope.sees_aggregates_only(f.programme.pk),
        )
    return render(
        request,
        "outcomes/summary.html",
        {"form": form, "figures": figures, "threshold": disclosure.threshold()},
    )


def _default_period(
    programmes: QuerySet[Programme], today: date, prices: selectors.Prices
) -> dict[str, object] | None:
    """The first programme, the default period (lac.lib.periods), at the latest prices."""
    programme = programmes.first()
    if programme is None:
        return None
    initial = SummaryForm(programmes=programmes, today=today, prices=prices).initial
    return {
        "programme": programme.pk,
        "start": initial["start"],
        "end": initial["end"],
        "price_year": prices.year,
    }


# Corrections: each record can be deleted after a check, and the deletion is audited.
Deletable = Assessment | OutcomeEvent | AvoidedService
DELETABLE: dict[str, tuple[type[Deletable], str, Callable[..., object]]] = {
    "assessment": (Assessment, "assessment", services.assessment_delete),
    "change": (OutcomeEvent, "event", services.outcome_event_delete),
    "service-avoided": (AvoidedService, "record", services.avoided_service_delete),
}


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in DELETABLE:
        raise Http404("No such kind of record")
    model, argument, delete = DELETABLE[kind]
    record = get_in_scope(
        request,
        model.objects.select_related("person__neighbourhood__programme"),
        Capability.EDIT_PERSONAL,
        neighbourhood_field="person__neighbourhood",
        pk=pk,
    )
    assert isinstance(record, Deletable)  # the kind's own model (mypy joins the three to Model)
    person = record.person
    actor = Actor.of(request)
    audit_shown(actor, [person])
    back = reverse("outcomes:person_progress", args=[person.pk])
    if request.method == "POST":
        delete(**{argument: record}, actor=actor)
        messages.success(request, gettext("Deleted: %(record)s") % {"record": record})
        return redirect(back)
    return render(
        request,
        "outcomes/record_delete.html",
        {"record": record, "person": person, "back": back},
    )
