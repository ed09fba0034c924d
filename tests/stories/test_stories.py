"""Stories: kept only with consent, shown and quoted only while that consent stands.

Withdrawing consent takes a story out of every path at once: the person page,
the SROI report page and its board PDF, and the API. Each path is checked.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lac.audit.actor import Actor
from lac.evaluation.models import Mode
from lac.evaluation.services import run_create
from lac.people.erasure import person_erase
from lac.people.models import ConsentTopic
from lac.people.services import consent_withdraw
from lac.people.subject_access import records_about
from lac.reports.pdf import sroi_html
from lac.stories.models import Story
from lac.stories.selectors import ANONYMOUS, quotes, stories_of
from lac.stories.services import NO_CONSENT, NOT_THEIR_CHANGE, story_record
from tests.api.data import bearer, token
from tests.evaluation.factories import derby_document, stored_map
from tests.outcomes.factories import event
from tests.people.factories import ConsentFactory, PersonFactory

WORDS = "I hadn't left the flat in a year. Now I run the Tuesday tea."


def consenting(world, *topics, name="Edith Marram"):
    person = PersonFactory(full_name=name, neighbourhood=world.north)
    for topic in topics or (ConsentTopic.STORIES,):
        ConsentFactory(person=person, topic=topic, given_on=date(2026, 1, 10))
    return person


def told(world, person, words=WORDS, **extra):
    return story_record(
        actor=Actor.working_as(world.alice, job="test"),
        person=person,
        words=words,
        told_on=date(2026, 3, 2),
        **extra,
    )


def withdraw(world, person):
    consent = person.consents.get(topic=ConsentTopic.STORIES, withdrawn_on=None)
    consent_withdraw(
        consent=consent,
        withdrawn_on=date(2026, 4, 1),
        actor=Actor.working_as(world.alice, job="test"),
    )


@pytest.fixture
def run(world):
    impact_map = stored_map(world.programme, mode=Mode.FORECAST, document=derby_document())
    return run_create(
        version=impact_map.versions.get(), start=None, end=None, draws=50, seed=1, actor=Actor()
    )


# --- Recording ------------------------------------------------------------------


def test_a_story_needs_their_consent_to_its_use(world):
    person = consenting(world, ConsentTopic.RECORD_KEEPING)
    with pytest.raises(ValidationError) as refused:
        told(world, person)
    assert refused.value.message_dict == {"words": [NO_CONSENT]}
    assert not Story.objects.exists()


def test_a_story_links_only_their_own_changes(world):
    person = consenting(world)
    someone_else = consenting(world, name="Other Person")
    with pytest.raises(ValidationError) as refused:
        told(world, person, outcome_events=[event(someone_else, "joined-group", date(2026, 2, 1))])
    assert refused.value.message_dict == {"outcome_events": [NOT_THEIR_CHANGE]}


def test_the_coordinator_records_a_story_linked_to_what_changed(client_for, world):
    person = consenting(world)
    joined = event(person, "joined-group", date(2026, 2, 1))
    client = client_for("alice")
    form = client.get(f"/stories/people/{person.pk}/new/").content.decode()
    once = form.split('name="once" value="')[1].split('"')[0]
    response = client.post(
        f"/stories/people/{person.pk}/new/",
        {
            "once": once,
            "words": WORDS,
            "what_changed": "Runs a weekly tea",
            "told_on": "2026-03-02",
            "outcome_events": [joined.pk],
        },
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert list(story.outcome_events.all()) == [joined]
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "Now I run the Tuesday tea." in page
    assert "Runs a weekly tea" in page


def test_the_form_says_so_when_there_is_no_consent_and_refuses_the_story(client_for, world):
    person = consenting(world, ConsentTopic.RECORD_KEEPING)
    client = client_for("alice")
    page = client.get(f"/stories/people/{person.pk}/new/").content.decode()
    assert "has not agreed to their story being used" in page
    once = page.split('name="once" value="')[1].split('"')[0]
    response = client.post(
        f"/stories/people/{person.pk}/new/",
        {"once": once, "words": WORDS, "told_on": "2026-03-02"},
    )
    assert response.status_code == 200
    assert "Record their consent to their story being used" in response.content.decode()
    assert not Story.objects.exists()


# --- Named or not -----------------------------------------------------------------


def test_a_quote_is_anonymous_unless_they_agreed_to_be_named(world):
    told(world, consenting(world, name="Anon Person"), words="Anonymous words")
    named = consenting(world, ConsentTopic.STORIES, ConsentTopic.STORIES_NAMED, name="Named Person")
    told(world, named, words="Named words")
    by_words = {q.words: q.attribution for q in quotes(Story.objects.all())}
    assert by_words == {"Anonymous words": ANONYMOUS, "Named words": "Named Person"}
    hidden = {q.attribution for q in quotes(Story.objects.all(), may_name=False)}
    assert hidden == {ANONYMOUS}


def test_quoting_takes_the_same_queries_however_many_stories(world):
    told(world, consenting(world))
    with CaptureQueriesContext(connection) as few:
        quotes(Story.objects.all())
    for n in range(4):
        person = consenting(world, name=f"More {n}")
        told(world, person, outcome_events=[event(person, "joined-group", date(2026, 2, 1))])
    with CaptureQueriesContext(connection) as many:
        assert len(quotes(Story.objects.all())) == 5
    assert len(many) == len(few)


# --- Withdrawn everywhere -----------------------------------------------------------


def test_withdrawing_consent_takes_the_story_off_the_person_page(client_for, world):
    person = consenting(world)
    told(world, person)
    withdraw(world, person)
    assert stories_of(person).shown == []
    page = client_for("alice").get(f"/people/{person.pk}/").content.decode()
    assert "Tuesday tea" not in page
    assert "1 story is kept but not shown or quoted anywhere" in page


def test_withdrawing_consent_takes_the_story_out_of_the_sroi_report_and_its_pdf(
    client_for, world, run
):
    person = consenting(world)
    told(world, person)
    page = client_for("lena").get(f"/reports/sroi/{run.pk}/").content.decode()
    assert "In people’s own words" in page
    assert "Now I run the Tuesday tea." in page
    assert str(ANONYMOUS) in page
    assert "Now I run the Tuesday tea." in sroi_html(run)
    withdraw(world, person)
    page = client_for("lena").get(f"/reports/sroi/{run.pk}/").content.decode()
    assert "Tuesday tea" not in page
    assert "In people’s own words" not in page
    assert "Tuesday tea" not in sroi_html(run)


def test_withdrawing_consent_takes_the_story_out_of_the_api(client, world):
    person = consenting(world)
    told(world, person, what_changed="Runs a weekly tea")
    raw = token(world.alice)
    items = client.get("/api/stories", **bearer(raw)).json()["items"]
    assert [(i["words"], i["attribution"], i["what_changed"]) for i in items] == [
        (WORDS, ANONYMOUS, "Runs a weekly tea")
    ]
    assert "person_id" not in items[0]
    withdraw(world, person)
    response = client.get("/api/stories", **bearer(raw)).json()
    assert (response["count"], response["items"]) == (0, [])


def test_the_api_shows_no_story_outside_the_users_neighbourhoods(client, world):
    told(world, consenting(world))
    items = client.get("/api/stories", **bearer(token(world.amir))).json()["items"]
    assert items == []


def test_the_changes_a_story_tells_of_and_its_anonymous_quote_read_in_welsh(world):
    person = consenting(world)
    told(world, person, outcome_events=[event(person, "joined-group", date(2026, 2, 1))])
    with translation.override("cy"):
        (quote,) = quotes(Story.objects.all(), may_name=False)
    assert quote.changes == ["Wedi ymuno â grŵp cymunedol"]
    assert quote.attribution.startswith("Rhywun y bu Cydgysylltu Ardaloedd Lleol")


# --- The person's rights ------------------------------------------------------------


def test_their_stories_are_in_their_subject_access_export_even_when_withdrawn(world):
    person = consenting(world)
    told(world, person)
    withdraw(world, person)
    sections = {s.model: s for s in records_about(person)}
    assert len(sections["stories.story"].records) == 1


def test_erasure_blanks_their_story(world):
    person = consenting(world)
    story = told(world, person)
    person_erase(person=person, actor=Actor.working_as(world.bob, job="test"))
    story.refresh_from_db()
    assert "Tuesday tea" not in story.words
    assert quotes(Story.objects.all()) == []
