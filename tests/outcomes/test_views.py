from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.audit.models import AuditEvent
from lac.outcomes.models import Assessment, AvoidedService, OutcomeEvent, OutcomeEventType
from lac.people.models import Person
from tests.outcomes.factories import (
    PersonFactory,
    assess,
    avoided,
    default_version,
    event,
    shared_cost,
    uniform,
)
from tests.permission_matrix import Page, case_id, cases, check

D = date
PERSONAL_VIEWERS = frozenset({"alice", "bob", "lena"})
EDITORS = frozenset({"alice", "bob"})
OUTSIDERS = frozenset({"amir", "charlie"})  # coordinators of other patches: 404, not 403
AGGREGATE_VIEWERS = frozenset({"bob", "lena", "eve", "nina", "root"})


def _north(world) -> int:
    return Person.objects.get(full_name="Nora North").pk


PAGES = [
    Page(
        "progress", lambda w: f"/outcomes/people/{_north(w)}/progress/", PERSONAL_VIEWERS, OUTSIDERS
    ),
    Page(
        "score progress",
        lambda w: f"/outcomes/people/{_north(w)}/assessments/new/",
        EDITORS,
        OUTSIDERS,
    ),
    Page(
        "what changed", lambda w: f"/outcomes/people/{_north(w)}/changes/new/", EDITORS, OUTSIDERS
    ),
    Page(
        "service avoided",
        lambda w: f"/outcomes/people/{_north(w)}/services-avoided/new/",
        EDITORS,
        OUTSIDERS,
    ),
    Page("summary", lambda w: "/outcomes/summary/", AGGREGATE_VIEWERS),
]


@pytest.fixture
def nora(world):
    return PersonFactory(full_name="Nora North", neighbourhood=world.north)


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, nora, page, user):
    check(client, world, page, user)


def test_the_progress_page_shows_the_flower_and_a_table_of_first_and_latest(client_for, nora):
    assess(nora, D(2025, 1, 10), {"money": 1, "home": 3}, kind="first")
    assess(nora, D(2025, 9, 2), {"money": 4, "home": 3})
    response = client_for("alice").get(f"/outcomes/people/{nora.pk}/progress/")
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert '<title id="flower-title">Progress of Nora North</title>' in html
    assert "Money: 1 at first, 4 latest, up 3" in html
    assert "Home: 3 at first, 3 latest, no change" in html
    assert "10 Jan 2025" in html and "2 Sep 2025" in html
    assert AuditEvent.objects.filter(person_id=nora.pk, action="read").exists()


