import pytest

from tests.permission_matrix import Page, case_id, cases, check

EVERYONE = frozenset({"alice", "amir", "bob", "lena", "eve", "nina", "charlie", "root", "ivy"})

PAGES = [
    Page("home", lambda w: "/", allowed=EVERYONE),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    check(client, world, page, user)


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
