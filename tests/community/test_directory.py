"""The directory pages: search, filters, adding and changing assets, and who may do what."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lac.community.models import Asset, AssetEvent, AssetKind, EventKind, OpeningTime
from lac.community.schedule import WEEKDAY_CODES
from tests.community.factories import (
    AssetFactory,
    OpeningTimeFactory,
    TaxonomyFactory,
    TermFactory,
)
from tests.permission_matrix import Page, case_id, cases, check


@pytest.fixture
def directory(world):
    taxonomy = TaxonomyFactory(programme=world.programme)
    food = TermFactory(taxonomy=taxonomy, code="food", name="Food")
    active = TermFactory(taxonomy=taxonomy, code="active", name="Getting active")
    pantry = AssetFactory(
        programme=world.programme,
        name="Northgate Pantry",
        neighbourhoods=[world.north],
        tags=[food],
    )
    walk = AssetFactory(
        programme=world.programme,
        name="South Strollers",
        neighbourhoods=[world.south],
        tags=[active],
        description="A gentle walk by the river",
    )
    helpline = AssetFactory(
        programme=world.programme, kind=AssetKind.SERVICE, name="Money Helpline", tags=[food]
    )
    gift = AssetFactory(
        programme=world.programme,
        kind=AssetKind.INDIVIDUAL,
        name="Pat who mends bikes",
        public=False,
        neighbourhoods=[world.north],
    )
    theirs = AssetFactory(programme=world.other_programme, name="Elsewhere Lunch Club")
    return {
        "pantry": pantry,
        "walk": walk,
        "helpline": helpline,
        "gift": gift,
        "theirs": theirs,
        "food": food,
    }


def names(response) -> list[str]:
    return [a.name for a in response.context["page"].object_list]


def test_a_coordinator_sees_the_whole_programme_directory_but_not_another_programmes(
    client_for, directory
):
    response = client_for("alice").get("/community/a/")
    assert response.status_code == 200
    assert names(response) == [
        "Money Helpline",
        "Northgate Pantry",
        "Pat who mends bikes",
        "South Strollers",
    ]
    assert "Elsewhere Lunch Club" not in response.content.decode()


def test_the_outsider_cannot_open_our_directory(client_for, directory):
    assert client_for("charlie").get("/community/a/").status_code == 404


def test_an_evaluator_never_sees_people_with_a_gift(client_for, directory):
    response = client_for("eve").get("/community/a/")
    assert "Pat who mends bikes" not in names(response)
    assert client_for("eve").get(f"/community/assets/{directory['gift'].pk}/").status_code == 404


def test_search_by_words_finds_descriptions_too(client_for, directory):
    response = client_for("alice").get("/community/a/", {"q": "river"})
    assert names(response) == ["South Strollers"]


def test_filter_by_neighbourhood_keeps_area_wide_assets(client_for, world, directory):
    response = client_for("alice").get("/community/a/", {"neighbourhood": world.north.pk})
    assert names(response) == ["Money Helpline", "Northgate Pantry", "Pat who mends bikes"]


def test_filter_by_category(client_for, directory):
    response = client_for("alice").get("/community/a/", {"tag": directory["food"].pk})
    assert names(response) == ["Money Helpline", "Northgate Pantry"]


def test_open_today_lists_only_what_meets_today(client_for, directory):
    today = WEEKDAY_CODES[timezone.localdate().weekday()]
    tomorrow = WEEKDAY_CODES[(timezone.localdate() + timedelta(days=1)).weekday()]
    OpeningTimeFactory(asset=directory["pantry"], weekday=today)
    OpeningTimeFactory(asset=directory["walk"], weekday=tomorrow)
    response = client_for("alice").get("/community/a/", {"day": "today"})
    assert names(response) == ["Northgate Pantry"]
    assert "open on" in response.content.decode()


def test_open_on_a_given_date_respects_monthly_sessions(client_for, directory):
    OpeningTimeFactory(asset=directory["pantry"], weekday="TU", freq="MONTHLY", week_of_month=1)
    first = client_for("alice").get("/community/a/", {"on": "2026-03-03"})
    second = client_for("alice").get("/community/a/", {"on": "2026-03-10"})
    assert names(first) == ["Northgate Pantry"]
    assert names(second) == []


def test_open_today_puts_the_coordinators_neighbourhood_first_then_by_time(
    client_for, world, directory
):
    today = WEEKDAY_CODES[timezone.localdate().weekday()]
    OpeningTimeFactory(asset=directory["walk"], weekday=today, opens_at=time(9))
    OpeningTimeFactory(asset=directory["helpline"], weekday=today, opens_at=time(10))
    OpeningTimeFactory(
        asset=directory["pantry"], weekday=today, opens_at=time(14), closes_at=time(15)
    )
    early = AssetFactory(programme=world.programme, name="Zumba", neighbourhoods=[world.north])
    OpeningTimeFactory(asset=early, weekday=today, opens_at=time(8), closes_at=time(9))
    paused = AssetFactory(
        programme=world.programme, name="Paused", status="paused", neighbourhoods=[world.north]
    )
    OpeningTimeFactory(asset=paused, weekday=today, opens_at=time(7))
    response = client_for("alice").get("/community/a/", {"day": "today"})
    assert names(response) == ["Zumba", "Northgate Pantry", "Money Helpline", "South Strollers"]
    html = response.content.decode()
    headings = ["In your neighbourhoods", "Across the whole area", "In other neighbourhoods"]
    assert [html.index(h) for h in headings] == sorted(html.index(h) for h in headings)
    assert "14:00 to 15:00" in html
    assert "Paused" not in names(response)


def test_open_today_for_a_manager_is_simply_by_time(client_for, directory):
    today = WEEKDAY_CODES[timezone.localdate().weekday()]
    OpeningTimeFactory(asset=directory["pantry"], weekday=today, opens_at=time(14))
    OpeningTimeFactory(asset=directory["walk"], weekday=today, opens_at=time(9))
    response = client_for("bob").get("/community/a/", {"day": "today"})
    assert names(response) == ["South Strollers", "Northgate Pantry"]
    assert "In your neighbourhoods" not in response.content.decode()


def test_a_monthly_session_not_meeting_today_does_not_set_the_time(client_for, directory):
    OpeningTimeFactory(asset=directory["pantry"], weekday="TU", opens_at=time(9))
    OpeningTimeFactory(
        asset=directory["pantry"],
        weekday="TU",
        freq="MONTHLY",
        week_of_month=1,
        opens_at=time(7),
        closes_at=time(8),
    )
    second_tuesday = client_for("alice").get("/community/a/", {"on": "2026-03-10"})
    assert "09:00 to" in second_tuesday.content.decode()
    first_tuesday = client_for("alice").get("/community/a/", {"on": "2026-03-03"})
    assert "07:00 to 08:00" in first_tuesday.content.decode()


def test_the_directory_pages_through_every_result_keeping_the_search(client_for, world):
    for n in range(30):
        AssetFactory(programme=world.programme, name=f"Club {n:02d}")
    client = client_for("alice")
    first = client.get("/community/a/", {"q": "club"})
    assert len(names(first)) == 25 and names(first)[0] == "Club 00"
    html = first.content.decode()
    assert "30 results" in html and "Showing 1 to 25 of 30" in html
    assert 'href="?q=club&amp;page=2" rel="next"' in html
    second = client.get("/community/a/", {"q": "club", "page": 2})
    assert names(second) == [f"Club {n}" for n in range(25, 30)]
    assert 'aria-label="Page 2" aria-current="page"' in second.content.decode()
    past_the_end = client.get("/community/a/", {"q": "club", "page": 99})
    assert names(past_the_end) == names(second)


def test_each_page_costs_the_same_queries_however_many_results(client_for, world, directory):
    client = client_for("alice")
    today = WEEKDAY_CODES[timezone.localdate().weekday()]

    def count(**params):
        with CaptureQueriesContext(connection) as ctx:
            client.get("/community/a/", params)
        return len(ctx.captured_queries)

    def grow(n):
        for i in range(n):
            asset = AssetFactory(
                programme=world.programme,
                name=f"Grown {Asset.objects.count()} {i}",
                tags=[directory["food"]],
                neighbourhoods=[world.north],
            )
            OpeningTimeFactory(asset=asset, weekday=today)

    grow(30)
    before = [count(page=2), count(day="today", page=2)]
    grow(40)
    assert [count(page=2), count(day="today", page=2)] == before


def test_the_directory_list_does_not_grow_queries_with_data(client_for, world, directory):
    client = client_for("alice")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/community/a/", {"q": "o"})
        return len(ctx.captured_queries)

    before = count()
    for n in range(6):
        asset = AssetFactory(
            programme=world.programme,
            name=f"Zoo club {n}",
            tags=[directory["food"]],
            neighbourhoods=[world.north],
        )
        OpeningTimeFactory(asset=asset)
    assert count() == before


def test_htmx_search_returns_only_the_results(client_for, directory):
    response = client_for("alice").get("/community/a/", {"q": "pantry"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Northgate Pantry" in html and "<html" not in html


def test_a_coordinator_adds_an_asset_with_neighbourhoods_and_categories(
    client_for, world, directory
):
    response = client_for("alice").post(
        "/community/a/add/",
        {
            "kind": "group",
            "name": "Knit and Natter",
            "neighbourhoods": [world.north.pk],
            "tags": [directory["food"].pk],
            "status": "active",
            "public": "on",
            "postcode": "NN1 2AB",
        },
    )
    asset = Asset.objects.get(name="Knit and Natter")
    assert response.status_code == 302 and response["Location"] == f"/community/assets/{asset.pk}/"
    assert list(asset.neighbourhoods.all()) == [world.north]
    assert asset.looked_after_by == world.alice
    page = client_for("alice").get(response["Location"])
    assert "Knit and Natter added to the directory" in page.content.decode()


def test_a_missing_name_is_reported_against_the_field(client_for, directory):
    response = client_for("alice").post("/community/a/add/", {"kind": "group", "status": "active"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_name"' in html
    assert "Enter the name" in html
    assert not Asset.objects.filter(name="").exists()


def test_a_person_with_a_gift_is_never_public_whatever_the_form_says(client_for, directory):
    client_for("alice").post(
        "/community/a/add/",
        {
            "kind": "individual",
            "name": "Sam who teaches guitar",
            "status": "active",
            "public": "on",
        },
    )
    assert Asset.objects.get(name="Sam who teaches guitar").public is False


def test_a_lead_may_read_but_not_add(client_for, directory):
    assert client_for("lena").get("/community/a/").status_code == 200
    assert client_for("lena").get("/community/a/add/").status_code == 403


def test_editing_another_programmes_asset_is_not_found(client_for, directory):
    response = client_for("alice").get(f"/community/assets/{directory['theirs'].pk}/edit/")
    assert response.status_code == 404


def test_an_opening_time_is_added_and_shown_in_plain_words(client_for, directory):
    pantry = directory["pantry"]
    response = client_for("alice").post(
        f"/community/assets/{pantry.pk}/opening-times/add/",
        {
            "weekday": "TH",
            "opens_at": "10:00",
            "closes_at": "12:30",
            "freq": "WEEKLY",
            "interval": 2,
            "dtstart": "2026-03-05",
        },
    )
    assert response.status_code == 302
    page = client_for("alice").get(f"/community/assets/{pantry.pk}/").content.decode()
    assert "Every other Thursday, 10:00 to 12:30" in page


def test_opening_times_and_their_problems_read_in_welsh(client_for, directory):
    pantry = directory["pantry"]
    coordinator = client_for("alice")
    coordinator.cookies["django_language"] = "cy"
    url = f"/community/assets/{pantry.pk}/opening-times/add/"
    times = {"weekday": "FR", "opens_at": "10:00", "closes_at": "12:00", "freq": "MONTHLY"}
    refused = coordinator.post(url, {**times, "interval": 1}).content.decode()
    assert "Dewiswch ym mha wythnos o’r mis y mae’n cwrdd." in refused
    added = coordinator.post(url, {**times, "interval": 1, "week_of_month": 1}, follow=True)
    page = added.content.decode()
    assert "Amser agor wedi’i ychwanegu: Dydd Gwener cyntaf y mis" in page
    assert "Dydd Gwener cyntaf y mis, 10:00 i 12:00" in page


def test_an_opening_time_that_ends_before_it_starts_is_refused(client_for, directory):
    pantry = directory["pantry"]
    response = client_for("alice").post(
        f"/community/assets/{pantry.pk}/opening-times/add/",
        {
            "weekday": "TH",
            "opens_at": "12:00",
            "closes_at": "10:00",
            "freq": "WEEKLY",
            "interval": 1,
        },
    )
    assert "Closing time must be after opening time" in response.content.decode()
    assert not OpeningTime.objects.exists()


def test_recording_volunteers_needs_a_count(client_for, directory):
    url = f"/community/assets/{directory['pantry'].pk}/events/add/"
    response = client_for("alice").post(url, {"kind": "volunteers", "date": "2026-03-03"})
    assert "Enter how many volunteers were recruited" in response.content.decode()
    client_for("alice").post(url, {"kind": "volunteers", "date": "2026-03-03", "count": 4})
    event = AssetEvent.objects.get()
    assert (event.kind, event.count, event.coordinator.username) == ("volunteers", 4, "alice")


def test_a_new_group_without_its_start_date_and_part_says_which_is_missing(client_for, directory):
    response = client_for("alice").post("/community/a/new-group/", {"name": "Street Party"})
    html = response.content.decode()
    assert "Enter the date the group started" in html
    assert "Select what part you played" in html
    assert not Asset.objects.filter(name="Street Party").exists()


def test_a_new_group_is_recorded_with_the_coordinators_part(client_for, world, directory):
    response = client_for("alice").post(
        "/community/a/new-group/",
        {
            "name": "Big Up Brook Street",
            "established_on": "2026-02-14",
            "coordinator_part": "started",
            "neighbourhoods": [world.north.pk],
            "public": "on",
            "note": "Neighbours wanted a street party",
        },
    )
    group = Asset.objects.get(name="Big Up Brook Street")
    assert response.status_code == 302
    assert group.kind == AssetKind.GROUP
    event = group.events.get()
    assert (event.kind, event.coordinator_part, event.date) == (
        EventKind.ESTABLISHED,
        "started",
        date(2026, 2, 14),
    )


def test_the_gap_view_shows_which_neighbourhoods_lack_which_categories(client_for, directory):
    response = client_for("bob").get("/community/a/gaps/")
    rows = {row.neighbourhood.name: row for row in response.context["rows"]}
    assert [t.name for t in rows["North"].gaps] == ["Getting active"]
    assert [t.name for t in rows["South"].gaps] == ["Food"]
    html = response.content.decode()
    assert "<strong>South</strong> has nothing local for: Food" in html


def test_the_whats_on_sheet_is_a_pdf_of_public_assets(client_for, world, directory):
    OpeningTimeFactory(asset=directory["pantry"], weekday="WE", opens_at=time(9, 30))
    response = client_for("alice").get(f"/community/a/whats-on/{world.north.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_whats_on_sheet_lists_sessions_by_day_and_never_people_with_a_gift(world, directory):
    from lac.community.pdf import whats_on_html
    from lac.community.selectors import whats_on

    OpeningTimeFactory(asset=directory["pantry"], weekday="WE", opens_at=time(9, 30))
    OpeningTimeFactory(asset=directory["gift"], weekday="WE")
    html = whats_on_html(whats_on(world.north, date(2026, 3, 3)))
    assert "<h2>Wednesday</h2>" in html and "09:30" in html and "Northgate Pantry" in html
    assert "Money Helpline" in html  # area-wide, no set times
    assert "Pat who mends bikes" not in html
    assert "South Strollers" not in html


EVERYONE = frozenset({"alice", "amir", "bob", "lena", "eve", "nina", "charlie", "root"})
DIRECTORY_A = frozenset({"alice", "amir", "bob", "lena", "eve", "root"})
EDITORS_A = frozenset({"alice", "amir", "bob", "root"})


def _asset_url(suffix=""):
    def url(world):
        return f"/community/assets/{Asset.objects.get(name='Matrix Café').pk}/{suffix}"

    return url


def _new_term(world):
    return TermFactory(taxonomy=TaxonomyFactory(programme=world.programme))


def _new_term(world):
    return TermFactory(taxonomy=TaxonomyFactory(programme=world.programme))


PAGES = [
    Page(
        "directory", lambda w: "/community/a/", allowed=DIRECTORY_A, hidden=frozenset({"charlie"})
    ),
    Page("asset", _asset_url(), allowed=DIRECTORY_A, hidden=frozenset({"charlie"})),
    Page("asset edit", _asset_url("edit/"), allowed=EDITORS_A, hidden=frozenset({"charlie"})),
    Page(
        "asset add", lambda w: "/community/a/add/", allowed=EDITORS_A, hidden=frozenset({"charlie"})
    ),
    Page(
        "new group",
        lambda w: "/community/a/new-group/",
        allowed=EDITORS_A,
        hidden=frozenset({"charlie"}),
    ),
    Page("event add", _asset_url("events/add/"), allowed=EDITORS_A, hidden=frozenset({"charlie"})),
    Page(
        "gaps", lambda w: "/community/a/gaps/", allowed=DIRECTORY_A, hidden=frozenset({"charlie"})
    ),
    Page(
        "categories",
        lambda w: "/community/a/categories/",
        allowed=frozenset({"bob", "lena", "root"}),
    ),
    Page(
        "category match",
        lambda w: f"/community/a/categories/{_new_term(w).pk}/shared/",
        allowed=frozenset({"bob", "lena", "root"}),
    ),
    Page(
        "approvals",
        lambda w: "/community/a/approvals/",
        allowed=frozenset({"bob", "lena"}),
    ),
    Page(
        "asset picker search",
        lambda w: "/community/a/asset-choices/?q=cafe",
        allowed=DIRECTORY_A,
        hidden=frozenset({"charlie"}),
    ),
    Page(
        "import",
        lambda w: "/community/a/import/",
        allowed=frozenset({"bob", "root"}),
        hidden=frozenset({"charlie"}),
    ),
]


@pytest.mark.parametrize(("page", "user"), cases(PAGES), ids=case_id)
def test_each_role_gets_what_its_role_allows(client, world, page, user):
    AssetFactory(programme=world.programme, name="Matrix Café")
    check(client, world, page, user)


def test_changing_an_asset_is_audited_with_what_changed(client_for, world, directory):
    from lac.audit.models import AuditEvent

    pantry = directory["pantry"]
    client_for("bob").post(
        f"/community/assets/{pantry.pk}/edit/",
        {
            "kind": "group",
            "name": "Northgate Pantry",
            "status": "paused",
            "public": "on",
            "neighbourhoods": [world.north.pk],
            "phone": "01632 960001",
        },
    )
    audit = AuditEvent.objects.get(object_type="community.asset", object_id=str(pantry.pk))
    assert (audit.action, audit.user) == ("update", world.bob)
    assert audit.changes["status"] == ["active", "paused"]
    assert audit.changes["phone"] == ["01234 567890", "01632 960001"]


def test_a_public_asset_links_to_its_open_referral_record(client_for, directory):
    pantry = directory["pantry"]
    page = client_for("alice").get(f"/community/assets/{pantry.pk}/").content.decode()
    assert f'href="/openreferral/services/{pantry.uuid}"' in page
    gift = client_for("alice").get(f"/community/assets/{directory['gift'].pk}/").content.decode()
    assert "Open Referral record" not in gift and "Private to Programme A" in gift
