"""The one place that decides who may see and do what.

Every view asks this module, never ``user.is_staff`` or role names directly.
A user's memberships become a :class:`Scope`: for each capability, the
programmes and neighbourhoods where they hold it. Querysets of personal data
are filtered through the scope, so a record outside it is simply not found
(404), and a page whose capability the user holds nowhere is forbidden (403).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext

from lac.accounts.models import Membership, Neighbourhood, Programme, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lac.accounts.models import User


class Capability(StrEnum):
    VIEW_PERSONAL = "view_personal"
    """Read records about people (names, notes, casework)."""
    EDIT_PERSONAL = "edit_personal"
    """Create and change records about people."""
    VIEW_TEAM = "view_team"
    """See every coordinator's caseload and the quality of recording."""
    ASSIGN_CASEWORK = "assign_casework"
    """Pass a person, or a coordinator's whole caseload, to another coordinator."""
    SAFEGUARDING = "safeguarding"
    """Read every safeguarding concern in the programme, and decide whether a person's
    subject access export includes theirs (managers; a coordinator sees the concerns
    they recorded and those about the people they walk alongside)."""
    SUBJECT_ACCESS = "subject_access"
    """Produce a person's complete export, erase them, read the audit trail."""
    VIEW_AGGREGATES = "view_aggregates"
    """Dashboards and counts with small numbers suppressed; no personal data."""
    VIEW_REPORTS = "view_reports"
    """Outcome, cost-avoidance and social value reports for boards."""
    MANAGE_VALUE = "manage_value"
    """Create impact maps and run the value engine."""
    PUBLISH_VALUE = "publish_value"
    """Publish a social value run for boards, or withdraw one (a programme lead's call)."""
    PSEUDONYMISED_EXTRACT = "pseudonymised_extract"
    """Download person-level rows with pseudonyms instead of identities."""
    COMPARE_PROGRAMMES = "compare_programmes"
    """See programmes side by side across a network."""
    VIEW_DIRECTORY = "view_directory"
    """Read the community asset directory."""
    EDIT_DIRECTORY = "edit_directory"
    """Add and change community assets."""
    APPROVE_DIRECTORY = "approve_directory"
    """Let a new community asset be shown to the public (the Open Referral feed)."""
    CONFIGURE_PROGRAMME = "configure_programme"
    """Change a programme's lists, frameworks and rate cards."""
    ADMINISTER = "administer"
    """Manage users, programmes and neighbourhoods."""
    INTRODUCE = "introduce"
    """Introduce a person from a partner organisation, and follow only those introductions."""
    INVITE_INTRODUCERS = "invite_introducers"
    """Give a partner organisation's staff introducer accounts."""


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(
        {C.VIEW_PERSONAL, C.EDIT_PERSONAL, C.VIEW_DIRECTORY, C.EDIT_DIRECTORY}
    ),
    Role.MANAGER: frozenset(
        {
            C.VIEW_PERSONAL,
            C.EDIT_PERSONAL,
            C.VIEW_TEAM,
            C.ASSIGN_CASEWORK,
            C.SAFEGUARDING,
            C.SUBJECT_ACCESS,
            C.VIEW_AGGREGATES,
            C.VIEW_REPORTS,
            C.VIEW_DIRECTORY,
            C.EDIT_DIRECTORY,
            C.APPROVE_DIRECTORY,
            C.CONFIGURE_PROGRAMME,
            C.INVITE_INTRODUCERS,
        }
    ),
    Role.LEAD: frozenset(
        {
            C.VIEW_PERSONAL,
            C.VIEW_TEAM,
            C.VIEW_AGGREGATES,
            C.VIEW_REPORTS,
            C.MANAGE_VALUE,
            C.PUBLISH_VALUE,
            C.VIEW_DIRECTORY,
            C.APPROVE_DIRECTORY,
            C.CONFIGURE_PROGRAMME,
        }
    ),
    Role.EVALUATOR: frozenset(
        {
            C.VIEW_AGGREGATES,
            C.VIEW_REPORTS,
            C.MANAGE_VALUE,
            C.PSEUDONYMISED_EXTRACT,
            C.VIEW_DIRECTORY,
        }
    ),
    Role.NETWORK_VIEWER: frozenset({C.VIEW_AGGREGATES, C.VIEW_REPORTS, C.COMPARE_PROGRAMMES}),
    Role.ADMINISTRATOR: frozenset(
        {C.ADMINISTER, C.CONFIGURE_PROGRAMME, C.VIEW_AGGREGATES, C.VIEW_DIRECTORY, C.EDIT_DIRECTORY}
    ),
    # A partner organisation's member of staff: introduces people and reads only what
    # comes back about their own introductions (lac.welcome), nothing else.
    Role.INTRODUCER: frozenset({C.INTRODUCE}),
}
del C

