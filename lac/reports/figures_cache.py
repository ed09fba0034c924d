"""Figures worked out once for each state of a programme's records, then reused.

Grouping a whole network's records (100,000 people, a million conversations)
takes the database most of a second, however well indexed; the figures only
change when a record does. Every write of personal data is audited with its
programme (lac.audit), so the id of a programme's latest audited write marks
the state of its records: figures are kept under that mark and worked out
again, for that programme alone, as soon as anything is recorded there.
Nothing is ever shown stale, and the first viewer after a change pays for one
programme's queries, not the network's.

Only figures drawn from records belong here. Settings that also shape a page
(price years, rate cards, staff, SROI runs) are read fresh on every request.

The store is Django's cache: Redis when ``REDIS_URL`` is set, shared by every
web process and machine (README, Deploying), else each process's own memory. A
missing or evicted entry only means the figures are worked out again. Keys are
hashed, so a long scope (a deflator series' name, with spaces) is a key every
backend accepts (memcached refuses spaces and keys over 250 characters).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from lac.accounts.models import Programme
from lac.audit.models import Action, AuditEvent

T = TypeVar("T")

WRITES = (Action.CREATE, Action.UPDATE, Action.DELETE, Action.MERGE)
"""Audited actions that change records (reads, lists and exports do not)."""

EVERYDAY_RECORD = (
    "casework.conversation",
    "casework.vision",
    "casework.goal",
    "casework.step",
    "community.connection",
    "community.contribution",
    "stories.story",
    "safety.riskflag",
    "safety.visit",
    "safety.concern",
    "safety.concernupdate",
    "disclosures.disclosure",
    "selfservice.personallink",
)
"""The everyday record of walking alongside someone (conversations, their plan,
connections, stories, safety): the commonest writes, which change no figure drawn from
people, introductions and outcomes (who was introduced, distance travelled, outcome
events, services avoided), so those figures outlive them. Only types whose tables those
figures never read belong here (tests/reports/test_figures_cache.py checks the SQL); a
type left out only costs a recount."""

CONVERSATIONS = ("casework.conversation",)
"""Conversations alone: figures about community connections and contributions outlive them."""

TIMEOUT = 24 * 60 * 60
"""A day: marks keep entries correct; the timeout only lets unused ones go."""


def records_marks(programme_ids: Iterable[int], ignoring: Sequence[str] = ()) -> dict[int, int]:
    """Per programme, the id of its latest audited write (0 when it has none), leaving out
    writes to the record types ``ignoring`` (``app_label.model``). One query."""
    latest_write = (
        AuditEvent.objects.filter(programme_id=OuterRef("pk"), action__in=WRITES)
        .exclude(object_type__in=list(ignoring))
        .order_by("-pk")
        .values("pk")[:1]
    )
    return {
        pk: mark or 0
        for pk, mark in Programme.objects.filter(pk__in=list(programme_ids))
        .annotate(mark=Subquery(latest_write))
        .values_list("pk", "mark")
    }


def per_programme(
    name: str,
    programme_ids: Iterable[int],
    scope: str,
    compute: Callable[[list[int]], Mapping[int, T]],
    default: Callable[[], T],
    ignoring: Sequence[str] = (),
) -> dict[int, T]:
    """``compute``'s figures per programme, reusing those of unchanged programmes.

    ``compute`` is called once, with only the programmes whose records changed
    since their figures were kept, and must group over all of them at once.
    ``scope`` names everything else the figures depend on (period, filters);
    writes to the record types ``ignoring`` do not change them.
    """
    marks = records_marks(programme_ids, ignoring)
    keys = {pk: _key(name, pk, mark, scope) for pk, mark in marks.items()}
    kept = cache.get_many(list(keys.values()))
    result = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk in keys if pk not in result]
    if missing:
        computed = compute(missing)
        fresh = {pk: computed.get(pk, default()) for pk in missing}
        cache.set_many({keys[pk]: value for pk, value in fresh.items()}, TIMEOUT)
        result.update(fresh)
    return result


def kept(name: str, programme_id: int, mark: int, scope: str, compute: Callable[[], T]) -> T:
    """One programme's figure from ``compute``, reused while its records stay at ``mark``
    (from :func:`records_marks`, read once by the caller for all of a page's figures)."""
    key = _key(name, programme_id, mark, scope)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


_MISSING = object()


def _key(name: str, programme_id: int, mark: int, scope: str) -> str:
    what = hashlib.sha256(f"{name}\n{scope}".encode()).hexdigest()
    return f"lac:figures:{programme_id}:{mark}:{what}"
