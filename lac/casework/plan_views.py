"""My good life plan: the page a coordinator prints with the person, and its PDF to hand over."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lac.accounts.permissions import Capability, require
from lac.audit.actor import Actor
from lac.audit.services import audit_read
from lac.casework import services
from lac.casework.good_life_plan import plan_of, plan_pdf
from lac.people.selectors import get_live_person


@require(Capability.VIEW_PERSONAL)
def good_life_plan(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(request, pk, Capability.VIEW_PERSONAL)
    audit_read(request, person, what=f"Viewed {person.full_name}'s good life plan")
    return render(request, "casework/good_life_plan.html", {"plan": plan_of(person)})


@require(Capability.VIEW_PERSONAL)
def good_life_plan_download(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_live_person(request, pk, Capability.VIEW_PERSONAL)
    services.plan_hand_over(actor=Actor.of(request), person=person, medium="PDF")
    response = HttpResponse(plan_pdf(plan_of(person)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-good-life-plan.pdf"'
    return response
