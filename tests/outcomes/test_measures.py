"""Published measures: ONS4 item by item with ONS's thresholds, SWEMWBS through a loaded table,
and each item's direction in distance travelled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from lac.audit.actor import Actor
from lac.outcomes import distance
from lac.outcomes.models import FrameworkVersion
from lac.outcomes.scoring import (
    Figure,
    Item,
    Measure,
    ScoringError,
    measure_of,
    score,
)
from lac.outcomes.selectors import OutcomeFilter, distance_travelled, measure_distances
from lac.outcomes.services import conversion_table_load
from lac.outcomes.statistics import Pair, summarise
from tests.outcomes.factories import PersonFactory, assess, uniform


def ons4() -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__slug="ons4", number=1)


def swemwbs() -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__slug="swemwbs", number=1)


def answers(life: int, worth: int, happy: int, anxious: int) -> dict[str, int]:
    return {"life-satisfaction": life, "worthwhile": worth, "happiness": happy, "anxiety": anxious}


def test_ons4_asks_the_four_published_questions_from_0_to_10_with_anxiety_reversed(db):
    domains = list(ons4().domains.all())
    assert [d.question for d in domains] == [
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "Overall, how anxious did you feel yesterday?",
    ]
    assert {(d.scale_min, d.scale_max) for d in domains} == {(0, 10)}
    assert [d.higher_is_better for d in domains] == [True, True, True, False]
    assert "gss.civilservice.gov.uk" in ons4().source


@pytest.mark.parametrize(
    ("given", "bands"),
    [
        # ONS: 0-4 low, 5-6 medium, 7-8 high, 9-10 very high; anxiety 0-1 very low,
        # 2-3 low, 4-5 medium, 6-10 high. Each edge of each band.
        (answers(4, 5, 6, 1), ["Low", "Medium", "Medium", "Very low"]),
        (answers(7, 8, 9, 2), ["High", "High", "Very high", "Low"]),
        (answers(0, 10, 3, 5), ["Low", "Very high", "Low", "Medium"]),
        (answers(10, 0, 10, 6), ["Very high", "Low", "Very high", "High"]),
    ],
)
def test_ons4_is_reported_item_by_item_in_the_ons_thresholds_and_never_added_up(db, given, bands):
    figures = score(measure_of(ons4()), given)
    assert [f.label for f in figures] == ["Life satisfaction", "Worthwhile", "Happiness", "Anxiety"]
    assert [f.score for f in figures] == [Decimal(v) for v in given.values()]
    assert [f.band for f in figures] == bands


def test_an_unanswered_or_impossible_answer_names_the_question(db):
    with pytest.raises(ScoringError, match="Answer Happiness"):
        score(measure_of(ons4()), {**answers(5, 5, 5, 5), "happiness": None})
    with pytest.raises(ScoringError, match="Anxiety must be from 0 to 10"):
        score(measure_of(ons4()), answers(5, 5, 5, 11))


def test_swemwbs_ships_its_scoring_and_licence_but_not_its_licensed_wording(db):
    version = swemwbs()
    domains = list(version.domains.all())
    assert len(domains) == 7
    assert {(d.scale_min, d.scale_max) for d in domains} == {(1, 5)}
    assert all(d.question == "" for d in domains)
    assert "all rights reserved" in version.licence
    assert version.scoring == "table"


def test_swemwbs_cannot_be_scored_until_its_published_table_is_loaded(db):
    with pytest.raises(ScoringError, match="no conversion table loaded for a raw score of 21"):
        score(measure_of(swemwbs()), {f"statement-{n}": 3 for n in range(1, 8)})


def _write_table(path, rows):
    path.write_text("raw,converted\n" + "".join(f"{raw},{value}\n" for raw, value in rows))
    return path


def test_a_loaded_table_converts_the_seven_items_added_up(db, tmp_path):
    # A made-up table for the mechanism (raw + 0.5): the published one is loaded by a programme.
    table = _write_table(tmp_path / "t.csv", [(raw, raw + 0.5) for raw in range(7, 36)])
    call_command("load_conversion_table", "swemwbs", str(table), source="Test table")
    figures = score(
        measure_of(swemwbs()), {f"statement-{n}": n % 5 + 1 for n in range(1, 8)}
    )  # 2+3+4+5+1+2+3 = 20
    assert figures == [Figure("SWEMWBS score", Decimal("20.5"), None)]
    assert swemwbs().source.endswith("Conversion table: Test table")


def test_a_table_with_gaps_or_impossible_rows_is_refused_naming_them(db, tmp_path):
    gappy = _write_table(tmp_path / "gappy.csv", [(raw, raw) for raw in range(7, 35)])
    with pytest.raises(CommandError, match="every raw score from 7 to 35; missing: 35"):
        call_command("load_conversion_table", "swemwbs", str(gappy), source="x")
    with pytest.raises(ValidationError) as error:
        conversion_table_load(
            version=swemwbs(),
            table={r: Decimal(r) for r in range(6, 36)},
            source="x",
            actor=Actor.of_command("load_conversion_table"),
        )
    assert "Raw scores 6 cannot happen" in error.value.messages[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("raw,converted\n7,seven\n")
    with pytest.raises(CommandError, match="Row 2: raw must be a whole number"):
        call_command("load_conversion_table", "swemwbs", str(bad), source="x")
    assert not swemwbs().conversions.exists()


MADE_UP_TABLE = Path(__file__).parent / "data" / "made-up-swemwbs-table-test-fixture.csv"
"""Says in its first lines that it is made up: the published table could not be found in a
source we could cite (lac/outcomes/management/commands/load_conversion_table.py)."""


@pytest.mark.parametrize(
    ("answers", "raw"),
    [((1, 2, 3, 4, 5, 3, 3), 21), ((1,) * 7, 7), ((5,) * 7, 35), ((4, 4, 4, 4, 4, 4, 3), 27)],
)
def test_swemwbs_worked_example_adds_the_seven_items_then_looks_the_total_up(db, answers, raw):
    """The scoring Warwick Medical School's guidance describes ("first summing the score
    for each of the seven items and then transforming the total score ... according to a
    conversion table"), worked through a table loaded from a file, as a programme would."""
    call_command(
        "load_conversion_table", "swemwbs", str(MADE_UP_TABLE), source="Made-up test fixture"
    )
    given = {f"statement-{n}": value for n, value in enumerate(answers, start=1)}
    (figure,) = score(measure_of(swemwbs()), given)
    table = {c.raw: c.converted for c in swemwbs().conversions.all()}
    assert figure.score == table[raw] == Decimal(raw) + Decimal("0.25")
    assert figure.label == "SWEMWBS score"


