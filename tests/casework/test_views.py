from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.casework.models import Challenge, ClosureReason, Conversation, IntroductionSource
from lac.people.models import Level, Person, Status
from lac.people.services import person_set_keys
from tests.casework.factories import GoalFactory, IntroductionFactory, StepFactory
from tests.people.factories import PersonFactory


def new_introduction(**extra):
    today = timezone.localdate()
    return {
        "full_name": "Pearl Nettlebed",
        "neighbourhood": "",
        "date": today.isoformat(),
        "source": IntroductionSource.objects.get(code="council").pk,
        "introducer": "Adult social care",
        "hopes": "To get out more",
        "challenges": [Challenge.objects.get(code="isolation").pk],
        "level": "1",
        **extra,
    }


def test_a_coordinator_records_a_new_introduction_on_one_page(client_for, world):
    client = client_for("alice")
    page = client.get("/casework/introductions/new/").content.decode()
    assert "New introduction" in page
    assert f'<option value="{world.north.pk}" selected>' in page  # her only neighbourhood
    response = client.post(
        "/casework/introductions/new/", new_introduction(neighbourhood=world.north.pk)
    )
    person = Person.objects.get(full_name="Pearl Nettlebed")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Introduction of Pearl Nettlebed recorded" in page
    assert "by council department" in page


