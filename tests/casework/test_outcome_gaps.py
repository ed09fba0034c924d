"""Records missing outcomes on the team page: what counts as a gap, per coordinator, the list
of people behind each count, and a query count that does not grow with the data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lac.accounts.permissions import scope_for_user
from lac.casework import selectors
from lac.casework.outcome_gaps import GAPS_BY_KEY
from lac.outcomes.models import Assessment, AssessmentKind, OutcomeEvent, OutcomeEventType
from lac.people.models import Level, Person, Status
from tests.outcomes.factories import assess, default_version
from tests.people.factories import PersonFactory


def level_2(world, name, *, since=None, coordinator=None, neighbourhood=None, **extra):
    """A Level 2 person, at that level since ``since`` (400 days ago unless given)."""
    return PersonFactory(
        full_name=name,
        neighbourhood=neighbourhood or world.north,
        coordinator=coordinator or world.alice,
        level=Level.LEVEL_2,
        status_since=since or timezone.localdate() - timedelta(days=400),
        **extra,
    )


def closed(world, name, level, *, days_ago=30):
    today = timezone.localdate()
    return PersonFactory(
        full_name=name,
        neighbourhood=world.north,
        coordinator=world.alice,
        level=level,
        status=Status.CLOSED,
        status_since=today - timedelta(days=days_ago),
    )


def gap_names(world, key, user="bob"):
    today = timezone.localdate()
    scope = scope_for_user(world.user(user))
    people, _ = selectors.people_missing_outcomes(scope, GAPS_BY_KEY[key], today)
    return {p.full_name for p in people}


def any_event_type():
    return OutcomeEventType.objects.filter(programme=None).first()


@pytest.fixture
def gaps_world(world):
    # No first assessment: only the one walked alongside for more than four weeks.
    today = timezone.localdate()
    long_ago = today - timedelta(days=400)
    level_2(world, "Never Assessed")
    level_2(world, "Just Introduced", since=today - timedelta(days=10))
    PersonFactory(full_name="Level One", neighbourhood=world.north, coordinator=world.alice)
    # Review overdue: assessed, but not in the last six months.
    assess(level_2(world, "Stale Review"), today - timedelta(days=200), {}, kind="first")
    fresh = level_2(world, "Fresh Review")
    assess(fresh, today - timedelta(days=300), {}, kind="first")
    assess(fresh, today - timedelta(days=20), {})
    # Closed without an outcome.
    closed(world, "Closed No Last", Level.LEVEL_2)
    assess(closed(world, "Closed With Last", Level.LEVEL_2), today, {}, kind="last")
    closed(world, "Closed Light Touch", Level.LEVEL_1)
    with_event = closed(world, "Closed With Event", Level.LEVEL_1)
    OutcomeEvent.objects.create(person=with_event, type=any_event_type(), date=today)
    closed(world, "Closed Long Ago", Level.LEVEL_2, days_ago=500)
    # Amir's patch, and another programme the manager must not count.
    level_2(world, "South Unassessed", coordinator=world.amir, neighbourhood=world.south)
    PersonFactory(
        full_name="Elsewhere Unassessed",
        neighbourhood=world.elsewhere,
        coordinator=world.charlie,
        level=Level.LEVEL_2,
        status_since=long_ago,
    )
    return world


def test_no_first_assessment_is_level_2_active_for_four_weeks_without_any(gaps_world):
    assert gap_names(gaps_world, "no_first_assessment") == {"Never Assessed", "South Unassessed"}


def test_review_overdue_is_a_latest_assessment_over_six_months_old(gaps_world):
    assert gap_names(gaps_world, "review_overdue") == {"Stale Review"}


def test_closed_without_an_outcome_needs_a_last_assessment_or_for_level_1_an_event(gaps_world):
    assert gap_names(gaps_world, "closed_without_outcome") == {
        "Closed No Last",
        "Closed Light Touch",
    }


def test_the_team_counts_each_coordinators_gaps(gaps_world):
    today = timezone.localdate()
    loads = {
        load.coordinator.username if load.coordinator else None: load
        for load in selectors.team_caseloads(scope_for_user(gaps_world.bob), today)
    }
    assert loads["alice"].gaps == {
        "no_first_assessment": 1,
        "review_overdue": 1,
        "closed_without_outcome": 2,
    }
    assert loads["amir"].gaps["no_first_assessment"] == 1
    assert "charlie" not in loads


def test_the_team_page_explains_the_gaps_and_links_to_the_people(client_for, gaps_world):
    html = client_for("bob").get("/casework/team/").content.decode()
    assert "Records missing outcomes" in html
    assert "no starting point to measure distance travelled from" in html
    link = (
        f"/casework/team/missing-outcomes/closed_without_outcome/?coordinator={gaps_world.alice.pk}"
    )
    assert link in html
    page = client_for("bob").get(link).content.decode()
    assert "Closed No Last" in page and "Closed Light Touch" in page
    closed_no_last = Person.objects.get(full_name="Closed No Last")
    light_touch = Person.objects.get(full_name="Closed Light Touch")
    assert f"/outcomes/people/{closed_no_last.pk}/assessments/new/" in page
    assert f"/outcomes/people/{light_touch.pk}/changes/new/" in page
    assert "Closed With Last" not in page and "Never Assessed" not in page


def test_the_list_for_one_coordinator_leaves_out_the_others(client_for, gaps_world):
    url = f"/casework/team/missing-outcomes/no_first_assessment/?coordinator={gaps_world.amir.pk}"
    page = client_for("lena").get(url).content.decode()
    assert "South Unassessed" in page and "Never Assessed" not in page
    assert "Record an assessment" not in page  # a lead reads, but does not record


def test_people_without_a_current_coordinator_have_their_own_list(client_for, gaps_world):
    level_2(gaps_world, "Nobody Walks With", coordinator=gaps_world.root)  # not a coordinator
    Person.objects.filter(full_name="Never Assessed").update(coordinator=None)
    url = "/casework/team/missing-outcomes/no_first_assessment/?coordinator=none"
    page = client_for("bob").get(url).content.decode()
    assert "Nobody Walks With" in page and "Never Assessed" in page
    assert "South Unassessed" not in page


def test_an_unknown_gap_or_a_coordinator_of_another_programme_is_not_found(client_for, gaps_world):
    client = client_for("bob")
    assert client.get("/casework/team/missing-outcomes/nonsense/").status_code == 404
    url = f"/casework/team/missing-outcomes/review_overdue/?coordinator={gaps_world.charlie.pk}"
    assert client.get(url).status_code == 404


def bulk_people(world, count):
    """Half Level 2 people never assessed, a quarter assessed long ago, a quarter closed."""
    today = timezone.localdate()
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Bulk {i}",
            neighbourhood=world.north if i % 2 else world.south,
            coordinator=world.alice if i % 2 else world.amir,
            level=Level.LEVEL_2,
            status=Status.CLOSED if i % 4 == 3 else Status.ACTIVE,
            status_since=today - timedelta(days=60),
        )
        for i in range(count)
    )
    version = default_version()
    Assessment.objects.bulk_create(
        Assessment(
            person=person,
            version=version,
            date=today - timedelta(days=250),
            kind=AssessmentKind.FIRST,
        )
        for person in people[::4]
    )


@pytest.mark.parametrize(
    "url",
    ["/casework/team/", "/casework/team/missing-outcomes/no_first_assessment/?coordinator=none"],
)
def test_the_team_pages_take_the_same_queries_at_any_size(
    client_for, world, django_assert_max_num_queries, url
):
    client = client_for("bob")
    client.get(url)  # warm the session and the scope's caches
    bulk_people(world, 40)
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    bulk_people(world, 4_000)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert client.get(url).status_code == 200
    print(f"\n{url}: {len(small)} queries at 40 people, {len(large)} at 4,040 people")


def test_the_list_pages_through_long_lists_keeping_the_coordinator(client_for, world):
    bulk_people(world, 240)  # 60 of alice's people lack a first assessment
    url = f"/casework/team/missing-outcomes/no_first_assessment/?coordinator={world.alice.pk}"
    client = client_for("bob")
    first = client.get(url).content.decode()
    current = 'aria-label="Page {}" aria-current="page"'
    assert "60 people" in first and current.format(1) in first
    assert f"?coordinator={world.alice.pk}&amp;page=2" in first
    assert current.format(2) in client.get(f"{url}&page=2").content.decode()
