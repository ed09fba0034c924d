"""Undo an import as a whole, while nothing it imported has been changed since.

An import keeps a ledger of what it wrote (:mod:`lac.imports.ledger`). Undoing
it deletes the people it created (their records go with them), deletes the
records it added to people who were there before, and puts back the values
of the records it changed. That is only safe while nobody has built on what it
wrote, so first :func:`changes_since` looks for every change since the import
to the people it created or touched:

- an audited write about one of them (a conversation logged, a record edited,
  a merge, an erasure), by whom and when;
- a later import, not itself undone, that added to or changed their records.

It can touch thousands of records, so it runs as a background job (the import's
own, with ``task`` "undo": :mod:`lac.imports.jobs`), its progress shown on the
undo page. It looks for changes first, before anything is written, recording
how far it has got; then looks again and deletes inside one transaction.

If there is any, the undo stops and says what changed. An import's own undo
writes no change that blocks the undo of an earlier one: its audit entries are
filed against the import, and the values it puts back are the ones before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.apps import apps
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lac.audit.actor import Actor
from lac.audit.models import Action, AuditEvent
from lac.audit.services import audit_write
from lac.casework.models import Introduction
from lac.imports.deletion import delete_with_dependents
from lac.imports.ledger import PEOPLE
from lac.imports.models import ImportJob, ImportWrite
from lac.people.models import Person

CHUNK = 2000
"""Ids per query: well within SQLite's limit on parameters."""
WRITES = (Action.CREATE, Action.UPDATE, Action.DELETE, Action.MERGE)
DELETE_ORDER = (
    "imports.importedrecord",
    "casework.conversation",
    "outcomes.outcomeevent",
    "outcomes.avoidedservice",
    "outcomes.assessment",
    "casework.statuschange",
    "casework.levelchange",
    "casework.introduction",
)
"""Records an import adds to people who were there before, deleted in this order (an
imported row goes with its introduction, scores with their assessment)."""
CHANGES_LISTED = 50


