"""Forms for the directory: search, assets, opening times, events and import."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import Neighbourhood, Programme
from lac.community.models import (
    Asset,
    AssetEvent,
    AssetKind,
    AssetStatus,
    Connection,
    ConnectionKind,
    Contribution,
    ContributionKind,
    CoordinatorPart,
    EventKind,
    OpeningTime,
    Relationship,
    TaxonomyTerm,
    Weekday,
)
from lac.community.schedule import next_weekday
from lac.community.selectors import asset_choices, picker_assets
from lac.community.services import ASSET_FIELDS
from lac.lib.choices import ModelMultipleChoiceField
from lac.lib.fields import choice_field, model_choice_field
from lac.lib.rules import contact
from lac.lib.widgets import DateInput, TimeInput
from lac.people.forms import RecordRules
from lac.submissions.services import OnceField

REQUIRED_MESSAGES = {
    "name": gettext_lazy("Enter the name"),
    "code": gettext_lazy("Enter a short code"),
    "established_on": gettext_lazy("Enter the date the group started"),
    "coordinator_part": gettext_lazy("Select what part you played"),
    "weekday": gettext_lazy("Select the day"),
    "opens_at": gettext_lazy("Enter the time it starts"),
    "closes_at": gettext_lazy("Enter the time it ends"),
    "freq": gettext_lazy("Select how often it meets"),
    "interval": gettext_lazy("Enter every how many weeks it meets"),
    "date": gettext_lazy("Enter the date"),
    "started": gettext_lazy("Enter the date they started"),
    "file": gettext_lazy("Choose a JSON file to upload"),
    "commit": gettext_lazy("Select whether to check the file or import it"),
}
KIND_MESSAGES = {
    "AssetForm": gettext_lazy("Select the type of asset"),
    "AssetEventForm": gettext_lazy("Select what happened"),
    "ConnectionForm": gettext_lazy("Select what they were connected to"),
    "ContributionForm": gettext_lazy("Select how they contribute"),
}


class NamedErrors:
    """The directory's own words for an empty field, where they say more than
    the wording every form gets from its labels (``lac.web.forms.messages``)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name_errors()

    def name_errors(self) -> None:
        for name, field in self.fields.items():
            message = REQUIRED_MESSAGES.get(name)
            if name == "kind":
                message = KIND_MESSAGES.get(type(self).__name__, gettext_lazy("Select the type"))
            if message:
                field.error_messages["required"] = message


DAY_CHOICES = [("", gettext_lazy("Any day")), ("today", gettext_lazy("Today")), *Weekday.choices]


