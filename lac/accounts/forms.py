from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form with messages in plain English that name the field."""

    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("This account has been switched off. Ask your administrator."),
    }

    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter your username")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )


class SecurityCodeForm(forms.Form):
    """The 6-digit code from an authenticator app (spaces and dashes are ignored)."""

    token = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code your authenticator app shows now"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
        error_messages={"required": _("Enter the security code from your authenticator app")},
    )

    def clean_token(self) -> str:
        token = "".join(ch for ch in self.cleaned_data["token"] if ch not in " -")
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Security code must be 6 digits, like 123456"))
        return token

    def reject(self, message: str) -> None:
        """Show why a well-formed code was not accepted, against the field."""
        self.add_error("token", message)
