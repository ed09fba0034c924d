"""Showing a newly issued link to the coordinator: the address to copy, and a QR code."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from lac.accounts.two_factor import qr_code_svg
from lac.selfservice.services import IssuedLink


@dataclass(frozen=True)
class ShownLink:
    address: str
    qr_code: SafeString
    expires_text: str


def shown_link(request: HttpRequest, issued: IssuedLink) -> ShownLink:
    """The full address of a link just issued (shown once: only its hash is kept)."""
    address = request.build_absolute_uri(reverse("selfservice:open", args=[issued.token]))
    expires = timezone.localtime(issued.link.expires)
    return ShownLink(
        address=address,
        qr_code=qr_code_svg(address, label=gettext("QR code for the person's one-time link")),
        expires_text=gettext("%(time)s on %(date)s")
        % {"time": dateformat.format(expires, "H:i"), "date": dateformat.format(expires, "j F Y")},
    )
