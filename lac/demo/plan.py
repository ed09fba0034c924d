"""The shape of the synthetic demo data, taken from the seeds' published figures.

Derby's programme is the model: ten coordinators in ten neighbourhoods of
about ten thousand residents. Names are obviously invented ("Demo" in every
council's name) so nobody mistakes the data for real people.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo-password-not-for-real-use"


@dataclass(frozen=True)
class ProgrammePlan:
    name: str
    slug: str
    council: str
    neighbourhoods: tuple[str, ...]
    people: int
    """How many people are introduced to the programme over the demo's years (DEMO_YEARS)."""


@dataclass(frozen=True)
class DemoPlan:
    scale: str
    seed: int
    network_name: str
    programmes: tuple[ProgrammePlan, ...]

    @property
    def main(self) -> ProgrammePlan:
        return self.programmes[0]


WARD_NAMES = (
    "Abbeyfield",
    "Brookside",
    "Castlegate",
    "Dunmere",
    "Elmstead",
    "Foxhollow",
    "Greenbank",
    "Hartwell",
    "Ivybridge Vale",
    "Juniper Park",
    "Kingsmead",
    "Larkhill",
    "Millbrook",
    "Northgate",
    "Oakwood",
    "Parkside",
    "Queensmoor",
    "Riverside",
    "Stonebridge",
    "Thornbury",
    "Upton Heath",
    "Victoria Fields",
    "Westmoor",
    "Yewtree",
    "Ashgrove",
    "Beckfield",
    "Coldharbour",
    "Deepdale",
    "Eastcliff",
    "Fairlight",
    "Glebelands",
    "Highcross",
)
TOWN_NAMES = (
    "Eastmere",
    "Westbrook",
    "Northholm",
    "Southwick Vale",
    "Ravensford",
    "Kestrel Bay",
    "Marlow Heath",
    "Pennington",
    "Ashby Moor",
    "Daleford",
    "Fenwick Cross",
)

DEMO_YEARS = 3
"""People are introduced steadily over the last three years before the demo's today."""

# Derby SROI forecast summary (derby-sroi-forecast-summary.txt): "1,907 Level 1
# Individuals and 1,364 Level 2 Individuals forecast to be supported by 10 Local
# Area Coordinators" over three years. The demo keeps that Level 2 share.
DERBY_FORECAST_LEVEL_1, DERBY_FORECAST_LEVEL_2 = 1907, 1364
LEVEL_2_SHARE = DERBY_FORECAST_LEVEL_2 / (DERBY_FORECAST_LEVEL_1 + DERBY_FORECAST_LEVEL_2)

# Derby's ten-year-journey slides (derby-lac-ten-year-journey-slides.txt):
# "765 resident supported per year" by the ten coordinators. lac counts the
# people supported in a year as the dashboard does: everyone introduced, or
# with a conversation recorded, in it. Level 2 people are walked alongside for
# months, so about a third of a year's people carry over from the year before;
# 540 introductions a year then give about 765 people supported in a year
# (measured by tests/demo/test_demo_data.py; it is a volume, not a target for
# any outcome or ratio).
DERBY_SUPPORTED_A_YEAR = 765
INTRODUCTIONS_A_YEAR = 540


def small_plan(seed: int = 2026, fraction: float = 1.0) -> DemoPlan:
    """One Derby-sized programme, plus a small neighbour for the outsider's view.

    ``fraction`` builds the same shape with fewer people, for tests that need a
    demo but not its volume (the "tiny" scale).
    """
    main = ProgrammePlan(
        name="Eastmere Local Area Coordination",
        slug="eastmere",
        council="Eastmere City Council (demo)",
        neighbourhoods=WARD_NAMES[:10],
        people=round(INTRODUCTIONS_A_YEAR * DEMO_YEARS * fraction),
    )
    neighbour = ProgrammePlan(
        name="Westbrook Local Area Coordination",
        slug="westbrook",
        council="Westbrook Borough Council (demo)",
        neighbourhoods=WARD_NAMES[10:12],
        people=round(INTRODUCTIONS_A_YEAR * DEMO_YEARS * fraction / 5),
    )
    scale = "small" if fraction == 1.0 else "tiny"
    return DemoPlan(scale, seed, "Demo Local Area Coordination Network", (main, neighbour))


def tiny_plan(seed: int = 2026) -> DemoPlan:
    """The small demo with a tenth of its people: every page has data, tests stay quick."""
    return small_plan(seed, fraction=0.1)


def network_plan(seed: int = 2026) -> DemoPlan:
    """Eleven programmes, about ninety coordinators and a hundred thousand people."""
    sizes = (10, 10, 9, 9, 8, 8, 8, 8, 7, 7, 6)  # 90 neighbourhoods, one coordinator each
    programmes = []
    ward_index = 0
    for number, (town, size) in enumerate(zip(TOWN_NAMES, sizes, strict=True), start=1):
        wards = tuple(
            f"{WARD_NAMES[(ward_index + i) % len(WARD_NAMES)]} {town.split()[0]}"
            for i in range(size)
        )
        ward_index += size
        programmes.append(
            ProgrammePlan(
                name=f"{town} Local Area Coordination",
                slug=town.lower().replace(" ", "-"),
                council=f"{town} Council (demo {number})",
                neighbourhoods=wards,
                people=round(100_000 * size / sum(sizes)),
            )
        )
    return DemoPlan("network", seed, "Demo Local Area Coordination Network", tuple(programmes))


PLANS = {"tiny": tiny_plan, "small": small_plan, "network": network_plan}
