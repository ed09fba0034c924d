"""Pseudonymised person-level extracts for evaluators.

One row per person supported in the period (introduced, or with a
conversation recorded). No names, contact details, addresses, free text or
exact dates: a pseudonym (HMAC-SHA256 of the person's id keyed with the
extract's secret salt), the neighbourhood, age band, category, housing,
level, status, the month of their first introduction, and counts and scores.
People who withdrew consent to evaluation are left out. Equality answers are left out
too, unless a manager let the evaluator's extracts carry their banded forms
(``lac.reports.banding``).

Each measure is one grouped query over all the people, merged in Python: a
fixed number of queries however many rows there are.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Sum

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.casework.models import Conversation, Introduction
from lac.community.models import Connection, Contribution
from lac.lib.cells import safe_row
from lac.outcomes.models import AvoidedService, DomainScore, OutcomeEvent
from lac.people.models import (
    AgeBand,
    Consent,
    ConsentTopic,
    HousingTenure,
    Level,
    Person,
    PrimaryCategory,
    Status,
)
from lac.reports import banding
from lac.reports.models import Extract

COLUMNS = (
    "pseudonym",
    "neighbourhood",
    "age_band",
    "primary_category",
    "housing_tenure",
    "level",
    "status",
    "first_introduced_month",
    "introduction_source_group",
    "introductions",
    "challenges",
    "conversations",
    "conversation_hours",
    "outcome_events",
    "first_average_score",
    "latest_average_score",
    "services_avoided",
    "connections",
    "contributions",
    "contribution_hours",
)


def columns(extract: Extract) -> tuple[str, ...]:
    """The extract's header: :data:`COLUMNS`, then the banded equality answers if it has them."""
    return COLUMNS + (banding.COLUMNS if extract.equality_bands else ())


def pseudonym(salt: str, person_id: int) -> str:
    """Stable within an extract (and extracts sharing its salt), unlinkable without the salt."""
    digest = hmac.new(bytes.fromhex(salt), str(person_id).encode(), hashlib.sha256).hexdigest()
    return digest[:16]


def people_in(programme: Programme, start: date, end: date) -> QuerySet[Person]:
    withdrew = Exists(
        Consent.objects.filter(
            person=OuterRef("pk"), topic=ConsentTopic.EVALUATION, withdrawn_on__isnull=False
        )
    )
    consents = Exists(
        Consent.objects.filter(
            person=OuterRef("pk"), topic=ConsentTopic.EVALUATION, withdrawn_on__isnull=True
        )
    )
    supported = Exists(
        Conversation.objects.filter(person=OuterRef("pk"), date__gte=start, date__lte=end)
    ) | Exists(Introduction.objects.filter(person=OuterRef("pk"), date__gte=start, date__lte=end))
    return (
        Person.objects.filter(neighbourhood__programme=programme, merged_into__isnull=True)
        .filter(supported)
        .exclude(withdrew & ~consents)
    )


def _by_person(rows: Iterable[Mapping[str, Any]]) -> dict[int, dict[str, Any]]:
    return {r["person"]: {k: v for k, v in r.items() if k != "person"} for r in rows}


