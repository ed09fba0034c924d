from datetime import date

from lac.audit.models import Action, AuditEvent
from lac.people.models import Person
from tests.casework.factories import (
    ConversationFactory,
    GoalFactory,
    IntroductionFactory,
    StepFactory,
    VisionFactory,
)
from tests.people.factories import ConsentFactory, PersonFactory


def details(person, **changes):
    data = {
        "full_name": person.full_name,
        "neighbourhood": person.neighbourhood_id,
        "version": person.version,
    }
    born = changes.pop("date_of_birth", None)
    if born:  # the GOV.UK date input: day, month and year boxes
        year, month, day = born.split("-")
        data.update(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year)
    data.update(changes)
    return data


def test_the_person_page_shows_the_summary_then_each_section(client_for, world):
    person = PersonFactory(
        full_name="Vera Willowherb", neighbourhood=world.north, coordinator=world.alice
    )
    IntroductionFactory(person=person, hopes="To get out more")
    ConversationFactory(person=person, note="Went to the café together")
    VisionFactory(person=person, text="Knowing my neighbours")
    StepFactory(
        goal=GoalFactory(person=person, title="Join the walking group"), description="Find it"
    )
    ConsentFactory(person=person)
    page = client_for("alice").get(f"/people/{person.pk}/").content.decode()
    order = [
        "Vera Willowherb",
        "Summary",
        "Went to the café together",
        "Knowing my neighbours",
        "Join the walking group",
        "<!-- section: connections -->",
        "<!-- section: progress -->",
        "<!-- section: services-avoided -->",
        "Keeping a record of our work together",
        "History",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Log a conversation" in page
    assert "govuk-task-list" in page


def test_looking_at_a_person_is_recorded_with_who_when_and_where_from(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    client_for("alice").get(f"/people/{person.pk}/", REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(person=person, action=Action.READ)
    assert event.user == world.alice
    assert event.ip_address == "203.0.113.9"
    assert event.path == f"/people/{person.pk}/"
    assert event.at is not None


def test_a_person_outside_the_users_patch_is_not_found_and_nothing_is_recorded(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    assert client_for("amir").get(f"/people/{person.pk}/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_manager_sees_the_audit_trail_of_reads_and_changes(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    alice = client_for("alice")
    alice.get(f"/people/{person.pk}/")
    alice.post(f"/people/{person.pk}/edit/", details(person, phone="01332 111222"))
    page = client_for("bob").get(f"/people/{person.pk}/audit/").content.decode()
    assert "Viewed" in page and "Changed" in page
    assert "01332 111222" in page
    assert "Alice" in page


def test_editing_details_saves_and_says_so(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    response = client.post(
        f"/people/{person.pk}/edit/", details(person, postcode="dm1 1ab", email="ada@example.org")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.postcode, person.email, person.version) == ("DM1 1AB", "ada@example.org", 2)
    assert "details saved" in client.get(response["Location"]).content.decode()


def test_a_second_editor_gets_a_clear_message_and_overwrites_nothing(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    opened_by_both = details(person)
    client_for("alice").post(
        f"/people/{person.pk}/edit/", {**opened_by_both, "phone": "01332 000111"}
    )
    response = client_for("bob").post(
        f"/people/{person.pk}/edit/", {**opened_by_both, "phone": "01332 000222"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed these details" in page
    assert 'value="01332 000111"' in page  # the form now shows the saved details
    person.refresh_from_db()
    assert person.phone == "01332 000111"


def test_invalid_details_name_the_field(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    response = client_for("alice").post(
        f"/people/{person.pk}/edit/",
        details(person, full_name="", email="not-an-email", date_of_birth="2999-01-01"),
    )
    page = response.content.decode()
    assert "Enter the person&#x27;s full name" in page
    assert "Enter an email address like name@example.com" in page
    assert "Date of birth must be today or in the past" in page


def test_recording_and_withdrawing_consent(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    client = client_for("alice")
    client.post(
        f"/people/{person.pk}/consent/new/",
        {"topic": "sharing", "method": "written", "given_on": "2026-01-10", "details": "With GP"},
    )
    consent = person.consents.get()
    client.post(
        f"/people/{person.pk}/consent/{consent.pk}/withdraw/", {"withdrawn_on": "2026-02-01"}
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 2, 1)
    assert "Withdrawn" in client.get(f"/people/{person.pk}/").content.decode()


def test_merging_checks_first_then_keeps_every_record(client_for, world):
    keep = PersonFactory(full_name="Rafi Kestrelby", postcode="DM1 1AA", neighbourhood=world.north)
    twin = PersonFactory(
        full_name="Rafi K. Kestrelby", postcode="DM1 1AA", neighbourhood=world.north
    )
    ConversationFactory(person=twin)
    client = client_for("alice")
    choose = client.get(f"/people/{keep.pk}/merge/").content.decode()
    assert "Rafi K. Kestrelby" in choose
    response = client.post(f"/people/{keep.pk}/merge/", {"duplicate": twin.pk})
    assert response["Location"] == f"/people/{keep.pk}/merge/{twin.pk}/"
    check = client.get(response["Location"]).content.decode()
    assert "Check before merging these records" in check
    assert "1 conversations" in check
    assert Person.objects.get(pk=twin.pk).merged_into is None  # nothing changes until confirmed
    client.post(response["Location"])
    assert keep.conversations.count() == 1
    assert client.get(f"/people/{twin.pk}/")["Location"] == f"/people/{keep.pk}/"
