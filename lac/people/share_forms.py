"""Recording information a coordinator shared about a person (a call to a service, a
letter to a GP): what, with whom, on which of their consents or on what legal basis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from lac.disclosures.models import Kind, LegalBasis
from lac.people.models import Person
from lac.submissions.services import OnceField

#: The kinds a person records by hand; subject access copies and news back are logged
#: by the pages that make them.
TYPED_KINDS = [Kind.SERVICE, Kind.DOWNLOAD, Kind.OTHER]


class ShareForm(forms.Form):
    once = OnceField()
    kind = forms.ChoiceField(
        label=gettext_lazy("What kind of share was it?"),
        choices=[(kind.value, kind.label) for kind in TYPED_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select what kind of share it was")},
    )
    description = forms.CharField(
        label=gettext_lazy("What was shared?"),
        max_length=300,
        help_text=gettext_lazy("For example, “their address and what they hope for, by phone”"),
        error_messages={"required": gettext_lazy("Enter what was shared")},
    )
    recipient = forms.CharField(
        label=gettext_lazy("Who was it shared with?"),
        max_length=200,
        help_text=gettext_lazy("An organisation, a team or a named person"),
        error_messages={"required": gettext_lazy("Enter who it was shared with")},
    )
    basis = forms.ChoiceField(
        label=gettext_lazy("On what basis?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Select the person’s consent or a legal basis")},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consents = {str(c.pk): c for c in person.consents.filter(withdrawn_on__isnull=True)}
        self.fields["basis"].choices = [  # type: ignore[attr-defined]
            *((f"consent-{pk}", f"Their consent: {c}") for pk, c in self.consents.items()),
            *((basis.value, basis.label) for basis in LegalBasis),
        ]

    def share(self) -> dict[str, Any]:
        """The cleaned answers as :func:`~lac.disclosures.services.disclosure_record` takes them."""
        data = self.cleaned_data
        basis: str = data["basis"]
        consent = self.consents.get(basis.removeprefix("consent-"))
        return {
            "kind": data["kind"],
            "description": data["description"],
            "recipient": data["recipient"],
            "consent": consent,
            "legal_basis": "" if consent is not None else basis,
        }
