"""The demo-data steps, in the order they run. Each app adds its own step here."""

from __future__ import annotations

from collections.abc import Callable

from lac.demo.casework import build_casework
from lac.demo.community import build_community
from lac.demo.context import DemoContext
from lac.demo.equality import build_equality
from lac.demo.evaluation import build_evaluation
from lac.demo.organisation import build_organisation
from lac.demo.outcomes import build_outcomes

BUILDERS: tuple[Callable[[DemoContext], None], ...] = (
    build_organisation,
    build_casework,  # people, introductions, levels, conversations, goals, consent
    build_outcomes,  # after the people and casework builders: it scores their people
    build_community,  # after the people and casework builders: it connects their people
    build_equality,  # after the people: their equality answers and deprivation
    build_evaluation,  # last: its evaluative run counts what the others recorded
)
