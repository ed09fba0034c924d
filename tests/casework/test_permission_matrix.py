"""Every personal-data page of people and casework, against every role of the cast.

The record belongs to alice's North ward of programme A: alice and her
manager bob may change it; lena the lead may read it; amir (South ward) and
charlie (programme B) get 404 as if it did not exist; the evaluator, the
network viewer and the administrator hold no personal-data capability at all
and get 403.
"""

import pytest

from lac.people.models import Person
from tests.casework.factories import GoalFactory, StepFactory
from tests.conftest import force_login_verified
from tests.people.factories import ConsentFactory, HouseholdFactory, PersonFactory
from tests.permission_matrix import Page, case_id, cases, check

READERS = frozenset({"alice", "bob", "lena"})
EDITORS = frozenset({"alice", "bob"})
OUT_OF_SCOPE = frozenset({"amir", "charlie"})
EVERY_CASEWORKER = frozenset({"alice", "amir", "bob", "lena", "charlie"})
EVERY_EDITOR = frozenset({"alice", "amir", "bob", "charlie"})


def person(w) -> Person:
    return Person.objects.get(full_name="Matrix Person")


def twin() -> Person:
    return Person.objects.get(full_name="Matrix Person Twin")


def read(name, path):
    return Page(name, lambda w: path(person(w)), allowed=READERS, hidden=OUT_OF_SCOPE)


def edit(name, path):
    return Page(name, lambda w: path(person(w)), allowed=EDITORS, hidden=OUT_OF_SCOPE)


PAGES = [
    read("person page", lambda p: f"/people/{p.pk}/"),
    read("all conversations", lambda p: f"/casework/people/{p.pk}/conversations/"),
    read("my good life plan", lambda p: f"/casework/people/{p.pk}/plan/"),
    read("my good life plan as a PDF", lambda p: f"/casework/people/{p.pk}/plan.pdf"),
    Page(
        "audit trail",
        lambda w: f"/people/{person(w).pk}/audit/",
        allowed=frozenset({"bob"}),
    ),
    edit("change details", lambda p: f"/people/{p.pk}/edit/"),
    edit("record consent", lambda p: f"/people/{p.pk}/consent/new/"),
    # A person's answers to the equality questions: the aggregate roles (eve, nina, root)
    # get 403 here and see them only as suppressed counts on the dashboard.
    edit("equality questions", lambda p: f"/people/{p.pk}/equality/"),
    edit(
        "withdraw consent",
        lambda p: f"/people/{p.pk}/consent/{p.consents.get().pk}/withdraw/",
    ),
    edit("merge: choose", lambda p: f"/people/{p.pk}/merge/"),
    edit(
        "merge: check",
        lambda p: f"/people/{p.pk}/merge/{twin().pk}/",
    ),
    Page(
        "start a household",
        lambda w: f"/people/{Person.objects.get(full_name='Matrix Loner').pk}/household/new/",
        allowed=EDITORS,
        hidden=OUT_OF_SCOPE,
    ),
    edit("change household details", lambda p: f"/people/{p.pk}/household/edit/"),
    edit("add to the household", lambda p: f"/people/{p.pk}/household/add/?q=Matrix"),
    edit(
        "remove from the household",
        lambda p: f"/people/{p.pk}/household/remove/{twin().pk}/",
    ),
    edit(
        "new introduction of a known person",
        lambda p: f"/casework/people/{p.pk}/introductions/new/",
    ),
    edit("log a conversation", lambda p: f"/casework/people/{p.pk}/conversations/new/"),
    edit("change level", lambda p: f"/casework/people/{p.pk}/level/"),
    edit("pause, close or reopen", lambda p: f"/casework/people/{p.pk}/status/"),
    edit("next contact date", lambda p: f"/casework/people/{p.pk}/next-contact/"),
    edit("vision of a good life", lambda p: f"/casework/people/{p.pk}/vision/"),
    edit("add a goal", lambda p: f"/casework/people/{p.pk}/goals/new/"),
    edit("record their story", lambda p: f"/stories/people/{p.pk}/new/"),
    Page(
        "a one-time link to their plan",
        lambda w: f"/casework/people/{person(w).pk}/plan/link/",
        allowed=EDITORS,
        hidden=OUT_OF_SCOPE,
        method="post",
    ),
    edit(
        "add a step",
        lambda p: f"/casework/people/{p.pk}/goals/{p.goals.get().pk}/steps/new/",
    ),
    Page("caseload", lambda w: "/casework/", allowed=EVERY_CASEWORKER),
    Page(
        "one coordinator's caseload",
        lambda w: f"/casework/?coordinator={w.alice.pk}",
        allowed=EVERY_CASEWORKER,
    ),
    Page("team", lambda w: "/casework/team/", allowed=frozenset({"bob", "lena"})),
    *(
        Page(
            f"records missing outcomes: {gap}",
            lambda w, gap=gap: f"/casework/team/missing-outcomes/{gap}/?coordinator={w.alice.pk}",
            allowed=frozenset({"bob", "lena"}),
        )
        for gap in ("no_first_assessment", "review_overdue", "closed_without_outcome")
    ),
    Page(
        "lists of people viewed",
        lambda w: "/casework/team/lists-viewed/",
        allowed=frozenset({"bob"}),
    ),
    Page(
        "pass a person to another coordinator",
        lambda w: f"/casework/people/{person(w).pk}/coordinator/",
        allowed=frozenset({"bob"}),
    ),
    Page("pass a caseload on", lambda w: "/casework/team/pass-on/", allowed=frozenset({"bob"})),
    Page("new introduction", lambda w: "/casework/introductions/new/", allowed=EVERY_EDITOR),
    Page(
        "duplicate check",
        lambda w: "/casework/introductions/duplicates/?full_name=Matrix+Person",
        allowed=EVERY_EDITOR,
    ),
]

