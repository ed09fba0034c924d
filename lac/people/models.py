"""The people coordinators walk alongside, their households, and what they agreed to.

Only name and neighbourhood are required: everything else is optional, so a
coordinator records the minimum that is needed. The person's current level,
status and next contact are kept here for fast caseload lists; their dated
history lives in ``lac.casework`` (level changes, status changes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from lac.accounts.models import Neighbourhood, RecordedBy
from lac.people.equality import (
    Disability,
    EthnicGroup,
    GenderIdentity,
    Religion,
    Sex,
    SexualOrientation,
)


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", gettext_lazy("Under 18")
    AGE_18_30 = "18_30", gettext_lazy("18 to 30")
    AGE_31_64 = "31_64", gettext_lazy("31 to 64")
    AGE_65_79 = "65_79", gettext_lazy("65 to 79")
    AGE_80_PLUS = "80_plus", gettext_lazy("80 and over")


class PreferredContact(models.TextChoices):
    PHONE = "phone", gettext_lazy("Phone call")
    TEXT = "text", gettext_lazy("Text message")
    EMAIL = "email", gettext_lazy("Email")
    LETTER = "letter", gettext_lazy("Letter")
    IN_PERSON = "in_person", gettext_lazy("In person")
    VIA_SOMEONE = "via_someone", gettext_lazy("Through someone they trust")


class PrimaryCategory(models.TextChoices):
    OLDER_PERSON = "older_person", gettext_lazy("Older person")
    MENTAL_HEALTH = "mental_health", gettext_lazy("Mental health")
    PHYSICAL_DISABILITY = "physical_disability", gettext_lazy("Physical disability")
    LEARNING_DISABILITY = "learning_disability", gettext_lazy("Learning disability")
    CARER = "carer", gettext_lazy("Carer")
    YOUNG_PERSON = "young_person", gettext_lazy("Young person")
    OTHER = "other", gettext_lazy("Other")


class HousingTenure(models.TextChoices):
    SOCIAL_RENTED = "social_rented", gettext_lazy("Social rented (council)")
    HOUSING_ASSOCIATION = "housing_association", gettext_lazy("Housing association")
    OWNER_OCCUPIER = "owner_occupier", gettext_lazy("Owner occupier")
    PRIVATE_RENTED = "private_rented", gettext_lazy("Private rented")
    OTHER = "other", gettext_lazy("Other")
    UNKNOWN = "unknown", gettext_lazy("Not known")


class Level(models.IntegerChoices):
    LEVEL_1 = 1, gettext_lazy("Level 1")
    """Light touch: information, advice, a connection."""
    LEVEL_2 = 2, gettext_lazy("Level 2")
    """Walking alongside for longer, often in a complex situation."""


class Status(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active")
    PAUSED = "paused", gettext_lazy("Paused")
    CLOSED = "closed", gettext_lazy("Closed")


class DeprivationIndex(models.TextChoices):
    """The two nations' indices of multiple deprivation: ranked separately, never compared."""

    ENGLAND = "england", gettext_lazy("England")
    WALES = "wales", gettext_lazy("Wales")


def deprivation_choices() -> list[tuple[str, str]]:
    """ "england_1" … "wales_10": a nation's index and the decile of its small area."""
    return [
        (
            f"{index.value}_{decile}",
            f"{index.label}: decile {decile}"
            + {1: " (most deprived)", 10: " (least deprived)"}.get(decile, ""),
        )
        for index in DeprivationIndex
        for decile in range(1, 11)
    ]


class SmallArea(models.Model):
    """A lower layer super output area (LSOA) and its decile in its nation's index of
    multiple deprivation, as the council loaded it (``lac load_deprivation``)."""

    code = models.CharField(
        max_length=9, unique=True, help_text=gettext_lazy("For example E01012345")
    )
    index = models.CharField(max_length=10, choices=DeprivationIndex.choices)
    decile = models.PositiveSmallIntegerField(
        help_text=gettext_lazy("1 is the most deprived tenth")
    )

    def __str__(self) -> str:
        return f"{self.code} ({self.get_index_display()} decile {self.decile})"


class PostcodeArea(models.Model):
    """Which small area a postcode lies in, from the postcode lookup the council loaded
    (``lac load_postcode_areas``)."""

    postcode = models.CharField(
        max_length=8, unique=True, help_text=gettext_lazy("Written as A9 9AA")
    )
    area_code = models.CharField(max_length=9, db_index=True)

    def __str__(self) -> str:
        return f"{self.postcode} → {self.area_code}"


