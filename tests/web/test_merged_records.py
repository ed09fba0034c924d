"""One rule for merged people: every page of a merged record leads to the kept record."""

import pytest

from lac.audit.actor import Actor
from lac.people.services import person_merge
from tests.people.factories import PersonFactory


@pytest.fixture
def merged(world):
    kept = PersonFactory(neighbourhood=world.north, full_name="Ada Kept")
    duplicate = PersonFactory(neighbourhood=world.north, full_name="Ada Duplicate")
    person_merge(keep=kept, duplicate=duplicate, actor=Actor(user=world.bob))
    return kept, duplicate


@pytest.mark.parametrize(
    "page",
    [
        "/people/{}/",
        "/people/{}/edit/",
        "/casework/people/{}/conversations/new/",
        "/outcomes/people/{}/progress/",
        "/outcomes/people/{}/assessments/new/",
    ],
)
def test_a_merged_records_page_redirects_to_the_same_page_of_the_kept_record(
    client_for, merged, page
):
    kept, duplicate = merged
    response = client_for("alice").get(page.format(duplicate.pk))
    assert response.status_code == 302
    assert response["Location"] == page.format(kept.pk)
