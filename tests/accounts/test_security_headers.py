"""Headers that make the browser refuse what the site never does: inline script, framing."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize("path", ["/accounts/sign-in/", "/"])
def test_every_page_has_a_content_security_policy_without_inline_script(client_for, path):
    response = client_for("alice").get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert not any("unsafe" in value for value in policy["script-src"])


def test_pages_cannot_be_framed_and_do_not_leak_addresses_or_use_devices(client):
    response = client.get("/accounts/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions
    assert "microphone=()" in permissions
    assert "geolocation=(self)" in permissions


def test_rendered_pages_load_scripts_only_from_files(client_for, world):
    client = client_for("bob")
    for path in ("/", "/accounts/", "/accounts/two-factor/set-up/"):
        html = client.get(path).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts, path
        # JSON data blocks (json_script) are never run, so the policy need not allow them.
        runnable = [tag for tag in scripts if 'type="application/json"' not in tag]
        assert all("src=" in tag for tag in runnable), (path, scripts)


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers_which_the_policy_would_block():
    offenders = []
    for template in sorted(ROOT.glob("lac/**/templates/**/*.html")):
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text) or "hx-on" in text:
            offenders.append(str(template.relative_to(ROOT)))
        if "javascript:" in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
