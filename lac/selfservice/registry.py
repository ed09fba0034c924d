"""What a one-time link can open: each purpose is registered by the app that owns its page.

Self-service sits low in the layers (just above people), so the apps above it
(outcomes for a measure, casework for a plan) register their purposes when
Django loads them, the same way evaluation's long runs are started through
:mod:`lac.jobs.starters`. The link's own checks (unknown, used, expired) are
made once, in :func:`lac.selfservice.services.personal_link_open`, before a
purpose's view is called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from lac.selfservice.models import PersonalLink

PurposeView = Callable[[HttpRequest, "PersonalLink"], HttpResponse]


@dataclass(frozen=True)
class Purpose:
    code: str
    """Stored on the link: "measure", "follow-up", "plan"."""
    label: str
    """What the link is for, in words for the coordinator: "fill in a measure"."""
    view: PurposeView
    """The page the person sees; it spends the link (``personal_link_use``) when done."""
    target_model: str | None = None
    """The ``app_label.model`` a link of this purpose must open, or None for none."""


_PURPOSES: dict[str, Purpose] = {}


def register(purpose: Purpose) -> None:
    """Add a purpose; registering the same code twice with another view is a mistake."""
    known = _PURPOSES.get(purpose.code)
    if known is not None and known != purpose:
        raise ValueError(f"The purpose {purpose.code!r} is already registered")
    _PURPOSES[purpose.code] = purpose


def purpose_of(code: str) -> Purpose | None:
    return _PURPOSES.get(code)


def label_of(code: str) -> str:
    """What a link of this purpose is for, or its bare code if no app registers it now."""
    purpose = _PURPOSES.get(code)
    return purpose.label if purpose is not None else code
