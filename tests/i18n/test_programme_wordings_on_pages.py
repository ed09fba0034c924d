"""A programme's own wordings (introduction sources, challenges, closure reasons, life areas,
rate-card items) carry a Welsh one beside the English (``lac.lib.welsh``): every page that
shows them shows the Welsh on a Welsh page, not only the admin and the lists' ``str``.

The pages here once read ``.label`` or ``.name`` straight from the record, so a Welsh
caseload showed "introduced by council department" and a chart of "Life control".
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from lac.casework.models import Challenge, ClosureReason, StatusChange
from lac.people.models import Status
from tests.casework.factories import IntroductionFactory
from tests.outcomes.factories import assess, avoided, uniform
from tests.people.factories import PersonFactory

COUNCIL = ("Council department", "Adran o’r cyngor")
ISOLATION = ("Feeling isolated or lonely", "Teimlo’n ynysig neu’n unig")
MOVED = ("Moved out of the area", "Wedi symud o’r ardal")
LIFE_CONTROL = ("Life control", "Rheolaeth dros fywyd")
SOCIAL_WORKER = ("Social worker intervention", "Ymyrraeth gan weithiwr cymdeithasol")


def in_welsh(client, language: str = "cy"):
    client.cookies["django_language"] = language
    return client


def shows_welsh_not_english(page: str, *pairs: tuple[str, str]) -> None:
    for english, welsh in pairs:
        assert welsh in page or welsh.lower() in page, welsh
        assert english not in page and english.lower() not in page, english


def introduced(world):
    """Someone in Alice's patch introduced by the council, feeling isolated, since closed."""
    person = PersonFactory(full_name="Gwenllian Price", neighbourhood=world.north)
    introduction = IntroductionFactory(person=person)
    introduction.challenges.add(Challenge.objects.get(programme=None, code="isolation"))
    StatusChange.objects.create(
        person=person,
        status=Status.CLOSED,
        date=timezone.localdate(),
        reason=ClosureReason.objects.get(programme=None, code="moved-away"),
    )
    return person


def test_the_new_introduction_form_offers_the_sources_and_challenges_in_welsh(client_for, world):
    page = in_welsh(client_for("alice")).get("/casework/introductions/new/").content.decode()
    shows_welsh_not_english(page, COUNCIL, ISOLATION)


def test_the_change_of_status_form_offers_the_closure_reasons_in_welsh(client_for, world):
    person = PersonFactory(full_name="Gwenllian Price", neighbourhood=world.north)
    client = in_welsh(client_for("alice"))
    page = client.get(f"/casework/people/{person.pk}/status/").content.decode()
    shows_welsh_not_english(page, MOVED)


def test_the_person_page_names_the_source_challenges_and_reason_in_welsh(client_for, world):
    person = introduced(world)
    page = in_welsh(client_for("alice")).get(f"/people/{person.pk}/").content.decode()
    shows_welsh_not_english(page, COUNCIL, ISOLATION, MOVED)
    page = in_welsh(client_for("alice"), "en-gb").get(f"/people/{person.pk}/").content.decode()
    assert "council department" in page  # and in English on an English page


def test_progress_and_services_avoided_name_life_areas_and_costs_in_welsh(client_for, world):
    person = PersonFactory(full_name="Gwenllian Price", neighbourhood=world.north)
    today = timezone.localdate()
    assess(person, today - timedelta(days=60), uniform(2), kind="first")
    assess(person, today - timedelta(days=5), uniform(3))
    avoided(person, SOCIAL_WORKER[0], today - timedelta(days=10))
    client = in_welsh(client_for("alice"))
    for path in (f"/people/{person.pk}/", f"/outcomes/people/{person.pk}/progress/"):
        page = client.get(path).content.decode()
        shows_welsh_not_english(page, LIFE_CONTROL, SOCIAL_WORKER, ("per hour", "yr awr"))


def test_the_team_page_names_who_introduced_in_welsh(client_for, world):
    introduced(world)
    page = in_welsh(client_for("bob")).get("/casework/team/").content.decode()
    shows_welsh_not_english(page, COUNCIL)


def test_the_dashboard_counts_challenges_under_their_welsh_names(client_for, world):
    person = introduced(world)
    person.introductions.update(date=date(2025, 6, 1))
    page = in_welsh(client_for("bob")).get("/reports/dashboard/?year=2025").content.decode()
    shows_welsh_not_english(page, ISOLATION)
