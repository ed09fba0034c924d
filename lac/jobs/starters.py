"""Starting a kind of background job by name, from any app above this one.

A job's row, its status page and its files belong to the app that keeps that
kind of job (reports keeps PDFs, extracts and runs of the value engine). An app
below it in the layers (evaluation, whose long runs go to the background) must
not import it, so it asks here by kind; the keeping app registers how to start
its kinds when Django loads it (``AppConfig.ready``). The job framework itself
(queue room, stopping, stall detection) is :mod:`lac.jobs.services` either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from lac.audit.actor import Actor
from lac.jobs.models import BackgroundJob


class Starter(Protocol):
    def __call__(
        self, *, kind: str, programme: Any, actor: Actor, params: dict[str, Any]
    ) -> BackgroundJob: ...


_STARTERS: dict[str, Starter] = {}


def starter_register(kinds: list[str], start: Starter) -> None:
    """Say that ``start`` records and queues jobs of these kinds (once per kind)."""
    for kind in kinds:
        if _STARTERS.get(kind, start) is not start:
            raise ValueError(f"Background jobs of kind {kind!r} already have a starter")
        _STARTERS[kind] = start


def background_job_start(
    kind: str, *, programme: Any, actor: Actor, params: dict[str, Any]
) -> BackgroundJob:
    """Record a job of this kind and queue it (``lac.jobs.services.QueueFull`` when the
    queue has no room for it); its ``get_absolute_url`` is its status page."""
    start: Callable[..., BackgroundJob] | None = _STARTERS.get(kind)
    if start is None:
        raise LookupError(f"No installed app starts background jobs of kind {kind!r}")
    return start(kind=kind, programme=programme, actor=actor, params=params)
