"""An introduction that arrived from outside the team, waiting to be welcomed, and the news
that goes back to its introducer.

Nothing here is a person's record until a coordinator welcomes the introduction: then
the person and their introduction are made exactly as on the coordinator's own page
(``lac.casework.services.introduction_create``) and linked here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Neighbourhood, Programme, RecordedBy


class Route(models.TextChoices):
    SELF = "self", _("The person introduced themselves")
    SOMEONE = "someone", _("Someone who knows them, on the public page")
    PARTNER = "partner", _("An introducer from a partner organisation")


class Decision(models.TextChoices):
    WAITING = "waiting", _("Waiting to be welcomed")
    WELCOMED = "welcomed", _("Welcomed")
    DECLINED = "declined", _("Not taken forward")


class ConceptUse(models.TextChoices):
    """When lac records a concept on an introduction: each is one thing an introducer or
    coordinator says, never a clinical judgement lac makes."""

    SOCIAL_PRESCRIBING = "social_prescribing", _("The introducer says it is social prescribing")
    PERSON_DECLINED = (
        "person_declined",
        _("The person said no to a social prescribing introduction"),
    )


class HealthConcept(models.Model):
    """A SNOMED CT concept health partners code against, kept so a council can reconcile
    introductions with GP records without lac becoming a clinical system.

    A small list an administrator keeps (the Django admin), each concept with its code,
    its term exactly as published and where that was checked; the data migration seeds
    the national social prescribing codes.
    """

    code = models.CharField(
        max_length=18,
        unique=True,
        validators=[RegexValidator(r"^[1-9][0-9]{5,17}$", "A SNOMED CT code is 6 to 18 digits")],
        help_text=_("The SNOMED CT concept id"),
    )
    term = models.CharField(max_length=255, help_text=_("Its term, exactly as published"))
    source = models.URLField(max_length=500, help_text=_("Where the code and term were checked"))
    applies_to = models.CharField(max_length=20, choices=ConceptUse.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["applies_to", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.term}"


class IncomingIntroduction(models.Model):
    """Someone introduced from outside the team, as the introducer wrote it."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_introductions",
        help_text=_(
            "Where it was routed, by postcode or the introducer's choice; empty when "
            "neither said, and then the team's managers route it"
        ),
    )
    route = models.CharField(max_length=10, choices=Route.choices)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions_made",
        help_text=_("The introducer's account, for a partner organisation's introduction"),
    )
    introducer_name = models.CharField(max_length=200, blank=True)
    introducer_organisation = models.CharField(max_length=200, blank=True)
    introducer_contact = models.CharField(
        max_length=200, blank=True, help_text=_("A phone number or email to reach the introducer")
    )
    full_name = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    hopes = models.TextField(blank=True, help_text=_("What the person hopes for, in their words"))
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the public page was in: the person's, once welcomed"),
    )
    agreed_to_contact = models.BooleanField(
        default=False, help_text=_("The person agreed to be contacted by a coordinator")
    )
    social_prescribing = models.BooleanField(
        default=False, help_text=_("The introducer says this is a social prescribing introduction")
    )
    concepts = models.ManyToManyField(
        HealthConcept,
        blank=True,
        related_name="+",
        help_text=_("The SNOMED CT concepts recorded on it, for health partners' records"),
    )
    arrived = models.DateTimeField(auto_now_add=True)

    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    erased = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "When its personal details were erased, never having been welcomed "
            "(lac.welcome.retention)"
        ),
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_introductions",
    )
    introduction = models.OneToOneField(
        "casework.Introduction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming",
    )

    class Meta:
        ordering = ["arrived", "pk"]
        indexes = [
            models.Index(fields=["decision", "neighbourhood"], name="incoming_queue"),
        ]

    def __str__(self) -> str:
        return f"Introduction of {self.full_name} ({self.arrived:%d %b %Y})"

    @property
    def where_it_is(self) -> str:
        """Where the introduction stands, as its introducer reads it: one never welcomed in
        time says its details were erased, rather than that it is still waiting."""
        if self.erased:
            return gettext("Not welcomed in time: its details were erased on %(day)s") % {
                "day": date_format(self.erased, "j F Y")
            }
        return str(self.get_decision_display())

    @property
    def introducer(self) -> str:
        """Who introduced them, in a line (the introduction's ``introducer`` once welcomed)."""
        if self.route == Route.SELF:
            return "Themselves"  # stored on the introduction and sent in FHIR: English
        who = self.introducer_name or str(self.introduced_by or "")
        return f"{who}, {self.introducer_organisation}" if self.introducer_organisation else who


class NewsKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Welcomed")
    SUMMARY = "summary", _("Summary of our time together")


class NewsBack(RecordedBy):
    """News sent back to a partner's introducer about the person they introduced.

    Shaped on the PRSB Social Prescribing Information Standard's "Message back to GP
    and referrer" (https://theprsb.org/standards/social-prescribing-standard/): what
    matters to the person, what was agreed, the connections made, and how to get in
    touch. Each one is a share of the person's information, logged as a disclosure
    on their consent.
    """

    incoming = models.ForeignKey(
        IncomingIntroduction, on_delete=models.CASCADE, related_name="news"
    )
    kind = models.CharField(max_length=20, choices=NewsKind.choices)
    what_matters = models.TextField(blank=True)
    what_was_agreed = models.TextField(blank=True)
    connections_made = models.TextField(blank=True)
    contact = models.TextField(blank=True)
    disclosure = models.OneToOneField(
        "disclosures.Disclosure", on_delete=models.PROTECT, related_name="news_back"
    )

    class Meta:
        ordering = ["created", "pk"]
        verbose_name_plural = _("news back")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created:%d %b %Y})"
