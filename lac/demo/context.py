"""What one demo-data build shares between its steps."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from lac.accounts.models import Neighbourhood, Programme, User
from lac.demo.plan import DemoPlan


@dataclass
class DemoContext:
    plan: DemoPlan
    today: date
    rng: random.Random
    programmes: dict[str, Programme] = field(default_factory=dict)
    neighbourhoods: dict[str, list[Neighbourhood]] = field(default_factory=dict)
    """Neighbourhoods by programme slug."""
    coordinators: dict[int, User] = field(default_factory=dict)
    """The coordinator based in each neighbourhood, by neighbourhood id."""
