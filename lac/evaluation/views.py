"""Pages for impact maps: list, create (editor or upload), edit, versions, export, run."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext

from lac.accounts.permissions import Capability, get_in_scope, get_scope, require
from lac.audit.actor import Actor
from lac.evaluation import selectors, services
from lac.evaluation.bindings import KINDS, parameter_choices, proxy_choices
from lac.evaluation.fields import FIELD_WORDS
from lac.evaluation.forms import (
    ForecastForm,
    MapEditor,
    NewMapForm,
    PublishForm,
    RunForm,
    UploadForm,
    WithdrawForm,
)
from lac.evaluation.models import BACKGROUND_RUN, ImpactMap, Mode, Run, Status
from lac.jobs.services import QueueFull
from lac.jobs.starters import background_job_start
from lac.people.forms import add_service_errors

SESSION_NEW_MAP = "evaluation_new_map"


def _impact_map(request: HttpRequest, pk: int, capability: Capability) -> ImpactMap:
    return get_in_scope(
        request,
        ImpactMap.objects.select_related("programme", "forecast"),
        capability,
        neighbourhood_field=None,
        programme_field="programme",
        pk=pk,
    )


def _run(request: HttpRequest, pk: int, capability: Capability) -> Run:
    return get_in_scope(
        request,
        Run.objects.select_related("version__impact_map", "programme"),
        capability,
        neighbourhood_field=None,
        programme_field="programme",
        pk=pk,
    )


@require(Capability.VIEW_REPORTS)
def map_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    return render(
        request,
        "evaluation/map_list.html",
        {
            "maps": selectors.impact_maps_for(scope),
            "runs": selectors.runs_for(scope).defer("document", "sensitivity")[:20],
            "can_manage": scope.can(Capability.MANAGE_VALUE),
        },
    )


@require(Capability.MANAGE_VALUE)
def map_new(request: HttpRequest) -> HttpResponse:
    programmes = get_scope(request).programmes(Capability.MANAGE_VALUE)
    form = NewMapForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is None:
            request.session[SESSION_NEW_MAP] = {
                "programme": form.cleaned_data["programme"].pk,
                "mode": form.cleaned_data["mode"],
            }
            return redirect("evaluation:map_new_editor")
        try:
            document = services.document_from_file(upload.name, upload.read())
            impact_map = services.impact_map_create(
                programme=form.cleaned_data["programme"],
                mode=form.cleaned_data["mode"],
                document=document,
                actor=Actor.of(request),
                note=gettext("Uploaded from %(file)s") % {"file": upload.name},
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                gettext("Impact map “%(name)s” saved as version 1") % {"name": impact_map.name},
            )
            return redirect("evaluation:map_detail", pk=impact_map.pk)
    return render(request, "evaluation/map_new.html", {"form": form})


@require(Capability.MANAGE_VALUE)
def map_new_editor(request: HttpRequest) -> HttpResponse:
    chosen: dict[str, Any] = request.session.get(SESSION_NEW_MAP) or {}
    programme = (
        get_scope(request)
        .programmes(Capability.MANAGE_VALUE)
        .filter(pk=chosen.get("programme", 0))  # none chosen: no programme has id 0
        .first()
    )
    if programme is None:
        return redirect("evaluation:map_new")
    editor = MapEditor(
        request.POST or None,
        parameters=parameter_choices(programme),
        proxies=proxy_choices(programme),
    )
    if request.method == "POST" and editor.is_valid():
        try:
            impact_map = services.impact_map_create(
                programme=programme,
                mode=chosen["mode"],
                actor=Actor.of(request),
                **editor.version_fields(),
            )
        except ValidationError as error:
            editor.apply_errors(error)
        else:
            del request.session[SESSION_NEW_MAP]
            messages.success(
                request,
                gettext("Impact map “%(name)s” saved as version 1") % {"name": impact_map.name},
            )
            return redirect("evaluation:map_detail", pk=impact_map.pk)
    return render(
        request,
        "evaluation/map_edit.html",
        {"editor": editor, "programme": programme, "mode": chosen["mode"], "kinds": KINDS.values()},
    )


@require(Capability.VIEW_REPORTS)
def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    impact_map = _impact_map(request, pk, Capability.VIEW_REPORTS)
    version = selectors.latest_version(impact_map)
    return render(
        request,
        "evaluation/map_detail.html",
        {
            "impact_map": impact_map,
            "version": version,
            "bindings": {
                k: KINDS[b["kind"]].describe(b.get("parameter", ""))
                for k, b in version.bindings.items()
            },
            "versions": selectors.versions_of(impact_map),
            "runs": selectors.runs_of(impact_map).defer("document", "sensitivity"),
            "evaluations": impact_map.evaluations.all(),
            "stakeholder_names": {s["id"]: s["name"] for s in version.document["stakeholders"]},
            "range_names": FIELD_WORDS,
            "can_manage": get_scope(request).can(Capability.MANAGE_VALUE, impact_map.programme_id),
        },
    )


@require(Capability.MANAGE_VALUE)
def map_forecast(request: HttpRequest, pk: int) -> HttpResponse:
    impact_map = _impact_map(request, pk, Capability.MANAGE_VALUE)
    if impact_map.mode != Mode.EVALUATIVE:
        raise Http404("Only an evaluative map realises a forecast")
    forecasts = ImpactMap.objects.filter(programme=impact_map.programme, mode=Mode.FORECAST)
    form = ForecastForm(
        request.POST or None, forecasts=forecasts, initial={"forecast": impact_map.forecast_id}
    )
    if request.method == "POST" and form.is_valid():
        services.impact_map_set_forecast(
            impact_map=impact_map, forecast=form.cleaned_data["forecast"], actor=Actor.of(request)
        )
        messages.success(request, gettext("The forecast this map realises is saved"))
        return redirect("evaluation:map_detail", pk=impact_map.pk)
    return render(request, "evaluation/map_forecast.html", {"form": form, "impact_map": impact_map})


@require(Capability.PUBLISH_VALUE)
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, Capability.PUBLISH_VALUE)
    form = PublishForm(request.POST or None)
    if run.status == Status.DRAFT and request.method == "POST" and form.is_valid():
        try:
            services.run_publish(run=run, actor=Actor.of(request), note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("Run %(number)s is published: its report will not change")
                % {"number": run.pk},
            )
            return redirect("reports:sroi", pk=run.pk)
    return render(
        request,
        "evaluation/run_publish.html",
        {"form": form, "run": run, "forecast": selectors.forecast_counterpart(run)},
    )


@require(Capability.PUBLISH_VALUE)
def run_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk, Capability.PUBLISH_VALUE)
    form = WithdrawForm(request.POST or None)
    if run.status == Status.PUBLISHED and request.method == "POST" and form.is_valid():
        services.run_withdraw(run=run, actor=Actor.of(request), reason=form.cleaned_data["reason"])
        messages.success(
            request,
            gettext("Run %(number)s is withdrawn and marked with your reason") % {"number": run.pk},
        )
        return redirect("reports:sroi", pk=run.pk)
    return render(request, "evaluation/run_withdraw.html", {"form": form, "run": run})


@require(Capability.MANAGE_VALUE)
def map_edit(request: HttpRequest, pk: int) -> HttpResponse:
    impact_map = _impact_map(request, pk, Capability.MANAGE_VALUE)
    version = selectors.latest_version(impact_map)
    editor = MapEditor(
        request.POST or None,
        document=version.document,
        bindings=version.bindings,
        parameters=parameter_choices(impact_map.programme),
        proxies=proxy_choices(impact_map.programme),
        annotations=version.annotations,
        engagement=version.engagement,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            saved = services.impact_map_save_version(
                impact_map=impact_map, actor=Actor.of(request), **editor.version_fields()
            )
        except ValidationError as error:
            editor.apply_errors(error)
        else:
            messages.success(
                request, gettext("Saved as version %(number)s") % {"number": saved.number}
            )
            return redirect("evaluation:map_detail", pk=impact_map.pk)
    return render(
        request,
        "evaluation/map_edit.html",
        {
            "editor": editor,
            "impact_map": impact_map,
            "programme": impact_map.programme,
            "mode": impact_map.mode,
            "kinds": KINDS.values(),
        },
    )


@require(Capability.MANAGE_VALUE)
def map_upload(request: HttpRequest, pk: int) -> HttpResponse:
    impact_map = _impact_map(request, pk, Capability.MANAGE_VALUE)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        previous = selectors.latest_version(impact_map)
        try:
            document = services.document_from_file(upload.name, upload.read())
            known = {o["id"] for o in document["outcomes"]}
            saved = services.impact_map_save_version(
                impact_map=impact_map,
                document=document,
                bindings={k: v for k, v in previous.bindings.items() if k in known},
                actor=Actor.of(request),
                note=form.cleaned_data["note"]
                or gettext("Uploaded from %(file)s") % {"file": upload.name},
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request, gettext("Saved as version %(number)s") % {"number": saved.number}
            )
            return redirect("evaluation:map_detail", pk=impact_map.pk)
    return render(request, "evaluation/map_upload.html", {"form": form, "impact_map": impact_map})


@require(Capability.VIEW_REPORTS)
def version_export(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    impact_map = _impact_map(request, pk, Capability.VIEW_REPORTS)
    version = impact_map.versions.filter(number=number).first()
    if version is None or fmt not in services.FORMATS:
        raise Http404("No such version or format")
    content_type, suffix = services.FORMATS[fmt]
    response = HttpResponse(
        services.document_to_file(version.document, fmt), content_type=content_type
    )
    filename = f"{slugify(impact_map.name)}-v{version.number}{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(Capability.MANAGE_VALUE)
def map_run(request: HttpRequest, pk: int) -> HttpResponse:
    impact_map = _impact_map(request, pk, Capability.MANAGE_VALUE)
    version = selectors.latest_version(impact_map)
    form = RunForm(request.POST or None, needs_period=bool(version.bindings))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["background"]:
            try:
                job = background_job_start(
                    BACKGROUND_RUN,
                    programme=impact_map.programme,
                    actor=Actor.of(request),
                    params={
                        "version_id": version.pk,
                        "start": data["start"].isoformat() if data["start"] else None,
                        "end": data["end"].isoformat() if data["end"] else None,
                        "draws": data["draws"],
                        "seed": data["seed"],
                    },
                )
            except QueueFull as full:
                form.add_error(None, str(full))
            else:
                return redirect(job)
        else:
            try:
                run = services.run_create(
                    version=version,
                    start=data["start"],
                    end=data["end"],
                    draws=data["draws"],
                    seed=data["seed"],
                    actor=Actor.of(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, gettext("Run saved: its figures are frozen and can be reproduced")
                )
                return redirect("reports:sroi", pk=run.pk)
    return render(
        request,
        "evaluation/map_run.html",
        {
            "form": form,
            "impact_map": impact_map,
            "version": version,
            "evaluative": impact_map.mode == Mode.EVALUATIVE,
        },
    )
