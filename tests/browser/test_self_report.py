"""A person answers ONS4 on a 320 px phone through a one-time link: no sign-in, every page
passing axe; the link then refuses a second use, and another refuses once it has run out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lac.outcomes.models import Assessment
from lac.outcomes.services import defaults_ensure
from lac.selfservice.models import PersonalLink
from tests.a11y.test_axe import AXE, sign_in_as, violations_here
from tests.browser.conftest import assert_fits_width
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


def give_link(page, live_server, person, lasts: str) -> str:
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="Give a link to answer a wellbeing measure").click()
    ons4 = page.get_by_label("ONS personal wellbeing (ONS4)")
    expect(ons4).to_be_visible()
    assert violations_here(page, "measure link") == []
    ons4.check()
    page.get_by_label(lasts, exact=True).check()
    page.get_by_role("button", name="Get the link").click()
    expect(page.get_by_role("heading", name="Link ready")).to_be_visible()
    assert violations_here(page, "link issued") == []
    return page.get_by_label("Link to copy").input_value()


def test_the_person_answers_on_their_phone_once_and_the_link_then_refuses(
    own_phone, coordinator, live_server, transactional_world
):
    defaults_ensure()
    world = transactional_world
    person = PersonFactory(full_name="Iris Moss", neighbourhood=world.north)
    sign_in_as(coordinator, live_server, world.alice, code=False)
    address = give_link(coordinator, live_server, person, "7 days")
    coordinator.screenshot(path="/tmp/lac-measure-link-desktop.png", full_page=True)

    own_phone.goto(address)
    expect(own_phone.get_by_role("heading", name="How you are feeling")).to_be_visible()
    assert_fits_width(own_phone)
    assert violations_here(own_phone, "questions") == []
    own_phone.get_by_role("button", name="Send my answers").click()
    expect(own_phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert violations_here(own_phone, "questions with errors") == []
    own_phone.screenshot(path="/tmp/lac-measure-errors-320.png", full_page=True)
    for question, answer in (
        ("Overall, how satisfied are you with your life nowadays?", "7"),
        ("Overall, to what extent do you feel that the things", "8"),
        ("Overall, how happy did you feel yesterday?", "6"),
        ("Overall, how anxious did you feel yesterday?", "3"),
    ):
        group = own_phone.get_by_role("group", name=question)
        group.get_by_label(answer, exact=True).check()
    own_phone.screenshot(path="/tmp/lac-measure-answers-320.png", full_page=True)
    own_phone.get_by_role("button", name="Send my answers").click()
    expect(own_phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_fits_width(own_phone)
    assert violations_here(own_phone, "thanks") == []
    own_phone.screenshot(path="/tmp/lac-measure-thanks-320.png", full_page=True)
    assessment = Assessment.objects.get(person=person)
    assert assessment.self_reported

    own_phone.goto(address)
    expect(own_phone.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert violations_here(own_phone, "used") == []
    own_phone.screenshot(path="/tmp/lac-link-used-320.png", full_page=True)

    second = give_link(coordinator, live_server, person, "1 day")
    PersonalLink.objects.filter(used__isnull=True).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    own_phone.goto(second)
    expect(own_phone.get_by_role("heading", name="This link has run out")).to_be_visible()
    assert violations_here(own_phone, "expired") == []

    own_phone.goto(f"{live_server.url}/my/made-up/")
    expect(own_phone.get_by_role("heading", name="We do not recognise this link")).to_be_visible()
    assert violations_here(own_phone, "unknown") == []

    coordinator.goto(f"{live_server.url}/people/{person.pk}/")
    wellbeing = coordinator.get_by_role("table").filter(has_text="Answered by Iris Moss")
    expect(wellbeing).to_be_visible()
    expect(wellbeing.get_by_role("row", name="Anxiety (lower is better) 3 Low")).to_be_visible()
    coordinator.screenshot(path="/tmp/lac-person-wellbeing-desktop.png", full_page=True)
