"""Pages: the public "introduce yourself or someone you know" page, an introducer's own
introductions and news, and a coordinator welcoming or declining an introduction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from lac.accounts import throttling
from lac.accounts.models import Membership, Programme, Role
from lac.accounts.permissions import Capability, get_scope, require, signed_in_user
from lac.audit.actor import Actor
from lac.audit.services import audit_shown
from lac.casework.selectors import sources_for
from lac.people.forms import add_service_errors
from lac.welcome import fhir, forms, link_views, selectors, services
from lac.welcome.models import Decision, NewsKind, Route
from lac.welcome.pdf import news_pdf_bytes
from lac.welcome.presentation import sections, welcomed_sentence

#: Sends of the public form allowed from one address (django-ratelimit's rate syntax).
PUBLIC_RATE = "10/h"


def _client(group: str, request: HttpRequest) -> str:
    """The address to count sends by: the sign-in throttle's, so the two agree."""
    return throttling.client_ip(request) or "unknown"


@ratelimit(key=_client, rate=PUBLIC_RATE, method="POST", block=False)
@require_http_methods(["GET", "POST"])
def introduce(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: no sign-in, plain English, throttled and robot-proof."""
    programme = get_object_or_404(Programme, slug=slug)
    form = forms.PublicIntroductionForm(
        request.POST or None, neighbourhoods=programme.neighbourhoods.all()
    )
    if request.method == "POST":
        if getattr(request, "limited", False):
            return render(request, "welcome/throttled.html", status=429)
        if form.is_robot():
            return redirect("welcome:thanks", slug=slug)  # tell a robot nothing
        if form.is_valid():
            try:
                services.incoming_submit(
                    Actor.of(request),
                    programme=programme,
                    language=translation.get_language(),
                    **form.introducer(),
                    **form.person(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("welcome:thanks", slug=slug)
    return render(request, "welcome/introduce.html", {"form": form, "programme": programme})


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    return render(request, "welcome/thanks.html", {"programme": programme})


# --- Introducers -------------------------------------------------------------


def _introducer_programmes(request: HttpRequest) -> list[Programme]:
    return [
        m.programme
        for m in Membership.objects.filter(user=signed_in_user(request), role=Role.INTRODUCER)
        .select_related("programme")
        .order_by("programme__name")
        if m.programme is not None
    ]


@require(Capability.INTRODUCE)
def partner_home(request: HttpRequest) -> HttpResponse:
    """The introducer's own introductions, and what came back about each."""
    context = {
        "introductions": selectors.introductions_made_by(get_scope(request)),
        "programmes": _introducer_programmes(request),
    }
    return render(request, "welcome/partner_home.html", context)


@require(Capability.INTRODUCE)
@require_http_methods(["GET", "POST"])
def partner_new(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.filter(
            pk__in=sorted(get_scope(request).programme_ids(Capability.INTRODUCE))
        ),
        slug=slug,
    )
    form = forms.PartnerIntroductionForm(
        request.POST or None, neighbourhoods=programme.neighbourhoods.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            incoming = services.incoming_submit(
                Actor.of(request), programme=programme, route=Route.PARTNER, **form.person()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("Introduction of %(name)s sent") % {"name": incoming.full_name},
            )
            return redirect("welcome:partner_detail", pk=incoming.pk)
    context = {
        "form": form,
        "title": gettext("Introduce someone"),
        "caption": programme.name,
        "button": gettext("Send the introduction"),
        "cancel_url": "/welcome/partners/",
    }
    return render(request, "welcome/form_page.html", context)


@require(Capability.INTRODUCE)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = selectors.introduction_made_by(get_scope(request), pk)
    news = [(item, sections(item)) for item in incoming.news.all()]
    return render(request, "welcome/partner_detail.html", {"incoming": incoming, "news": news})


@require(Capability.INTRODUCE)
def news_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    news = selectors.news_of(get_scope(request), pk)
    response = HttpResponse(news_pdf_bytes(news), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="news-{news.pk}.pdf"'
    return response


@require(Capability.INTRODUCE)
def news_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    news = selectors.news_of(get_scope(request), pk)
    response = HttpResponse(fhir.news_json(news), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="news-{news.pk}.fhir.json"'
    return response


# --- Coordinators --------------------------------------------------------------


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, pk: int) -> HttpResponse:
    """One introduction to welcome: its details, who it may already be, and the decision."""
    scope = get_scope(request)
    incoming = selectors.incoming_to_decide(scope, pk)
    if incoming.decision != Decision.WAITING:
        return redirect("welcome:news", pk=pk) if incoming.person_id else redirect("home")
    matches = selectors.people_it_may_be(scope, incoming)
    actor = Actor.of(request)
    audit_shown(actor, matches)
    form = forms.WelcomeForm(
        request.POST or None,
        matches=matches,
        neighbourhoods=scope.neighbourhoods(Capability.EDIT_PERSONAL).filter(
            programme=incoming.programme_id
        ),
        sources=sources_for([incoming.programme_id]),
        initial={"neighbourhood": incoming.neighbourhood_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.incoming_accept(
                actor,
                incoming,
                known=form.known_person(),
                neighbourhood=form.cleaned_data["neighbourhood"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("%(name)s welcomed") % {"name": incoming.full_name})
            return redirect("welcome:news", pk=pk)
    context = {"incoming": incoming, "form": form, "matches": matches}
    return render(request, "welcome/welcome.html", context)


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = selectors.incoming_to_decide(get_scope(request), pk)
    form = forms.DeclineForm(request.POST or None, social_prescribing=incoming.social_prescribing)
    if request.method == "POST" and form.is_valid():
        try:
            services.incoming_decline(Actor.of(request), incoming, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Introduction declined; the introducer can see why"))
            return redirect("home")
    context = {
        "form": form,
        "title": gettext("Decline the introduction of %(name)s") % {"name": incoming.full_name},
        "button": gettext("Decline"),
        "cancel_url": f"/welcome/{pk}/",
    }
    return render(request, "welcome/form_page.html", context)


@require(Capability.EDIT_PERSONAL)
@require_http_methods(["GET", "POST"])
def news(request: HttpRequest, pk: int) -> HttpResponse:
    """News back to the introducer: a welcome, then a summary, each on the person's consent."""
    incoming = selectors.incoming_to_decide(get_scope(request), pk)
    form = forms.SummaryForm(request.POST or None)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if kind == NewsKind.ACKNOWLEDGEMENT:
                sent = services.news_send(Actor.of(request), incoming, kind=kind)
            elif form.is_valid():
                sent = services.news_send(
                    Actor.of(request), incoming, kind=NewsKind.SUMMARY, **form.cleaned_data
                )
            else:
                raise ValidationError(form.errors.as_data())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error(None, error)
        else:
            if incoming.route == Route.SELF:  # no account: they read it through a link
                return link_views.link_page(request, sent)
            messages.success(request, gettext("News sent to the introducer"))
            return redirect("welcome:news", pk=pk)
    person = incoming.person
    context = {
        "incoming": incoming,
        "form": form,
        "consent": services.news_consent(person) if person is not None else None,
        "sent": [(item, sections(item)) for item in incoming.news.select_related("recorded_by")],
        "welcomed_example": welcomed_sentence,
    }
    page = "welcome/news_self.html" if incoming.route == Route.SELF else "welcome/news.html"
    return render(request, page, context)
