"""My good life plan: the person's own copy, as a page to print and a PDF to hand over."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lac.casework.good_life_plan import plan_of
from lac.casework.models import ProgressStatus
from lac.community.models import Connection
from lac.disclosures.models import Disclosure
from tests.casework.factories import GoalFactory, StepFactory, VisionFactory
from tests.pdfs import pdf_objects
from tests.people.factories import PersonFactory


def planned_person(world):
    world.alice.first_name, world.alice.last_name = "Alice", "Ash"
    world.alice.email = "alice.ash@council.example"
    world.alice.save()
    person = PersonFactory(
        full_name="Margaret Plover",
        preferred_name="Peggy",
        neighbourhood=world.north,
        coordinator=world.alice,
    )
    VisionFactory(person=person, text="To sing again, with people around me.")
    choir = GoalFactory(person=person, title="Join a choir", status=ProgressStatus.IN_PROGRESS)
    StepFactory(goal=choir, description="Visit the Tuesday choir", status=ProgressStatus.COMPLETED)
    StepFactory(goal=choir, description="Ask about the bus", due_on=date(2026, 6, 1))
    GoalFactory(person=person, title="Move house", status=ProgressStatus.STOPPED)
    Connection.objects.create(
        person=person, kind="person", date=date(2026, 2, 1), described="Jo next door"
    )
    Connection.objects.create(
        person=person, kind="service", date=date(2026, 2, 2), service_name="Citizens Advice"
    )
    return person


def test_the_plan_is_in_the_persons_words_and_leaves_out_goals_they_dropped(world):
    plan = plan_of(planned_person(world))
    assert plan.name == "Peggy"
    assert plan.vision.text == "To sing again, with people around me."
    assert [g.words for g in plan.goals] == ["Join a choir"]
    assert plan.goals[0].progress == "Working on it"
    assert [(s.words, s.progress) for s in plan.goals[0].steps] == [
        ("Visit the Tuesday choir", "Done"),
        ("Ask about the bus", "Not started yet"),
    ]
    assert plan.connections == ["Jo next door", "Citizens Advice"]
    assert (plan.contact.name, plan.contact.email) == ("Alice Ash", "alice.ash@council.example")
    assert plan.contact.neighbourhood == "North"


def test_the_plan_takes_the_same_queries_however_many_goals(world):
    person = planned_person(world)
    plan_of(person)
    with CaptureQueriesContext(connection) as few:
        plan_of(person)
    for n in range(5):
        StepFactory(goal=GoalFactory(person=person, title=f"More {n}"), description="A step")
    with CaptureQueriesContext(connection) as many:
        plan_of(person)
    assert len(many) == len(few)


def test_the_coordinator_sees_the_plan_to_print(client_for, world):
    person = planned_person(world)
    page = client_for("alice").get(f"/casework/people/{person.pk}/plan/").content.decode()
    assert "My good life plan" in page
    assert "To sing again, with people around me." in page
    assert "Ask about the bus (not started yet, by 1 June 2026)" in page
    assert "Move house" not in page
    assert "alice.ash@council.example" in page
    assert f'href="/casework/people/{person.pk}/plan.pdf"' in page


def test_the_person_page_links_to_their_plan(client_for, world):
    person = planned_person(world)
    page = client_for("alice").get(f"/people/{person.pk}/").content.decode()
    assert f'href="/casework/people/{person.pk}/plan/"' in page


def test_handing_over_the_pdf_is_recorded_in_the_trail(client_for, world):
    person = planned_person(world)
    response = client_for("alice").get(f"/casework/people/{person.pk}/plan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.7")
    objects = pdf_objects(response.content)
    assert b"/StructTreeRoot" in objects  # tagged, for screen readers
    assert b"/Lang (en-GB)" in objects
    shared = Disclosure.objects.get(person=person)
    assert shared.description == "My good life plan (a PDF handed over)"
    assert shared.recipient_name == "The person themselves"
    assert shared.recorded_by == world.alice


def issued_link(client, person) -> str:
    page = client.post(f"/casework/people/{person.pk}/plan/link/").content.decode()
    return re.search(r'id="personal-link" type="text" value="http://testserver([^"]+)"', page)[1]


def test_the_person_opens_their_plan_once_through_a_one_time_link(client_for, client, world):
    person = planned_person(world)
    address = issued_link(client_for("alice"), person)
    client.logout()
    start = client.get(address)
    assert "Show my plan" in start.content.decode()
    assert not Disclosure.objects.exists()  # a link preview must not spend it
    plan = client.post(address).content.decode()
    assert "To sing again, with people around me." in plan
    assert "alice.ash@council.example" in plan
    assert "Download as a PDF" not in plan
    shared = Disclosure.objects.get(person=person)
    assert shared.description == "My good life plan (opened through a one-time link)"
    again = client.post(address)
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert Disclosure.objects.count() == 1


def test_a_lead_who_may_only_read_cannot_issue_a_link(client_for, world):
    person = planned_person(world)
    page = client_for("lena").get(f"/casework/people/{person.pk}/plan/").content.decode()
    assert "one-time link" not in page
    assert client_for("lena").post(f"/casework/people/{person.pk}/plan/link/").status_code == 403


def welsh_speaker(world):
    person = planned_person(world)
    person.preferred_language = "cy"
    person.save(update_fields=["preferred_language"])
    return person


def test_a_welsh_speakers_plan_is_in_welsh_inside_the_coordinators_english_page(client_for, world):
    person = welsh_speaker(world)
    page = client_for("alice").get(f"/casework/people/{person.pk}/plan/").content.decode()
    assert "Fy nghynllun bywyd da" in page and 'lang="cy"' in page
    assert "Sut beth yw bywyd da i mi" in page
    assert "Ask about the bus (heb ddechrau eto, erbyn 1 Mehefin 2026)" in page
    assert "Visit the Tuesday choir (wedi’i wneud)" in page
    assert "Download as a PDF" in page  # the coordinator's own words stay in English


def test_a_welsh_speakers_pdf_is_in_welsh(client_for, world):
    person = welsh_speaker(world)
    response = client_for("alice").get(f"/casework/people/{person.pk}/plan.pdf")
    assert b"/Lang (cy)" in pdf_objects(response.content)


def test_a_welsh_speakers_link_opens_in_welsh_and_the_switch_still_chooses(
    client_for, client, world
):
    person = welsh_speaker(world)
    address = issued_link(client_for("alice"), person)
    client.logout()
    start = client.get(address)
    assert "Dangos fy nghynllun" in start.content.decode()
    assert '<html lang="cy"' in start.content.decode()
    assert start["Content-Language"] == "cy"
    client.post("/accounts/language/", {"language": "en-gb", "next": address})
    assert "Show my plan" in client.get(address).content.decode()
    plan = client.post(address).content.decode()
    assert "What a good life looks like to me" in plan


def test_an_english_speakers_link_opens_in_english_whatever_the_browser_asks(
    client_for, client, world
):
    person = planned_person(world)
    address = issued_link(client_for("alice"), person)
    client.logout()
    start = client.get(address, HTTP_ACCEPT_LANGUAGE="cy")
    assert "Show my plan" in start.content.decode()


def test_a_welsh_speakers_spent_link_is_refused_in_welsh(client_for, client, world):
    person = welsh_speaker(world)
    address = issued_link(client_for("alice"), person)
    client.logout()
    client.post(address)
    again = client.get(address)
    assert again.status_code == 410
    assert "Mae'r ddolen hon eisoes wedi'i defnyddio" in again.content.decode()


def test_the_coordinator_is_told_which_language_the_link_opens_in(client_for, world):
    person = welsh_speaker(world)
    page = client_for("alice").post(f"/casework/people/{person.pk}/plan/link/").content.decode()
    assert "It opens in the language recorded for them (Cymraeg)." in page