# Coordinators hold personal-data capabilities only in the neighbourhoods they
# are assigned; every other programme role covers its whole programme.
NEIGHBOURHOOD_BOUND_ROLES = frozenset({Role.COORDINATOR})


@dataclass(frozen=True)
class Grant:
    """One membership, resolved to concrete programme and neighbourhood ids."""

    role: str
    programme_ids: frozenset[int]
    neighbourhood_ids: frozenset[int]


@dataclass(frozen=True)
class Scope:
    """What one user may do, and where. Built once per request."""

    user_id: int | None
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.grants)

    def _grants_with(self, capability: Capability) -> Iterable[Grant]:
        return (g for g in self.grants if capability in ROLE_CAPABILITIES[g.role])

    def can(self, capability: Capability, programme_id: int | None = None) -> bool:
        """True if the user holds the capability anywhere (or in that programme)."""
        return any(
            programme_id is None or programme_id in grant.programme_ids
            for grant in self._grants_with(capability)
        )

    def programme_ids(self, capability: Capability) -> frozenset[int]:
        ids: set[int] = set()
        for grant in self._grants_with(capability):
            ids |= grant.programme_ids
        return frozenset(ids)

    def neighbourhood_ids(self, capability: Capability) -> frozenset[int]:
        ids: set[int] = set()
        for grant in self._grants_with(capability):
            ids |= grant.neighbourhood_ids
        return frozenset(ids)

    def sees_aggregates_only(self, programme_id: int) -> bool:
        """True if this user's figures about the programme must have small numbers hidden.

        The one rule for who gets suppressed counts (``lac.lib.disclosure``):
        anyone who may not see the programme's personal data, on every route.
        """
        return not self.can(Capability.VIEW_PERSONAL, programme_id)

    def can_in_neighbourhood(self, capability: Capability, neighbourhood_id: int) -> bool:
        return neighbourhood_id in self.neighbourhood_ids(capability)

    def filter(
        self,
        queryset: QuerySet[Any],
        capability: Capability,
        *,
        neighbourhood_field: str | None = "neighbourhood",
        programme_field: str | None = None,
    ) -> QuerySet[Any]:
        """Narrow a queryset to what the user may see with this capability.

        Records tied to a neighbourhood are filtered by neighbourhood (so a
        coordinator sees only their own patch); records tied only to a
        programme are filtered by programme.
        """
        if neighbourhood_field is not None:
            ids = self.neighbourhood_ids(capability)
            return queryset.filter(**{f"{neighbourhood_field}__in": sorted(ids)})
        if programme_field is None:
            raise ValueError("filter() needs a neighbourhood_field or a programme_field")
        ids = self.programme_ids(capability)
        return queryset.filter(**{f"{programme_field}__in": sorted(ids)})

    def member_programme_ids(self) -> frozenset[int]:
        """Every programme the user holds any role in, whatever the capability."""
        return frozenset(pid for grant in self.grants for pid in grant.programme_ids)

    def programmes(self, capability: Capability) -> QuerySet[Programme]:
        return Programme.objects.filter(pk__in=sorted(self.programme_ids(capability)))

    def neighbourhoods(self, capability: Capability) -> QuerySet[Neighbourhood]:
        return Neighbourhood.objects.filter(
            pk__in=sorted(self.neighbourhood_ids(capability))
        ).select_related("programme")


ANONYMOUS_SCOPE = Scope(user_id=None)