def extract_rows(extract: Extract) -> list[list[Any]]:
    start, end = extract.period_start, extract.period_end
    salt = (extract.same_pseudonyms_as or extract).salt
    people = people_in(extract.programme, start, end)
    ids = people.values("pk")
    labels = {
        "age_band": dict(AgeBand.choices),
        "primary_category": dict(PrimaryCategory.choices),
        "housing_tenure": dict(HousingTenure.choices),
        "status": dict(Status.choices),
    }
    intros = _by_person(
        Introduction.objects.filter(person__in=ids, date__lte=end)
        .values("person")
        .annotate(n=Count("pk"), first=Min("date"))
        .order_by()
    )
    first_source = {}
    for person_id, group in (
        Introduction.objects.filter(person__in=ids, date__lte=end)
        .order_by("person", "-date", "-pk")
        .values_list("person", "source__group")
    ):
        first_source[person_id] = group or ""  # the last written is the earliest introduction
    challenges: dict[int, list[str]] = defaultdict(list)
    for person_id, code in (
        Introduction.challenges.through.objects.filter(introduction__person__in=ids)
        .values_list("introduction__person", "challenge__code")
        .distinct()
        .order_by("introduction__person", "challenge__code")
    ):
        challenges[person_id].append(code)
    talks = _by_person(
        Conversation.objects.filter(person__in=ids, date__gte=start, date__lte=end)
        .values("person")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    )
    events = _by_person(
        OutcomeEvent.objects.filter(person__in=ids, date__gte=start, date__lte=end)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    avoided = _by_person(
        AvoidedService.objects.filter(person__in=ids, date__gte=start, date__lte=end)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    connections = _by_person(
        Connection.objects.filter(person__in=ids, date__gte=start, date__lte=end)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    gives = _by_person(
        Contribution.objects.filter(person__in=ids, started__lte=end)
        .values("person")
        .annotate(n=Count("pk"), hours=Sum("hours"))
        .order_by()
    )
    scores = _average_scores(ids, end)
    bands = banding.banded_answers(people) if extract.equality_bands else {}
    rows = []
    for p in (
        people.select_related("neighbourhood")
        .order_by("pk")
        .values(
            "pk",
            "neighbourhood__name",
            "age_band",
            "primary_category",
            "housing_tenure",
            "level",
            "status",
        )
    ):
        pk = p["pk"]
        intro, talk, give = intros.get(pk, {}), talks.get(pk, {}), gives.get(pk, {})
        first_score, latest_score = scores.get(pk, (None, None))
        rows.append(
            [
                pseudonym(salt, pk),
                p["neighbourhood__name"],
                labels["age_band"].get(p["age_band"], ""),
                labels["primary_category"].get(p["primary_category"], ""),
                labels["housing_tenure"].get(p["housing_tenure"], ""),
                Level(p["level"]).label,
                labels["status"].get(p["status"], ""),
                f"{intro['first']:%Y-%m}" if intro.get("first") else "",
                first_source.get(pk, ""),
                intro.get("n", 0),
                " ".join(challenges.get(pk, [])),
                talk.get("n", 0),
                round((talk.get("minutes") or 0) / 60, 1),
                events.get(pk, {}).get("n", 0),
                first_score,
                latest_score,
                avoided.get(pk, {}).get("n", 0),
                connections.get(pk, {}).get("n", 0),
                give.get("n", 0),
                float(give.get("hours") or 0),
                *bands.get(pk, ()),
            ]
        )
    return rows


def _average_scores(ids: QuerySet[Any], end: date) -> dict[int, tuple[float | None, float | None]]:
    """Each person's average score at their first and at their latest assessment (one query)."""
    rows = (
        DomainScore.objects.filter(assessment__person__in=ids, assessment__date__lte=end)
        .values("assessment__person", "assessment_id", "assessment__date")
        .annotate(total=Sum("score"), n=Count("pk"))
        .order_by("assessment__person", "assessment__date", "assessment_id")
    )
    averages: dict[int, list[float]] = defaultdict(list)
    for r in rows:
        averages[r["assessment__person"]].append(round(r["total"] / r["n"], 2))
    return {pid: (a[0], a[-1] if len(a) > 1 else None) for pid, a in averages.items()}


@transaction.atomic
def extract_create(
    *,
    programme: Programme,
    start: date,
    end: date,
    file_format: str,
    actor: Actor,
    same_pseudonyms_as: Extract | None = None,
) -> tuple[Extract, bytes]:
    """Take an extract for whoever acts, audited as an export (on a page or in the
    background alike): with the banded equality answers only if a manager let their
    extracts of the programme carry them."""
    user = actor.user
    extract = Extract.objects.create(
        programme=programme,
        period_start=start,
        period_end=end,
        file_format=file_format,
        created_by=user,
        same_pseudonyms_as=same_pseudonyms_as,
        equality_bands=user is not None and banding.includes_bands(user, programme),
    )
    rows = extract_rows(extract)
    extract.rows = len(rows)
    extract.save(update_fields=["rows"])
    audit_write(
        obj=extract,
        action=Action.EXPORT,
        what=f"Pseudonymised extract of {extract.rows} people",
        actor=actor,
    )
    header = columns(extract)
    return extract, (to_csv(header, rows) if file_format == "csv" else to_xlsx(header, rows))


def to_csv(header: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(map(safe_row, rows))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(header: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
