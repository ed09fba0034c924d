"""How a measure's answers become the figures reported: one function for every path.

A measure (a framework version) says how it is scored (:class:`Scoring`):

- item by item (ONS4: each question is its own figure and they are never
  added up, because life satisfaction and anxiety are different things);
- added up (a total over the items);
- added up and then converted with a published table (SWEMWBS: the seven
  items' raw total is turned into a metric score by the table its authors
  publish, loaded by the programme: ``lac outcomes_conversion load``).

Each figure is placed in its published threshold band (ONS: "7 to 8: high")
when the measure has bands. Plain data in, plain data out, so the person's
own form, the coordinator's form and the import score alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from lac.outcomes.models import FrameworkVersion, Scoring

NO_ANSWER = gettext_lazy("Answer {name}")
OUT_OF_RANGE = gettext_lazy("{name} must be from {lowest} to {highest}")
NO_TABLE = gettext_lazy(
    "{measure} has no conversion table loaded for a raw score of {raw}: "
    "load its published table first"
)


class ScoringError(ValueError):
    """Answers that cannot be scored, with the words to show."""


@dataclass(frozen=True)
class Item:
    key: str
    name: str
    scale_min: int
    scale_max: int
    higher_is_better: bool = True


@dataclass(frozen=True)
class Band:
    lowest: Decimal
    highest: Decimal
    label: str
    item: str | None = None
    """The item key it bands, or None for the total."""


@dataclass(frozen=True)
class Measure:
    name: str
    scoring: str
    items: Sequence[Item]
    bands: Sequence[Band] = ()
    table: Mapping[int, Decimal] | None = None


@dataclass(frozen=True)
class Figure:
    """One reported figure: an item's score, or the total."""

    label: str
    score: Decimal
    band: str | None
    higher_is_better: bool = True


def _band(bands: Sequence[Band], item: str | None, score: Decimal) -> str | None:
    for band in bands:
        if band.item == item and band.lowest <= score <= band.highest:
            return band.label
    return None


def check_answers(measure: Measure, answers: Mapping[str, int | None]) -> dict[str, int]:
    """Every item answered, within its scale; else :class:`ScoringError` naming the item."""
    checked: dict[str, int] = {}
    for item in measure.items:
        value = answers.get(item.key)
        if value is None:
            raise ScoringError(NO_ANSWER.format(name=item.name))
        if not item.scale_min <= value <= item.scale_max:
            raise ScoringError(
                OUT_OF_RANGE.format(name=item.name, lowest=item.scale_min, highest=item.scale_max)
            )
        checked[item.key] = value
    return checked


def score(measure: Measure, answers: Mapping[str, int | None]) -> list[Figure]:
    """The figures a measure reports for one set of answers."""
    checked = check_answers(measure, answers)
    if measure.scoring == Scoring.PER_ITEM:
        return [
            Figure(
                item.name,
                Decimal(checked[item.key]),
                _band(measure.bands, item.key, Decimal(checked[item.key])),
                item.higher_is_better,
            )
            for item in measure.items
        ]
    raw = sum(checked.values())
    if measure.scoring == Scoring.SUM:
        total = Decimal(raw)
    else:
        converted = (measure.table or {}).get(raw)
        if converted is None:
            raise ScoringError(NO_TABLE.format(measure=measure.name, raw=raw))
        total = converted
    return [Figure(f"{measure.name} score", total, _band(measure.bands, None, total))]


def measure_of(version: FrameworkVersion) -> Measure:
    """A stored version as a :class:`Measure` (three queries, or none when prefetched)."""
    domains = list(version.domains.all())
    keys = {d.pk: d.key for d in domains}
    return Measure(
        name=version.framework.name,
        scoring=version.scoring,
        items=[Item(d.key, d.name, d.scale_min, d.scale_max, d.higher_is_better) for d in domains],
        bands=[
            Band(t.lowest, t.highest, t.label, keys.get(t.domain_id) if t.domain_id else None)
            for t in version.thresholds.all()
        ],
        table={c.raw: c.converted for c in version.conversions.all()}
        if version.scoring == Scoring.TABLE
        else None,
    )


def not_ready_to_ask(version: FrameworkVersion) -> str | None:
    """Why the person cannot be given this measure yet, or None when they can.

    Every item needs wording the person can read (a licensed measure's is
    entered by the programme), and its scoring needs what it converts with.
    """
    measure = measure_of(version)
    for domain in version.domains.all():
        if not domain.question:
            return f"{measure.name} has no wording for {domain.name} yet: {version.licence}".strip()
    if measure.scoring == Scoring.TABLE and not measure.table:
        return f"{measure.name} has no conversion table loaded yet"
    return None