class DirectorySearchForm(NamedErrors, forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    neighbourhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=gettext_lazy("All neighbourhoods"),
    )
    tag = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        empty_label=gettext_lazy("All categories"),
    )
    day = forms.ChoiceField(label=gettext_lazy("Open on"), choices=DAY_CHOICES, required=False)
    on = forms.DateField(label=gettext_lazy("Or on a date"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[("", gettext_lazy("All types")), *AssetKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "neighbourhood").queryset = programme.neighbourhoods.order_by(
            "name"
        )
        model_choice_field(self, "tag").queryset = TaxonomyTerm.objects.filter(
            taxonomy__programme=programme
        )

    def chosen_day(self, today: date) -> date | None:
        if self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        day = self.cleaned_data.get("day")
        if day == "today":
            return today
        if day:
            return next_weekday(day, today)
        return None


class AssetContactRules(RecordRules):
    """An asset's postcode and phone number tidied and checked as the service stores them
    (``lac.lib.rules.contact``), so the form shows their problems with the others."""

    postcode = forms.CharField(label=gettext_lazy("Postcode"), required=False)
    """Without the column's 10-character limit: "s w 1 a 2 a a" is tidied before it is
    checked."""
    tidy_rules = {"postcode": contact.postcode, "phone": contact.phone}


class AssetAdminForm(AssetContactRules, forms.ModelForm):
    """The admin's form for an asset (``community.admin.AssetAdmin``)."""

    class Meta:
        model = Asset
        fields = ["programme", *ASSET_FIELDS, "neighbourhoods", "tags"]
        field_classes = {
            "neighbourhoods": ModelMultipleChoiceField,
            "tags": ModelMultipleChoiceField,
        }


class AssetForm(NamedErrors, AssetContactRules, forms.ModelForm):
    class Meta:
        model = Asset
        fields = [
            "kind",
            "name",
            "description",
            "neighbourhoods",
            "tags",
            "run_by",
            "address_1",
            "address_2",
            "town",
            "postcode",
            "contact_name",
            "phone",
            "email",
            "website",
            "who_for",
            "minimum_age",
            "maximum_age",
            "cost",
            "accessibility",
            "status",
            "public",
            "last_checked",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "tags": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "who_for": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "last_checked": DateInput(),
        }
        field_classes = {
            "neighbourhoods": ModelMultipleChoiceField,
            "tags": ModelMultipleChoiceField,
        }
        labels = {
            "tags": gettext_lazy("Categories"),
            "public": gettext_lazy("Show it to the public"),
        }
        help_texts = {
            "public": gettext_lazy(
                "In the Open Referral feed and printed sheets. "
                "A person with a gift is never shown to the public."
            )
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            choice_field(self, "kind").choices = AssetKind.choices
        if "status" in self.fields:
            choice_field(self, "status").choices = AssetStatus.choices
        model_choice_field(self, "neighbourhoods").queryset = programme.neighbourhoods.order_by(
            "name"
        )
        self.fields["neighbourhoods"].help_text = gettext("Leave empty if it serves the whole area")
        model_choice_field(self, "tags").queryset = TaxonomyTerm.objects.filter(
            taxonomy__programme=programme
        )
        if "run_by" in self.fields:
            run_by = Asset.objects.filter(programme=programme, kind=AssetKind.ORGANISATION)
            if self.instance.pk:
                run_by = run_by.exclude(pk=self.instance.pk)
            model_choice_field(self, "run_by").queryset = run_by

    def asset_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("neighbourhoods", None)
        data.pop("tags", None)
        return data


class NewGroupForm(AssetForm):
    """A new group: the directory entry plus when it started and the coordinator's part."""

    field_order = ["name", "established_on", "coordinator_part", "note"]

    established_on = forms.DateField(label=gettext_lazy("When did it start?"), widget=DateInput())
    coordinator_part = forms.ChoiceField(
        label=gettext_lazy("What was your part?"),
        choices=CoordinatorPart.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("How it came about"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta(AssetForm.Meta):
        fields = [f for f in AssetForm.Meta.fields if f not in {"kind", "status", "run_by"}]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = AssetKind.GROUP

    def asset_data(self) -> dict[str, Any]:
        data = super().asset_data()
        for name in ("established_on", "coordinator_part", "note"):
            data.pop(name, None)
        return data


class OpeningTimeForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = OpeningTime
        fields = [
            "weekday",
            "opens_at",
            "closes_at",
            "freq",
            "interval",
            "week_of_month",
            "dtstart",
            "valid_from",
            "valid_to",
            "description",
        ]
        widgets = {
            "weekday": forms.RadioSelect,
            "freq": forms.RadioSelect,
            "opens_at": TimeInput(),
            "closes_at": TimeInput(),
            "dtstart": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }
        labels = {
            "weekday": gettext_lazy("Day"),
            "opens_at": gettext_lazy("Starts at"),
            "closes_at": gettext_lazy("Ends at"),
            "valid_from": gettext_lazy("From (optional)"),
            "valid_to": gettext_lazy("Until (optional)"),
        }


class AssetEventForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = AssetEvent
        fields = ["kind", "date", "count", "amount", "funder", "coordinator_part", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "kind": gettext_lazy("What happened?"),
            "count": gettext_lazy("How many"),
            "amount": gettext_lazy("Amount (£)"),
            "funder": gettext_lazy("Who gave the funding"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = EventKind.choices
        choice_field(self, "coordinator_part").choices = [
            ("", gettext("Not recorded")),
            *CoordinatorPart.choices,
        ]


class TermForm(NamedErrors, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=60,
        help_text=gettext_lazy("Short, lower case, for example: lunch-clubs"),
    )
    description = forms.CharField(label=gettext_lazy("Description"), required=False, max_length=300)


class SharedTermChoice(forms.ModelMultipleChoiceField):
    """A shared term named with its list and identifier: lists reuse labels."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.taxonomy.name}, {obj.code})"


class SharedTermsForm(NamedErrors, forms.Form):
    """Which shared UK terms mean the same as one category: those matched now, and the
    search results beside them, as checkboxes (so the page works without JavaScript)."""

    same_as = SharedTermChoice(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Terms that mean the same"),
        help_text=gettext_lazy(
            "Select every term that describes this category. Clear them all to unmatch it."
        ),
    )

    def __init__(self, *args: Any, offered: QuerySet[TaxonomyTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["same_as"]
        assert isinstance(field, SharedTermChoice)
        field.queryset = offered


MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(NamedErrors, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Open Referral (HSDS 3.0) JSON file"),
        help_text=gettext_lazy(
            "A list of services, or a page of services from another publisher's feed"
        ),
    )
    commit = forms.ChoiceField(
        label=gettext_lazy("What should happen?"),
        choices=[
            ("check", gettext_lazy("Check the file only (nothing is saved)")),
            ("import", gettext_lazy("Import it")),
        ],
        widget=forms.RadioSelect,
        initial="check",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(gettext("The file must be smaller than 20 MB"))
        return upload


class AssetPicker(forms.Select):
    """A select of assets under their neighbourhoods (``<optgroup>``), which works
    without JavaScript; ``lac/asset-picker.js`` turns it into a searchable
    accessible autocomplete that asks ``source`` for matches."""

    def __init__(self, source: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.attrs["data-lac-asset-picker"] = source


def use_asset_picker(field: forms.Field, neighbourhood: Neighbourhood) -> None:
    """Make a form's asset field the picker for a person living in ``neighbourhood``."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError("The asset picker replaces a ModelChoiceField")
    source = reverse("community:asset_choices", args=[neighbourhood.programme.slug])
    field.widget = AssetPicker(source=f"{source}?{urlencode({'near': neighbourhood.pk})}")
    assets = picker_assets(neighbourhood.programme_id)
    field.queryset = assets
    field.choices = [
        ("", gettext("Choose from the directory")),
        *(
            (place, [(choice.pk, choice.label) for choice in choices])
            for place, choices in asset_choices(assets, neighbourhood)
        ),
    ]


class OneProblemPerField:
    """A field the form already refused (a choice that is not one of the options) is not
    refused a second time by the record's own check for a missing value."""

    _errors: Any

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            errors.error_dict = {
                name: found for name, found in errors.error_dict.items() if name not in self._errors
            }
        super()._update_errors(errors)  # type: ignore[misc]


class ConnectionForm(OneProblemPerField, NamedErrors, forms.ModelForm):
    once = OnceField()

    class Meta:
        model = Connection
        fields = ["kind", "date", "asset", "relationship", "described", "service_name", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "kind": gettext_lazy("Connected"),
            "asset": gettext_lazy("Group, place, organisation or service"),
            "relationship": gettext_lazy("Who they are to the person"),
            "service_name": gettext_lazy("Service (if it is not in the directory)"),
        }

    def __init__(self, *args: Any, neighbourhood: Neighbourhood, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = ConnectionKind.choices
        use_asset_picker(self.fields["asset"], neighbourhood)
        self.fields["asset"].help_text = gettext(
            "For a group, place, organisation or listed service: "
            "find it by its name, street or postcode"
        )
        choice_field(self, "relationship").choices = [
            ("", gettext("Choose")),
            *Relationship.choices,
        ]
        self.fields["relationship"].help_text = gettext("For a connection to a person")


class ContributionForm(NamedErrors, forms.ModelForm):
    once = OnceField()

    class Meta:
        model = Contribution
        fields = ["kind", "asset", "hours", "started", "ended", "description"]
        widgets = {
            "kind": forms.RadioSelect,
            "started": DateInput(),
            "ended": DateInput(),
        }
        labels = {
            "kind": gettext_lazy("How they contribute"),
            "asset": gettext_lazy("Where, or the group they started"),
            "started": gettext_lazy("Since"),
            "ended": gettext_lazy("Until (if it has ended)"),
            "description": gettext_lazy("In a few words"),
        }

    def __init__(self, *args: Any, neighbourhood: Neighbourhood, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = ContributionKind.choices
        use_asset_picker(self.fields["asset"], neighbourhood)
        self.fields["asset"].help_text = gettext("Find it by its name, street or postcode")
