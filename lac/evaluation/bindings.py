"""Evaluative quantities: each outcome's quantity drawn from the records of a period.

A binding is ``{"kind": ..., "parameter": ...}`` stored with an impact-map
version. Each kind is a small function over the other apps' models that takes
a fixed number of queries however many records there are (the database counts
and sums; Python only finishes). Where another app already has the selector
(outcome event counts) we use it.

A binding may also carry:

- ``reason``: why an *output* (people at a level, people connected) is valued
  as if it were an outcome. Required for those kinds, shown in the report.
- ``confidence`` (avoided services only): the levels of confidence counted,
  evidenced only unless a lead adds "reported", with ``confidence_reason``.
- ``proxy``: ``"<table id>:<code>"``, a value of one of the programme's loaded
  proxy tables (:class:`lac.evaluation.models.ProxyTable`), which then replaces
  the outcome's typed-in proxy, with its source, licence and price year. A run
  copies it into its frozen document.

The parameter must be one the programme actually has (an outcome event type,
a life area of its framework, a rate-card item): :func:`parameter_choices`
lists them and :func:`check_binding` refuses anything else, naming the
outcome and the field, whichever way the map came in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, override

from lac.accounts.models import Programme
from lac.community.models import AssetEvent, Connection, Contribution, ContributionKind, EventKind
from lac.evaluation.models import ProxyValue
from lac.lib.money import pounds
from lac.lib.welsh import localised
from lac.outcomes import distance
from lac.outcomes.models import AvoidedService, Confidence
from lac.outcomes.selectors import (
    OutcomeFilter,
    counted_confidence,
    current_version,
    event_types_for,
    outcome_event_counts,
    unit_costs_for,
)
from lac.people.models import Level


@dataclass(frozen=True)
class Period:
    programme: Programme
    start: date
    end: date

    @property
    def outcome_filter(self) -> OutcomeFilter:
        return OutcomeFilter(self.programme, self.start, self.end)


FIELD_KIND = gettext_lazy("quantity from the records")
FIELD_PROXY = gettext_lazy("proxy from a table")
FIELD_REASON = gettext_lazy("reason for valuing an output")
FIELD_CONFIDENCE = gettext_lazy("confidence counted")
FIELD_CONFIDENCE_REASON = gettext_lazy("reason for counting reported services")
"""What a binding's problem names after the outcome id (``joined: proxy from a table: …``),
in the reader's language; the editor puts the problem on the field it names."""


def english(describe: Callable[[str], str], parameter: str) -> str:
    """What a binding counts, in English: a run keeps it with its frozen figures."""
    with override(settings.LANGUAGE_CODE):
        return describe(parameter)


def problem(outcome_id: str, field: str | Promise, text: str) -> str:
    """A binding's problem as a reader sees it: the outcome id, the field, what is wrong."""
    return f"{outcome_id}: {field}: {text}"


@dataclass(frozen=True)
class BindingKind:
    code: str
    label: str | Promise
    parameter_label: str | Promise
    """What the parameter means; empty when the kind takes none."""
    count: Callable[..., float]
    choices: Callable[[Programme], list[tuple[str, str]]] | None = None
    """The valid parameters for a programme: (value, what a person reads)."""
    output: bool = False
    """Counts an output (activity), not a change in someone's life: valuing it needs a reason."""
    parameters_label: str | Promise = ""
    """The parameters in the plural (“Life areas”), for the list to choose from."""

    def describe(self, parameter: str) -> str:
        return f"{self.label}: {parameter}" if self.parameter_label else str(self.label)


def people_with_event(period: Period, code: str, level: int | None = None) -> float:
    """Distinct people with at least one outcome event of this type code in the period.

    With a level, only the people at that level now: an outcome a map claims
    for Level 2 people is not counted from Level 1 people's records.
    """
    counts = outcome_event_counts(replace(period.outcome_filter, level=level))
    return float(sum(c.people for c in counts if c.code == code))


