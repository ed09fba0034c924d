"""The public page's form and an introducer's form: the same questions about the person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Neighbourhood, Programme
from lac.casework.models import IntroductionSource
from lac.lib.rules import lengths
from lac.welcome import antibot
from lac.welcome.models import NewsKind, Route
from lac.welcome.services import NO_NAME

HOPES_HINT = _("For example, meeting people nearby, getting out more, help with money worries")


class AboutThePerson(forms.Form):
    """Who is introduced, how to reach them, what they hope for, and where they live."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": NO_NAME}
    )
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=40, required=False)
    email = forms.CharField(label=_("Email address (optional)"), max_length=254, required=False)
    postcode = forms.CharField(
        label=_("Postcode (optional)"),
        max_length=10,
        required=False,
        help_text=_("So the coordinator for their neighbourhood gets the introduction"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood (optional)"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_("Not sure: use the postcode"),
    )
    hopes = forms.CharField(
        label=_("What do they hope for? (optional)"),
        help_text=HOPES_HINT,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=lengths.NOTE,
        required=False,
    )
    agreed_to_contact = forms.BooleanField(
        label=_("They agree to a Local Area Coordinator getting in touch with them"),
        required=False,
    )

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]

    def person(self) -> dict[str, Any]:
        """The answers as :func:`~lac.welcome.services.incoming_submit` takes them."""
        names = [*AboutThePerson.base_fields]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class PublicIntroductionForm(AboutThePerson):
    """Introduce yourself or someone you know, with no account."""

    field_order = [
        "route",
        "introducer_name",
        "introducer_contact",
        "full_name",
        "phone",
        "email",
        "postcode",
        "neighbourhood",
        "hopes",
        "agreed_to_contact",
    ]
    route = forms.ChoiceField(
        label=_("Who are you introducing?"),
        choices=[(Route.SELF, _("Myself")), (Route.SOMEONE, _("Someone I know"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether you are introducing yourself or someone else")
        },
    )
    introducer_name = forms.CharField(
        label=_("Your name (if you are introducing someone else)"), max_length=200, required=False
    )
    introducer_contact = forms.CharField(
        label=_("Your phone number or email (if you are introducing someone else)"),
        max_length=200,
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1"}),
    )
    """The honeypot, hidden from people by the page (``antibot``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].label = _("Full name of the person being introduced")
        self.fields["agreed_to_contact"].label = _(
            "If you are introducing someone else: they agree to a Local Area Coordinator "
            "getting in touch with them"
        )
        if not self.is_bound:
            self.initial["token"] = antibot.token()

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = antibot.token_problem(self.data.get("token", ""))
        if problem:
            self.add_error(None, problem)
            data_again = self.data.copy()  # type: ignore[attr-defined]
            data_again["token"] = antibot.token()  # a new one, for sending it again
            self.data = data_again
        return data

    def introducer(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "route": data["route"],
            "introducer_name": data.get("introducer_name", ""),
            "introducer_contact": data.get("introducer_contact", ""),
        }


class PartnerIntroductionForm(AboutThePerson):
    """An introducer's introduction, from their partner organisation's account."""

    social_prescribing = forms.BooleanField(
        label=_("This is a social prescribing introduction"),
        help_text=_(
            "Tick if you would code it as a referral to social prescribing in your own "
            "records. We record the same SNOMED CT code on it"
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_to_contact"].label = _(
            "They agree to a Local Area Coordinator getting in touch with them"
        )

    def person(self) -> dict[str, Any]:
        return super().person() | {"social_prescribing": self.cleaned_data["social_prescribing"]}


def _known_as(person: Any) -> str:
    """A possible match as a choice: "Yes, Ann Jones (DE1 1AA)"."""
    if person.postcode:
        return gettext("Yes, %(name)s (%(postcode)s)") % {
            "name": person.display_name,
            "postcode": person.postcode,
        }
    return gettext("Yes, %(name)s (no postcode)") % {"name": person.display_name}


class WelcomeForm(forms.Form):
    """Welcome as someone new, or as a person already recorded (one of the matches)."""

    known = forms.ChoiceField(
        label=_("Is this someone already known?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether this is someone already known")},
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        help_text=_("For someone new: where they live"),
    )
    source = forms.ModelChoiceField(
        label=_("Who introduced them (optional)"),
        queryset=IntroductionSource.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, matches: list[Any], neighbourhoods: Any, sources: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.matches = {str(person.pk): person for person in matches}
        found = self.matches.items()
        self.fields["known"].choices = [  # type: ignore[attr-defined]
            ("new", gettext("No, someone new")),
            *((pk, _known_as(p)) for pk, p in found),
        ]
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]

    def known_person(self) -> Any:
        return self.matches.get(self.cleaned_data["known"])


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not being taken forward?"),
        help_text=_("The introducer sees this"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=lengths.NOTE,
    )
    person_declined = forms.BooleanField(
        label=_("The person said they do not want it"),
        help_text=_("Their GP’s record can then show that social prescribing was declined"),
        required=False,
    )

    def __init__(self, *args: Any, social_prescribing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not social_prescribing:
            del self.fields["person_declined"]


class SummaryForm(forms.Form):
    """A summary for the introducer, in the sections of the PRSB message back."""

    what_matters = forms.CharField(
        label=_("What matters to them"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=lengths.NOTE,
        required=False,
    )
    what_was_agreed = forms.CharField(
        label=_("What was agreed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=lengths.NOTE,
        required=False,
    )
    connections_made = forms.CharField(
        label=_("Connections made (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=lengths.NOTE,
        required=False,
    )
    contact = forms.CharField(
        label=_("How to get in touch (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=lengths.NOTE,
        required=False,
    )

    kind = NewsKind.SUMMARY


class IntroducerAccountForm(forms.Form):
    """A partner organisation's member of staff, given an introducer account by a manager."""

    programme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=None
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.CharField(
        label=_("Email address"), max_length=254, help_text=_("They sign in with it")
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("For example, Wilmorton Surgery or Derby Fire and Rescue"),
    )
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Give it to them in person or by phone, never by email"),
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