def test_a_tables_notes_are_skipped_and_a_bad_row_is_named_by_its_line(db, tmp_path):
    noted = tmp_path / "noted.csv"
    noted.write_text("# Source: where the programme got it\nraw,converted\n7,7\n# note\n8,x\n")
    with pytest.raises(CommandError, match="Row 5: raw must be a whole number"):
        call_command("load_conversion_table", "swemwbs", str(noted), source="x")


def test_a_summed_measure_adds_up_its_items():
    measure = Measure("Total", "sum", [Item("a", "A", 1, 5), Item("b", "B", 1, 5)])
    assert score(measure, {"a": 2, "b": 4})[0].score == Decimal(6)


def test_anxiety_falling_counts_as_improved_and_rising_as_worse():
    pairs = [Pair(7, 4)] * 3 + [Pair(2, 6)] + [Pair(5, 5)]
    summary = summarise(pairs, higher_is_better=False)
    assert (summary.improved, summary.worse, summary.same) == (3, 1, 1)
    assert summary.average_change == pytest.approx((-9 + 4) / 5)
    assert summarise(pairs).improved == 1


def test_ons4_distance_uses_each_items_direction_and_is_kept_apart_from_the_framework(world):
    version = ons4()
    for _ in range(2):
        person = PersonFactory(neighbourhood=world.north)
        assess(person, date(2025, 5, 1), uniform(2), kind="first")
        assess(person, date(2025, 6, 1), answers(3, 3, 3, 8), version=version, kind="first")
        assess(person, date(2025, 9, 1), answers(6, 6, 6, 3), version=version)
        assess(person, date(2025, 10, 1), uniform(4))
    f = OutcomeFilter(world.programme)
    framework = distance_travelled(f)
    assert framework.overall.n == 2 and framework.overall.average_change == 2
    assert {d.key for d in framework.by_domain}.isdisjoint({"anxiety", "happiness"})

    [ons] = measure_distances(f)
    assert ons.measure.slug == "ons4"
    by_key = {d.key: d for d in ons.by_domain}
    assert by_key["anxiety"].summary.improved == 2
    assert by_key["anxiety"].summary.average_change == -5
    assert by_key["happiness"].summary.improved == 2
    # Overall, anxiety is turned so higher is better: (3+3+3+2)/4 to (6+6+6+7)/4.
    assert ons.overall.average_start == pytest.approx(11 / 4)
    assert ons.overall.average_latest == pytest.approx(25 / 4)


def test_the_network_pairs_only_the_progress_framework_by_default(world):
    person = PersonFactory(neighbourhood=world.north)
    assess(person, date(2025, 5, 1), uniform(2), kind="first")
    assess(person, date(2025, 9, 1), answers(6, 6, 6, 3), version=ons4(), kind="first")
    counted = distance.changes(distance.Scope([world.programme.pk]))
    assert counted == {}


def _answered_ons4(world, people: int) -> None:
    """People who answered ONS4 themselves twice this year, anxiety falling."""
    from django.utils import timezone

    today = timezone.localdate()
    for _ in range(people):
        person = PersonFactory(neighbourhood=world.north)
        first = assess(person, today.replace(day=1, month=1), answers(4, 4, 4, 8), version=ons4())
        latest = assess(person, today, answers(6, 6, 6, 3), version=ons4())
        type(first).objects.filter(pk__in=[first.pk, latest.pk]).update(self_reported=True)


def test_the_summary_shows_each_measure_question_by_question_in_its_direction(client_for, world):
    _answered_ons4(world, 12)
    html = client_for("bob").get("/outcomes/summary/").content.decode()
    assert '<h2 class="govuk-heading-l">ONS personal wellbeing (ONS4)</h2>' in html
    assert "12 people answered it themselves in the period" in html
    anxiety = html[html.index("Anxiety <span") :]
    assert "(lower is better)" in anxiety[:80]
    assert "−5.00</td>" in anxiety[:600]  # a fall in anxiety…
    assert 'numeric">100%</td>' in anxiety[:700]  # …counted as better for everyone


def test_a_measure_answered_by_few_is_hidden_from_those_who_see_counts_only(client_for, world):
    _answered_ons4(world, 2)
    html = client_for("nina").get("/outcomes/summary/").content.decode()
    assert "too few to show" in html
    assert "2 people answered it themselves" not in html