class Household(models.Model):
    """People who live together or support each other as a family."""

    name = models.CharField(
        max_length=200, help_text=gettext_lazy("For example, “The Okafor family”")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="households"
    )
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1,
        help_text=gettext_lazy(
            "Goes up by one when the details or members change, so two editors never overwrite"
        ),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone a coordinator walks alongside."""

    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=gettext_lazy("What they like to be called, if different"),
    )
    date_of_birth = models.DateField(null=True, blank=True)
    age_band = models.CharField(
        max_length=10,
        choices=AgeBand.choices,
        blank=True,
        help_text=gettext_lazy("Worked out from the date of birth when that is given"),
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    preferred_contact = models.CharField(
        max_length=20, choices=PreferredContact.choices, blank=True
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="people"
    )
    primary_category = models.CharField(max_length=30, choices=PrimaryCategory.choices, blank=True)
    housing_tenure = models.CharField(max_length=30, choices=HousingTenure.choices, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    preferred_language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=gettext_lazy(
            "The language of their plan, one-time links and messages (English or Welsh)"
        ),
    )
    communication_needs = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "For example, an interpreter, large print, or a quiet place to meet"
        ),
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    nhs_number = models.CharField(
        max_length=10,
        blank=True,
        verbose_name=gettext_lazy("NHS number"),
        help_text=gettext_lazy(
            "Ten digits, checked with the NHS modulus 11 rule (lac.lib.rules.health)"
        ),
    )

    # The equality questions (lac.people.equality): special-category data, written only
    # by people.services.person_equality_set while the person's consent stands.
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    gender_identity = models.CharField(max_length=20, choices=GenderIdentity.choices, blank=True)
    ethnic_group = models.CharField(max_length=30, choices=EthnicGroup.choices, blank=True)
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)
    religion = models.CharField(max_length=20, choices=Religion.choices, blank=True)
    sexual_orientation = models.CharField(
        max_length=20, choices=SexualOrientation.choices, blank=True
    )
    # From the postcode (people.deprivation), kept in step by the services that change
    # it; shown only in aggregates, never on a person's record.
    deprivation = models.CharField(
        max_length=10,
        choices=deprivation_choices(),
        blank=True,
        editable=False,
        help_text=gettext_lazy(
            "The index of multiple deprivation decile of the postcode's small area"
        ),
    )

    # Current casework state, kept in step by lac.casework.services.
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.LEVEL_1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_since = models.DateField(null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        help_text=gettext_lazy("The coordinator walking alongside this person"),
    )
    next_contact_date = models.DateField(null=True, blank=True)
    last_contact_date = models.DateField(null=True, blank=True)

    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text=gettext_lazy(
            "Set when this record was a duplicate; its records moved to the other person"
        ),
    )
    is_anonymised = models.BooleanField(default=False)
    name_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        db_index=True,
        help_text=gettext_lazy(
            "The full name folded by lac.people.matching, to find the same name however it is typed"
        ),
    )
    search_key = models.TextField(
        blank=True,
        editable=False,
        help_text=gettext_lazy("Names and postcode folded by lac.people.matching, for searching"),
    )
    version = models.PositiveIntegerField(
        default=1,
        help_text=gettext_lazy("Goes up by one on every change, so two editors never overwrite"),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = gettext_lazy("people")
        indexes = [
            models.Index(fields=["neighbourhood", "status"], name="person_neighbourhood_status"),
            models.Index(
                fields=["coordinator", "status", "next_contact_date"], name="person_caseload"
            ),
            models.Index(fields=["full_name"], name="person_full_name"),
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.full_name:
            return f"{self.full_name} ({self.preferred_name})"
        return self.full_name

    @property
    def programme_id(self) -> int:
        return self.neighbourhood.programme_id


class ConsentTopic(models.TextChoices):
    RECORD_KEEPING = "record_keeping", gettext_lazy("Keeping a record of our work together")
    SHARING = "sharing", gettext_lazy("Sharing information with named services")
    EVALUATION = "evaluation", gettext_lazy("Being included, without their name, in evaluation")
    STORIES = "stories", gettext_lazy("Their story or photos being used")
    STORIES_NAMED = "stories_named", gettext_lazy("Their story being used with their name")
    INTRODUCER_NEWS = "introducer_news", gettext_lazy("News going back to whoever introduced them")
    EQUALITY = (
        "equality",
        gettext_lazy("Answering the equality questions (sex, ethnic group, disability…)"),
    )
    OTHER = "other", gettext_lazy("Something else")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", gettext_lazy("Said so in conversation")
    WRITTEN = "written", gettext_lazy("Signed a form")
    ELECTRONIC = "electronic", gettext_lazy("By email or online")
    REPRESENTATIVE = "representative", gettext_lazy("Through someone acting for them")
    # A spreadsheet brought in by lac.imports said they agreed, not how.
    SPREADSHEET = "spreadsheet", gettext_lazy("Recorded in a spreadsheet before lac")


class Consent(RecordedBy):
    """What a person agreed to, when, how and who recorded it; and any withdrawal."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    topic = models.CharField(max_length=30, choices=ConsentTopic.choices)
    details = models.TextField(
        blank=True, help_text=gettext_lazy("What exactly was agreed, in their words")
    )
    given_on = models.DateField()
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.given_on:%d %b %Y})"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None
