"""The page of a form about one person: their risk flags above the form.

Whoever is about to log a conversation, set a next contact or change a plan
may be about to meet the person, so the flags are read before the form, as
on the person page (``lac.safety``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lac.safety.selectors import flags_of


def person_form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """``casework/form_page.html`` for ``context["person"]``, with their flags in force."""
    return render(
        request, "casework/form_page.html", {**context, "flags": flags_of(context["person"])}
    )
