"""Subject access: every record about a person, found through the model relations.

Nothing here lists the apps. Starting from :class:`~lac.people.models.Person`,
:func:`records_about` follows every relation that points at a person
(introductions, conversations, assessments, connections, …) and then every
relation that points at those records in turn (a goal's steps, an
assessment's scores, the spreadsheet row an introduction was imported from),
so a new app's records are covered the day its model points at a person.
Records merged into the person are included. The audit trail (who saw or
changed the record) is added from :mod:`lac.audit`. Staff are named by their
role ("Coordinator"), never by name, username or the address they worked from:
the person is owed their own data, not the staff's.

Some records are withheld unless someone decides otherwise: an app above
people registers a :class:`Withholding` (safety does, for safeguarding
concerns), and the export leaves those records, and the audit trail's lines
about them, out, saying what was withheld and why; or, where a decision to
include them was recorded, includes them and says who decided and why.

The same walk tells :mod:`lac.people.erasure` what to anonymise (withheld
records included: erasure holds back nothing).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel, Model, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from lac.accounts.models import Membership, User
from lac.audit.models import AuditEvent
from lac.people.models import Person

# Followed from records about a person, at most this many links away; deep
# enough for person → goal → step and person → introduction → imported row.
MAX_DEPTH = 3
# The audit trail is reported separately; the people table is the subject.
SKIPPED_MODELS = frozenset({"audit.auditevent", "people.person"})


@dataclass(frozen=True)
class Withholding:
    """Records an export leaves out unless a decision to include them was recorded."""

    title: StrOrPromise
    models: tuple[str, ...]
    """Model labels (``app.model``): the records counted first, then those that go with
    them (their updates, the decisions about them)."""
    why: StrOrPromise
    """Why they are withheld, as the export says it (in the reader's language)."""
    decision: Callable[[list[int]], str | None]
    """For these people's ids: the recorded decision to include them, in words, or None."""


WITHHOLDINGS: list[Withholding] = []


def withholding_register(withholding: Withholding) -> None:
    """Called by the app that keeps the records, when Django loads it."""
    if withholding not in WITHHOLDINGS:
        WITHHOLDINGS.append(withholding)


@dataclass(frozen=True)
class Held:
    """What the export says about a kind of record it withheld or included by decision."""

    title: str
    records: int
    """How many of the first model's records."""
    withheld: bool
    why: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def held_back(person_ids: list[int]) -> list[tuple[Withholding, str | None]]:
    """Each registered withholding with the decision to include its records (None: withheld)."""
    return [(w, w.decision(person_ids)) for w in WITHHOLDINGS]


def withheld_labels(person_ids: list[int]) -> frozenset[str]:
    """Model labels left out of this person's export (no decision to include them)."""
    return frozenset(
        label for w, decision in held_back(person_ids) if decision is None for label in w.models
    )


@dataclass(frozen=True)
class Relation:
    """A path from one model to records that belong to it, by a foreign key."""

    model: type[Model]
    fk_name: str
    parent: type[Model]


def owned_relations(model: type[Model]) -> Iterator[Relation]:
    """Reverse foreign keys and one-to-ones pointing at ``model``, hidden ones included."""
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete):
            continue
        if not (rel.one_to_many or rel.one_to_one):
            continue
        related = rel.related_model
        assert related is not None and isinstance(rel, ForeignObjectRel)  # a reverse relation
        if related._meta.label_lower in SKIPPED_MODELS or related._meta.auto_created:
            continue  # many-to-many link tables: the links show on the record itself
        yield Relation(related, rel.field.name, model)


