"""Writes for outcomes. Each checks everything first, saves in one transaction, and audits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext

from lac.accounts.models import Programme
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_configuration, audit_write, create_audited
from lac.lib.reseed import reseed
from lac.lib.rules import dates, records
from lac.outcomes.models import (
    DEFAULT_FRAMEWORK_SLUG,
    Assessment,
    AssessmentKind,
    AvoidedService,
    Conversion,
    DeflatorSeries,
    DomainScore,
    Framework,
    FrameworkVersion,
    OutcomeEvent,
    OutcomeEventType,
    OutcomeSettings,
    RateCard,
    Scoring,
    UnitCost,
)
from lac.outcomes.price_years import price_years_uncovered
from lac.outcomes.ratecards import unit_cost_rows
from lac.outcomes.scoring import ScoringError, check_answers, measure_of
from lac.outcomes.selectors import (
    deflators_forget,
    deflators_held,
    event_types_for,
    rate_card_for,
)
from lac.outcomes.value_problems import engine_problems, release_leaves_years_uncovered
from lac.people.models import Person
from lac.selfservice.models import PersonalLink
from lac.selfservice.services import personal_link_use
from lac.value import RateCard as EngineRateCard
from lac.value import RateCardError, load_rate_card
from lac.value.deflator_csv import read_hmt_csv


def assessment_create(
    *,
    person: Person,
    version: FrameworkVersion,
    when: date,
    kind: str,
    scores: Mapping[int, int | None],
    actor: Actor,
    note: str = "",
    self_reported: bool = False,
) -> Assessment:
    """Record scores agreed with the person. ``scores`` maps domain id to a score or None.

    A domain left unscored (not talked about) is simply not recorded; at least
    one must be scored. A person has one first assessment per framework or
    measure: their first ONS4 answers may come long after their first
    progress scores. ``self_reported`` marks answers the person gave on their
    own, through a one-time link.
    """
    dates.check(dates.ASSESSMENT, when, field="date")
    domains = {d.pk: d for d in version.domains.all()}
    unknown = [pk for pk in scores if pk not in domains]
    if unknown:
        raise ValidationError(
            {"scores": gettext("A score was given for a life area not in this framework")}
        )
    given = {pk: score for pk, score in scores.items() if score is not None}
    if not given:
        raise ValidationError({"scores": gettext("Score at least one life area")})
    same_framework = person.assessments.filter(version__framework_id=version.framework_id)
    if kind == AssessmentKind.FIRST and same_framework.filter(kind=AssessmentKind.FIRST).exists():
        raise ValidationError(
            {"kind": gettext("This person already has a first assessment: choose review or last")}
        )
    earliest = same_framework.order_by("date").values_list("date", flat=True).first()
    if kind == AssessmentKind.FIRST and earliest is not None and earliest < when:
        raise ValidationError(
            {
                "date": gettext("A first assessment cannot be after the one on %(date)s")
                % {"date": formats.date_format(earliest, "j F Y")}
            }
        )
    with transaction.atomic():
        assessment = Assessment(
            person=person,
            version=version,
            date=when,
            kind=kind,
            note=note,
            assessed_by=actor.user,
            self_reported=self_reported,
        )
        records.check(assessment)
        assessment.save()
        rows = [
            DomainScore(assessment=assessment, domain=domains[pk], score=s)
            for pk, s in given.items()
        ]
        for row in rows:
            records.check(row, exclude=("assessment",))
        DomainScore.objects.bulk_create(rows)
        with translation.override("en"):  # the trail is kept in English
            what = f"{assessment.get_kind_display()} {version.framework.name} assessment"
        audit_write(
            obj=assessment,
            action=Action.CREATE,
            what=what + (", answered by the person" if self_reported else ""),
            actor=actor,
            person=person,
            changes={domains[pk].key: ["", str(s)] for pk, s in given.items()},
        )
    return assessment


def outcome_event_record(
    *,
    person: Person,
    event_type: OutcomeEventType,
    when: date,
    actor: Actor,
    note: str = "",
) -> OutcomeEvent:
    """Record something that changed for the person."""
    dates.check(dates.OUTCOME_EVENT, when, field="date")
    allowed = {t.pk for t in event_types_for(person.neighbourhood.programme)}
    if event_type.pk not in allowed:
        raise ValidationError(
            {"event_type": gettext("That kind of change is not used in this programme")}
        )
    with transaction.atomic():
        event = OutcomeEvent(
            person=person, type=event_type, date=when, note=note, recorded_by=actor.user
        )
        return create_audited(
            event,
            what=f"What changed: {event_type.name}",
            actor=actor,
            person=person,
        )


QUANTITY_NOT_A_NUMBER = gettext_noop("Enter how many as a number, like 1 or 2.5")
QUANTITY_NOT_POSITIVE = gettext_noop("How many must be more than 0")
QUANTITY_TOO_MANY = gettext_noop("How many must be less than 1,000,000")
QUANTITY_TOO_PRECISE = gettext_noop("How many can have at most 2 decimal places")
"""In English, for tests to compare; refused in the reader's language (an import's report
is in its starter's)."""
QUANTITY_LIMIT = Decimal(1_000_000)
"""A service avoided's quantity is less than this: the column holds 8 digits, 2 after the
point, and a million hours or stays for one person is a slip."""
CENT = Decimal("0.01")


