"""Who is acting, and from where: built once per request or job, handed to services.

Services write the audit trail (:mod:`lac.audit.services`) in the same
transaction as the change. The trail needs the user, the address and the page
or job the change came from, and which people's details a page has already
accounted for. Services used to take the whole HTTP request for that, which
tied the domain to the web and left jobs and commands passing ``None`` and
losing "from where". An :class:`Actor` carries exactly what the trail needs,
so the same service call works from a view, the API, an import job or a
command.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from lac.accounts import throttling

#: Where a request keeps the people its page shows, and those already audited,
#: so :class:`lac.audit.middleware.AuditShownMiddleware` finds them.
SHOWN = "_lac_people_shown"
AUDITED = "_lac_people_audited"


@dataclass
class Actor:
    """The person (or nobody) doing something, with where it came from."""

    user: Any = None
    ip_address: str | None = None
    #: The page's path, or ``"job: …"`` / ``"command: …"`` for work done outside a request.
    path: str = ""
    #: People whose details the page shows, by primary key (read events written when it is sent).
    shown: dict[int, Any] = field(default_factory=dict)
    #: People this request or job already wrote an event about.
    audited: set[int | None] = field(default_factory=set)

    @classmethod
    def of(cls, request: HttpRequest) -> Actor:
        """The actor for a web or API request: its signed-in user, address and path.

        Built afresh on each call (signing in changes ``request.user``), but
        sharing the request's record of people shown and audited.
        """
        user = getattr(request, "user", None)
        return cls(
            user=user if getattr(user, "is_authenticated", False) else None,
            ip_address=throttling.client_ip(request),
            path=request.get_full_path()[:500],
            shown=request.__dict__.setdefault(SHOWN, {}),
            audited=request.__dict__.setdefault(AUDITED, set()),
        )

    @classmethod
    def working_as(cls, user: Any, *, job: str) -> Actor:
        """The actor for a background job or command acting for ``user`` (or for nobody)."""
        acting = user if getattr(user, "is_authenticated", False) else None
        return cls(user=acting, path=f"job: {job}"[:500])

    @classmethod
    def of_command(cls, name: str) -> Actor:
        """The actor for a ``lac`` command run on the server. Nobody is signed in, so the
        trail records the operating-system account that ran it."""
        try:
            account = getpass.getuser()
        except (KeyError, OSError):  # no name for the process's user id (some containers)
            account = "an unnamed account"
        return cls(path=f"command: lac {name}, run by {account}"[:500])

    @property
    def username(self) -> str:
        return self.user.get_username() if self.user is not None else ""