def person_ids_of(person: Person) -> list[int]:
    """The person and every record that was merged into them (at any depth)."""
    ids = [person.pk]
    frontier = [person.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def related_querysets(person_ids: list[int]) -> dict[type[Model], QuerySet[Any]]:
    """Every record about these people, as one queryset per model (a query per relation)."""
    found: dict[type[Model], set[int]] = {}
    frontier: list[tuple[type[Model], list[int]]] = [(Person, person_ids)]
    for _depth in range(MAX_DEPTH):
        next_frontier: list[tuple[type[Model], list[int]]] = []
        for parent, parent_ids in frontier:
            if not parent_ids:
                continue
            for relation in owned_relations(parent):
                pks = set(
                    relation.model._default_manager.filter(
                        **{f"{relation.fk_name}__in": parent_ids}
                    ).values_list("pk", flat=True)
                )
                new = pks - found.get(relation.model, set())
                if new:
                    found.setdefault(relation.model, set()).update(new)
                    next_frontier.append((relation.model, sorted(new)))
        frontier = next_frontier
    return {
        model: model._default_manager.filter(pk__in=sorted(pks)).order_by("pk")
        for model, pks in sorted(found.items(), key=lambda item: item[0]._meta.label)
    }


# --- Turning records into data -------------------------------------------------


@dataclass
class Item:
    name: str
    label: str
    value: Any
    """JSON-ready value."""
    text: str
    """The value as a reader would see it."""


@dataclass
class Record:
    model: str
    id: Any
    title: str
    items: list[Item] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, **{item.name: item.value for item in self.items}}


@dataclass
class Section:
    model: str
    title: str
    records: list[Record]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return {"id": value.pk, "text": str(value)}
    return value


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return (
            f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
            if timezone.is_aware(value)
            else str(value)
        )
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class StaffRoles:
    """Each member of staff's role, as the person may be told it: one query per export."""

    def __init__(self, programme_id: int | None) -> None:
        memberships = Membership.objects.filter(
            Q(programme_id=programme_id) | Q(programme__isnull=True)
        ).order_by("programme_id")  # a role in this programme, else a role everywhere
        self.roles: dict[int, str] = {}
        for membership in memberships:
            self.roles.setdefault(membership.user_id, membership.get_role_display())

    def __call__(self, user_id: int | None) -> str:
        if user_id is None:
            return "The system"
        return self.roles.get(user_id, "A member of staff")


def record_of(obj: Model, who: StaffRoles) -> Record:
    """Every field of a record, with labels, choices shown in words, links as text."""
    record = Record(obj._meta.label_lower, obj.pk, str(obj))
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.is_relation and f.related_model is User:
            user_id = getattr(obj, f.attname)
            value: Any = who(user_id) if user_id is not None else None
            text = value or ""
        elif f.is_relation:
            related = getattr(obj, f.name)
            value = _plain(related) if related is not None else None
            text = str(related) if related is not None else ""
        else:
            raw = getattr(obj, f.attname)
            if f.choices and raw not in (None, ""):
                text = str(getattr(obj, f"get_{f.name}_display")())
                value = {"code": _plain(raw), "text": text}
            else:
                value, text = _plain(raw), _text(raw)
        record.items.append(Item(f.name, str(f.verbose_name).capitalize(), value, text))
    for f in obj._meta.many_to_many:
        related_objs = list(getattr(obj, f.name).all())
        record.items.append(
            Item(
                f.name,
                str(f.verbose_name).capitalize(),
                [_plain(r) for r in related_objs],
                ", ".join(str(r) for r in related_objs),
            )
        )
    return record


def _with_joins(queryset: QuerySet[Any]) -> QuerySet[Any]:
    opts = queryset.model._meta
    fks = [f.name for f in opts.concrete_fields if f.is_relation and f.related_model is not User]
    return queryset.select_related(*fks).prefetch_related(*[f.name for f in opts.many_to_many])


def records_about(
    person: Person, who: StaffRoles | None = None, *, withheld: frozenset[str] = frozenset()
) -> list[Section]:
    """The person's own records (and any merged into them), then each app's records,
    except those of the ``withheld`` models."""
    who = who or StaffRoles(person.neighbourhood.programme_id)
    ids = person_ids_of(person)
    people = _with_joins(Person.objects.filter(pk__in=ids).order_by("pk"))
    sections = [Section("people.person", "Personal details", [record_of(p, who) for p in people])]
    for model, queryset in related_querysets(ids).items():
        if model._meta.label_lower in withheld:
            continue
        title = str(model._meta.verbose_name_plural).capitalize()
        records = [record_of(obj, who) for obj in _with_joins(queryset)]
        sections.append(Section(model._meta.label_lower, title, records))
    return sections


