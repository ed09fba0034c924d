"""Record who saw or changed which record, when, and from where.

Every function takes the :class:`~lac.audit.actor.Actor` doing the reading or
writing (built once per request or job), never the request itself.

Reads are audited by construction: the selectors that fetch a person for a
page (``lac.people.selectors.get_person``), and those that list people to pick
from (possible duplicates, household search), call :func:`audit_shown`; when
the page is sent, :class:`lac.audit.middleware.AuditShownMiddleware` writes one
read event for each person shown that the request did not already audit, in a
single insert. Views may still call :func:`audit_read` to describe a read in
their own words, and :func:`audit_list_view` when they show a list of people;
services call :func:`audit_write` inside the same transaction as the change,
so a change and its audit row are saved together or not at all; a service adding
one record does both, with the record's checks, through :func:`create_audited`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model, Q

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.lib.rules import records

M = TypeVar("M", bound=Model)


def _person_of(obj: Model | None) -> Any:
    """The person a record concerns: itself, or its ``person`` (or ``goal.person``)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "people.person":
        return obj
    for path in ("person", "goal"):
        related = getattr(obj, path, None)
        if related is not None:
            return _person_of(related)
    return None


def audit_shown(actor: Actor, people: Iterable[Any]) -> None:
    """These people's details are going on the page the actor is being shown."""
    for person in people:
        actor.shown.setdefault(person.pk, person)


def mark_audited(actor: Actor, person_ids: Iterable[int | None]) -> None:
    """The actor already wrote an event about these people: no separate read is needed."""
    actor.audited.update(person_ids)


def audit_shown_people(actor: Actor, *, page: str) -> list[AuditEvent]:
    """One read event per person shown and not otherwise audited: two queries at most."""
    from lac.accounts.models import Neighbourhood

    people = [p for pk, p in actor.shown.items() if pk not in actor.audited]
    if not people:
        return []
    programmes = dict(
        Neighbourhood.objects.filter(pk__in={p.neighbourhood_id for p in people}).values_list(
            "pk", "programme_id"
        )
    )
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            user=actor.user,
            username=actor.username,
            action=Action.READ,
            what=f"Saw {person.full_name}'s details ({page or 'a page'})"[:300],
            person_id=person.pk,
            programme_id=programmes.get(person.neighbourhood_id),
            object_type="people.person",
            object_id=str(person.pk),
            ip_address=actor.ip_address,
            path=actor.path,
        )
        for person in people
    )


def _record(
    *,
    actor: Actor,
    action: str,
    obj: Model | None,
    what: str,
    person: Any = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    person = person if person is not None else _person_of(obj)
    actor.audited.add(person.pk if person is not None else None)
    programme_id = _programme_of(person) if person is not None else _programme_of_object(obj)
    return AuditEvent.objects.create(
        user=actor.user,
        username=actor.username,
        action=action,
        what=what[:300],
        person_id=person.pk if person is not None else None,
        programme_id=programme_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        changes=dict(changes or {}),
        ip_address=actor.ip_address,
        path=actor.path,
    )


def _programme_of_object(obj: Model | None) -> int | None:
    """The programme a write about no one person belongs to (an import, say).

    Filed under its programme, such a write still marks the programme's
    records as changed, so figures kept for it are counted again.
    """
    from lac.accounts.models import Programme

    if isinstance(obj, Programme):
        return obj.pk
    programme_id = getattr(obj, "programme_id", None)
    return programme_id if isinstance(programme_id, int) else None


def _programme_of(person: Any) -> int | None:
    # Avoid a query when the neighbourhood is already loaded.
    state = getattr(person, "_state", None)
    if state is not None and "neighbourhood" in state.fields_cache:
        return person.neighbourhood.programme_id
    from lac.accounts.models import Neighbourhood

    return (
        Neighbourhood.objects.filter(pk=person.neighbourhood_id)
        .values_list("programme_id", flat=True)
        .first()
    )


def audit_read(actor: Actor, obj: Model, *, what: str = "", person: Any = None) -> AuditEvent:
    """Someone looked at a record about a person (a page, a download, an export)."""
    return _record(
        actor=actor,
        action=Action.READ,
        obj=obj,
        what=what or f"{obj._meta.verbose_name} record",
        person=person,
    )


def audit_write(
    *,
    obj: Model,
    actor: Actor,
    action: str = Action.UPDATE,
    what: str = "",
    person: Any = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Someone added, changed, merged or deleted a record about a person.

    ``changes`` maps a field name to ``[before, after]`` (values as text).
    """
    return _record(
        actor=actor,
        action=action,
        obj=obj,
        what=what or f"{obj._meta.verbose_name}",
        person=person,
        changes=changes,
    )


def create_audited(
    record: M,
    *,
    actor: Actor,
    what: str,
    person: Any = None,
    changes: Mapping[str, Any] | None = None,
) -> M:
    """Check a new record against its model's rules, save it and audit the creation,
    all or nothing: the one way a service adds a single record, so that no record is
    saved unchecked or without its audit row.

    ``person`` is the person it concerns when the record does not say (see
    :func:`audit_write`)."""
    records.check(record)
    with transaction.atomic():
        record.save()
        audit_write(
            obj=record,
            action=Action.CREATE,
            what=what,
            actor=actor,
            person=person,
            changes=changes,
        )
    return record


@dataclass(frozen=True)
class PersonChange:
    """One person's part in a change made to many people at once."""

    person_id: int
    programme_id: int | None
    what: str
    changes: Mapping[str, Any]


def audit_writes(*, changes: Iterable[PersonChange], actor: Actor) -> list[AuditEvent]:
    """Many people's records changed in one act (a caseload passed to another coordinator):
    an event on each person's own trail, as :func:`audit_write` would write, in one insert."""
    changes = list(changes)
    mark_audited(actor, [change.person_id for change in changes])
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            user=actor.user,
            username=actor.username,
            action=Action.UPDATE,
            what=change.what[:300],
            person_id=change.person_id,
            programme_id=change.programme_id,
            object_type="people.person",
            object_id=str(change.person_id),
            changes=dict(change.changes),
            ip_address=actor.ip_address,
            path=actor.path,
        )
        for change in changes
    )