def scope_for_user(user: User | AnonymousUser) -> Scope:
    """Resolve a user's memberships into a scope, in a fixed number of queries."""
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS_SCOPE
    memberships = list(Membership.objects.filter(user=user).prefetch_related("neighbourhoods"))
    programme_ids_by_network: dict[int, set[int]] = {}
    network_ids = {m.network_id for m in memberships if m.network_id}
    # Each lookup below is skipped when it has nothing to look up (a coordinator's
    # memberships need neither): every page computes the scope.
    if network_ids:
        for programme_id, network_id in Programme.objects.filter(
            network_id__in=network_ids
        ).values_list("pk", "network_id"):
            programme_ids_by_network.setdefault(network_id, set()).add(programme_id)
    whole_programme_ids = {
        m.programme_id
        for m in memberships
        if m.programme_id and m.role not in NEIGHBOURHOOD_BOUND_ROLES
    }
    all_programmes = any(m.role == Role.ADMINISTRATOR and not m.programme_id for m in memberships)
    neighbourhoods_by_programme: dict[int, set[int]] = {}
    if all_programmes or whole_programme_ids:
        neighbourhood_rows = Neighbourhood.objects.values_list("pk", "programme_id")
        if not all_programmes:
            neighbourhood_rows = neighbourhood_rows.filter(programme_id__in=whole_programme_ids)
        for neighbourhood_id, programme_id in neighbourhood_rows:
            neighbourhoods_by_programme.setdefault(programme_id, set()).add(neighbourhood_id)

    grants = []
    for m in memberships:
        if m.programme_id:
            programme_ids = frozenset({m.programme_id})
            if m.role in NEIGHBOURHOOD_BOUND_ROLES:
                neighbourhood_ids = frozenset(n.pk for n in m.neighbourhoods.all())
            else:
                neighbourhood_ids = frozenset(neighbourhoods_by_programme.get(m.programme_id, ()))
        elif m.network_id:
            programme_ids = frozenset(programme_ids_by_network.get(m.network_id, ()))
            neighbourhood_ids = frozenset()
        else:  # a system administrator: every programme, no personal data by role
            programme_ids = frozenset(Programme.objects.values_list("pk", flat=True))
            neighbourhood_ids = frozenset(
                n for ids in neighbourhoods_by_programme.values() for n in ids
            )
        grants.append(Grant(m.role, programme_ids, neighbourhood_ids))
    return Scope(user_id=user.pk, grants=tuple(grants))


def get_scope(request: HttpRequest) -> Scope:
    """The request's scope, computed once and kept on the request."""
    cached: Scope | None = getattr(request, "_lac_scope", None)
    if cached is None:
        cached = scope_for_user(request.user)
        setattr(request, "_lac_scope", cached)  # noqa: B010  # HttpRequest declares no such field
    return cached


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])
ScopeRule = Callable[[Scope], bool]


def require(
    capability: Capability, *, where: ScopeRule | None = None
) -> Callable[[ViewFunc], ViewFunc]:
    """Protect a view: sign-in first, then the capability somewhere, else 403.

    ``where`` is the page's own further rule when holding the capability
    somewhere is not enough (importing needs a team role *and* personal data
    in the same programme). The view keeps both, so that the menu asks
    :func:`may_open` exactly what the view will ask.

    Object-level checks follow inside the view with :func:`get_in_scope`, so
    that records outside the user's scope answer 404 and reveal nothing.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may_open(get_scope(request), wrapped):
                raise PermissionDenied  # the page says the role does not give access
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]
        wrapped.scope_rule = where  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def may_open(scope: Scope, view: Callable[..., Any]) -> bool:
    """Whether a signed-in user gets past the view's :func:`require` (a view without it
    is open to every signed-in user): the one answer for the view and for the menu."""
    capability: Capability | None = getattr(view, "required_capability", None)
    if capability is not None and not scope.can(capability):
        return False
    rule: ScopeRule | None = getattr(view, "scope_rule", None)
    return rule is None or rule(scope)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that :func:`require` let through: signed in, so never anonymous."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied(gettext("Sign in first."))
    return user


M = TypeVar("M", bound=Model)


def get_in(
    scope: Scope,
    queryset: QuerySet[M],
    capability: Capability,
    *,
    neighbourhood_field: str | None = "neighbourhood",
    programme_field: str | None = None,
    **lookup: Any,
) -> M:
    """Fetch one record the scope may see, or 404 — never a hint that it exists."""
    scoped = scope.filter(
        queryset,
        capability,
        neighbourhood_field=neighbourhood_field,
        programme_field=programme_field,
    )
    try:
        return scoped.get(**lookup)
    except (scoped.model.DoesNotExist, ValueError) as exc:
        raise Http404("No such record in your area") from exc


def get_in_scope(
    request: HttpRequest, queryset: QuerySet[M], capability: Capability, **options: Any
) -> M:
    """:func:`get_in` the request's scope, for a view."""
    return get_in(get_scope(request), queryset, capability, **options)
