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
    """How many people the programme has walked alongside in the demo period."""


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

# Derby forecast: 1,907 Level 1 and 1,364 Level 2 people over three years.
DERBY_PEOPLE_OVER_THREE_YEARS = 1907 + 1364


def small_plan(seed: int = 2026) -> DemoPlan:
    """One Derby-sized programme, plus a small neighbour for the outsider's view."""
    main = ProgrammePlan(
        name="Eastmere Local Area Coordination",
        slug="eastmere",
        council="Eastmere City Council (demo)",
        neighbourhoods=WARD_NAMES[:10],
        people=600,
    )
    neighbour = ProgrammePlan(
        name="Westbrook Local Area Coordination",
        slug="westbrook",
        council="Westbrook Borough Council (demo)",
        neighbourhoods=WARD_NAMES[10:12],
        people=60,
    )
    return DemoPlan("small", seed, "Demo Local Area Coordination Network", (main, neighbour))


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


PLANS = {"small": small_plan, "network": network_plan}