def people_improved(period: Period, domain_key: str, level: int = Level.LEVEL_2) -> float:
    """People at a level whose score in the life area improved: distance travelled's definition.

    The dashboard's (lac.outcomes.distance): a person's first assessment
    against their latest one up to the end of the period, which must fall in
    it; the life area must be scored at both. One query.
    """
    counted = distance.changes(
        distance.Scope([period.programme.pk], period.start, period.end, level=level)
    ).get(period.programme.pk)
    pairs = counted.by_domain.get(domain_key, {}) if counted is not None else {}
    return float(sum(people for pair, people in pairs.items() if pair.latest > pair.first))


def _at_level(count: Callable[..., float], level: int) -> Callable[[Period, str], float]:
    """One counting rule narrowed to the people at one level now."""
    return lambda period, parameter: count(period, parameter, level=level)


def avoided_items(
    period: Period, item: str, confidence: tuple[str, ...] = (Confidence.EVIDENCED,)
) -> float:
    """Units of one rate-card item avoided in the period, at the confidence levels counted."""
    records = counted_confidence(
        period.outcome_filter.dated(
            AvoidedService.objects.filter(period.outcome_filter.people_q("person__"))
        ),
        confidence,
    )
    total = records.filter(unit_cost__item=item).aggregate(total=Sum("quantity"))["total"]
    return float(total or Decimal(0))


def volunteering_hours(period: Period, _parameter: str = "") -> float:
    """Hours recorded on volunteering and befriending that started in the period."""
    total = Contribution.objects.filter(
        period.outcome_filter.people_q("person__"),
        kind__in=[ContributionKind.VOLUNTEERING, ContributionKind.BEFRIENDING],
        started__gte=period.start,
        started__lte=period.end,
    ).aggregate(total=Sum("hours"))["total"]
    return float(total or Decimal(0))


def new_groups(period: Period, _parameter: str = "") -> float:
    """New community groups recorded as established in the period."""
    return float(
        AssetEvent.objects.filter(
            asset__programme=period.programme,
            kind=EventKind.ESTABLISHED,
            date__gte=period.start,
            date__lte=period.end,
        ).count()
    )


def people_connected(period: Period, _parameter: str = "") -> float:
    """Distinct people with at least one connection made in the period."""
    return float(
        Connection.objects.filter(
            period.outcome_filter.people_q("person__"),
            date__gte=period.start,
            date__lte=period.end,
        ).aggregate(people=Count("person", distinct=True))["people"]
    )


def people_at_level(period: Period, level: str) -> float:
    """Distinct people introduced in the period who are now at this level (1 or 2)."""
    from lac.casework.models import Introduction

    return float(
        Introduction.objects.filter(
            Q(programme=period.programme),
            Q(person__merged_into__isnull=True),
            person__level=int(level),
            date__gte=period.start,
            date__lte=period.end,
        ).aggregate(people=Count("person", distinct=True))["people"]
    )


def event_type_choices(programme: Programme) -> list[tuple[str, str]]:
    return [(t.code, str(t)) for t in event_types_for(programme)]  # str: the page's language


def life_area_choices(programme: Programme) -> list[tuple[str, str]]:
    return [(d.key, str(d)) for d in current_version(programme).domains.all()]


def rate_card_choices(programme: Programme) -> list[tuple[str, str]]:
    return [(u.item, localised(u, "item")) for u in unit_costs_for(programme)]


def level_choices(_programme: Programme) -> list[tuple[str, str]]:
    return [(str(level.value), str(level.label)) for level in Level]


EVENT_TYPE, EVENT_TYPES = gettext_lazy("Outcome event type"), gettext_lazy("Outcome event types")
LIFE_AREA, LIFE_AREAS = gettext_lazy("Life area"), gettext_lazy("Life areas")