POSTS = [
    (
        "step done",
        lambda p: f"/casework/people/{p.pk}/steps/{p.goals.get().steps.get().pk}/progress/",
    ),
    ("goal achieved", lambda p: f"/casework/people/{p.pk}/goals/{p.goals.get().pk}/progress/"),
]


@pytest.fixture
def matrix_world(world):
    household = HouseholdFactory(name="The Matrix household", neighbourhood=world.north)
    someone = PersonFactory(
        full_name="Matrix Person",
        neighbourhood=world.north,
        postcode="DE1 1AA",
        household=household,
    )
    PersonFactory(
        full_name="Matrix Person Twin",
        neighbourhood=world.north,
        postcode="DE1 1AA",
        household=household,
    )
    PersonFactory(full_name="Matrix Loner", neighbourhood=world.north)
    ConsentFactory(person=someone)
    StepFactory(goal=GoalFactory(person=someone))
    return world


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, matrix_world, page, user):
    check(client, matrix_world, page, user)


@pytest.mark.parametrize(("name", "url"), POSTS, ids=[n for n, _ in POSTS])
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("alice", 302),
        ("bob", 302),
        ("amir", 404),
        ("charlie", 404),
        ("lena", 403),
        ("eve", 403),
        ("nina", 403),
        ("root", 403),
    ],
)
def test_only_editors_in_scope_can_move_goals_and_steps_along(
    client, matrix_world, name, url, user, expected
):
    force_login_verified(client, matrix_world.user(user))
    response = client.post(url(person(matrix_world)), {"status": "completed"})
    assert response.status_code == expected


HOUSEHOLD_WRITES = [
    ("start a household", "Matrix Loner", "household/new/", {"name": "Ours"}),
    ("change household", "Matrix Person", "household/edit/", {"name": "Ours", "version": 1}),
    ("remove a member", "Matrix Person", "household/remove/{twin}/", {"version": 1}),
]


@pytest.mark.parametrize(
    ("name", "whose", "path", "data"), HOUSEHOLD_WRITES, ids=[w[0] for w in HOUSEHOLD_WRITES]
)
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("alice", 302),
        ("bob", 302),
        ("amir", 404),
        ("charlie", 404),
        ("lena", 403),
        ("eve", 403),
        ("nina", 403),
        ("root", 403),
    ],
)
def test_only_editors_in_scope_can_change_households(
    client, matrix_world, name, whose, path, data, user, expected
):
    force_login_verified(client, matrix_world.user(user))
    subject = Person.objects.get(full_name=whose)
    url = f"/people/{subject.pk}/" + path.format(twin=twin().pk)
    assert client.post(url, data).status_code == expected
    in_households = Person.objects.filter(household__isnull=False).count()
    after_change = {"start a household": 3, "remove a member": 1}.get(name, 2)
    assert in_households == (after_change if expected == 302 else 2)


def test_an_outsider_never_sees_a_name_in_a_list_of_records_missing_outcomes(
    client_for, matrix_world
):
    Person.objects.filter(full_name="Matrix Person").update(
        level=2, coordinator=matrix_world.alice, status_since="2020-01-01"
    )
    url = "/casework/team/missing-outcomes/no_first_assessment/"
    assert "Matrix Person" in client_for("bob").get(url).content.decode()
    other_programme = f"{url}?coordinator={matrix_world.charlie.pk}"
    assert client_for("bob").get(other_programme).status_code == 404


def test_an_outsiders_caseload_and_duplicate_check_reveal_nobody_from_another_programme(
    client_for, matrix_world
):
    client = client_for("charlie")
    assert "Matrix Person" not in client.get("/casework/?status=").content.decode()
    duplicates = client.get("/casework/introductions/duplicates/?full_name=Matrix+Person")
    assert "Matrix Person" not in duplicates.content.decode()


def test_a_teammate_in_another_neighbourhood_does_not_see_the_person_in_lists(
    client_for, matrix_world
):
    html = client_for("amir").get("/casework/?status=").content.decode()
    assert "Matrix Person" not in html
    assert "Matrix Person" in client_for("alice").get("/casework/?status=").content.decode()


@pytest.mark.parametrize("user", ["eve", "nina", "root"])
def test_roles_without_personal_data_never_see_a_name_on_their_home_page(
    client_for, matrix_world, user
):
    html = client_for(user).get("/").content.decode()
    assert "Matrix Person" not in html
