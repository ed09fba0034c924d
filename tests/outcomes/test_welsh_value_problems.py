"""The value engine's problems with rate cards, deflator files and price years in Welsh (#24).

Rate cards and HM Treasury's deflator CSV are loaded from the command line,
which speaks English; the services behind it word the engine's problems in the
active language, so a page that loads either says them in its reader's. A price
year typed on a page is checked by the engine too and refused in the reader's.
"""

import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lac.audit.actor import Actor
from lac.outcomes.services import deflator_series_load, rate_card_load
from tests.evaluation.test_proxy_tables import LABELS, MADE_UP
from tests.outcomes.data import HMT_CSV

RELEASE = "March 2026 (Quarterly National Accounts)"
BROKEN_CARD = (
    "name: Ours\nprice_year: 2023-24\nsource: us\ncolour: red\nitems:\n"
    "  - item: Night shelter\n    agency: Housing\n    unit: per night\n    amount: -4\n"
    "  - item: Day centre\n    agency: Housing\n    unit: per day\n    amount: 4\n"
    "    price_year: 2023-25\n"
)


def refused(load, language):
    with translation.override(language), pytest.raises(ValidationError) as caught:
        load()
    return caught.value.messages


def test_a_bad_rate_cards_problems_read_in_welsh_with_its_keys_as_written(world, tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text(BROKEN_CARD)

    def load():
        rate_card_load(programme=world.programme, path=path, actor=Actor())

    assert refused(load, "cy") == [
        "colour: allwedd anhysbys (a ganiateir: name, version, source, price_year, "
        "price_year_assumed, items)",
        "items[0].amount: rhaid iddo fod yn rhif 0 neu fwy, cafwyd -4",
        "items[1].price_year: rhaid i’r flwyddyn brisiau edrych fel 2014-15, cafwyd '2023-25'",
    ]
    assert refused(load, "en-gb") == [
        "colour: unknown key (allowed: name, version, source, price_year, "
        "price_year_assumed, items)",
        "items[0].amount: must be a number 0 or more, got -4",
        "items[1].price_year: price year must look like 2014-15, got '2023-25'",
    ]


def test_a_rate_card_that_is_not_yaml_or_lists_no_costs_reads_in_welsh(world, tmp_path):
    path = tmp_path / "card.yaml"
    path.write_text("name: Ours\nitems: []\n")
    load = lambda: rate_card_load(programme=world.programme, path=path, actor=Actor())  # noqa: E731
    assert refused(load, "cy") == ["items: rhaid iddo restru o leiaf un gost uned"]
    path.write_text("name: [Ours\n")
    assert refused(load, "cy")[0].startswith("nid yw’n YAML dilys: ")


def test_a_bad_deflator_files_rows_read_in_welsh(db, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(HMT_CSV.read_text().replace("2014-15,74.0662", "2014-15,n/a"))

    def load():
        deflator_series_load(path=broken, release=RELEASE, actor=Actor())

    assert refused(load, "cy") == [
        "rhes 22, colofn B: rhaid i’r mynegai ar gyfer 2014-15 fod yn rhif uwchlaw 0, cafwyd 'n/a'"
    ]
    assert refused(load, "en-gb") == [
        "row 22, column B: the index for 2014-15 must be a number above 0, got 'n/a'"
    ]


def test_a_file_that_is_not_the_treasurys_deflators_says_so_in_welsh(db, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("year,value\n2014,3\n")
    load = lambda: deflator_series_load(path=other, release=RELEASE, actor=Actor())  # noqa: E731
    assert refused(load, "cy") == [
        "ni chafwyd colofn â phennawd fel '2024-25 = 100'; ai CSV 'GDP deflators at market "
        "prices, and money GDP' Trysorlys EF yw hwn?"
    ]


def test_a_price_year_on_a_page_is_refused_in_the_readers_language(client_for, world):
    client = client_for("lena")
    client.cookies["django_language"] = "cy"
    upload = SimpleUploadedFile("made-up.csv", MADE_UP.read_bytes(), content_type="text/csv")
    data = {**LABELS, "price_year": "2025-27", "programme": world.programme.pk, "file": upload}
    page = html.unescape(client.post("/evaluation/proxy-tables/", data).content.decode())
    assert "rhaid i’r flwyddyn brisiau edrych fel 2014-15, cafwyd '2025-27'" in page
    assert "price year must look like" not in page