@dataclass(frozen=True)
class TrailEntry:
    """One line of who saw or changed the record: staff by role, no address."""

    at: datetime
    who: str
    action: str
    what: str
    record: str
    changes: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "at": _plain(self.at)}


def audit_trail(
    person: Person, who: StaffRoles, *, withheld: frozenset[str] = frozenset()
) -> list[TrailEntry]:
    """Who saw or changed the record; lines about withheld records are withheld with them."""
    ids = person_ids_of(person)
    events = (
        AuditEvent.objects.filter(person_id__in=ids)
        .exclude(object_type__in=sorted(withheld))
        .order_by("at", "pk")
    )
    return [
        TrailEntry(
            at=event.at,
            who=who(event.user_id),
            action=event.get_action_display(),
            what=event.what,
            record=f"{event.object_type} {event.object_id}".strip(),
            changes=event.changes,
        )
        for event in events
    ]


@dataclass
class Export:
    person: Person
    produced_at: datetime
    produced_by: str
    sections: list[Section]
    trail: list[TrailEntry]
    held: list[Held] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        return sum(len(s.records) for s in self.sections)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": "lac subject access export, version 1",
            "produced_at": _plain(self.produced_at),
            "produced_by": self.produced_by,
            "person_id": self.person.pk,
            "records": {s.model: [r.as_json() for r in s.records] for s in self.sections},
            "audit_trail": [e.as_json() for e in self.trail],
            "withheld_or_included_by_decision": [h.as_json() for h in self.held],
        }


def subject_access_export(person: Person, *, produced_by: User) -> Export:
    """Everything about the person, and who saw or changed it, at this moment."""
    who = StaffRoles(person.neighbourhood.programme_id)
    ids = person_ids_of(person)
    withheld = withheld_labels(ids)
    return Export(
        person=person,
        produced_at=timezone.now(),
        produced_by=who(produced_by.pk),
        sections=records_about(person, who, withheld=withheld),
        trail=audit_trail(person, who, withheld=withheld),
        held=held_notes(ids),
    )


def held_notes(person_ids: list[int]) -> list[Held]:
    """What the export withholds (and why), or includes only by a recorded decision.

    A kind of record the person has none of is not mentioned: saying "no
    safeguarding concerns withheld" would itself tell them something.
    """
    querysets = {m._meta.label_lower: q for m, q in related_querysets(person_ids).items()}
    notes = []
    for withholding, decision in held_back(person_ids):
        counted = querysets.get(withholding.models[0])
        records = counted.count() if counted is not None else 0
        if records:
            notes.append(
                Held(
                    str(withholding.title),
                    records,
                    decision is None,
                    str(decision or withholding.why),
                )
            )
    return notes


def export_json_bytes(export: Export) -> bytes:
    return json.dumps(export.as_json(), ensure_ascii=False, indent=2, default=str).encode()


def export_html(export: Export) -> str:
    return render_to_string("people/privacy/export_pdf.html", {"export": export})


def export_pdf_bytes(export: Export) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only this download needs.
    from weasyprint import HTML

    return HTML(string=export_html(export)).write_pdf()


def export_zip_bytes(export: Export) -> bytes:
    """The JSON and the PDF together, so one click gives both."""
    stem = f"subject-access-{export.person.pk}-{export.produced_at:%Y-%m-%d}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", export_json_bytes(export))
        archive.writestr(f"{stem}.pdf", export_pdf_bytes(export))
    return buffer.getvalue()


def section_counts(person: Person, *, for_export: bool = False) -> list[tuple[str, int]]:
    """How many records of each kind there are: all of them (for the erasure check), or
    those the export will hold (for the page before it)."""
    ids = person_ids_of(person)
    withheld = withheld_labels(ids) if for_export else frozenset()
    counts = [("Personal details", len(ids))]
    for model, queryset in related_querysets(ids).items():
        if model._meta.label_lower in withheld:
            continue
        counts.append((str(model._meta.verbose_name_plural).capitalize(), queryset.count()))
    return counts


def is_text_field(f: models.Field[Any, Any]) -> bool:
    """Free text a person could be identified by: text without a fixed list of choices."""
    return isinstance(f, models.CharField | models.TextField) and not f.choices
