"""A signed-in user's own API tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lac.accounts.permissions import signed_in_user
from lac.api.models import ApiToken, Scope
from lac.api.tokens import api_token_create, api_token_revoke, scopes_allowed
from lac.people.forms import add_service_errors


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        help_text=gettext_lazy(
            "For example, “council data hub”. Only you and administrators see this"
        ),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter what the token is for")},
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("What may it do?"),
        help_text=gettext_lazy(
            "Choose only what the program using it needs. It can never do more than you can"
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one thing the token may do")},
    )

    def __init__(self, *args: object, allowed: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        labels = dict(Scope.choices)
        scopes = self.fields["scopes"]
        assert isinstance(scopes, forms.MultipleChoiceField)  # declared above
        scopes.choices = [(s, f"{labels[s]} ({s})") for s in allowed]


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = TokenForm(request.POST or None, allowed=scopes_allowed(user))
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm(allowed=scopes_allowed(user))
    tokens = ApiToken.objects.filter(user=user, revoked__isnull=True)
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=signed_in_user(request), pk=pk).first()
    if token is None:
        raise Http404("No such token")
    api_token_revoke(token=token)
    messages.success(
        request, gettext("Token “%(name)s” revoked: it no longer works") % {"name": token.name}
    )
    return redirect("api_tokens:list")