def test_a_coordinator_scores_progress_on_a_phone_quick_form(client_for, nora):
    client = client_for("alice")
    page = client.get(f"/outcomes/people/{nora.pk}/assessments/new/")
    html = page.content.decode()
    assert "1 – I have nobody I can turn to." in html
    assert "Not talked about this time" in html
    domains = {d.key: d.pk for d in default_version().domains.all()}
    response = client.post(
        f"/outcomes/people/{nora.pk}/assessments/new/",
        {
            "date": "2025-05-01",
            "kind": "first",
            f"domain_{domains['money']}": "2",
            f"domain_{domains['people-support']}": "1",
            "note": "Felt good to talk",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(person=nora)
    assert assessment.assessed_by.username == "alice"
    assert {s.domain.key: s.score for s in assessment.scores.all()} == {
        "money": 2,
        "people-support": 1,
    }
    follow = client.get(response["Location"])
    assert "Progress scores saved" in follow.content.decode()


def test_a_form_with_no_scores_says_what_to_do_and_saves_nothing(client_for, nora):
    response = client_for("alice").post(
        f"/outcomes/people/{nora.pk}/assessments/new/", {"date": "2025-05-01", "kind": "first"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Score at least one life area" in html
    assert not Assessment.objects.exists()


def test_a_second_first_assessment_is_explained_on_the_kind_field(client_for, nora):
    assess(nora, D(2025, 1, 10), {"money": 1}, kind="first")
    money = default_version().domains.get(key="money").pk
    response = client_for("alice").post(
        f"/outcomes/people/{nora.pk}/assessments/new/",
        {"date": "2025-05-01", "kind": "first", f"domain_{money}": "3"},
    )
    assert "already has a first assessment" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_a_bad_date_is_named_in_the_error(client_for, nora):
    response = client_for("alice").post(
        f"/outcomes/people/{nora.pk}/changes/new/",
        {"event_type": OutcomeEventType.objects.get(code="joined-group").pk, "date": "2025-02-30"},
    )
    assert "Enter the date as a real date" in response.content.decode()
    assert not OutcomeEvent.objects.exists()


def test_a_coordinator_records_what_changed(client_for, nora):
    joined = OutcomeEventType.objects.get(code="joined-group", programme=None)
    response = client_for("alice").post(
        f"/outcomes/people/{nora.pk}/changes/new/",
        {"event_type": joined.pk, "date": "2025-06-01", "note": "Goes to the Tuesday lunch club"},
    )
    assert response.status_code == 302
    saved = OutcomeEvent.objects.get(person=nora)
    assert (saved.type, saved.date, saved.recorded_by.username) == (joined, D(2025, 6, 1), "alice")


def test_a_coordinator_records_a_service_avoided_valued_from_the_rate_card(client_for, nora):
    client = client_for("alice")
    form = client.get(f"/outcomes/people/{nora.pk}/services-avoided/new/").content.decode()
    assert "A&amp;E attendance (£117 per attendance)" in form
    assert '<optgroup label="Urgent and emergency care">' in form
    response = client.post(
        f"/outcomes/people/{nora.pk}/services-avoided/new/",
        {
            "unit_cost": shared_cost("A&E attendance").pk,
            "quantity": "3",
            "confidence": "evidenced",
            "date": "2025-06-01",
            "agency": "",
        },
    )
    assert response.status_code == 302
    record = AvoidedService.objects.get(person=nora)
    assert (record.quantity, record.agency) == (Decimal("3"), "nhs")


def test_a_service_avoided_with_no_quantity_says_so(client_for, nora):
    response = client_for("alice").post(
        f"/outcomes/people/{nora.pk}/services-avoided/new/",
        {"unit_cost": shared_cost("A&E attendance").pk, "quantity": "0", "date": "2025-06-01"},
    )
    html = response.content.decode()
    assert "How many must be more than 0" in html
    assert "Select how sure we are that it was avoided" in html
    assert not AvoidedService.objects.exists()


def test_the_person_pages_outcome_sections_take_the_same_queries_for_more_records(client_for, nora):
    client = client_for("alice")
    assess(nora, D(2025, 1, 10), uniform(2), kind="first")
    assess(nora, D(2025, 9, 2), uniform(3))
    avoided(nora, "A&E attendance", D(2025, 8, 3))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/outcomes/people/{nora.pk}/progress/")
        return len(captured)

    few = count()
    for day in range(1, 20):
        assess(nora, D(2025, 10, day), uniform(4))
        event(nora, "more-confident", D(2025, 10, day))
        avoided(nora, "GP consultations", D(2025, 10, day))
    assert count() == few


def _population(world):
    today = timezone.localdate()
    for index in range(15):
        person = PersonFactory(neighbourhood=world.north if index % 2 else world.south)
        assess(person, today.replace(day=1, month=1, year=today.year - 1), uniform(2), kind="first")
        assess(person, today, uniform(3 if index % 4 else 2))
        event(person, "joined-group", today)
        avoided(person, "A&E attendance", today, "2", "evidenced" if index % 3 == 0 else "judged")


def test_the_summary_shows_distance_travelled_changes_and_costs_avoided(client_for, world):
    _population(world)
    html = client_for("bob").get("/outcomes/summary/").content.decode()
    assert "Programme A" in html
    assert "15 people scored again in the period" in html
    assert "Wilcoxon signed-rank test on 11 of 15 people" in html
    assert "Joined a community group" in html
    assert "NHS and health" in html
    assert "Evidenced by a professional" in html


def test_the_summary_can_count_only_evidenced_services_avoided(client_for, world):
    _population(world)
    client = client_for("lena")
    all_items = client.get("/outcomes/summary/").content.decode()
    assert "from 15 records" in all_items
    assert "counting every level of confidence" in all_items
    evidenced = client.get(
        "/outcomes/summary/",
        {
            "programme": world.programme.pk,
            "start": "2020-01-01",
            "end": timezone.localdate().isoformat(),
            "price_year": "2014-15",
            "evidenced_only": "on",
        },
    ).content.decode()
    assert "counting only services evidenced by a professional" in evidenced
    assert "About <strong>£1,170</strong> at 2014-15 prices" in evidenced  # 5 x 2 x £117


def test_the_summary_hides_small_numbers(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    event(person, "joined-group", timezone.localdate())
    html = client_for("eve").get("/outcomes/summary/").content.decode()
    assert CELL.format("&lt;5") in html
    assert CELL.format("1") not in html
    assert "shown as “&lt;5”" in html


def test_the_summary_shows_exact_counts_to_a_manager_who_may_see_the_people(client_for, world):
    person = PersonFactory(neighbourhood=world.north)
    event(person, "joined-group", timezone.localdate())
    html = client_for("bob").get("/outcomes/summary/").content.decode()
    assert CELL.format("1") in html
    assert "&lt;5" not in html


CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


def test_the_summary_refuses_a_period_that_ends_before_it_starts(client_for, world):
    html = (
        client_for("bob")
        .get(
            "/outcomes/summary/",
            {
                "programme": world.programme.pk,
                "start": "2025-05-01",
                "end": "2025-01-01",
                "price_year": "2024-25",
            },
        )
        .content.decode()
    )
    assert "The end of the period must be on or after its start" in html


def test_the_summary_does_not_offer_programmes_outside_the_users_view(client_for, world):
    html = (
        client_for("bob")
        .get(
            "/outcomes/summary/",
            {
                "programme": world.other_programme.pk,
                "start": "2025-01-01",
                "end": "2025-05-01",
                "price_year": "2024-25",
            },
        )
        .content.decode()
    )
    assert "Select a programme you can see" in html
    assert "Programme B" not in html


def test_a_review_starts_from_the_latest_scores(client_for, nora):
    assess(nora, D(2025, 1, 10), {"money": 1}, kind="first")
    assess(nora, D(2025, 6, 10), {"money": 3, "home": 4})
    html = client_for("alice").get(f"/outcomes/people/{nora.pk}/assessments/new/").content.decode()
    money = default_version().domains.get(key="money").pk
    assert f'name="domain_{money}" type="radio" value="3" checked' in html
    assert 'value="review" checked' in html


def test_a_mistaken_record_is_deleted_after_a_check_and_the_deletion_is_audited(client_for, nora):
    mistake = event(nora, "joined-group", D(2025, 6, 1))
    client = client_for("alice")
    page = client.get(f"/outcomes/people/{nora.pk}/progress/").content.decode()
    assert f"/outcomes/change/{mistake.pk}/delete/" in page
    check = client.get(f"/outcomes/change/{mistake.pk}/delete/").content.decode()
    assert "Delete this record?" in check and "Joined a community group" in check
    assert OutcomeEvent.objects.exists()
    response = client.post(f"/outcomes/change/{mistake.pk}/delete/")
    assert response.status_code == 302
    assert not OutcomeEvent.objects.exists()
    audit = AuditEvent.objects.get(action="delete")
    assert audit.person_id == nora.pk and audit.user.username == "alice"


def test_a_record_outside_the_users_patch_cannot_be_deleted(client_for, nora):
    assessment = assess(nora, D(2025, 1, 10), {"money": 1}, kind="first")
    record = avoided(nora, "A&E attendance", D(2025, 8, 3))
    for user in ("amir", "charlie"):
        client = client_for(user)
        assert client.post(f"/outcomes/assessment/{assessment.pk}/delete/").status_code == 404
        assert client.post(f"/outcomes/service-avoided/{record.pk}/delete/").status_code == 404
    assert (
        client_for("lena").post(f"/outcomes/assessment/{assessment.pk}/delete/").status_code == 403
    )
    assert Assessment.objects.exists() and AvoidedService.objects.exists()


def test_an_unknown_kind_of_record_is_not_found(client_for, nora):
    assert client_for("alice").get("/outcomes/goal/1/delete/").status_code == 404
