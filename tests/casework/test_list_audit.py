"""Viewing a list of people is audited as one event (which list, which filters, how many),
and managers read those events on the team's “lists viewed” page."""

from lac.accounts.models import Role
from lac.audit.models import Action, AuditEvent
from lac.people.models import Level, Person
from tests.casework.test_views import make_people
from tests.conftest import force_login_verified
from tests.factories import UserFactory, grant
from tests.people.factories import PersonFactory


def list_events():
    return list(AuditEvent.objects.filter(action=Action.LIST).order_by("pk"))


def test_a_coordinator_viewing_the_caseload_leaves_one_event_with_filters_and_counts(
    client_for, world
):
    make_people(world, 120)
    client_for("alice").get("/casework/?level=2&q=bulk&page=2")
    (event,) = list_events()
    assert event.user == world.alice and event.what == "Viewed the caseload"
    assert event.programme_id == world.programme.pk and event.person_id is None
    assert event.changes["filters"] == ["", "search “bulk”, Level 2, any status"]
    assert event.changes["people"] == ["", "10 shown of 60"]
    assert event.path == "/casework/?level=2&q=bulk&page=2"


def test_the_home_page_caseload_is_audited_too(client_for, world):
    make_people(world, 3)
    client_for("alice").get("/")
    (event,) = list_events()
    assert event.changes["people"] == ["", "3 shown of 3"]


def test_a_manager_views_one_coordinators_caseload(client_for, world):
    PersonFactory(full_name="Alices Person", neighbourhood=world.north, coordinator=world.alice)
    PersonFactory(full_name="Amirs Person", neighbourhood=world.south, coordinator=world.amir)
    html = client_for("bob").get(f"/casework/?coordinator={world.alice.pk}").content.decode()
    assert "Alice’s caseload" in html
    assert "Alices Person" in html and "Amirs Person" not in html
    (event,) = list_events()
    assert event.what == "Viewed Alice’s caseload"
    assert "coordinator Alice" in event.changes["filters"][1]


def test_the_team_page_links_each_coordinator_to_their_caseload(client_for, world):
    PersonFactory(neighbourhood=world.north, coordinator=world.alice)
    html = client_for("bob").get("/casework/team/").content.decode()
    assert f"/casework/?coordinator={world.alice.pk}" in html
    assert list_events()[0].object_type == "casework.team"


def test_a_coordinator_filter_never_shows_anyone_outside_the_viewers_patch(client_for, world):
    PersonFactory(full_name="Amirs Person", neighbourhood=world.south, coordinator=world.amir)
    html = client_for("alice").get(f"/casework/?coordinator={world.amir.pk}").content.decode()
    assert "Amirs Person" not in html


def test_a_manager_reads_who_viewed_which_list(client_for, world):
    make_people(world, 5)
    client_for("alice").get("/casework/?level=1")
    client_for("amir").get("/casework/")
    client = client_for("bob")
    html = client.get("/casework/team/lists-viewed/").content.decode()
    assert "Alice</td>" in html and "Amir</td>" in html
    assert "Level 1, status active" in html and "3 shown of 3" in html
    only_alice = client.get(f"/casework/team/lists-viewed/?user={world.alice.pk}").content.decode()
    assert "Level 1, status active" in only_alice and "Amir</td>" not in only_alice
    assert "Who has viewed lists of people" in client.get("/casework/team/").content.decode()


def test_another_programmes_manager_sees_none_of_these_list_views(client_for, world, client):
    client_for("alice").get("/casework/")
    other_manager = UserFactory(username="olga")
    grant(other_manager, Role.MANAGER, programme=world.other_programme)
    force_login_verified(client, other_manager)
    html = client.get("/casework/team/lists-viewed/").content.decode()
    assert "No lists viewed yet" in html


def test_the_missing_outcomes_list_is_audited_with_its_gap_and_coordinator(client_for, world):
    Person.objects.create(
        full_name="Never Assessed",
        neighbourhood=world.north,
        coordinator=world.alice,
        level=Level.LEVEL_2,
    )
    url = f"/casework/team/missing-outcomes/no_first_assessment/?coordinator={world.alice.pk}"
    assert "Never Assessed" in client_for("bob").get(url).content.decode()
    (event,) = list_events()
    assert event.what == "Viewed records missing outcomes: no first assessment"
    assert event.changes == {"filters": ["", "coordinator Alice"], "people": ["", "1 shown of 1"]}