KINDS: dict[str, BindingKind] = {
    k.code: k
    for k in (
        BindingKind(
            "event_people",
            gettext_lazy("People with an outcome event of a type"),
            EVENT_TYPE,
            people_with_event,
            event_type_choices,
            parameters_label=EVENT_TYPES,
        ),
        BindingKind(
            "level1_event_people",
            gettext_lazy("Level 1 people with an outcome event of a type"),
            EVENT_TYPE,
            _at_level(people_with_event, Level.LEVEL_1),
            event_type_choices,
            parameters_label=EVENT_TYPES,
        ),
        BindingKind(
            "level2_event_people",
            gettext_lazy("Level 2 people with an outcome event of a type"),
            EVENT_TYPE,
            _at_level(people_with_event, Level.LEVEL_2),
            event_type_choices,
            parameters_label=EVENT_TYPES,
        ),
        BindingKind(
            "level1_improved",
            gettext_lazy("Level 1 people whose score improved in a life area"),
            LIFE_AREA,
            _at_level(people_improved, Level.LEVEL_1),
            life_area_choices,
            parameters_label=LIFE_AREAS,
        ),
        BindingKind(
            "level2_improved",
            gettext_lazy("Level 2 people whose score improved in a life area"),
            LIFE_AREA,
            _at_level(people_improved, Level.LEVEL_2),
            life_area_choices,
            parameters_label=LIFE_AREAS,
        ),
        BindingKind(
            "avoided_items",
            gettext_lazy("Units of a service avoided (rate card item)"),
            gettext_lazy("Rate card item"),
            avoided_items,
            rate_card_choices,
            parameters_label=gettext_lazy("Rate card items"),
        ),
        BindingKind(
            "volunteering_hours",
            gettext_lazy("Hours of volunteering and befriending"),
            "",
            volunteering_hours,
        ),
        BindingKind("new_groups", gettext_lazy("New community groups established"), "", new_groups),
        BindingKind(
            "people_connected",
            gettext_lazy("People with at least one connection"),
            "",
            people_connected,
            output=True,
        ),
        BindingKind(
            "people_at_level",
            gettext_lazy("People introduced, by current level"),
            gettext_lazy("Level"),
            people_at_level,
            level_choices,
            output=True,
            parameters_label=gettext_lazy("Levels"),
        ),
    )
}
KIND_CHOICES = [("", gettext_lazy("Typed in (not bound)"))] + [
    (k.code, format_lazy("{} ({})", k.label, gettext_lazy("an output")) if k.output else k.label)
    for k in KINDS.values()
]


COUNTABLE_CONFIDENCE = (Confidence.EVIDENCED, Confidence.REPORTED)
"""Levels an avoided-services binding may count; a coordinator's judgement alone never."""


def parameter_choices(programme: Programme) -> dict[str, list[tuple[str, str]]]:
    """Each kind's valid parameters for the programme (kinds that take one)."""
    return {code: kind.choices(programme) for code, kind in KINDS.items() if kind.choices}


def proxy_choices(programme: Programme) -> list[tuple[str, str]]:
    """The values of the programme's proxy tables a binding may take: ("table:code", words)."""
    values = ProxyValue.objects.filter(table__programme=programme).select_related("table")
    return [
        (
            f"{v.table_id}:{v.code}",
            gettext("%(outcome)s: %(value)s (%(table)s, %(year)s prices)")
            % {
                "outcome": v.outcome,
                "value": pounds(v.value),
                "table": v.table.name,
                "year": v.table.price_year,
            },
        )
        for v in values.order_by("table__name", "table_id", "order")
    ]


