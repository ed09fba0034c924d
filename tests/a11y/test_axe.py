"""WCAG 2.2 AA in a real browser: axe-core on every main page, and a keyboard-only introduction.

axe-core (npm, node_modules/axe-core) is added to each page as an init
script, which Playwright injects outside the page's Content Security Policy,
so the pages are checked exactly as served, with their CSP on. Every rule
tagged wcag2a, wcag2aa, wcag21a, wcag21aa or wcag22aa runs; any violation
fails, naming the page, the rule and the elements.
"""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lac.audit.actor import Actor
from lac.casework.models import Conversation
from lac.casework.services import default_lists_ensure
from lac.community.models import Connection, TaxonomyTerm
from lac.evaluation.services import proxy_table_load, run_create
from lac.imports.models import ImportJob
from lac.lib.periods import financial_year_of
from lac.outcomes.services import defaults_ensure
from lac.people.models import ConsentTopic, Household, Person
from lac.safety.models import RiskFlag, Visit
from lac.safety.services import concern_record, flag_add, visit_start
from lac.stories.services import story_record
from lac.welcome.models import Route
from lac.welcome.services import incoming_accept, incoming_submit
from tests.browser.conftest import sign_in
from tests.community.factories import TaxonomyFactory, TermFactory
from tests.community.test_vocabularies import SAMPLE as SHARED_SAMPLE
from tests.conftest import PASSWORD
from tests.evaluation.factories import stored_map
from tests.outcomes.factories import assess, avoided, event, uniform
from tests.people.factories import ConsentFactory, PersonFactory
from tests.required import missing

pytestmark = pytest.mark.browser

MADE_UP_PROXIES = Path(__file__).parents[1] / "evaluation" / "data" / "made-up-proxy-table.csv"
SHOTS = os.environ.get("LAC_SCREENSHOTS", "")
"""A folder to save screenshots of the person's pages in, when set (to look at them)."""

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def checked(browser):
    """A desktop page with axe-core loaded into every document it opens."""
    if not AXE.exists():
        missing("axe-core", "npm ci")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def cast(transactional_world):
    """The cast with a person, their records and a frozen SROI run to look at."""
    default_lists_ensure()
    defaults_ensure()
    world = transactional_world
    person = PersonFactory(full_name="Wilhelmina Sorrel", neighbourhood=world.north)
    Conversation.objects.create(person=person, date=timezone.localdate(), mode="phone")
    Connection.objects.create(
        person=person, kind="person", date=timezone.localdate(), described="Jo next door"
    )
    household = Household.objects.create(name="The Sorrel household", neighbourhood=world.north)
    world.relative = PersonFactory(
        full_name="Hazel Sorrel", neighbourhood=world.north, household=household
    )
    PersonFactory(full_name="Rowan Sorrel", neighbourhood=world.north, household=household)
    impact_map = stored_map(world.programme, bindings={})
    run = run_create(
        version=impact_map.versions.get(),
        start=date(2025, 4, 1),
        end=date(2026, 3, 31),
        draws=200,
        seed=1,
        actor=Actor(user=world.lena),
    )
    world.person, world.impact_map, world.run = person, impact_map, run
    # Imports under way and stalled, for their progress pages (no task runs).
    world.imports = [
        ImportJob.objects.create(
            programme=world.programme,
            file_name=f"{name}.xlsx",
            stored_path=f"/nonexistent/{name}.xlsx",
            created_by=world.bob,
            task=ImportJob.Task.COMMIT,
            task_state=ImportJob.TaskState.RUNNING,
            processed=150,
            total=600,
            message="Reading and checking the rows",
            progress_at=timezone.now() - since,
        )
        for name, since in (("running", timedelta()), ("stalled", timedelta(hours=1)))
    ]
    # An import done, for its page and the page that undoes it.
    world.imported = ImportJob.objects.create(
        programme=world.programme,
        file_name="done.xlsx",
        stored_path="",
        created_by=world.bob,
        state=ImportJob.State.IMPORTED,
        task=ImportJob.Task.COMMIT,
        task_state=ImportJob.TaskState.DONE,
        committed=timezone.now(),
        report={"rows": 2, "created": {"people": 2, "introductions": 2}, "updated": {"people": 1}},
    )
    return world