def test_a_new_introduction_with_errors_names_each_field(client_for, world):
    response = client_for("alice").post(
        "/casework/introductions/new/", new_introduction(full_name="", source="", date="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the person&#x27;s full name" in page
    assert "Select who introduced them" in page
    assert "Enter the date of the introduction" in page
    assert 'href="#id_full_name"' in page
    assert not Person.objects.exists()


def test_a_coordinator_cannot_introduce_someone_into_a_neighbourhood_outside_their_patch(
    client_for, world
):
    response = client_for("alice").post(
        "/casework/introductions/new/", new_introduction(neighbourhood=world.south.pk)
    )
    assert response.status_code == 200
    assert "Select one of the options for neighbourhood" in response.content.decode()
    assert not Person.objects.exists()


def test_possible_duplicates_are_shown_before_saving_and_can_be_overridden(client_for, world):
    PersonFactory(
        full_name="Pearl Nettlebed", date_of_birth=date(1950, 2, 3), neighbourhood=world.north
    )
    client = client_for("alice")
    data = new_introduction(neighbourhood=world.north.pk, date_of_birth="1950-02-03")
    page = client.post("/casework/introductions/new/", data).content.decode()
    assert "1 possible match already recorded" in page
    assert "This is a new person: save" in page
    assert Person.objects.count() == 1
    client.post("/casework/introductions/new/", {**data, "confirmed_new": "1"})
    assert Person.objects.count() == 2


def test_the_inline_duplicate_check_answers_while_typing(client_for, world):
    PersonFactory(full_name="Tariq Dovecote", postcode="DM1 2AB", neighbourhood=world.north)
    client = client_for("alice")
    found = client.get(
        "/casework/introductions/duplicates/",
        {"full_name": "Tariq Dovecote", "postcode": "dm12ab", "date_of_birth": "not a date"},
        HTTP_HX_REQUEST="true",
    )
    assert "Tariq Dovecote" in found.content.decode()
    nothing = client.get("/casework/introductions/duplicates/", {"full_name": "Someone New"})
    assert "possible match" not in nothing.content.decode()


def test_logging_a_conversation_from_the_caseload_takes_one_tap_and_returns_there(
    client_for, world
):
    today = timezone.localdate()
    person = PersonFactory(full_name="Gwen Oakapple", neighbourhood=world.north)
    client = client_for("alice")
    caseload = client.get("/").content.decode()
    link = f"/casework/people/{person.pk}/conversations/new/?next=caseload"
    assert link in caseload
    form = client.get(link).content.decode()
    assert f'value="{today.isoformat()}"' in form  # today by default
    response = client.post(
        link.split("?")[0],
        {
            "date": today.isoformat(),
            "mode": "phone",
            "duration_minutes": "20",
            "note": "Checked in",
            "next_contact_date": (today + timedelta(days=7)).isoformat(),
            "next": "caseload",
        },
    )
    assert response["Location"] == "/"
    assert Conversation.objects.get(person=person).note == "Checked in"


def test_a_conversation_with_bad_input_names_the_fields_and_saves_nothing(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    response = client_for("alice").post(
        f"/casework/people/{person.pk}/conversations/new/",
        {
            "date": today.isoformat(),
            "mode": "",
            "duration_minutes": "half an hour",
            "next_contact_date": (today - timedelta(days=1)).isoformat(),
        },
    )
    page = response.content.decode()
    assert "Select how you met" in page
    assert "Enter how long the conversation took as a number of minutes" in page
    assert "The next contact must be on or after the conversation" in page
    assert not Conversation.objects.exists()


def test_closing_without_a_reason_is_refused_with_a_message_naming_the_reason(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, status_since=today - timedelta(days=5))
    url = f"/casework/people/{person.pk}/status/"
    client = client_for("alice")
    page = client.post(url, {"status": "closed", "date": today.isoformat()}).content.decode()
    assert "Select why the walk together is ending" in page
    reason = ClosureReason.objects.get(code="goals-met").pk
    client.post(url, {"status": "closed", "date": today.isoformat(), "reason": reason})
    person.refresh_from_db()
    assert person.status == Status.CLOSED


def test_changing_level_from_the_person_page(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    client_for("alice").post(
        f"/casework/people/{person.pk}/level/", {"level": "2", "date": today.isoformat()}
    )
    person.refresh_from_db()
    assert person.level == Level.LEVEL_2


def test_a_step_is_ticked_off_in_place_with_htmx(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    step = StepFactory(
        goal=GoalFactory(person=person, title="Join a choir"), description="Find one"
    )
    response = client_for("alice").post(
        f"/casework/people/{person.pk}/steps/{step.pk}/progress/",
        {"status": "completed"},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert f'id="goal-{step.goal_id}"' in fragment
    assert "Completed" in fragment and "<html" not in fragment


def test_the_caseload_lists_overdue_then_this_week_then_later(client_for, world):
    today = timezone.localdate()
    PersonFactory(
        full_name="Later Person",
        neighbourhood=world.north,
        next_contact_date=today + timedelta(days=30),
    )
    PersonFactory(
        full_name="Overdue Person",
        neighbourhood=world.north,
        next_contact_date=today - timedelta(days=3),
    )
    PersonFactory(
        full_name="Soon Person",
        neighbourhood=world.north,
        next_contact_date=today + timedelta(days=2),
    )
    PersonFactory(full_name="Closed Person", neighbourhood=world.north, status=Status.CLOSED)
    page = client_for("alice").get("/").content.decode()
    positions = [page.index(name) for name in ("Overdue Person", "Soon Person", "Later Person")]
    assert positions == sorted(positions)
    assert "Closed Person" not in page
    assert "1 overdue" in page and "1 due this week" in page


def test_the_caseload_filters_by_name_level_and_status(client_for, world):
    PersonFactory(full_name="Iris Gorsebrook", neighbourhood=world.north, level=Level.LEVEL_2)
    PersonFactory(full_name="Jude Hazelmere", neighbourhood=world.north)
    PersonFactory(full_name="Una Closed", neighbourhood=world.north, status=Status.CLOSED)
    client = client_for("alice")
    assert "Jude Hazelmere" not in client.get("/casework/?q=gorse").content.decode()
    level_2 = client.get("/casework/?level=2").content.decode()
    assert "Iris Gorsebrook" in level_2 and "Jude Hazelmere" not in level_2
    assert "Una Closed" in client.get("/casework/?status=closed").content.decode()


def make_people(world, count):
    today = timezone.localdate()
    people = [
        Person(
            full_name=f"Bulk Person {i}",
            neighbourhood=world.north,
            coordinator=world.alice,
            level=1 + i % 2,
            next_contact_date=today + timedelta(days=i % 40 - 10),
        )
        for i in range(count)
    ]
    for person in people:
        person_set_keys(person)
    Person.objects.bulk_create(people)


def caseload_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


def test_the_caseload_takes_the_same_number_of_queries_at_100_and_10_000_people(client_for, world):
    client = client_for("alice")
    make_people(world, 100)
    at_100 = caseload_queries(client)
    make_people(world, 9_900)
    at_10_000 = caseload_queries(client)
    print(f"\nCaseload queries: {at_100} at 100 people, {at_10_000} at 10,000 people")
    assert at_100 == at_10_000


def test_the_home_takes_the_same_number_of_queries_whether_or_not_anyone_is_due_today(
    client_for, world
):
    """The caseload's page and today's contacts read their flags in one query, not one
    query a list (which the benchmark found: 22 queries at 10,000 people, 23 at 100,000,
    where someone happened to be due today)."""
    client = client_for("alice")
    today = timezone.localdate()
    PersonFactory(
        neighbourhood=world.north,
        coordinator=world.alice,
        next_contact_date=today + timedelta(days=3),
    )
    nobody_today = caseload_queries(client)
    PersonFactory(neighbourhood=world.north, coordinator=world.alice, next_contact_date=today)
    someone_today = caseload_queries(client)
    assert nobody_today == someone_today


def test_the_person_page_takes_the_same_number_of_queries_with_more_records(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north)
    IntroductionFactory(person=person)
    StepFactory(goal=GoalFactory(person=person))
    client = client_for("alice")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/people/{person.pk}/").status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        StepFactory(goal=GoalFactory(person=person))
        IntroductionFactory(person=person)
    Conversation.objects.bulk_create(
        Conversation(person=person, date=today, mode="phone") for _ in range(20)
    )
    assert count() == before


def test_the_team_view_shows_each_coordinators_caseload(client_for, world):
    today = timezone.localdate()
    PersonFactory(neighbourhood=world.north, coordinator=world.alice, level=Level.LEVEL_2)
    PersonFactory(
        neighbourhood=world.north,
        coordinator=world.alice,
        next_contact_date=today - timedelta(days=1),
    )
    PersonFactory(neighbourhood=world.south, coordinator=world.amir)
    PersonFactory(neighbourhood=world.elsewhere, coordinator=world.charlie)
    IntroductionFactory(
        person=PersonFactory(full_name="Recently Introduced", neighbourhood=world.south)
    )
    page = client_for("bob").get("/casework/team/").content.decode()
    assert "Alice" in page and "Amir" in page
    assert "Charlie" not in page
    assert "50%" in page  # alice: one of two active people at Level 2
    assert "Recently Introduced" in page


def test_the_next_contact_date_can_be_moved_from_the_summary(client_for, world):
    today = timezone.localdate()
    person = PersonFactory(neighbourhood=world.north, next_contact_date=today)
    client = client_for("alice")
    assert (
        f"/casework/people/{person.pk}/next-contact/"
        in client.get(f"/people/{person.pk}/").content.decode()
    )
    later = today + timedelta(days=10)
    client.post(f"/casework/people/{person.pk}/next-contact/", {"next_contact_date": later})
    person.refresh_from_db()
    assert person.next_contact_date == later
