"""Records for the API tests: a person in North with something in every app, and a run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from lac.accounts.models import Role, User
from lac.api.models import Scope
from lac.api.tokens import api_token_create
from lac.audit.actor import Actor
from lac.community.models import Asset
from lac.evaluation.models import Mode, Run
from lac.evaluation.services import run_create
from lac.people.models import Person
from lac.safety.services import visit_start
from lac.welcome.models import Route
from lac.welcome.services import incoming_submit
from tests.casework.factories import ConversationFactory, IntroductionFactory
from tests.evaluation.factories import stored_map
from tests.factories import UserFactory, grant
from tests.outcomes.factories import assess, event, uniform
from tests.people.factories import PersonFactory

ALL_SCOPES = tuple(Scope.values)


@dataclass
class ApiWorld:
    person: Person
    introduction_id: int
    conversation_id: int
    run: Run
    asset: Asset
    colleague: User
    """A second coordinator in North, to pass people to."""
    incoming_id: int
    """An introduction ivy (an introducer) sent, waiting to be welcomed in North."""
    visit_id: int
    """A lone-working visit nora (the colleague) has under way to the person."""


def api_records(world) -> ApiWorld:
    person = PersonFactory(full_name="Api Person", neighbourhood=world.north)
    introduction = IntroductionFactory(person=person, date=date(2025, 6, 1))
    conversation = ConversationFactory(person=person, date=date(2025, 6, 8))
    assess(person, date(2025, 6, 8), uniform(3), kind="first")
    event(person, "joined-group", date(2025, 7, 1))
    PersonFactory(full_name="South Person", neighbourhood=world.south)
    PersonFactory(full_name="Elsewhere Person", neighbourhood=world.elsewhere)
    asset = Asset.objects.create(programme=world.programme, kind="group", name="Walking group")
    impact_map = stored_map(world.programme, mode=Mode.FORECAST)
    run = run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=50, seed=1, actor=Actor()
    )
    colleague = UserFactory(username="nora", first_name="Nora", last_name="Quill")
    grant(colleague, Role.COORDINATOR, programme=world.programme, neighbourhoods=(world.north,))
    incoming = incoming_submit(
        Actor.working_as(world.ivy, job="test"),
        programme=world.programme,
        route=Route.PARTNER,
        full_name="Incoming Person",
        phone="07700 900123",
        neighbourhood=world.north,
        agreed_to_contact=True,
    )
    visit = visit_start(
        actor=Actor(user=colleague),
        programme=world.programme,
        person=person,
        place="Home visit",
        expected_back=timezone.now() + timedelta(hours=1),
    )
    return ApiWorld(
        person, introduction.pk, conversation.pk, run, asset, colleague, incoming.pk, visit.pk
    )


def token(user, scopes=ALL_SCOPES) -> str:
    return api_token_create(user=user, name="test", scopes=scopes)[1]


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
