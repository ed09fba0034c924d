"""The asset picker on a 320 px phone: type "cafe", tell the two Café Connects apart,
pick the one in the person's neighbourhood, save; axe finds nothing with the list open.
Without JavaScript the same field is a select grouped by neighbourhood."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from lac.community.models import Connection
from tests.browser.conftest import PHONE, assert_fits_width, sign_in
from tests.community.factories import AssetFactory, make_person
from tests.conftest import PASSWORD
from tests.required import missing

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LABEL = "Group, place, organisation or service"


@pytest.fixture
def picker(transactional_world):
    world = transactional_world
    world.person = make_person(world.north, "Dora Demo")
    world.north_cafe = AssetFactory(
        programme=world.programme,
        name="Café Connect",
        neighbourhoods=[world.north],
        address_1="1 Mill Road",
        postcode="DM1 1AA",
    )
    world.south_cafe = AssetFactory(
        programme=world.programme,
        name="Café Connect",
        neighbourhoods=[world.south],
        address_1="9 Quay Street",
        postcode="DM2 1WJ",
    )
    for n in range(40):
        AssetFactory(programme=world.programme, name=f"Group {n}", neighbourhoods=[world.south])
    return world


@pytest.fixture
def phone_with_axe(browser):
    if not AXE.exists():
        missing("axe-core", "npm ci")
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    assert result["passes"], "axe ran no rules"
    return [
        f"{v['id']}: {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def test_typing_cafe_on_a_phone_finds_both_and_saves_the_local_one(
    phone_with_axe, live_server, picker
):
    page = phone_with_axe
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/community/people/{picker.person.pk}/connections/add/")
    box = page.get_by_role("combobox", name=LABEL)
    box.fill("cafe")
    page.locator("#id_asset__listbox .lac-picker__name").first.wait_for()
    options = page.locator("#id_asset__listbox").get_by_role("option")
    texts = options.all_inner_texts()
    assert len(texts) == 2
    assert "North" in texts[0] and "1 Mill Road, DM1 1AA" in texts[0]
    assert "South" in texts[1] and "9 Quay Street, DM2 1WJ" in texts[1]
    assert_fits_width(page)
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/lac-asset-picker-320.png", full_page=True)
    box.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert box.input_value() == "Café Connect (North)"
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert Connection.objects.get(person=picker.person).asset == picker.north_cafe


def test_typing_over_a_choice_clears_it(phone_with_axe, live_server, picker):
    page = phone_with_axe
    sign_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/community/people/{picker.person.pk}/connections/add/")
    box = page.get_by_role("combobox", name=LABEL)
    box.fill("quay")
    found = page.locator("#id_asset__listbox li", has=page.locator(".lac-picker__name"))
    found.first.click()
    assert box.input_value() == "Café Connect (South)"
    box.fill("nothing like it")
    page.get_by_text("Nothing matches").wait_for()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Choose the group, place or organisation" in page.content()
    assert not Connection.objects.exists()


def test_without_javascript_the_select_is_grouped_by_neighbourhood(browser, live_server, picker):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "alice", PASSWORD)
        page.goto(f"{live_server.url}/community/people/{picker.person.pk}/connections/add/")
        select = page.get_by_label(LABEL)
        groups = select.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
        assert groups == ["North", "South"]
        select.select_option(label="Café Connect – Community group · 9 Quay Street, DM2 1WJ")
        assert_fits_width(page)
        page.screenshot(path="/tmp/lac-asset-picker-nojs-320.png", full_page=True)
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
        assert Connection.objects.get(person=picker.person).asset == picker.south_cafe
    finally:
        context.close()
