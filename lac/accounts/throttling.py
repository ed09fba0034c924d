"""Sign-in lock-outs (django-axes): the address an attempt came from, and what locks."""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, seen through ``LAC_TRUSTED_PROXY_COUNT`` reverse proxies.

    Behind a proxy every request arrives from the proxy's address; each proxy
    appends the address it received from to X-Forwarded-For, so the client is
    the entry that many places from the right. Entries further left were
    written by the client itself and are not trusted.
    """
    proxies = settings.LAC_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class SignInAttempts(AxesDatabaseHandler):
    """django-axes' database handler, with a lock per username and a lock per address.

    A username is locked after ``AXES_FAILURE_LIMIT`` failures from anywhere;
    an address after ``LAC_SIGN_IN_ADDRESS_FAILURE_LIMIT`` failures at any
    usernames (higher, because a council office shares one address). Signing
    in clears only the failures against the account signed in to: a guesser
    who also holds an account of their own cannot wipe their failed guesses at
    a colleague's by signing in as themselves.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The figure axes compares with ``AXES_FAILURE_LIMIT``.

        The username's own recent failures, raised to that limit once the
        address has reached the address limit, so either lock refuses.
        """
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_username = _failures(recent.filter(username=username))
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))  # type: ignore[attr-defined]
        if by_address >= settings.LAC_SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(by_username, get_failure_limit(request, credentials))
        return by_username

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a successful sign-in: forget failures against this username only."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
