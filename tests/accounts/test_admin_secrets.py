"""The Django admin never shows a secret: no TOTP key, password hash, salt or token."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lac.accounts.admin_site import SecretsHidden
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


def admin_pages() -> list[str]:
    """Each registered model's list, add page and the change page of its first record."""
    pages = []
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{info}_changelist"), reverse(f"{info}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{info}_change", args=[first.pk]))
    return pages


def test_every_model_admin_hides_secrets():
    assert admin.site._registry
    assert all(isinstance(a, SecretsHidden) for a in admin.site._registry.values())


def test_no_admin_page_shows_a_totp_key_or_a_password_hash(client, world):
    world.root.is_staff = world.root.is_superuser = True
    world.root.save()
    force_login_verified(client, world.root)
    keys = list(TOTPDevice.objects.values_list("key", flat=True))
    algorithm, *parts = world.root.password.split("$")
    secrets = [*keys, *(p[:6] for p in parts if len(p) >= 6)]
    pages = admin_pages()
    assert len(pages) > 30
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), url  # some logs cannot be added to
        text = response.content.decode()
        assert not [s for s in secrets if s in text], url
    device = TOTPDevice.objects.get(user=world.root)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert "Throttling" in page.content.decode() and 'name="key"' not in page.content.decode()


def test_the_qr_code_and_key_views_are_refused(client, world):
    world.root.is_staff = world.root.is_superuser = True
    world.root.save()
    force_login_verified(client, world.root)
    device = TOTPDevice.objects.get(user=world.root)
    for name in ("otp_totp_totpdevice_config", "otp_totp_totpdevice_qrcode"):
        try:
            url = reverse(f"admin:{name}", args=[device.pk])
        except NoReverseMatch:
            continue
        assert client.get(url).status_code == 403
