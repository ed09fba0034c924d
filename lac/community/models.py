"""Community assets (groups, places, organisations, services, people with a gift),
what happens to them (new groups, volunteers, funding), and their opening times.

Opening times are a recurring schedule shaped like Open Referral's ``schedule``
(an RFC 5545 RRULE: weekly or monthly, on a weekday, between two times), so the
Open Referral feed maps them one to one.
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from lac.accounts.models import Neighbourhood, Programme, RecordedBy


class Taxonomy(models.Model):
    """A programme's list of categories for its directory (configurable per programme), or,
    with no programme, a vocabulary every council shares, such as the LGA's service list
    (``lac/community/vocabularies.py``), which a programme's categories are matched to."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="taxonomies", null=True, blank=True
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    version = models.CharField(max_length=40, blank=True)
    uri = models.URLField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name_plural = gettext_lazy("taxonomies")
        constraints = [
            models.UniqueConstraint(
                fields=["uri"],
                condition=models.Q(programme__isnull=True) & ~models.Q(uri=""),
                name="shared_vocabulary_uri_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One category (or sub-category, with a parent) that assets are tagged with."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    term_uri = models.URLField(max_length=300, blank=True)
    same_as = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="matched_by",
        help_text=gettext_lazy("Terms of shared vocabularies that mean the same as this category."),
    )
    search_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text=gettext_lazy(
            "Label folded by lac.people.matching, then the identifier, for searching"
        ),
    )

    class Meta:
        ordering = ["taxonomy", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"], name="term_code_unique_in_taxonomy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AssetKind(models.TextChoices):
    GROUP = "group", gettext_lazy("Community group")
    PLACE = "place", gettext_lazy("Place or venue")
    ORGANISATION = "organisation", gettext_lazy("Organisation")
    SERVICE = "service", gettext_lazy("Service")
    INDIVIDUAL = "individual", gettext_lazy("Person with a gift to share")


class AssetStatus(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active")
    PAUSED = "paused", gettext_lazy("Paused")
    CLOSED = "closed", gettext_lazy("Closed")


class Asset(models.Model):
    """Something in a neighbourhood that people can be part of or get help from."""

    uuid = models.UUIDField(
        default=uuid4,
        unique=True,
        editable=False,
        help_text=gettext_lazy("Stable public identifier"),
    )
    location_uuid = models.UUIDField(
        default=uuid4,
        unique=True,
        editable=False,
        help_text=gettext_lazy("Its Open Referral location"),
    )
    service_at_location_uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assets")
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        verbose_name=gettext_lazy("neighbourhoods"),
        blank=True,
        related_name="assets",
        help_text=gettext_lazy("Where it is, or whom it serves. None: the whole programme area."),
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=20, choices=AssetKind.choices)
    name = models.CharField(gettext_lazy("name"), max_length=200)
    description = models.TextField(gettext_lazy("description"), blank=True)
    run_by = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        limit_choices_to={"kind": AssetKind.ORGANISATION},
        help_text=gettext_lazy("The organisation that runs it, if any"),
    )
    address_1 = models.CharField(gettext_lazy("Address line 1"), max_length=200, blank=True)
    address_2 = models.CharField(gettext_lazy("Address line 2"), max_length=200, blank=True)
    town = models.CharField(gettext_lazy("Town or city"), max_length=100, blank=True)
    postcode = models.CharField(gettext_lazy("postcode"), max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(gettext_lazy("contact name"), max_length=120, blank=True)
    phone = models.CharField(gettext_lazy("phone"), max_length=40, blank=True)
    email = models.EmailField(gettext_lazy("email"), blank=True)
    website = models.URLField(gettext_lazy("website"), blank=True)
    who_for = models.TextField(
        gettext_lazy("Who it is for"),
        blank=True,
        help_text=gettext_lazy("Ages, eligibility, in words"),
    )
    minimum_age = models.PositiveSmallIntegerField(
        gettext_lazy("minimum age"), null=True, blank=True
    )
    maximum_age = models.PositiveSmallIntegerField(
        gettext_lazy("maximum age"), null=True, blank=True
    )
    cost = models.CharField(
        gettext_lazy("cost"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("For example: Free, or £2"),
    )
    accessibility = models.TextField(
        gettext_lazy("accessibility"),
        blank=True,
        help_text=gettext_lazy("Step-free access, hearing loop…"),
    )
    tags = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="assets")
    status = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=AssetStatus.choices,
        default=AssetStatus.ACTIVE,
    )
    public = models.BooleanField(
        default=True,
        help_text=gettext_lazy("Shown in the public Open Referral feed and printed sheets"),
    )
    approved_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy(
            "When someone who may approve new assets let it be shown to the public. "
            "Empty: waiting for approval, so not in the Open Referral feed or printed sheets."
        ),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_checked = models.DateField(gettext_lazy("last checked"), null=True, blank=True)
    looked_after_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Who keeps this entry up to date"),
    )
    source = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("Publisher it was imported from, if any")
    )
    source_id = models.CharField(max_length=100, blank=True)
    search_key = models.TextField(
        blank=True,
        editable=False,
        help_text=gettext_lazy(
            "Name, who it is for, description and postcode folded by "
            "lac.people.matching, for searching"
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["programme", "status", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "source_id"],
                condition=~models.Q(source_id=""),
                name="asset_source_id_unique_in_programme",
            ),
            models.CheckConstraint(
                name="individuals_are_never_public",
                condition=~models.Q(kind="individual", public=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == AssetKind.INDIVIDUAL:
            self.public = False  # a person's gift stays within the programme
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError(
                {"maximum_age": gettext("Maximum age must be at least the minimum age.")}
            )

    @property
    def is_individual(self) -> bool:
        return self.kind == AssetKind.INDIVIDUAL

    @property
    def is_shown_to_public(self) -> bool:
        """One record's answer to ``community.selectors.shown_to_public`` (keep the two alike)."""
        return (
            self.public
            and self.status == AssetStatus.ACTIVE
            and self.approved_at is not None
            and self.kind != AssetKind.INDIVIDUAL
        )

    @property
    def awaits_approval(self) -> bool:
        """Meant for the public, but nobody who may approve it has yet."""
        return self.public and self.approved_at is None

    @property
    def address_lines(self) -> list[str]:
        return [part for part in (self.address_1, self.address_2, self.town, self.postcode) if part]


class Weekday(models.TextChoices):
    MO = "MO", gettext_lazy("Monday")
    TU = "TU", gettext_lazy("Tuesday")
    WE = "WE", gettext_lazy("Wednesday")
    TH = "TH", gettext_lazy("Thursday")
    FR = "FR", gettext_lazy("Friday")
    SA = "SA", gettext_lazy("Saturday")
    SU = "SU", gettext_lazy("Sunday")


WEEKDAY_CODES = [code for code, _ in Weekday.choices]  # Monday first, as date.weekday()


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", gettext_lazy("Every week (or every few weeks)")
    MONTHLY = "MONTHLY", gettext_lazy("Once a month")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, gettext_lazy("First")
    SECOND = 2, gettext_lazy("Second")
    THIRD = 3, gettext_lazy("Third")
    FOURTH = 4, gettext_lazy("Fourth")
    LAST = -1, gettext_lazy("Last")


#: 'First Friday of the month' for each week: languages put the week in different
#: places (Welsh: 'Dydd Gwener cyntaf y mis'), so each is a sentence of its own.
MONTHLY_SUMMARIES = {
    WeekOfMonth.FIRST: gettext_lazy("First %(day)s of the month"),
    WeekOfMonth.SECOND: gettext_lazy("Second %(day)s of the month"),
    WeekOfMonth.THIRD: gettext_lazy("Third %(day)s of the month"),
    WeekOfMonth.FOURTH: gettext_lazy("Fourth %(day)s of the month"),
    WeekOfMonth.LAST: gettext_lazy("Last %(day)s of the month"),
}


class OpeningTime(models.Model):
    """One recurring session: e.g. every Tuesday 10:00–12:00, or the first Friday of the month.

    Maps to an Open Referral ``schedule``: freq, interval, byday (``TU`` or
    ``1FR``), opens_at, closes_at, valid_from, valid_to, dtstart.
    """

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="opening_times")
    freq = models.CharField(
        gettext_lazy("How often"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    interval = models.PositiveSmallIntegerField(
        gettext_lazy("Every how many weeks"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=gettext_lazy("1 for every week, 2 for every other week"),
    )
    weekday = models.CharField(max_length=2, choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        gettext_lazy("Which week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=gettext_lazy("Only for monthly sessions"),
    )
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    dtstart = models.DateField(
        gettext_lazy("First session"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Needed when not every week"),
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(
        gettext_lazy("description"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("For example: term time only"),
    )

    class Meta:
        ordering = ["asset", "weekday", "opens_at"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = gettext("Closing time must be after opening time.")
        if self.freq == Frequency.MONTHLY and self.week_of_month is None:
            errors["week_of_month"] = gettext("Choose which week of the month it meets.")
        if self.freq == Frequency.WEEKLY:
            self.week_of_month = None
            if self.interval > 1 and self.dtstart is None:
                errors["dtstart"] = gettext("Give the date of one session, so we know which weeks.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = gettext("End date must be on or after the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def byday(self) -> str:
        """RFC 5545 BYDAY: ``TU``, or ``2TU`` for the second Tuesday of the month."""
        if self.freq == Frequency.MONTHLY and self.week_of_month:
            return f"{self.week_of_month}{self.weekday}"
        return self.weekday

    @property
    def summary(self) -> str:
        """Plain words: 'Every Tuesday', 'Every other Monday', 'First Friday of the month'."""
        day = self.get_weekday_display()
        if self.freq == Frequency.MONTHLY and self.week_of_month is not None:
            return MONTHLY_SUMMARIES[WeekOfMonth(self.week_of_month)] % {"day": day}
        if self.interval == 1:
            return gettext("Every %(day)s") % {"day": day}
        if self.interval == 2:
            return gettext("Every other %(day)s") % {"day": day}
        return gettext("Every %(weeks)s weeks on %(day)s") % {"weeks": self.interval, "day": day}


class EventKind(models.TextChoices):
    ESTABLISHED = "established", gettext_lazy("New group established")
    SUSTAINED = "sustained", gettext_lazy("Group sustained")
    GROWN = "grown", gettext_lazy("Group grown")
    FUNDING = "funding", gettext_lazy("Funding found")
    VOLUNTEERS = "volunteers", gettext_lazy("Volunteers recruited")
    MEETING = "meeting", gettext_lazy("Meetings held")


class CoordinatorPart(models.TextChoices):
    STARTED = "started", gettext_lazy("Started it with local people")
    SUPPORTED = "supported", gettext_lazy("Supported the people who started it")
    CONNECTED = "connected", gettext_lazy("Connected people to it")
    NONE = "none", gettext_lazy("No direct part")


class AssetEvent(RecordedBy):
    """Something that happened to an asset that the programme counts."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    date = models.DateField(gettext_lazy("date"))
    count = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Volunteers recruited, meetings held or people attending"),
    )
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=gettext_lazy("Funding found, in £"),
    )
    funder = models.CharField(max_length=200, blank=True)
    coordinator_part = models.CharField(
        gettext_lazy("The coordinator's part"),
        max_length=20,
        choices=CoordinatorPart.choices,
        blank=True,
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.asset} ({self.date})"

    def clean(self) -> None:
        if self.kind in {EventKind.VOLUNTEERS, EventKind.MEETING} and not self.count:
            if self.kind == EventKind.VOLUNTEERS:
                missing = gettext("Enter how many volunteers were recruited.")
            else:
                missing = gettext("Enter how many meetings were held.")
            raise ValidationError({"count": missing})
        if self.kind == EventKind.FUNDING and self.amount is None:
            raise ValidationError(
                {"amount": gettext("Enter how much funding was found, in pounds.")}
            )
        if self.kind == EventKind.ESTABLISHED and not self.coordinator_part:
            raise ValidationError(
                {"coordinator_part": gettext("Say what part the coordinator played.")}
            )


class ConnectionKind(models.TextChoices):
    ASSET = "asset", gettext_lazy("To a community group, place or organisation")
    PERSON = "person", gettext_lazy("To a person (a neighbour, friend or family)")
    SERVICE = "service", gettext_lazy("To a service")


class Relationship(models.TextChoices):
    NEIGHBOUR = "neighbour", gettext_lazy("Neighbour")
    FRIEND = "friend", gettext_lazy("Friend")
    FAMILY = "family", gettext_lazy("Family")
    OTHER = "other", gettext_lazy("Someone else")


class Connection(models.Model):
    """A person being connected to community, to someone, or (where needed) to a service."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="connections"
    )
    date = models.DateField(gettext_lazy("date"))
    kind = models.CharField(max_length=10, choices=ConnectionKind.choices)
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="connections"
    )
    relationship = models.CharField(max_length=10, choices=Relationship.choices, blank=True)
    described = models.CharField(
        gettext_lazy("Who, in a few words"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "For example: Jean, the neighbour at number 12 (no record is made for them)"
        ),
    )
    service_name = models.CharField(max_length=200, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(gettext_lazy("note"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["asset", "date"]),
            # Figures start from a programme's people and probe their connections.
            models.Index(fields=["person", "date", "kind"], name="connection_person_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.what} ({self.date})"

    @property
    def what(self) -> str:
        if self.kind == ConnectionKind.PERSON:
            relationship = self.get_relationship_display() if self.relationship else ""
            return ", ".join(part for part in (self.described, relationship) if part)
        if self.asset_id:
            return str(self.asset)
        return self.service_name

    def clean(self) -> None:
        if self.kind == ConnectionKind.ASSET and self.asset_id is None:
            raise ValidationError({"asset": gettext("Choose the group, place or organisation.")})
        if self.kind == ConnectionKind.PERSON and not self.described:
            raise ValidationError({"described": gettext("Say who, in a few words.")})
        if self.kind == ConnectionKind.SERVICE and not (self.asset_id or self.service_name):
            raise ValidationError({"service_name": gettext("Name the service, or choose it.")})
        if self.kind == ConnectionKind.PERSON:
            self.asset = None
        if self.asset is not None and self.person_id:
            person_programme = self.person.neighbourhood.programme_id
            if self.asset.programme_id != person_programme:
                raise ValidationError({"asset": gettext("That asset is in another programme.")})


class ContributionKind(models.TextChoices):
    VOLUNTEERING = "volunteering", gettext_lazy("Volunteering")
    BEFRIENDING = "befriending", gettext_lazy("Befriending")
    STARTED_GROUP = "started_group", gettext_lazy("Starting a group")
    OTHER = "other", gettext_lazy("Something else")


class Contribution(RecordedBy):
    """A person giving something back: volunteering, befriending, starting a group."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(max_length=20, choices=ContributionKind.choices)
    asset = models.ForeignKey(
        Asset,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        help_text=gettext_lazy("Where they volunteer, or the group they started"),
    )
    hours = models.DecimalField(
        gettext_lazy("hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=gettext_lazy("Hours given so far, if known"),
    )
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started}"

    def clean(self) -> None:
        if self.kind == ContributionKind.STARTED_GROUP and self.asset_id is None:
            raise ValidationError({"asset": gettext("Choose the group they started.")})
        if self.ended and self.started and self.ended < self.started:
            raise ValidationError(
                {"ended": gettext("The end date must be on or after the start date.")}
            )
        if self.kind == ContributionKind.OTHER and not self.description:
            raise ValidationError({"description": gettext("Say what they do.")})
        if (
            self.asset is not None
            and self.person_id
            and self.asset.programme_id != self.person.neighbourhood.programme_id
        ):
            raise ValidationError({"asset": gettext("That asset is in another programme.")})


class PostcodeCentroid(models.Model):
    """Where a postcode's centre lies, from a file the council loads (``lac postcodes load``).

    lac cannot reach the internet, so the Open Referral feed's ``postcode`` and
    ``proximity`` filters, and assets with a postcode but no coordinates, are
    placed from this table. The postcode is kept without spaces, upper case.
    """

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    def __str__(self) -> str:
        return self.postcode
