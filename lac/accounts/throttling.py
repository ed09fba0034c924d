"""The address a sign-in attempt came from, for django-axes' lock-outs."""

from __future__ import annotations

from django.conf import settings
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