class UndoRefused(Exception):
    """The import cannot be undone; ``str()`` says why, ``changes`` what changed since."""

    def __init__(self, message: str, changes: list[Change] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or []


@dataclass(frozen=True)
class Change:
    """One change since the import to a person it created or touched."""

    person_id: int
    person: str
    what: str
    by: str
    at: datetime

    def __str__(self) -> str:
        when = timezone.localtime(self.at)
        return f"{self.person}: {self.what}, by {self.by}, {when:%-d %B %Y at %H:%M}"


@dataclass(frozen=True)
class Undone:
    people_removed: int
    records_removed: int
    records_restored: int

    def sentence(self, file_name: str) -> str:
        """What the undo did, as the undo's job says it when it has finished. The people it
        added go with all their records, so the records counted are only those it added
        to people already recorded, and the sentence says so (it said "0 other records
        removed" after taking out people with their introductions and conversations)."""
        people = ngettext("%(count)s person", "%(count)s people", self.people_removed) % {
            "count": f"{self.people_removed:,}"
        }
        return _(
            "The import of %(file)s is undone. Removed: %(people)s it added, with all their "
            "records, and %(removed)s it added to people already recorded. Put back as they "
            "were: %(restored)s."
        ) % {
            "file": file_name,
            "people": people,
            "removed": _records(self.records_removed),
            "restored": _records(self.records_restored),
        }


def _records(count: int) -> str:
    return ngettext("%(count)s record", "%(count)s records", count) % {"count": f"{count:,}"}


Checked = Callable[[int, int], None]
"""Told ``done`` of ``total`` people checked for changes since the import, a chunk at a
time; then ``total`` of ``total`` once every one is checked and none has changed, before
the undo removes what the import brought in (one transaction, whose progress others cannot
see until it commits)."""


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def _ids(job: ImportJob, kind: str, model: str) -> list[int]:
    found: list[int] = []
    for ids in job.writes.filter(kind=kind, model=model).values_list("ids", flat=True):
        found.extend(ids)
    return found


def people_of(job: ImportJob) -> set[int]:
    """The people the import created, and those it added records to or changed."""
    return {
        *_ids(job, ImportWrite.Kind.ADDED, PEOPLE),
        *_ids(job, ImportWrite.Kind.TOUCHED, PEOPLE),
    }


def changes_since(job: ImportJob, checked: Checked | None = None) -> list[Change]:
    """Every change to the import's people since it was saved, oldest first; ``checked``
    is told how many people have been looked at (:data:`Checked`)."""
    people = people_of(job)
    since = job.committed
    if not people or since is None:
        return []
    found: list[tuple[int, str, str, datetime]] = []
    for done, chunk in enumerate(chunks(sorted(people), CHUNK)):
        if checked is not None:
            checked(done * CHUNK, len(people))
        events = (
            AuditEvent.objects.filter(person_id__in=chunk, at__gt=since, action__in=WRITES)
            # An import's and an undo's own entries are filed against the import.
            .exclude(object_type=ImportJob._meta.label_lower)
            .values_list("person_id", "what", "username", "at")
        )
        found.extend((pk, what, user or _("the system"), at) for pk, what, user, at in events)
    later = ImportJob.objects.filter(
        programme_id=job.programme_id, state=ImportJob.State.IMPORTED, committed__gt=since
    ).select_related("created_by")
    for other in later.exclude(pk=job.pk):
        by = other.created_by.get_username() if other.created_by else _("the command line")
        what = _("changed by the import of %(file)s") % {"file": other.file_name}
        assert other.committed is not None  # filtered on it above
        found.extend((pk, what, by, other.committed) for pk in people_of(other) & people)
    names = dict(
        Person.objects.filter(pk__in={pk for pk, *_ in found}).values_list("pk", "full_name")
    )
    changes = [
        Change(
            pk, names.get(pk, _("person %(id)s (no longer on record)") % {"id": pk}), what, by, at
        )
        for pk, what, by, at in found
    ]
    if checked is not None and not changes:
        checked(len(people), len(people))
    return sorted(changes, key=lambda c: (c.at, c.person_id))


def refusal(changes: list[Change]) -> UndoRefused:
    """Why an import with these changes since cannot be undone."""
    return UndoRefused(
        ngettext(
            "%(count)s change has been made since to the records this import brought in, "
            "so undoing it would lose them. Nothing has been undone.",
            "%(count)s changes have been made since to the records this import brought in, "
            "so undoing it would lose them. Nothing has been undone.",
            len(changes),
        )
        % {"count": len(changes)},
        changes[:CHANGES_LISTED],
    )


def import_undo(
    *,
    job: ImportJob,
    actor: Actor,
    checked: Checked | None = None,
    between: Callable[[], None] | None = None,
    before_commit: Callable[[Undone], None] | None = None,
) -> Undone:
    """Undo the import as a whole, or raise :class:`UndoRefused` and change nothing.

    Run as a background job (:mod:`lac.imports.jobs`), which passes ``checked`` (told the
    progress of the first look for changes, made before anything is written, so that it
    may record it), ``between`` (called between chunks of deletes inside the transaction:
    it may only read, and raises to stop and roll back) and ``before_commit`` (last, inside
    the transaction: the job's "finished" is saved with the undo or not at all).
    """
    if checked is not None and (changes := changes_since(job, checked)):
        raise refusal(changes)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.state == ImportJob.State.UNDONE:
            assert job.undone is not None
            when = timezone.localtime(job.undone)
            raise UndoRefused(
                _("This import was already undone, on %(day)s at %(time)s.")
                % {"day": formats.date_format(when, "j F Y"), "time": f"{when:%H:%M}"}
            )
        if job.state != ImportJob.State.IMPORTED or (
            job.is_busy and job.task != ImportJob.Task.UNDO
        ):
            raise UndoRefused(_("Only an import that has finished saving its rows can be undone."))
        # Again inside the transaction: a change made since the first look still stops it.
        if changes := changes_since(job):
            raise refusal(changes)
        touched = sorted(_ids(job, ImportWrite.Kind.TOUCHED, PEOPLE))
        restored = _restore(job)
        removed = _delete_added(job, between)
        created = _ids(job, ImportWrite.Kind.ADDED, PEOPLE)
        for chunk in chunks(created):
            if between is not None:
                between()
            delete_with_dependents(Person, chunk)
        job.writes.all().delete()
        job.state, job.undone, job.undone_by = ImportJob.State.UNDONE, timezone.now(), actor.user
        job.save(update_fields=["state", "undone", "undone_by"])
        what = (
            f"Undid the import of {job.file_name}: {len(created)} people it added removed with "
            f"all their records, {removed} records it added to people already recorded "
            f"removed, {restored} records put back as they were"
        )
        audit_write(obj=job, action=Action.DELETE, what=what, actor=actor)
        for person in Person.objects.filter(pk__in=touched):
            audit_write(
                obj=job,
                action=Action.UPDATE,
                what=f"Undid the import of {job.file_name}: its changes to this record removed",
                actor=actor,
                person=person,
            )
        done = Undone(len(created), removed, restored)
        if before_commit is not None:
            before_commit(done)
    return done


def _restore(job: ImportJob) -> int:
    """Put back each changed record's values, newest change first."""
    changes = job.writes.filter(kind=ImportWrite.Kind.CHANGED).order_by("-pk")
    count = 0
    for write in changes:
        model = apps.get_model(write.model)
        before = dict(write.before)
        challenge_ids = before.pop("challenge_ids", None)
        # A queryset update: no save() to move "updated" on, so the record is as it was.
        model._default_manager.filter(pk=write.ids[0]).update(**before)
        if challenge_ids is not None:
            Introduction.challenges.through.objects.filter(introduction_id=write.ids[0]).delete()
            Introduction.challenges.through.objects.bulk_create(
                Introduction.challenges.through(introduction_id=write.ids[0], challenge_id=pk)
                for pk in challenge_ids
            )
        count += 1
    return count


def _delete_added(job: ImportJob, between: Callable[[], None] | None) -> int:
    """Delete the records the import added to people who were there before."""
    labels = set(job.writes.filter(kind=ImportWrite.Kind.ADDED).values_list("model", flat=True))
    unknown = labels - {PEOPLE, *DELETE_ORDER}
    assert not unknown, f"the ledger names records undo cannot delete: {unknown}"
    removed = 0
    for label in DELETE_ORDER:
        model = apps.get_model(label)
        for chunk in chunks(_ids(job, ImportWrite.Kind.ADDED, label)):
            if between is not None:
                between()
            removed += delete_with_dependents(model, chunk)[model._meta.label]
    return removed
