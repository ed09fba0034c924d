"""`lac deflators load FILE.csv`: a council refreshes the GDP deflator series itself."""

import pytest
from django.core.management import CommandError, call_command

from lac.outcomes.models import DeflatorSeries
from lac.outcomes.selectors import deflators_in_use
from lac.value import load_deflators
from tests.outcomes.data import HMT_CSV

RELEASE = "March 2026 (Quarterly National Accounts)"


def test_without_a_loaded_series_the_shipped_release_is_in_use(db):
    assert deflators_in_use() == load_deflators()
    assert deflators_in_use().release == RELEASE


def test_loading_hm_treasurys_csv_makes_it_the_series_in_use(db, capsys):
    call_command(
        "deflators",
        "load",
        str(HMT_CSV),
        "--release",
        "June 2026 test",
        "--published",
        "2026-06-30",
    )
    out = capsys.readouterr().out
    assert (
        "Loaded HM Treasury GDP deflators at market prices (financial years), June 2026 test" in out
    )
    assert "31 financial years, 2000-01 to 2030-31, 2024-25 = 100" in out
    assert (
        "In use: HM Treasury GDP deflators at market prices (financial years), "
        "June 2026 test, published 2026-06-30" in out
    )
    table = deflators_in_use()
    assert table.index["2014-15"] == 74.0662
    assert table.index["2030-31"] == 113.6416
    assert table.forecast_from == "2025-26"
    assert table.latest_outturn == "2024-25"
    assert (
        "Outturn data are based on the Quarterly National Accounts, 31 March 2026." in table.source
    )


def test_a_bad_row_is_named_and_nothing_is_stored(db, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(HMT_CSV.read_text().replace("2014-15,74.0662", "2014-15,n/a"))
    with pytest.raises(
        CommandError,
        match="row 22, column B: the index for 2014-15 must be a number above 0, got 'n/a'",
    ):
        call_command("deflators", "load", str(broken), "--release", RELEASE)
    assert not DeflatorSeries.objects.exists()


def test_a_file_that_is_not_the_treasurys_csv_says_so(db, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("year,value\n2014,3\n")
    with pytest.raises(CommandError, match="no column headed like '2024-25 = 100'"):
        call_command("deflators", "load", str(other), "--release", RELEASE)


def test_the_reference_year_must_be_100(db, tmp_path):
    shifted = tmp_path / "shifted.csv"
    shifted.write_text(HMT_CSV.read_text().replace("2024-25,100.0000", "2024-25,99.0000"))
    with pytest.raises(CommandError, match="the headings say 2024-25 = 100 but its row gives 99"):
        call_command("deflators", "load", str(shifted), "--release", RELEASE)


def test_a_bad_publication_date_is_refused(db):
    with pytest.raises(CommandError, match="--published must be a date like 2026-03-31"):
        call_command(
            "deflators", "load", str(HMT_CSV), "--release", RELEASE, "--published", "March"
        )
