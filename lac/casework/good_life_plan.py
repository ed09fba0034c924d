"""My good life plan: the person's own copy of their vision, goals, steps and connections.

It is written for the person, not about them: their own words first (the
vision and goals as they said them), plain language, and who to contact. One
selector (:func:`plan_of`) builds it, so the page a coordinator prints, the
PDF they hand over and any link the person opens show the same plan. Goals
the person no longer wants are left out: the plan is what they are working
towards, and the record keeps the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lac.accounts.language import SWITCH, Language
from lac.casework.models import Goal, ProgressStatus, Step, Vision
from lac.community.models import Connection, ConnectionKind
from lac.people.language import language_of, speaking_to
from lac.people.models import Person

#: How a goal or step stands, said to the person rather than about them (in their
#: language: the words are translated when the plan is rendered, not when it is built).
PROGRESS_WORDS = {
    ProgressStatus.NOT_STARTED: _("Not started yet"),
    ProgressStatus.IN_PROGRESS: _("Working on it"),
    ProgressStatus.COMPLETED: _("Done"),
}


@dataclass(frozen=True)
class PlanStep:
    words: str
    progress: StrOrPromise
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class PlanGoal:
    words: str
    progress: StrOrPromise
    steps: list[PlanStep]


@dataclass(frozen=True)
class Contact:
    """Who the person can get in touch with about their plan."""

    name: str
    email: str
    neighbourhood: str
    programme: str


@dataclass(frozen=True)
class GoodLifePlan:
    person: Person
    name: str
    """What the plan calls the person: the name they like to be called."""
    vision: Vision | None
    goals: list[PlanGoal]
    connections: list[StrOrPromise]
    contact: Contact
    prepared_on: date
    language: Language
    """The language the person chose: the plan is written in it, whoever prints it."""


def connection_words(connection: Connection) -> StrOrPromise:
    """A connection as the person would say it: the group, the person, or the service."""
    if connection.kind == ConnectionKind.ASSET and connection.asset is not None:
        return connection.asset.name
    if connection.kind == ConnectionKind.SERVICE:
        return connection.service_name or _("A service")
    return connection.described or connection.get_relationship_display() or _("Someone new")


def _goals(person: Person) -> list[PlanGoal]:
    goals = (
        Goal.objects.filter(person=person)
        .exclude(status=ProgressStatus.STOPPED)
        .order_by("set_on", "pk")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.exclude(status=ProgressStatus.STOPPED).order_by("pk"),
            )
        )
    )
    return [
        PlanGoal(
            goal.title,
            PROGRESS_WORDS[ProgressStatus(goal.status)],
            [
                PlanStep(
                    step.description,
                    PROGRESS_WORDS[ProgressStatus(step.status)],
                    step.due_on,
                    step.status == ProgressStatus.COMPLETED,
                )
                for step in goal.steps.all()
            ],
        )
        for goal in goals
    ]


def plan_of(person: Person) -> GoodLifePlan:
    """The person's plan as it stands today, in a fixed number of queries."""
    connections = (
        Connection.objects.filter(person=person).select_related("asset").order_by("date", "pk")
    )
    coordinator = person.coordinator
    neighbourhood = person.neighbourhood
    return GoodLifePlan(
        person=person,
        name=person.preferred_name or person.full_name,
        vision=Vision.objects.filter(person=person).first(),
        goals=_goals(person),
        connections=list(dict.fromkeys(connection_words(c) for c in connections)),
        contact=Contact(
            name=coordinator.get_full_name() or coordinator.get_username() if coordinator else "",
            email=coordinator.email if coordinator else "",
            neighbourhood=neighbourhood.name,
            programme=neighbourhood.programme.name,
        ),
        prepared_on=timezone.localdate(),
        language=next(lang for lang in SWITCH if lang.code == language_of(person)),
    )


def plan_pdf(plan: GoodLifePlan) -> bytes:
    """The plan as a tagged PDF (PDF/UA), so a screen reader reads it in order."""
    # Imported here: WeasyPrint loads Pango, which only the PDF needs.
    from weasyprint import HTML

    with speaking_to(plan.person):
        html = render_to_string("casework/good_life_plan_pdf.html", {"plan": plan})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