def sign_in_as(page, live_server, user, *, code: bool) -> None:
    if code:
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    sign_in(page, live_server, user.username, PASSWORD)
    if code:
        page.get_by_label("Security code").fill(f"{TOTP(device.bin_key).token():06d}")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def violations(page, live_server, path: str) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on one page, one line per rule."""
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200, f"{path}: {response.status}"
    return violations_here(page, path)


def violations_here(page, path: str) -> list[str]:
    """axe-core's violations on the page as it is now (a dialog open, say).

    Waits for the page to finish loading first: run while a navigation is under way, axe
    finds no document and the test fails for a reason that is not the page's."""
    page.wait_for_load_state()
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    assert result["passes"], f"{path}: axe ran no rules"
    return [
        f"{path}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def check_pages(page, live_server, paths: list[str]) -> None:
    found = [line for path in paths for line in violations(page, live_server, path)]
    assert found == [], "\n".join(found)


def welsh_phone(browser, live_server, user, *, code: bool):
    """A 320 px phone signed in as ``user``, Cymraeg chosen on the switch, axe loaded."""
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    phone.add_init_script(path=str(AXE))
    page = phone.new_page()
    sign_in_as(page, live_server, user, code=code)
    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_load_state()
    return phone, page


def welsh_pages_on_a_phone(page, live_server, pages, *, exact: bool = False) -> list[str]:
    """axe's violations on each (name, path, heading); each page must show its heading,
    speak Welsh and not scroll sideways at 320 px."""
    found = []
    for name, path, heading in pages:
        found += violations(page, live_server, path)
        expect(page.get_by_role("heading", name=heading, exact=exact).first).to_be_visible()
        assert page.evaluate("document.documentElement.lang") == "cy"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-cy-320.png", full_page=True)
    return found


def test_pages_before_signing_in_pass_axe(checked, live_server, cast):
    check_pages(
        checked,
        live_server,
        ["/accounts/sign-in/", f"/welcome/introduce/{cast.programme.slug}/"],
    )


def test_the_introducers_pages_pass_axe(checked, live_server, cast):
    incoming = incoming_submit(
        Actor.working_as(cast.ivy, job="test"),
        programme=cast.programme,
        route=Route.PARTNER,
        full_name="Dot Wren",
        phone="07700 900123",
        agreed_to_contact=True,
        social_prescribing=True,  # its SNOMED CT code shows, and declining asks about it
    )
    sign_in_as(checked, live_server, cast.ivy, code=True)
    check_pages(
        checked,
        live_server,
        [
            "/welcome/partners/",
            f"/welcome/partners/{cast.programme.slug}/new/",
            f"/welcome/partners/{incoming.pk}/",
        ],
    )
    checked.context.clear_cookies()
    # With no postcode it was routed to no neighbourhood: the programme's managers welcome it.
    sign_in_as(checked, live_server, cast.bob, code=True)
    check_pages(
        checked,
        live_server,
        ["/", f"/welcome/{incoming.pk}/", f"/welcome/{incoming.pk}/decline/"],
    )


def test_pages_in_welsh_pass_axe(checked, live_server, cast):
    checked.goto(f"{live_server.url}/accounts/sign-in/")
    checked.get_by_role("button", name="Cymraeg").click()
    checked.wait_for_load_state()
    check_pages(checked, live_server, ["/accounts/sign-in/"])
    checked.get_by_role("button", name="English").click()
    checked.wait_for_load_state()
    sign_in_as(checked, live_server, cast.alice, code=False)
    checked.get_by_role("button", name="Cymraeg").click()
    checked.wait_for_load_state()
    check_pages(checked, live_server, ["/"])


def test_the_coordinators_pages_pass_axe(checked, live_server, cast):
    sign_in_as(checked, live_server, cast.alice, code=False)
    person = cast.person.pk
    check_pages(
        checked,
        live_server,
        [
            "/",
            "/casework/introductions/new/",
            f"/people/{person}/",
            f"/people/{person}/edit/",
            f"/casework/people/{person}/conversations/",
            f"/casework/people/{person}/conversations/new/",
            f"/casework/people/{person}/goals/new/",
            f"/casework/people/{person}/plan/",
            f"/stories/people/{person}/new/",
            f"/outcomes/people/{person}/progress/",
            f"/outcomes/people/{person}/assessments/new/",
            f"/outcomes/people/{person}/changes/new/",
            f"/outcomes/people/{person}/measure-link/",
            f"/community/people/{person}/connections/add/",
            f"/people/{person}/household/new/",
            f"/people/{person}/shares/new/",
            f"/people/{cast.relative.pk}/",
            f"/people/{cast.relative.pk}/household/edit/",
            f"/people/{cast.relative.pk}/household/add/?q=sorrel",
            f"/people/{cast.relative.pk}/household/remove/{cast.relative.pk}/",
            "/community/",
            "/accounts/",
        ],
    )


def test_the_coordinators_daily_pages_in_welsh_on_a_phone(browser, live_server, cast):
    """The caseload, a new introduction and the person page in Cymraeg at 320 px: axe
    finds nothing, nothing scrolls sideways, and the page speaks Welsh."""
    phone, page = welsh_phone(browser, live_server, cast.alice, code=False)
    pages = [
        ("caseload", "/", "Llwyth achosion"),
        ("introduction", "/casework/introductions/new/", "Cyflwyniad newydd"),
        ("person", f"/people/{cast.person.pk}/", "Crynodeb"),
    ]
    found = welsh_pages_on_a_phone(page, live_server, pages)
    # The introduction sent empty: its errors, in Welsh, must pass and fit too.
    page.goto(f"{live_server.url}/casework/introductions/new/")
    page.get_by_role("button", name="Cadw’r cyflwyniad").click()
    expect(page.get_by_role("heading", name="Mae problem wedi codi")).to_be_visible()
    found += violations_here(page, "the new introduction's errors in Welsh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    phone.close()
    assert found == [], "\n".join(found)


def test_the_import_and_report_pages_in_welsh_on_a_phone(browser, live_server, cast):
    """The import wizard's pages and the dashboard in Cymraeg at 320 px: axe finds
    nothing, nothing scrolls sideways, and the page speaks Welsh."""
    phone, page = welsh_phone(browser, live_server, cast.bob, code=True)
    year = financial_year_of(timezone.localdate())
    pages = [
        ("imports", "/imports/", "Mewnforio taenlenni monitro"),
        ("import-progress", f"/imports/{cast.imports[0].pk}/progress/", "Mewnforio’r ffeil"),
        ("imported", f"/imports/{cast.imported.pk}/", "done.xlsx"),
        ("import-undo", f"/imports/{cast.imported.pk}/undo/", "Dadwneud mewnforio done.xlsx"),
        ("dashboard", f"/reports/dashboard/?year={year}", "Dangosfwrdd y rhaglen"),
    ]
    found = welsh_pages_on_a_phone(page, live_server, pages, exact=True)
    phone.close()
    assert found == [], "\n".join(found)


def test_progress_and_the_outcomes_summary_in_welsh_on_a_phone(browser, live_server, cast):
    """A person's progress (scores, what changed, services avoided), scoring it and the
    outcomes summary in Cymraeg at 320 px: axe finds nothing, nothing scrolls sideways,
    and the page speaks Welsh, its months too."""
    person, today = cast.person, timezone.localdate()
    assess(person, today - timedelta(days=120), uniform(2), kind="first")
    assess(person, today - timedelta(days=10), uniform(3))
    event(person, "started-volunteering", today - timedelta(days=20))
    avoided(person, "Police call outs, arrest and detention", today - timedelta(days=15))
    found = []
    for user, code, pages in [
        (
            cast.alice,
            False,
            [
                ("progress", f"/outcomes/people/{person.pk}/progress/", "Cynnydd"),
                ("score", f"/outcomes/people/{person.pk}/assessments/new/", "Sgorio cynnydd"),
            ],
        ),
        (cast.bob, True, [("outcomes-summary", "/outcomes/summary/", "Crynodeb o’r canlyniadau")]),
    ]:
        phone, page = welsh_phone(browser, live_server, user, code=code)
        found += welsh_pages_on_a_phone(page, live_server, pages, exact=True)
        phone.close()
    assert found == [], "\n".join(found)


def test_the_managers_pages_pass_axe(checked, live_server, cast):
    sign_in_as(checked, live_server, cast.bob, code=True)
    check_pages(
        checked,
        live_server,
        [
            "/",
            "/casework/team/",
            "/casework/team/missing-outcomes/no_first_assessment/",
            "/casework/team/lists-viewed/",
            "/reports/shared/",
            "/welcome/introducers/",
            "/casework/team/pass-on/",
            f"/casework/people/{cast.person.pk}/coordinator/",
            "/reports/dashboard/",
            "/outcomes/summary/",
            "/imports/",
            *(f"/imports/{job.pk}/progress/" for job in cast.imports),
            f"/imports/{cast.imported.pk}/",
            f"/imports/{cast.imported.pk}/undo/",
        ],
    )


def test_the_safety_pages_pass_axe(checked, live_server, cast):
    """A flag on the person, a visit under way (its banner on every page), one overdue."""
    flag = flag_add(
        person=cast.person,
        kind="animal",
        details="A dog",
        review_by=None,
        actor=Actor(user=cast.alice),
    )
    visit = visit_start(
        actor=Actor(user=cast.alice),
        programme=cast.programme,
        person=cast.person,
        place="Home visit",
        expected_back=timezone.now() + timedelta(hours=1),
    )
    sign_in_as(checked, live_server, cast.alice, code=False)
    person = cast.person.pk
    check_pages(
        checked,
        live_server,
        [
            f"/people/{person}/",
            f"/safety/people/{person}/flags/add/",
            f"/safety/flags/{flag.pk}/remove/",
            f"/safety/visits/start/?person={person}",
            "/safety/visits/mine/",
        ],
    )
    RiskFlag.objects.filter(pk=flag.pk).update(review_by=timezone.localdate())
    found = at_320(checked, live_server, ["/casework/", f"/safety/flags/{flag.pk}/review/"])
    Visit.objects.filter(pk=visit.pk).update(expected_back=timezone.now() - timedelta(minutes=5))
    checked.context.clear_cookies()
    sign_in_as(checked, live_server, cast.bob, code=True)
    check_pages(checked, live_server, ["/safety/visits/"])
    found += at_320(checked, live_server, ["/", "/casework/team/", "/safety/visits/"])
    assert found == [], "\n".join(found)


def at_320(page, live_server, paths: list[str]) -> list[str]:
    """axe's violations on each page at 320 px wide, and any page that scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    found = []
    for path in paths:
        found += violations(page, live_server, path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if SHOTS:
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=f"{SHOTS}/safety-{name}-320.png", full_page=True)
        if wide > 320:
            found.append(f"{path}: {wide}px wide at 320")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_the_safeguarding_concern_pages_pass_axe(checked, live_server, cast):
    """A concern on the person page, its own page with its history, recording one (also
    with errors), and the manager's decision to include concerns in subject access."""
    concern = concern_record(
        person=cast.person,
        category="financial",
        what_happened="Said a neighbour keeps her bank card",
        happened_on=timezone.localdate(),
        reported_to="safeguarding_team",
        reference="SG-1",
        actor=Actor.working_as(cast.alice, job="axe"),
    )
    person = cast.person.pk
    sign_in_as(checked, live_server, cast.alice, code=False)
    paths = [f"/people/{person}/", f"/safety/people/{person}/concerns/add/"]
    check_pages(checked, live_server, [*paths, f"/safety/concerns/{concern.pk}/"])
    found = errors_checked(checked, live_server, [f"/safety/people/{person}/concerns/add/"])
    checked.context.clear_cookies()
    sign_in_as(checked, live_server, cast.bob, code=True)
    check_pages(
        checked,
        live_server,
        [
            f"/safety/people/{person}/concerns/include/",
            f"/people/{person}/subject-access/",
            f"/reports/dashboard/?year={financial_year_of(timezone.localdate())}",
        ],
    )
    found += errors_checked(checked, live_server, [f"/safety/concerns/{concern.pk}/"])
    assert found == [], "\n".join(found)


def test_the_directory_categories_and_their_matching_pass_axe(checked, live_server, cast):
    call_command("vocabulary", "load", str(SHARED_SAMPLE), stdout=io.StringIO())
    food = TermFactory(taxonomy=TaxonomyFactory(programme=cast.programme), name="Food")
    food.same_as.set(TaxonomyTerm.objects.filter(code="902"))
    sign_in_as(checked, live_server, cast.bob, code=True)
    matching = f"/community/{cast.programme.slug}/categories/{food.pk}/shared/"
    check_pages(
        checked,
        live_server,
        [f"/community/{cast.programme.slug}/categories/", matching, f"{matching}?q=club"],
    )


def test_the_leads_social_value_pages_pass_axe(checked, live_server, cast):
    proxy_table_load(
        actor=Actor.working_as(cast.lena, job="test"),
        programme=cast.programme,
        name="Made-up test table",
        source="Invented for the tests",
        licence="None needed",
        price_year="2025-26",
        file_name=MADE_UP_PROXIES.name,
        content=MADE_UP_PROXIES.read_bytes(),
    )
    ConsentFactory(person=cast.person, topic=ConsentTopic.STORIES, given_on=date(2026, 1, 2))
    story_record(
        actor=Actor.working_as(cast.alice, job="test"),
        person=cast.person,
        words="I have people to talk to now.",
        told_on=date(2026, 1, 3),
    )
    sign_in_as(checked, live_server, cast.lena, code=True)
    check_pages(
        checked,
        live_server,
        [
            "/",
            "/evaluation/",
            "/evaluation/proxy-tables/",
            f"/evaluation/{cast.impact_map.pk}/",
            f"/evaluation/{cast.impact_map.pk}/run/",
            f"/reports/sroi/{cast.run.pk}/",
        ],
    )


def test_the_leads_social_value_pages_in_welsh_pass_axe_on_a_phone(browser, live_server, cast):
    """The social value list, a map, its editor, its run page and the SROI report in Cymraeg
    at 320 px: axe
    finds nothing, nothing scrolls sideways, and the page speaks Welsh."""
    phone, page = welsh_phone(browser, live_server, cast.lena, code=True)
    impact_map = cast.impact_map.pk
    pages = [
        ("social-value", "/evaluation/", "Gwerth cymdeithasol"),
        ("map", f"/evaluation/{impact_map}/", "Rhediadau"),
        ("map-edit", f"/evaluation/{impact_map}/edit/", "Golygu’r map effaith"),
        ("map-run", f"/evaluation/{impact_map}/run/", "Rhedeg y peiriant gwerth"),
        ("sroi-report", f"/reports/sroi/{cast.run.pk}/", "Y canlyniad"),
    ]
    found = welsh_pages_on_a_phone(page, live_server, pages)
    phone.close()
    assert found == [], "\n".join(found)


def test_the_plan_pages_pass_axe_for_the_coordinator_and_on_the_persons_phone(
    checked, browser, live_server, cast
):
    sign_in_as(checked, live_server, cast.alice, code=True)
    assert violations(checked, live_server, f"/casework/people/{cast.person.pk}/plan/") == []
    checked.get_by_role("button", name="Give them a one-time link").click()
    expect(checked.get_by_label("Link to copy")).to_be_visible()
    assert violations_here(checked, "the link issued") == []
    address = checked.locator("#personal-link").input_value()
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    phone.add_init_script(path=str(AXE))
    page = phone.new_page()
    page.goto(address)
    expect(page.get_by_role("button", name="Show my plan")).to_be_visible()
    found = violations_here(page, "the link's first page")
    page.get_by_role("button", name="Show my plan").click()
    expect(page.get_by_role("heading", name="My good life plan")).to_be_visible()
    found += violations_here(page, "the plan through the link")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scroll
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/plan-320.png", full_page=True)
    phone.close()
    assert found == [], "\n".join(found)


def fits_320(page, name: str) -> list[str]:
    """Nothing on the page scrolls sideways at 320 px wide."""
    page.set_viewport_size({"width": 320, "height": 640})
    wide = page.evaluate("document.documentElement.scrollWidth")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-320.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return [] if wide <= 320 else [f"{name}: {wide}px wide at 320"]


def test_news_for_someone_who_introduced_themselves_passes_axe_and_fits_a_phone(
    checked, browser, live_server, cast
):
    incoming = incoming_accept(
        Actor.working_as(cast.alice, job="test"),
        incoming_submit(
            Actor(),
            programme=cast.programme,
            route=Route.SELF,
            full_name="Sam Finch",
            phone="07700 900123",
            neighbourhood=cast.north,
        ),
    )
    ConsentFactory(person=incoming.person, topic=ConsentTopic.INTRODUCER_NEWS)
    sign_in_as(checked, live_server, cast.alice, code=True)
    found = violations(checked, live_server, f"/welcome/{incoming.pk}/news/")
    found += fits_320(checked, "news-for-them")
    checked.get_by_role("button", name="Make a link telling them they have been welcomed").click()
    expect(checked.get_by_label("Link to copy")).to_be_visible()
    found += violations_here(checked, "the link to the news") + fits_320(checked, "news-link")
    address = checked.locator("#personal-link").input_value()
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    phone.add_init_script(path=str(AXE))
    page = phone.new_page()
    page.goto(address)
    expect(page.get_by_role("button", name="Show the news")).to_be_visible()
    found += violations_here(page, "the link's first page") + fits_320(page, "news-open")
    page.get_by_role("button", name="Show the news").click()
    expect(page.get_by_text("You introduced yourself, and Alice")).to_be_visible()
    found += violations_here(page, "the news through the link") + fits_320(page, "news-person")
    phone.close()
    assert found == [], "\n".join(found)


def test_the_network_and_evaluator_pages_pass_axe(checked, live_server, cast):
    sign_in_as(checked, live_server, cast.nina, code=True)
    check_pages(checked, live_server, ["/", "/reports/network/"])


def test_the_evaluators_extract_page_passes_axe(checked, live_server, cast):
    sign_in_as(checked, live_server, cast.eve, code=True)
    check_pages(checked, live_server, ["/", "/reports/extract/"])


def focus_by_tab(page, selector: str, limit: int = 60) -> int:
    """Press Tab until the element matching ``selector`` has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            visible = page.evaluate(
                """() => {
                    const s = getComputedStyle(document.activeElement);
                    return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
                }"""
            )
            assert visible, f"{selector} has focus but no visible focus indicator"
            return presses
    raise AssertionError(f"{selector} never received focus after {limit} presses of Tab")


def test_a_new_introduction_with_the_keyboard_alone(checked, live_server, cast):
    sign_in_as(checked, live_server, cast.alice, code=False)
    checked.goto(f"{live_server.url}/casework/introductions/new/")

    focus_by_tab(checked, "#id_full_name")
    checked.keyboard.type("Keyboard Kestrel")
    focus_by_tab(checked, "#id_source")
    # A closed select: letters choose an option, as in every browser.
    checked.keyboard.type("Council")
    assert checked.evaluate("document.activeElement.selectedOptions[0].text").startswith("Council")
    focus_by_tab(checked, "input[name=challenges]")
    checked.keyboard.press("Space")
    focus_by_tab(checked, "button[type=submit]")
    with checked.expect_navigation():
        checked.keyboard.press("Enter")

    assert checked.get_by_text("Introduction of Keyboard Kestrel recorded").is_visible()
    person = Person.objects.get(full_name="Keyboard Kestrel")
    assert checked.url.endswith(f"/people/{person.pk}/")
    assert person.introductions.get().challenges.count() == 1


def test_the_timeout_warning_passes_axe_while_open(checked, live_server, cast, settings):
    settings.SESSION_INACTIVITY_SECONDS = 8
    settings.SESSION_WARNING_SECONDS = 6
    sign_in_as(checked, live_server, cast.alice, code=False)
    path = f"/casework/people/{cast.person.pk}/conversations/new/"
    checked.goto(f"{live_server.url}{path}")
    checked.get_by_role("dialog", name="You’re about to be signed out").wait_for(timeout=5000)
    assert violations_here(checked, path) == []


def test_the_closure_step_passes_axe(checked, live_server, cast):
    Person.objects.filter(pk=cast.relative.pk).update(status="closed")
    sign_in_as(checked, live_server, cast.alice, code=False)
    check_pages(
        checked,
        live_server,
        [f"/casework/people/{cast.relative.pk}/closure/", "/casework/?q=sorrel"],
    )


def directory_with_sessions_today(cast):
    """Thirty clubs meeting today across the neighbourhoods, the first waiting for approval."""
    from lac.community.models import Asset
    from lac.community.schedule import WEEKDAY_CODES
    from tests.community.factories import AssetFactory, OpeningTimeFactory

    today = WEEKDAY_CODES[timezone.localdate().weekday()]
    for n, place in enumerate([[cast.north], [cast.south], []] * 10):
        asset = AssetFactory(programme=cast.programme, name=f"Club {n:02d}", neighbourhoods=place)
        OpeningTimeFactory(asset=asset, weekday=today)
    Asset.objects.filter(name="Club 00").update(approved_at=None)
    return Asset.objects.get(name="Club 00")


def test_the_coordinators_directory_pages_pass_axe(checked, live_server, cast):
    """Open today grouped by nearness, a second page of results, an entry waiting."""
    waiting = directory_with_sessions_today(cast)
    sign_in_as(checked, live_server, cast.alice, code=False)
    check_pages(
        checked,
        live_server,
        [
            "/community/a/?day=today",
            "/community/a/?q=club&page=2",
            f"/community/assets/{waiting.pk}/",
        ],
    )


def test_the_directory_in_welsh_on_a_phone(browser, live_server, cast):
    """The directory's search, an asset with its opening times and the form to add one,
    with its errors, in Cymraeg at 320 px: axe finds nothing, nothing scrolls sideways."""
    waiting = directory_with_sessions_today(cast)
    phone, page = welsh_phone(browser, live_server, cast.alice, code=False)
    found = []
    for name, path, words in [
        ("directory", "/community/a/?day=today", "Yn eich cymdogaethau"),
        ("asset", f"/community/assets/{waiting.pk}/", "bob wythnos"),
        ("asset-add", "/community/a/add/", "Dewiswch y math o ased"),
    ]:
        found += violations(page, live_server, path)
        if name == "asset-add":
            page.locator("main form[method=post] button[type=submit]").last.click()
            found += violations_here(page, f"{path} (errors)")
        expect(page.locator("main")).to_contain_text(words)
        assert page.evaluate("document.documentElement.lang") == "cy"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-cy-320.png", full_page=True)
    phone.close()
    assert found == [], "\n".join(found)


def test_the_managers_approval_pages_pass_axe(checked, live_server, cast):
    waiting = directory_with_sessions_today(cast)
    sign_in_as(checked, live_server, cast.bob, code=True)
    check_pages(
        checked, live_server, ["/community/a/approvals/", f"/community/assets/{waiting.pk}/"]
    )


def test_form_pages_pass_axe_with_and_without_errors(checked, live_server, cast):
    """The pages that extend the base form page, as they open and after an empty submit."""
    sign_in_as(checked, live_server, cast.bob, code=True)
    check_pages(
        checked,
        live_server,
        [
            "/community/a/add/",
            "/community/a/new-group/",
            "/community/a/categories/",
            "/community/a/import/",
            f"/people/{cast.person.pk}/merge/",
        ],
    )
    found = errors_checked(
        checked, live_server, ["/casework/introductions/new/", "/community/a/new-group/"]
    )
    checked.context.clear_cookies()
    sign_in_as(checked, live_server, cast.lena, code=True)
    impact_map = cast.impact_map.pk
    check_pages(
        checked,
        live_server,
        [
            "/evaluation/new/",
            f"/evaluation/{impact_map}/upload/",
            f"/evaluation/{impact_map}/forecast/",
            f"/evaluation/runs/{cast.run.pk}/publish/",
        ],
    )
    found += errors_checked(
        checked, live_server, ["/evaluation/new/", f"/evaluation/{impact_map}/upload/"]
    )
    assert found == [], "\n".join(found)


def errors_checked(page, live_server, paths: list[str]) -> list[str]:
    """Submit each form as it opens and check the page that answers with errors."""
    found = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").is_visible(), path
        assert page.title().startswith("Error: "), path
        found += violations_here(page, f"{path} (errors)")
    return found


def test_the_equality_pages_and_the_reach_tables_pass_axe_and_fit_a_phone(
    checked, browser, live_server, cast
):
    """The equality questions, the dashboard's reach and outcome tables (with answers and
    population shares to show) and the extracts' choice of banded answers: axe on a desktop
    and at 320 px, where nothing makes the page itself scroll sideways."""
    from lac.reports.population import load_population
    from tests.reports.factories import people_with_records

    people = people_with_records(cast.north, 14)
    for n, person in enumerate(people):
        ConsentFactory(person=person, topic=ConsentTopic.EQUALITY, given_on=date(2025, 6, 1))
        Person.objects.filter(pk=person.pk).update(
            sex="female" if n % 3 else "male",
            ethnic_group="white_british" if n % 4 else "asian_indian",
            disability="limited_a_lot" if n % 2 else "no_condition",
            deprivation=f"england_{n % 3 + 1}",
        )
    load_population(
        ["neighbourhood,question,answer,people", "North,sex,female,5100", "North,sex,male,4900"],
        programme=cast.programme,
        actor=Actor.of_command("population"),
    )
    sign_in_as(checked, live_server, cast.alice, code=False)
    found = violations(checked, live_server, f"/people/{people[0].pk}/equality/")
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    phone.add_init_script(path=str(AXE))
    page = phone.new_page()
    sign_in_as(page, live_server, cast.bob, code=True)
    for path, shot in (
        ("/reports/dashboard/?year=2025", "dashboard-reach-320"),
        ("/reports/extract/equality/", "extract-equality-320"),
        (f"/people/{people[0].pk}/equality/", "equality-320"),
    ):
        found += violations(page, live_server, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{shot}.png", full_page=True)
        if "dashboard" in path:
            assert "Who the programme reaches: sex" in page.content()


def test_the_persons_pages_in_welsh_pass_axe_on_a_phone(checked, browser, live_server, cast):
    """The pages a Welsh speaker opens on their own phone (320 px), in Welsh: the public
    self-introduction page and its thanks, and their one-time links to a wellbeing measure
    and to their plan, which open in the language recorded for them."""
    cast.person.preferred_language = "cy"
    cast.person.save(update_fields=["preferred_language"])
    phone = browser.new_context(viewport={"width": 320, "height": 640})
    phone.add_init_script(path=str(AXE))
    page = phone.new_page()
    introduce = f"/welcome/introduce/{cast.programme.slug}/"
    page.goto(f"{live_server.url}{introduce}")
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.get_by_role("heading", name="Cyflwynwch eich hun")).to_be_visible()
    found = violations_here(page, "the self-introduction page in Welsh")
    found += violations(page, live_server, f"{introduce}thank-you/")
    if SHOTS:
        page.goto(f"{live_server.url}{introduce}")
        page.screenshot(path=f"{SHOTS}/introduce-cy-320.png", full_page=True)

    sign_in_as(checked, live_server, cast.alice, code=True)
    checked.goto(f"{live_server.url}/outcomes/people/{cast.person.pk}/measure-link/")
    checked.get_by_label("ONS personal wellbeing (ONS4)").check()
    checked.get_by_role("button", name="Get the link").click()
    measure_link = checked.locator("#personal-link").input_value()
    checked.goto(f"{live_server.url}/casework/people/{cast.person.pk}/plan/")
    found += violations_here(checked, "the coordinator's page with a Welsh plan")
    checked.get_by_role("button", name="Give them a one-time link").click()
    plan_link = checked.locator("#personal-link").input_value()

    page.context.clear_cookies()  # the person's own phone: no choice made with the switch
    page.goto(measure_link)
    expect(page.get_by_role("heading", name="Sut rydych chi'n teimlo")).to_be_visible()
    found += violations_here(page, "the measure in Welsh")
    page.get_by_role("button", name="Anfon fy atebion").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    found += violations_here(page, "the measure in Welsh, with its errors")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/measure-cy-320.png", full_page=True)
    page.goto(plan_link)
    page.get_by_role("button", name="Dangos fy nghynllun").click()
    expect(page.get_by_role("heading", name="Fy nghynllun bywyd da")).to_be_visible()
    found += violations_here(page, "the plan in Welsh through the link")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/plan-cy-320.png", full_page=True)
    phone.close()
    assert found == [], "\n".join(found)
