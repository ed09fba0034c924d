"""Demo impact maps: the Derby-like forecast, and an evaluative map bound to the demo records.

Runs last, after the people, casework, outcomes and community builders, so
the evaluative run counts what they recorded. The evaluative period is the
last complete financial year before the demo's ``today``; its input is one
year of the forecast's three-year cost, scaled to the programme's number of
neighbourhoods (one coordinator each).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.demo.context import DemoContext
from lac.evaluation.models import Mode
from lac.evaluation.services import (
    impact_map_create,
    impact_map_set_forecast,
    run_create,
    run_publish,
)
from lac.lib.periods import last_complete_financial_year
from lac.value import impact_map_to_dict, load_impact_map

DEMO = Actor.working_as(None, job="demo")
"""The demo is built by whoever installs it, with no one signed in."""

FORECAST = Path(settings.BASE_DIR) / "examples" / "value" / "derby-like-forecast.yaml"
COHORT_ONE, COHORT_ONE_WORDS = "_y1", " (people supported in year 1)"

# Outcome id in the Derby-like map → where its quantity comes from in the
# records. Every outcome the records can count is bound, each to the people at
# the level the map claims it for; an outcome left out is typed in from the
# forecast (an assumption) only where the records cannot speak: see ASSUMED.
BINDINGS: dict[str, dict[str, str]] = {
    "l2_someone_to_rely_on": {"kind": "level2_improved", "parameter": "people-support"},
    "l2_less_isolated": {"kind": "level2_event_people", "parameter": "reduced-isolation"},
    "l2_part_of_community": {"kind": "level2_event_people", "parameter": "joined-group"},
    "l2_confidence": {"kind": "level2_event_people", "parameter": "more-confident"},
    "l2_mental_health": {"kind": "level2_improved", "parameter": "health-wellbeing"},
    "l2_financial_stability": {"kind": "level2_event_people", "parameter": "debt-resolved"},
    "l1_informed": {
        "kind": "people_at_level",
        "parameter": "1",
        "reason": "The Derby forecast values the information and connections Level 1 people "
        "receive; the records can only count the people, so each is taken to have received them",
    },
    # The map's indicator: "Level 1 people who joined an activity they heard of".
    "l1_less_isolated": {"kind": "level1_event_people", "parameter": "joined-group"},
    # "Level 1 people reporting less worry": their health and wellbeing score went up.
    "l1_less_anxious": {"kind": "level1_improved", "parameter": "health-wellbeing"},
    "council_care_avoided": {
        "kind": "avoided_items",
        "parameter": "Residential care for older people",
    },
    "council_social_work": {"kind": "avoided_items", "parameter": "Social worker intervention"},
    "council_homelessness": {
        "kind": "avoided_items",
        "parameter": "Homelessness applications and support",
    },
    "health_gp": {"kind": "avoided_items", "parameter": "GP consultations"},
    "health_ae": {"kind": "avoided_items", "parameter": "A&E attendance"},
    "health_mental_health_team": {
        "kind": "avoided_items",
        "parameter": "Mental health and crisis team support",
    },
    "fire_callouts": {"kind": "avoided_items", "parameter": "Fire service"},
    "police_asb": {
        "kind": "avoided_items",
        "parameter": "Police dealing with antisocial behaviour",
    },
}
ASSUMED = {
    "community_admin_time": "Administration time community groups save is theirs to record; "
    "lac holds the hours people volunteer, which is a different thing",
}
"""Included outcomes left to the forecast's figure, and why the records cannot count them."""


NOT_MATERIAL = (
    "Residents were not asked, and its value would be under 1% of the total: not material to "
    "a decision about the programme"
)
ENGAGEMENT = (
    "Illustrative: the Derby forecast drew its outcomes from conversations with people walked "
    "alongside, coordinators, council and health partners; the demo has not asked anyone."
)


def _reasons(document: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Why each outcome the Derby-like map leaves out is not material (needed to publish)."""
    return {
        o["id"]: {"excluded_reason": NOT_MATERIAL} for o in document["outcomes"] if not o["include"]
    }


def evaluative_document(
    forecast: dict[str, Any], programme: Programme, coordinators: int, start: date, end: date
) -> dict[str, Any]:
    """One year of the forecast's first cohort, scaled to the programme's coordinators.

    The forecast models three yearly cohorts (outcome ids ending _y1, _y2,
    _y3); an evaluative year is one cohort, so the _y1 outcomes are kept under
    their plain ids (the ones BINDINGS names) and the rest dropped.
    """
    document = copy.deepcopy(forecast)
    document["name"] = f"{programme.name}: evaluative SROI, {start:%B %Y} to {end:%B %Y} (demo)"
    three_years = sum(i["value"] for i in forecast["inputs"])
    yearly = three_years / 3 * coordinators / 10
    document["inputs"] = [
        {
            "stakeholder": "council",
            "description": f"{coordinators} coordinators for one year (a third of the forecast’s "
            "three-year cost, per coordinator)",
            "value": round(yearly, 2),
            "year": 1,
        }
    ]
    scale = coordinators / 10
    first_cohort = [o for o in document["outcomes"] if o["id"].endswith(COHORT_ONE)]
    for outcome in first_cohort:
        # The forecast's first-year figure: for a bound outcome it is the plan
        # the count is compared with; otherwise it is what is claimed.
        outcome["id"] = outcome["id"].removesuffix(COHORT_ONE)
        outcome["description"] = outcome["description"].removesuffix(
            " (people supported in year 1)"
        )
        outcome["quantity"] = round(outcome["quantity"] * scale)
        spread = outcome.get("ranges", {}).get("quantity")
        if spread:
            for key in ("low", "high", "mode"):
                if key in spread:
                    spread[key] = round(spread[key] * scale)
        if outcome["id"] in ASSUMED:
            outcome["indicator"] += (
                f" (assumed: the forecast's figure; {ASSUMED[outcome['id']].lower()})"
            )
    document["outcomes"] = first_cohort
    return document


def build_evaluation(ctx: DemoContext) -> None:
    """A forecast and an evaluative map realising it, each with a published run (main programme)."""
    programme = ctx.programmes[ctx.plan.main.slug]
    forecast = impact_map_to_dict(load_impact_map(FORECAST))
    stored = impact_map_create(
        programme=programme,
        mode=Mode.FORECAST,
        document=forecast,
        actor=DEMO,
        note="The Derby-like example",
        annotations=_reasons(forecast),
        engagement=ENGAGEMENT,
    )
    forecast_run = run_create(
        version=stored.versions.get(), start=None, end=None, draws=10_000, seed=1, actor=DEMO
    )
    run_publish(
        run=forecast_run, actor=DEMO, note="The forecast the programme was funded on (demo)"
    )
    start, end = last_complete_financial_year(ctx.today)
    coordinators = len(ctx.neighbourhoods[programme.slug])
    document = evaluative_document(forecast, programme, coordinators, start, end)
    evaluative = impact_map_create(
        programme=programme,
        mode=Mode.EVALUATIVE,
        document=document,
        bindings=BINDINGS,
        actor=DEMO,
        note="Quantities counted from the records",
        annotations=_reasons(document),
        engagement=ENGAGEMENT,
    )
    impact_map_set_forecast(impact_map=evaluative, forecast=stored, actor=DEMO)
    run = run_create(
        version=evaluative.versions.get(), start=start, end=end, draws=10_000, seed=1, actor=DEMO
    )
    run_publish(run=run, actor=DEMO, note="The last complete financial year (demo)")
