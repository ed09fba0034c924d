def test_a_coordinators_home_is_their_caseload_in_their_neighbourhood(client_for, world):
    html = client_for("alice").get("/").content.decode()
    assert "Caseload" in html
    assert "North" in html
    assert "South" not in html


def test_a_manager_sees_their_programme_as_a_team(client_for, world):
    html = client_for("bob").get("/").content.decode()
    assert "Your team" in html
    assert "Programme A" in html
    assert "Programme B" not in html


def test_a_network_viewer_sees_every_programme_and_no_names(client_for, world):
    html = client_for("nina").get("/").content.decode()
    assert "Programmes you can report on" in html
    assert "Programme A" in html and "Programme B" in html


def test_an_administrator_is_offered_administration(client_for, world):
    html = client_for("root").get("/").content.decode()
    assert "Manage users, programmes and neighbourhoods" in html


def test_the_page_shell_has_a_skip_link_navigation_and_sign_out(client_for, world):
    html = client_for("alice").get("/").content.decode()
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "Sign out" in html
    assert 'lang="en-GB"' in html


def test_the_home_page_takes_the_same_number_of_queries_with_more_programmes(
    client_for, world, django_assert_num_queries
):
    from tests.factories import NeighbourhoodFactory, ProgrammeFactory

    client = client_for("nina")
    client.get("/")  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get("/")
    for _ in range(5):
        NeighbourhoodFactory(programme=ProgrammeFactory(network=world.network))
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after.captured_queries) == len(before.captured_queries)
