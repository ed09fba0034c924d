"""Stories: what changed, in people's own words, only while their consent to its use stands."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from lac.accounts.permissions import Capability
from lac.api import schemas as s
from lac.api.access import allow, personal
from lac.api.listing import READ, Filters, filtered, paged, responses
from lac.api.models import Scope as TokenScope
from lac.stories.models import Story
from lac.stories.selectors import quotes, usable

router = Router(tags=["stories"])


@router.get("/stories", response=responses(s.StoriesPage, READ))
def list_stories(request: HttpRequest, f: Query[Filters]) -> dict[str, Any]:
    """Stories that may be quoted, named only where the person agreed to be named.

    No person is identified beyond what their consent allows, so a story
    carries no person id.
    """
    scope = allow(request, TokenScope.OUTCOMES_READ, Capability.VIEW_PERSONAL, Filters)
    stories = filtered(
        personal(usable(Story.objects.select_related("person__neighbourhood")), scope),
        f,
        date_field="told_on",
        neighbourhood_field="person__neighbourhood",
    ).order_by("pk")
    page = paged(stories, f, request=request, what="listed stories")
    page["items"] = quotes(
        Story.objects.filter(pk__in=[i.pk for i in page["items"]]).order_by("pk")
    )
    return page