def avoided_quantity(value: Decimal | float | str, *, field: str = "quantity") -> Decimal:
    """How many of a rate card item were avoided, as stored: more than 0, less than
    ``QUANTITY_LIMIT``, at most two decimal places, given back with two as the column
    holds it (1.5 is 1.50). Typed on the page, given to :func:`avoided_service_record` or
    read from a spreadsheet cell (text or a number), a quantity is held to this one rule;
    anything else raises a ValidationError on ``field``."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if isinstance(value, bool) or not number.is_finite():
        raise ValidationError({field: gettext(QUANTITY_NOT_A_NUMBER)})
    if number <= 0:
        raise ValidationError({field: gettext(QUANTITY_NOT_POSITIVE)})
    if number >= QUANTITY_LIMIT:
        raise ValidationError({field: gettext(QUANTITY_TOO_MANY)})
    if number != number.quantize(CENT):
        raise ValidationError({field: gettext(QUANTITY_TOO_PRECISE)})
    return number.quantize(CENT)


def avoided_service_fields(
    *, unit_cost_agency: str, quantity: Decimal | float, agency: str = "", **fields: Any
) -> dict[str, Any]:
    """A service avoided's fields as stored: the one constructor of the record, for the
    service below, the import's bulk insert and the demo (as
    :func:`lac.casework.services.introduction_fields` is for introductions).

    The agency that would have paid is the rate card item's (``unit_cost_agency``) unless
    the coordinator knows better; the quantity is kept exactly (a spreadsheet's 1.5 is
    a float), as the column's decimal.
    """
    return {"agency": agency or unit_cost_agency, "quantity": Decimal(str(quantity)), **fields}


def avoided_service_record(
    *,
    person: Person,
    unit_cost: UnitCost,
    when: date,
    quantity: Decimal,
    confidence: str,
    actor: Actor,
    agency: str = "",
    note: str = "",
) -> AvoidedService:
    """Record a service or crisis avoided, priced from the programme's rate card.

    The agency is the rate card's unless the coordinator knows better.
    """
    quantity = avoided_quantity(quantity)
    dates.check(dates.AVOIDED_SERVICE, when, field="date")
    card = rate_card_for(person.neighbourhood.programme)
    if unit_cost.rate_card_id != card.pk:
        raise ValidationError(
            {"unit_cost": gettext("Choose an item from this programme's rate card")}
        )
    with transaction.atomic():
        record = AvoidedService(
            person=person,
            unit_cost=unit_cost,
            **avoided_service_fields(
                unit_cost_agency=unit_cost.agency,
                agency=agency,
                quantity=quantity,
                date=when,
                confidence=confidence,
                note=note,
                recorded_by=actor.user,
            ),
        )
        records.check(record)
        record.save()
        audit_write(
            obj=record,
            action=Action.CREATE,
            what=f"Service avoided: {unit_cost.item}",
            actor=actor,
            person=person,
            changes={"quantity": ["", str(quantity)], "confidence": ["", confidence]},
        )
    return record


def _delete(
    obj: Assessment | OutcomeEvent | AvoidedService,
    *,
    saying: str,
    actor: Actor,
) -> None:
    """Delete a record; the trail names it in English, whatever language the page is in."""
    with translation.override("en"):
        what = f"{saying} {obj}"
    with transaction.atomic():
        audit_write(obj=obj, action=Action.DELETE, what=what, actor=actor, person=obj.person)
        obj.delete()


def assessment_delete(*, assessment: Assessment, actor: Actor) -> None:
    _delete(assessment, saying="Deleted", actor=actor)


def outcome_event_delete(*, event: OutcomeEvent, actor: Actor) -> None:
    _delete(event, saying="Deleted what changed:", actor=actor)


def avoided_service_delete(*, record: AvoidedService, actor: Actor) -> None:
    _delete(record, saying="Deleted", actor=actor)


# --- Configuration -------------------------------------------------------------------------


def rate_card_create(*, card: EngineRateCard, programme: Programme | None) -> RateCard:
    """Store a value-engine rate card, as a programme's own (or the shared one).

    Every cost's price year is checked against the deflator series, read once.
    """
    with transaction.atomic(), deflators_held():
        stored = RateCard(
            programme=programme,
            name=card.name or "Rate card",
            version=card.version,
            source=card.source,
        )
        records.check(stored)
        stored.save()
        items = [
            # Fields the rows leave out: the data migration seeding the shared card
            # builds the UnitCost of its day from them, which had neither.
            UnitCost(
                rate_card=stored,
                price_year_assumed=cost.price_year_assumed,
                item_cy=cost.item_cy,
                unit_cy=cost.unit_cy,
                **row,
            )
            for cost, row in zip(card.items, unit_cost_rows(card), strict=True)
        ]
        for item in items:
            records.check(item, exclude=("rate_card",))
        UnitCost.objects.bulk_create(items)
    return stored


def rate_card_load(
    *, programme: Programme | None, path: str | Path | None = None, actor: Actor
) -> RateCard:
    """Load a rate card YAML file (the value engine's layout), or the shipped card.

    Raises ValidationError naming each problem when the file is unusable. Audited on
    the programmes it applies to, as a unit cost changed in the admin is.
    """
    try:
        card = load_rate_card(path)
    except RateCardError as exc:
        raise ValidationError(engine_problems(exc)) from exc
    with transaction.atomic():
        stored = rate_card_create(card=card, programme=programme)
        source = f"from {Path(path).name}" if path else "copied from the shipped card"
        audit_configuration(
            obj=stored,
            action=Action.CREATE,
            what=f"Loaded rate card “{stored.name}” ({stored.items.count()} unit costs) {source}",
            actor=actor,
        )
    return stored


def deflator_series_load(
    *, path: str | Path, release: str, published: str = "", actor: Actor
) -> DeflatorSeries:
    """Store HM Treasury's GDP deflator CSV as the series every page restates money with.

    The file is read in the form HM Treasury publishes it (lac.value.deflator_csv);
    ValidationError names each problem (row and column) and nothing is stored; so does
    a release that lacks a year stored money is priced in (lac.outcomes.price_years),
    which no page or new run could then restate.
    """
    try:
        table = read_hmt_csv(Path(path), release=release, published=published)
    except RateCardError as exc:
        raise ValidationError(engine_problems(exc)) from exc
    uncovered = price_years_uncovered(table)
    if uncovered:
        raise ValidationError(release_leaves_years_uncovered(uncovered))
    series = DeflatorSeries(
        name=table.name,
        release=table.release,
        published=table.published,
        source=table.source,
        reference_year=table.reference_year,
        forecast_from=table.forecast_from,
        index=dict(table.index),
        loaded_from=Path(path).name[:255],
    )
    records.check(series)
    with transaction.atomic():
        series.save()
        deflators_forget()
        audit_configuration(
            obj=series,
            action=Action.CREATE,
            what=f"Loaded the GDP deflators “{series}” from {series.loaded_from}",
            actor=actor,
        )
    return series


def outcome_settings_set(
    *, programme: Programme, framework: Framework, price_year: str | None = None
) -> OutcomeSettings:
    """Choose the programme's framework (and the price year its reports use)."""
    if framework.programme_id not in (None, programme.pk):
        raise ValidationError({"framework": gettext("That framework belongs to another programme")})
    with transaction.atomic():
        settings, _ = OutcomeSettings.objects.get_or_create(
            programme=programme, defaults={"framework": framework}
        )
        settings.framework = framework
        if price_year:
            settings.price_year = price_year
        records.check(settings)
        settings.save()
    return settings


def framework_version_create(
    *, framework: Framework, published: date, domains: list[dict[str, Any]], notes: str = ""
) -> FrameworkVersion:
    """A new version of a framework: ``domains`` is a list of {key, name, question,
    scale_min, scale_max, points: [descriptions from scale_min up]}."""
    from lac.outcomes.models import Domain, ScalePoint

    with transaction.atomic():
        number = (
            framework.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = FrameworkVersion(
            framework=framework, number=number, published=published, notes=notes
        )
        records.check(version)
        version.save()
        for order, spec in enumerate(domains):
            domain = Domain(
                version=version,
                key=spec["key"],
                name=spec["name"],
                question=spec.get("question", ""),
                order=order,
                scale_min=spec.get("scale_min", 1),
                scale_max=spec.get("scale_max", 5),
            )
            records.check(domain)
            domain.save()
            points = list(spec.get("points", []))
            expected = domain.scale_max - domain.scale_min + 1
            if len(points) != expected:
                raise ValidationError(
                    {
                        "domains": ngettext(
                            "%(area)s: describe each of its %(count)s point",
                            "%(area)s: describe each of its %(count)s points",
                            expected,
                        )
                        % {"area": domain.name, "count": expected}
                    }
                )
            ScalePoint.objects.bulk_create(
                ScalePoint(domain=domain, value=domain.scale_min + i, description=text)
                for i, text in enumerate(points)
            )
    return version


def assessment_self_report(
    actor: Actor, *, link: PersonalLink, answers: Mapping[str, int | None]
) -> Assessment:
    """Save the answers a person gave through a one-time link, and spend the link.

    Both happen or neither: a link whose answers were refused still works for
    another try.
    """
    version = link.target
    if not isinstance(version, FrameworkVersion):
        raise ValidationError({"target": gettext("This link does not open a measure")})
    with transaction.atomic():
        personal_link_use(link, actor=actor)
        return assessment_from_person(actor, person=link.person, version=version, answers=answers)


def assessment_from_person(
    actor: Actor, *, person: Person, version: FrameworkVersion, answers: Mapping[str, int | None]
) -> Assessment:
    """Save a measure's answers the person gave on their own (a link's measure or follow-up).

    Dated today and marked self-reported; their first answers to this
    measure, or a review. Every item must be answered, within its scale.
    """
    try:
        checked = check_answers(measure_of(version), answers)
    except ScoringError as error:
        raise ValidationError({"answers": str(error)}) from error
    domains = {d.key: d.pk for d in version.domains.all()}
    answered_before = person.assessments.filter(version__framework_id=version.framework_id).exists()
    return assessment_create(
        person=person,
        version=version,
        when=timezone.localdate(),
        kind=AssessmentKind.REVIEW if answered_before else AssessmentKind.FIRST,
        scores={domains[key]: value for key, value in checked.items()},
        actor=actor,
        self_reported=True,
    )


CONVERSION_NOT_TABLE = gettext_lazy("{measure} is not scored with a conversion table")
CONVERSION_GAPS = gettext_lazy(
    "The table must give every raw score from {lowest} to {highest}; missing: {missing}"
)
CONVERSION_EXTRA = gettext_lazy(
    "Raw scores {extra} cannot happen: items add up to {lowest} to {highest}"
)


def conversion_table_load(
    *, version: FrameworkVersion, table: Mapping[int, Decimal], source: str, actor: Actor
) -> int:
    """Replace a measure version's raw-to-reported table with a published one.

    The table must cover every raw total the items can add up to, so that no
    answers are ever left unscored; ``source`` (where it is published) is
    added to the version's sources. Returns the number of rows.
    """
    if version.scoring != Scoring.TABLE:
        raise ValidationError({"version": CONVERSION_NOT_TABLE.format(measure=version)})
    domains = list(version.domains.all())
    lowest = sum(d.scale_min for d in domains)
    highest = sum(d.scale_max for d in domains)
    missing = sorted(set(range(lowest, highest + 1)) - set(table))
    extra = sorted(set(table) - set(range(lowest, highest + 1)))
    if missing:
        raise ValidationError(
            {
                "table": CONVERSION_GAPS.format(
                    lowest=lowest, highest=highest, missing=", ".join(map(str, missing))
                )
            }
        )
    if extra:
        raise ValidationError(
            {
                "table": CONVERSION_EXTRA.format(
                    extra=", ".join(map(str, extra)), lowest=lowest, highest=highest
                )
            }
        )
    if not source.strip():
        raise ValidationError({"source": gettext("Say where the table is published")})
    with transaction.atomic():
        version.conversions.all().delete()
        Conversion.objects.bulk_create(
            Conversion(version=version, raw=raw, converted=converted)
            for raw, converted in sorted(table.items())
        )
        version.source = f"{version.source}\nConversion table: {source.strip()}".strip()
        version.save(update_fields=["source"])
        audit_configuration(
            obj=version,
            action=Action.UPDATE,
            what=f"Loaded a conversion table of {len(table)} rows for {version} ({source.strip()})",
            actor=actor,
        )
    return len(table)


def defaults_ensure() -> bool:
    """Put back the default framework, event types and rate card, and the published
    measures (ONS4, SWEMWBS), if missing; True if it did."""
    reseed(
        "lac.outcomes.migrations.0008_ons4_and_swemwbs",
        "create_measures",
        missing=lambda: not Framework.objects.filter(slug__in=["ons4", "swemwbs"]).exists(),
    )
    reseed(
        "lac.outcomes.migrations.0010_ons4_in_welsh",
        "add_welsh",
        missing=lambda: Framework.objects.filter(slug="ons4", name_cy="").exists(),
    )
    missing = not Framework.objects.filter(slug=DEFAULT_FRAMEWORK_SLUG).exists()
    done = reseed(
        "lac.outcomes.migrations.0002_defaults", "create_defaults", missing=lambda: missing
    )
    if done:
        reseed(
            "lac.outcomes.migrations.0006_price_years",
            "mark_assumed_price_years",
            missing=lambda: True,
        )
    return done
