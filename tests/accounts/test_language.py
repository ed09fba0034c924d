"""English or Cymraeg: the switch in the header, a user's saved preference, and lang attributes."""

from __future__ import annotations

import pytest
from django.test import Client

from lac.accounts.language import user_language_set
from tests.conftest import force_login_verified


def switch(client, language: str, next_page: str):
    return client.post("/accounts/language/", {"language": language, "next": next_page})


def test_the_sign_in_page_offers_cymraeg_and_speaks_it_once_chosen(client, db):
    page = client.get("/accounts/sign-in/").content.decode()
    assert '<html lang="en-GB"' in page and 'lang="cy">Cymraeg</button>' in page
    response = switch(client, "cy", "/accounts/sign-in/")
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/"
    page = client.get("/accounts/sign-in/").content.decode()
    assert '<html lang="cy"' in page
    assert "Cydgysylltu Ardaloedd Lleol" in page and "Mewngofnodi" in page
    assert 'lang="en-GB">English</button>' in page


def test_the_switch_returns_only_to_pages_on_this_site(client, db):
    response = switch(client, "cy", "https://elsewhere.example/")
    assert response["Location"] == "/"


def test_a_signed_in_users_choice_is_saved_and_follows_them_to_another_browser(world):
    alice = world.user("alice")
    first = Client()
    force_login_verified(first, alice)
    switch(first, "cy", "/")
    alice.refresh_from_db()
    assert alice.preferred_language == "cy"
    elsewhere = Client()  # no language cookie, an English browser
    force_login_verified(elsewhere, alice)
    page = elsewhere.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<html lang="cy"' in page and "Hafan" in page and "Allgofnodi" in page


def test_an_unknown_language_changes_nothing(world):
    alice = world.user("alice")
    client = Client()
    force_login_verified(client, alice)
    switch(client, "fr", "/")
    alice.refresh_from_db()
    assert alice.preferred_language == ""
    with pytest.raises(ValueError, match="language: 'fr'"):
        user_language_set(user=alice, language="fr")


def test_a_welsh_form_error_says_so_in_welsh(client, db):
    switch(client, "cy", "/accounts/sign-in/")
    page = client.post("/accounts/sign-in/", {"username": "", "password": ""}).content.decode()
    assert "Mae problem wedi codi" in page and "Gwall:" in page


def _chain(code: str) -> list[object]:
    from django.utils.translation import trans_real

    found, node = [], trans_real.translation(code)
    while node is not None:
        found.append(node)
        node = getattr(node, "_fallback", None)
    return found


def test_an_untranslated_string_is_not_looked_up_in_empty_catalogues():
    """Every English string on an English page is a miss: it walked six catalogues that
    hold only their header, hundreds of times a page (lac.accounts.language)."""
    for code in ("en-gb", "cy"):
        for catalogue in _chain(code)[1:]:
            entries = getattr(catalogue, "_catalog", None)
            assert not (type(entries) is dict and set(entries) <= {""}), (code, catalogue)


def test_strings_translate_as_before_the_empty_catalogues_went():
    from django.utils import translation

    with translation.override("cy"):
        assert translation.gettext("Start a visit") == "Dechrau ymweliad"
        assert translation.ngettext("%(count)s person", "%(count)s people", 2) == "%(count)s o bobl"
        assert translation.gettext("No such words in lac") == "No such words in lac"
    with translation.override("en-gb"):
        assert translation.gettext("Start a visit") == "Start a visit"
        assert translation.ngettext("%(count)s person", "%(count)s people", 1) == "%(count)s person"
