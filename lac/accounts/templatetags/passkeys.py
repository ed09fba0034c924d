"""``{% passkey_prompt %}``: the invitation to add a passkey, where a coordinator lands."""

from __future__ import annotations

from typing import Any

from django import template

from lac.accounts.passkeys import passkey_prompt_shown

register = template.Library()


@register.inclusion_tag("accounts/_passkey_prompt.html", takes_context=True)
def passkey_prompt(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    return {"shown": passkey_prompt_shown(request), "request": request}