def check_binding(
    outcome_id: str,
    binding: Mapping[str, Any],
    choices: Mapping[str, list[tuple[str, str]]],
    proxies: Mapping[str, str] | None = None,
) -> list[str]:
    """Messages naming the outcome and field for each problem with one binding (none: usable).

    ``proxies`` are the programme's proxy table values (:func:`proxy_choices`).
    """
    kind = KINDS.get(str(binding.get("kind", "")))
    if kind is None:
        unknown = gettext("unknown kind “%(kind)s”") % {"kind": binding.get("kind")}
        return [problem(outcome_id, FIELD_KIND, unknown)]
    problems = []
    proxy = str(binding.get("proxy") or "").strip()
    if proxy and proxy not in (proxies or {}):
        text = gettext("“%(proxy)s” is not a value of the programme’s proxy tables")
        problems.append(problem(outcome_id, FIELD_PROXY, text % {"proxy": proxy}))
    parameter = str(binding.get("parameter", "")).strip()
    valid = dict(choices.get(kind.code, []))
    if kind.parameter_label and parameter not in valid:
        words = {
            "parameter": parameter,
            "choices": str(kind.parameters_label).lower(),
            "valid": ", ".join(valid) or gettext("none set up"),
        }
        text = (
            gettext("“%(parameter)s” is not one of the programme’s %(choices)s (%(valid)s)")
            if parameter
            else gettext("choose one of the programme’s %(choices)s (%(valid)s)")
        )
        problems.append(problem(outcome_id, str(kind.parameter_label).lower(), text % words))
    if kind.output and not str(binding.get("reason", "")).strip():
        text = gettext(
            "“%(kind)s” counts an activity, not a change in someone’s life; say why it is valued"
        )
        problems.append(problem(outcome_id, FIELD_REASON, text % {"kind": kind.label}))
    confidence = tuple(binding.get("confidence") or (Confidence.EVIDENCED,))
    if kind.code == "avoided_items":
        if Confidence.EVIDENCED not in confidence or not set(confidence) <= set(
            COUNTABLE_CONFIDENCE
        ):
            text = gettext("evidenced, or evidenced and reported, not %(confidence)s")
            given = {"confidence": ", ".join(confidence)}
            problems.append(problem(outcome_id, FIELD_CONFIDENCE, text % given))
        elif (
            Confidence.REPORTED in confidence
            and not str(binding.get("confidence_reason", "")).strip()
        ):
            text = gettext(
                "say why services the person reported, without a professional’s evidence, "
                "are counted"
            )
            problems.append(problem(outcome_id, FIELD_CONFIDENCE_REASON, text))
    return problems


def clean_binding(binding: Mapping[str, Any]) -> dict[str, Any]:
    """The binding as stored: only the keys its kind uses."""
    kind = KINDS[binding["kind"]]
    clean: dict[str, Any] = {
        "kind": kind.code,
        "parameter": str(binding.get("parameter", "")).strip(),
    }
    if kind.output:
        clean["reason"] = str(binding.get("reason", "")).strip()
    if str(binding.get("proxy") or "").strip():
        clean["proxy"] = str(binding["proxy"]).strip()
    if kind.code == "avoided_items":
        levels = set(binding.get("confidence") or (Confidence.EVIDENCED,))
        clean["confidence"] = [c for c in COUNTABLE_CONFIDENCE if c in levels]
        if Confidence.REPORTED in levels:
            clean["confidence_reason"] = str(binding.get("confidence_reason", "")).strip()
    return clean


def confidence_of(binding: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(binding.get("confidence") or (Confidence.EVIDENCED,))


@dataclass(frozen=True)
class Resolved:
    outcome_id: str
    kind: str
    parameter: str
    label: str
    quantity: float
    output_reason: str = ""
    confidence: tuple[str, ...] = ()
    confidence_reason: str = ""
    proxy: dict[str, Any] | None = None
    """The proxy from a table, in the value engine's shape, when the binding names one."""


def table_proxy(reference: str) -> dict[str, Any]:
    """A proxy table's value as the engine's proxy: value, what it is, source and licence."""
    table_id, code = reference.split(":", 1)
    value = ProxyValue.objects.select_related("table").get(table_id=int(table_id), code=code)
    table = value.table
    return {
        "value": float(value.value),
        "description": value.outcome,
        "source": f"{table.name} ({table.source}). Licence: {table.licence}",
        "price_year": table.price_year,
    }


def resolve(period: Period, bindings: Mapping[str, Mapping[str, Any]]) -> list[Resolved]:
    """Each binding's count for the period, in a fixed number of queries per binding."""
    resolved = []
    for outcome_id, binding in bindings.items():
        kind = KINDS[binding["kind"]]
        parameter = str(binding.get("parameter", "")).strip()
        avoided = kind.code == "avoided_items"
        confidence = confidence_of(binding) if avoided else ()
        count = (
            kind.count(period, parameter, confidence) if avoided else kind.count(period, parameter)
        )
        resolved.append(
            Resolved(
                outcome_id,
                kind.code,
                parameter,
                english(kind.describe, parameter),
                count,
                str(binding.get("reason", "")),
                confidence,
                str(binding.get("confidence_reason", "")),
                table_proxy(binding["proxy"]) if binding.get("proxy") else None,
            )
        )
    return resolved
