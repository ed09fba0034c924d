"""A person with records in every app, for the subject access and erasure tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.casework.models import Challenge, FollowUp, LevelChange, StatusChange
from lac.community.models import Asset, Connection, Contribution
from lac.disclosures.models import Disclosure, Kind, LegalBasis
from lac.imports.models import ImportedRecord, ImportedRow, ImportJob, ImportWrite
from lac.people.models import Household, Level, Person, Status
from lac.safety.models import (
    Concern,
    ConcernRelease,
    ConcernUpdate,
    FlagReview,
    RiskFlag,
    Visit,
)
from lac.selfservice.models import PersonalLink
from lac.stories.models import Story
from lac.welcome.models import Decision, IncomingIntroduction, Route
from tests.casework.factories import (
    ConversationFactory,
    GoalFactory,
    IntroductionFactory,
    StepFactory,
    VisionFactory,
)
from tests.outcomes.factories import assess, avoided, event, uniform
from tests.people.factories import ConsentFactory

SECRET = "Marigold-Zebedee"
"""A word written into every free-text field, so a test can look for it anywhere."""


@dataclass
class Subject:
    person: Person
    duplicate: Person
    household: Household


def person_with_everything(world, *, name: str = "Zebedee Marigold") -> Subject:
    household = Household.objects.create(
        name=f"The {SECRET} family", neighbourhood=world.north, notes=f"{SECRET} household"
    )
    person = Person.objects.create(
        full_name=name,
        preferred_name="Zeb",
        date_of_birth=date(1950, 3, 4),
        age_band="65_79",
        phone="07700 900123",
        email="zeb@example.org",
        address_line_1=f"1 {SECRET} Road",
        town="Derby",
        postcode="DE1 1AA",
        neighbourhood=world.north,
        primary_category="older_person",
        housing_tenure="social_rented",
        first_language="English",
        communication_needs=f"Large print, {SECRET}",
        household=household,
        level=Level.LEVEL_2,
        status=Status.CLOSED,
        status_since=date(2025, 9, 1),
        coordinator=world.alice,
    )
    duplicate = Person.objects.create(
        full_name="Zebedee Marygold",
        phone="07700 900999",
        neighbourhood=world.north,
        merged_into=person,
        status=Status.CLOSED,
    )
    intro = IntroductionFactory(
        person=person,
        date=date(2025, 5, 1),
        introducer=f"Dr {SECRET}",
        hopes=f"To see my {SECRET} friends",
        import_key="r1:abc",
        source_file="jo.xlsx",
    )
    intro.challenges.set(Challenge.objects.filter(programme=None)[:2])
    ImportedRow.objects.create(
        programme=world.programme,
        import_key="r1:abc",
        introduction=intro,
        values={"name": name, "notes": SECRET},
        source_file="jo.xlsx",
        source_sheet="Sheet1",
        source_row=4,
    )
    ConversationFactory(person=person, date=date(2025, 5, 8), note=f"Talked about {SECRET}")
    ConversationFactory(person=duplicate, date=date(2025, 5, 9), note=f"Duplicate {SECRET}")
    VisionFactory(person=person, text=f"A good life with {SECRET}")
    goal = GoalFactory(person=person, title=f"Join the {SECRET} choir")
    StepFactory(goal=goal, description=f"Ring {SECRET}")
    LevelChange.objects.create(person=person, level=2, date=date(2025, 5, 1), note=SECRET)
    StatusChange.objects.create(person=person, status="closed", date=date(2025, 9, 1), note=SECRET)
    ConsentFactory(person=person, details=f"Agreed, {SECRET}", given_on=date(2025, 5, 1))
    first = assess(person, date(2025, 5, 8), uniform(2), kind="first")
    first.note = SECRET
    first.save()
    assess(person, date(2025, 8, 8), uniform(4), kind="last")
    outcome = event(person, "joined-group", date(2025, 7, 1))
    outcome.note = SECRET
    outcome.save()
    story = Story.objects.create(
        person=person, words=f"{SECRET} changed my life", told_on=date(2025, 7, 3)
    )
    story.outcome_events.add(outcome)
    FollowUp.objects.create(
        person=person,
        closed_on=date(2025, 9, 1),
        state="answered",
        date=date(2026, 3, 2),
        what_changed=f"Back at the {SECRET} allotment",
    )
    service = avoided(person, "A&E attendance", date(2025, 7, 2), "2")
    service.note = SECRET
    service.save()
    asset = Asset.objects.create(programme=world.programme, kind="group", name="Knit and natter")
    Connection.objects.create(
        person=person, date=date(2025, 6, 1), kind="asset", asset=asset, note=SECRET
    )
    Connection.objects.create(
        person=person, date=date(2025, 6, 2), kind="person", described=f"{SECRET} next door"
    )
    Contribution.objects.create(
        person=person,
        kind="volunteering",
        asset=asset,
        hours=Decimal("12.5"),
        started=date(2025, 7, 1),
        description=f"Tea for {SECRET}",
    )
    job = ImportJob.objects.create(
        programme=world.programme,
        file_name="caseload.xlsx",
        stored_path="/nonexistent/caseload.xlsx",
        created_by=world.bob,
    )
    ImportWrite.objects.create(
        job=job,
        kind="changed",
        model="people.person",
        ids=[person.pk],
        person=person,
        before={"level": 1},
    )
    ImportedRecord.objects.create(
        programme=world.programme,
        import_key="caseload.xlsx:1",
        person=person,
        model="casework.introduction",
        object_id=1,
    )
    flag = RiskFlag.objects.create(
        person=person,
        kind="animal",
        details=f"{SECRET}'s dog",
        set_by=world.alice,
        review_by=date(2025, 12, 1),
    )
    FlagReview.objects.create(
        flag=flag, kept=True, note=f"{SECRET} still has the dog", by=world.alice
    )
    Visit.objects.create(
        coordinator=world.alice,
        programme=world.programme,
        person=person,
        place=f"Home visit to {SECRET}",
        started_at=datetime(2025, 6, 1, 10, tzinfo=UTC),
        expected_back=datetime(2025, 6, 1, 11, tzinfo=UTC),
    )
    concern = Concern.objects.create(
        person=person,
        category="financial",
        what_happened=f"{SECRET} said a neighbour keeps their bank card",
        happened_on=date(2025, 6, 1),
        recorded_by=world.alice,
    )
    ConcernUpdate.objects.create(
        concern=concern, kind="reported", reported_to="police", reference=f"{SECRET}-1"
    )
    # Decided to include: the export holds the concerns (withholding is tested in safety).
    ConcernRelease.objects.create(person=person, reason=f"{SECRET} asked for everything")
    PersonalLink.objects.create(
        person=person,
        purpose="measure",
        token_hash="f" * 64,
        expires=datetime(2025, 6, 9, 9, tzinfo=UTC),
        issued_by=world.alice,
    )
    IncomingIntroduction.objects.create(
        programme=world.programme,
        neighbourhood=world.north,
        route=Route.PARTNER,
        introducer_name="Ivy",
        full_name=name,
        phone="07700 900123",
        hopes=f"Hopes, {SECRET}",
        agreed_to_contact=True,
        person=person,
        decision=Decision.WELCOMED,
    )
    Disclosure.objects.create(
        person=person,
        programme=world.programme,
        kind=Kind.SERVICE,
        description=f"Their address, for {SECRET}",
        recipient_name="Derby Fire and Rescue",
        legal_basis=LegalBasis.VITAL_INTERESTS,
        shared_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
        recorded_by=world.alice,
    )
    audit_write(
        obj=person,
        action=Action.UPDATE,
        what=f"Changed {name}'s phone",
        actor=Actor(user=world.alice),
        changes={"phone": ["07700 900000", "07700 900123"]},
    )
    return Subject(person, duplicate, household)
