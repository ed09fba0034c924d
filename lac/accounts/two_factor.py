"""Two-factor sign-in: who must use it, and the gate that makes them.

After their password, a user with a confirmed authenticator device must enter
a code from it before they reach any page. Roles that can see many people's
records, or a whole programme's, must set one up first: managers, leads,
evaluators, network viewers and administrators (and anyone with access to the
Django admin). For coordinators it is optional unless the setting
``LAC_TWO_FACTOR_REQUIRED_FOR_COORDINATORS`` is on; a coordinator who sets it
up anyway is asked for a code at every sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db.models import IntegerField, Value
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_otp import device_classes
from django_otp.models import Device

from lac.accounts.models import Role
from lac.accounts.permissions import get_scope

ALWAYS_REQUIRED_ROLES = frozenset(
    {
        Role.MANAGER,
        Role.LEAD,
        Role.EVALUATOR,
        Role.NETWORK_VIEWER,
        Role.ADMINISTRATOR,
        Role.INTRODUCER,
    }
)

# Pages an unverified user may still reach: the two-factor pages themselves
# (with the passkey steps they call), signing out, and the health check.
# django-otp-webauthn refuses to register a new passkey for a user who has a
# second factor but has not used it in this session.
OPEN_URL_NAMES = (
    "two_factor_setup",
    "two_factor_verify",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:js-i18n-catalog",
    "logout",
    "healthz",
)


def two_factor_required(request: HttpRequest) -> bool:
    """True if this signed-in user must have an authenticator device."""
    user = request.user
    if user.is_staff or user.is_superuser:
        return True
    roles = get_scope(request).roles
    if roles & ALWAYS_REQUIRED_ROLES:
        return True
    return Role.COORDINATOR in roles and settings.LAC_TWO_FACTOR_REQUIRED_FOR_COORDINATORS


def second_factors(request: HttpRequest) -> frozenset[type[Device]]:
    """The kinds of second factor the signed-in user has confirmed (an authenticator
    app, a passkey), read in one query and kept on the request.

    The gate asks on every page, and a coordinator's home asks again whether to
    invite them to add a passkey; django-otp would ask each kind's table in turn.
    """
    cached: frozenset[type[Device]] | None = getattr(request, "_lac_second_factors", None)
    if cached is None:
        kinds = list(device_classes())
        confirmed = [
            kind.objects.devices_for_user(request.user, confirmed=True)
            .order_by()
            .values_list(Value(index, output_field=IntegerField()), flat=True)
            for index, kind in enumerate(kinds)
        ]
        found = confirmed[0].union(*confirmed[1:], all=True) if confirmed else []
        cached = frozenset(kinds[index] for index in found)
        request._lac_second_factors = cached  # type: ignore[attr-defined]
    return cached


def is_verified(request: HttpRequest) -> bool:
    """True if this session's user has entered a code from a confirmed device."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


class TwoFactorMiddleware:
    """Send a signed-in user to enter a code, or to set up a device, before anything else.

    Runs after django-otp's ``OTPMiddleware`` (which knows whether the session
    is verified). Users who need neither pass straight through.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not is_verified(request):
            destination = self._destination(request)
            if destination is not None:
                return self._redirect(request, destination)
        return self.get_response(request)

    def _destination(self, request: HttpRequest) -> str | None:
        if self.open_paths is None:
            self.open_paths = frozenset(reverse(name) for name in OPEN_URL_NAMES)
        if request.path in self.open_paths or request.path.startswith(settings.STATIC_URL):
            return None
        if second_factors(request):
            return "two_factor_verify"
        if two_factor_required(request):
            return "two_factor_setup"
        return None

    @staticmethod
    def _redirect(request: HttpRequest, url_name: str) -> HttpResponse:
        url = reverse(url_name)
        if request.method == "GET" and request.path != reverse("home"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # An htmx request would swap the form into part of the page: go to it whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


def qr_code_svg(text: str, *, label: str) -> SafeString:
    """``text`` as a QR code in inline SVG: no script, no style, no image request."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
    )
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg class="lac-qr-code" role="img" focusable="false" ', 1)
    svg = svg.replace(">", f"><title>{escape(label)}</title>", 1)
    return mark_safe(svg)  # noqa: S308 - generated by qrcode from an escaped label
