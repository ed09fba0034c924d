"""My good life plan: the page a coordinator prints with the person, its PDF to hand over,
and a one-time link the person opens on their own phone."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.permissions import Capability, get_scope, require
from lac.audit.actor import Actor
from lac.audit.services import audit_read
from lac.casework import services
from lac.casework.good_life_plan import plan_of, plan_pdf
from lac.people.selectors import get_live_person
from lac.selfservice.models import PersonalLink
from lac.selfservice.presentation import shown_link
from lac.selfservice.services import personal_link_issue, personal_link_use

PLAN_PURPOSE = "plan"
LINK_LIFE = timedelta(days=7)


@require(Capability.VIEW_PERSONAL)
def good_life_plan(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, Capability.VIEW_PERSONAL)
    audit_read(Actor.of(request), person, what=f"Viewed {person.full_name}'s good life plan")
    can_edit = get_scope(request).can_in_neighbourhood(
        Capability.EDIT_PERSONAL, person.neighbourhood_id
    )
    context = {"plan": plan_of(person), "can_edit": can_edit}
    return render(request, "casework/good_life_plan.html", context)


@require(Capability.VIEW_PERSONAL)
def good_life_plan_download(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(get_scope(request), Actor.of(request), pk, Capability.VIEW_PERSONAL)
    services.plan_hand_over(actor=Actor.of(request), person=person, how="a PDF handed over")
    response = HttpResponse(plan_pdf(plan_of(person)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-good-life-plan.pdf"'
    return response


@require(Capability.EDIT_PERSONAL)
@require_POST
def good_life_plan_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a one-time link to the plan and show it once, to copy or scan."""
    person = get_live_person(get_scope(request), Actor.of(request), pk, Capability.EDIT_PERSONAL)
    issued = personal_link_issue(
        Actor.of(request), person=person, purpose=PLAN_PURPOSE, expires_in=LINK_LIFE
    )
    context = {"person": person, "shown": shown_link(request, issued)}
    return render(request, "casework/good_life_plan_link.html", context)


@require_http_methods(["GET", "POST"])
def plan_by_link(request: HttpRequest, link: PersonalLink) -> HttpResponse:
    """The person's plan through their link (lac.selfservice checked it already).

    Opening the address only shows a button: a messaging app that fetches the
    address to preview it must not spend the link. Pressing it spends the link
    and logs the disclosure in one transaction, then shows the plan.
    """
    if request.method == "GET":
        return render(request, "casework/good_life_plan_open.html", {"link": link})
    with transaction.atomic():
        actor = Actor.of(request)
        personal_link_use(link, actor=actor)
        services.plan_hand_over(
            actor=actor, person=link.person, how="opened through a one-time link"
        )
    plan = plan_of(link.person)
    return render(request, "casework/good_life_plan_person.html", {"plan": plan})
