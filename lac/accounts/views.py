"""Sign-in pages beyond the password: two-factor, lock-out, your account, sign out everywhere."""

from __future__ import annotations

from base64 import b32encode
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.views import CompleteCredentialAuthenticationView

from lac.accounts import passkeys, services
from lac.accounts.drafts import draft_save
from lac.accounts.forms import SecurityCodeForm
from lac.accounts.language import LANGUAGE_CODES, user_language_set
from lac.accounts.permissions import signed_in_user
from lac.accounts.two_factor import is_verified, qr_code_svg, two_factor_required

# The two-factor pages show no service navigation: nothing else is reachable yet.
NO_NAVIGATION: dict[str, Any] = {"nav_items": []}


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id for the higher privilege


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan a QR code (or type the key) into an authenticator app, then enter a code."""
    if user_has_device(request.user, confirmed=True) and not is_verified(request):
        # Replacing a device needs the old one first: a password alone is not enough.
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('two_factor_verify')}?{query}")
    device = services.totp_device_start(user=signed_in_user(request))
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        except services.CodeNotAccepted as exc:
            form.reject(str(exc))
        else:
            _mark_verified(request, device)
            messages.success(request, gettext("Two-factor sign-in is set up for your account."))
            return redirect(_next_url(request))
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": qr_code_svg(
            device.config_url, label=gettext("QR code for your authenticator app")
        ),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "required": two_factor_required(request),
        "replacing": is_verified(request),
        **(NO_NAVIGATION if not is_verified(request) else {}),
    }
    return render(request, "accounts/two_factor_setup.html", context)


class PasskeyVerified(CompleteCredentialAuthenticationView):
    """django-otp-webauthn's last passkey step, then a new session id for the higher
    privilege, as after a security code (:func:`_mark_verified`)."""

    def complete_auth(self, device: Any) -> Any:
        user = super().complete_auth(device)
        self.request.session.cycle_key()
        return user


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the user's authenticator app."""
    if is_verified(request):
        return redirect(_next_url(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect("two_factor_setup")
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_device_verify(
                user=signed_in_user(request), token=form.cleaned_data["token"]
            )
        except services.CodeNotAccepted as exc:
            form.reject(str(exc))
        else:
            _mark_verified(request, device)
            return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "has_passkey": passkeys.passkeys_of(signed_in_user(request)).exists(),
        "has_app": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        **NO_NAVIGATION,
    }
    return render(request, "accounts/two_factor_verify.html", context)


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: two-factor sign-in, passkeys and signing out everywhere."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    context = {
        "device": device,
        "passkeys": passkeys.passkeys_of(signed_in_user(request)),
        "two_factor_required": two_factor_required(request),
    }
    return render(request, "accounts/account.html", context)


@require_POST
@login_required
def passkey_prompt_dismiss(request: HttpRequest) -> HttpResponse:
    """ "Not now" on the home page's invitation to add a passkey."""
    passkeys.passkey_prompt_dismiss(request)
    return redirect("home")


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, on every device, this one too; revoke their API tokens."""
    ended, revoked = services.user_sign_out_everywhere(user=signed_in_user(request))
    logout(request)
    sessions = ngettext("%(ended)s session ended", "%(ended)s sessions ended", ended) % {
        "ended": ended
    }
    if revoked:
        tokens = ngettext(
            "%(revoked)s API token revoked", "%(revoked)s API tokens revoked", revoked
        ) % {"revoked": revoked}
        sessions = f"{sessions}, {tokens}"
    messages.success(
        request,
        gettext("You have been signed out everywhere (%(summary)s).") % {"summary": sessions},
    )
    return redirect("login")


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes calls this when sign-in attempts for an account are locked."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = None
    if isinstance(cool_off, timedelta):
        minutes = max(1, round(cool_off.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)


@require_POST
def draft_keep(request: HttpRequest) -> HttpResponse:
    """Keep what is typed on a recording form (the timeout warning sends it)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    draft_save(user=request.user, path=request.POST.get("lac_draft_path", ""), data=request.POST)
    return HttpResponse(status=204)


@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": any request counts as activity; this one does nothing else."""
    return HttpResponse(status=204 if request.user.is_authenticated else 403)


@never_cache
def timed_out(request: HttpRequest) -> HttpResponse:
    """Where the timeout warning sends the page when time runs out: sign in again."""
    if request.user.is_authenticated:
        logout(request)
    messages.info(
        request,
        gettext(
            "You were signed out because you had been inactive. "
            "Anything you had typed has been kept: sign in to carry on."
        ),
    )
    query = urlencode({"next": _next_url(request)})
    return redirect(f"{reverse('login')}?{query}")


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switch in the header: English or Cymraeg, for anyone.

    Django's ``set_language`` keeps the choice in a cookie and returns to the
    page (only on this site); a signed-in user's choice is saved too.
    """
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in LANGUAGE_CODES:
        user_language_set(user=request.user, language=language)
    return set_language(request)
