"""A service's ``last_modified`` moves with any change to what the feed says of it.

Consumers fetch ``/services?modified_after=…`` to pick up changes. An
opening time, a category or a neighbourhood is part of the published
service, so adding, changing or removing one touches the asset's
``modified`` too. Signals, not a service function, because opening times
and tags are written from the directory pages, the admin, the spreadsheet
and Open Referral imports and the demo alike; every path must count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from lac.community.models import Asset, OpeningTime, TaxonomyTerm


def touch(asset_ids: Iterable[int]) -> None:
    """Mark these assets changed now, without re-running their save() rules."""
    ids = [pk for pk in asset_ids if pk is not None]
    if ids:
        Asset.objects.filter(pk__in=ids).update(modified=timezone.now())


@receiver(post_save, sender=OpeningTime)
@receiver(post_delete, sender=OpeningTime)
def opening_time_changed(sender: type, instance: OpeningTime, **kwargs: Any) -> None:
    touch([instance.asset_id])


@receiver(post_save, sender=TaxonomyTerm)
def term_changed(sender: type, instance: TaxonomyTerm, created: bool, **kwargs: Any) -> None:
    if not created:  # a renamed category changes every service it describes
        touch(instance.assets.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Asset.tags.through)
@receiver(m2m_changed, sender=Asset.neighbourhoods.through)
def links_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Tags or neighbourhoods changed, from the asset's side or the term's or area's."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            touch([instance.pk])
    elif action == "pre_clear":  # once cleared, the linked assets can no longer be found
        touch(instance.assets.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove"} and pk_set:
        touch(pk_set)