def audit_list_view(
    actor: Actor,
    *,
    list_name: str,
    what: str,
    filters: str,
    shown: int,
    total: int,
    programme_ids: Iterable[int],
) -> list[AuditEvent]:
    """Someone looked at a list of people: which list, with which filters, how many.

    One event per programme the list covered (nearly always one), written in
    a single query: the page's query count stays the same however long the
    list. The people are not named one by one; the list's name and filters
    say who could appear on it. ``list_name`` is a stable key such as
    ``casework.caseload``.
    """
    covered: list[int | None] = [*sorted(set(programme_ids))] or [None]
    changes = {
        "filters": ["", filters or "none"],
        "people": ["", f"{shown:,} shown of {total:,}"],
    }
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            user=actor.user,
            username=actor.username,
            action=Action.LIST,
            what=what[:300],
            programme_id=programme_id,
            object_type=list_name[:100],
            changes=changes,
            ip_address=actor.ip_address,
            path=actor.path,
        )
        for programme_id in covered
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[str]]:
    """Fields whose value changed, as ``{field: [before, after]}`` in text."""
    return {
        key: [_text(before.get(key)), _text(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    return str(value)


#: How a configuration record reaches its programme (a domain through its framework's version).
_PROGRAMME_PATHS = ("programme", "rate_card", "framework", "version")


def programme_of_setting(obj: Model) -> int | None:
    """The programme a configuration record belongs to; None when it is shared by all."""
    for _ in range(len(_PROGRAMME_PATHS)):
        if hasattr(obj, "programme_id"):
            return obj.programme_id
        parent = next((getattr(obj, p) for p in _PROGRAMME_PATHS if hasattr(obj, p)), None)
        if not isinstance(parent, Model):
            return None
        obj = parent
    return None


def programmes_concerned(obj: Model) -> list[int | None]:
    """The programmes whose trail shows a change to ``obj``: a programme's own; a
    setting's programme; a network's programmes; for an account, or a two-factor
    device of one, the programmes its roles cover (a network's through the network);
    for anything shared, or when that finds none, every programme."""
    from lac.accounts.models import Membership, Network, Programme, User

    own = obj.pk if isinstance(obj, Programme) else programme_of_setting(obj)
    if own is not None:
        return [own]
    programmes = Programme.objects.values_list("pk", flat=True)
    user = obj if isinstance(obj, User) else getattr(obj, "user", None)
    if isinstance(obj, Network):
        programmes = programmes.filter(network=obj)
    elif isinstance(obj, Membership) and obj.network_id:
        programmes = programmes.filter(network_id=obj.network_id)
    elif isinstance(user, User) and not isinstance(obj, Membership):
        roles = user.memberships.all()
        programmes = programmes.filter(
            Q(pk__in=roles.values("programme_id")) | Q(network__in=roles.values("network_id"))
        )
    return list(programmes) or every_programme()


def every_programme() -> list[int | None]:
    """Every programme, for a shared setting; None alone when there is no programme yet."""
    from lac.accounts.models import Programme

    return list(Programme.objects.values_list("pk", flat=True)) or [None]


def audit_configuration(
    *, obj: Model | type[Model], action: str, what: str, actor: Actor
) -> list[AuditEvent]:
    """Someone changed how figures are worked out (a rate card, a framework, a list,
    a lookup table loaded by a command).

    One event on each programme the setting applies to (every programme, for a
    shared one): its trail says who changed it, and the programme's records mark
    moves, so figures kept for it (``lac.reports.figures_cache``) are worked out
    again at once instead of showing the old setting's results until they expire.
    ``obj`` is the record changed, or the model of a whole table loaded at once.
    """
    loaded_table = isinstance(obj, type)
    concerned = every_programme() if isinstance(obj, type) else programmes_concerned(obj)
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            user=actor.user,
            username=actor.username,
            action=action,
            what=what[:300],
            programme_id=programme_id,
            object_type=obj._meta.label_lower,
            object_id="" if loaded_table or obj.pk is None else str(obj.pk),
            ip_address=actor.ip_address,
            path=actor.path,
        )
        for programme_id in concerned
    )
