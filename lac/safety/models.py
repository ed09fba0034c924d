"""Risk flags on a person, and lone-working visits with their check-in.

A flag is what anyone about to meet the person must know first ("do not visit
alone", "a dog", "ask for the carer first"). A visit is a coordinator out on
their own: where, and when they expect to be back; a manager is alerted when
that time passes without the visit being ended. Every start, extension, end
and alert is a :class:`VisitEvent`, so the record of a day can be read back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import RecordedBy
from lac.people.models import Person
from lac.safety.categories import concern_categories

FLAG_DETAILS_CHARS = 500
VISIT_PLACE_CHARS = 200


class FlagKind(models.TextChoices):
    NOT_ALONE = "not_alone", _("Do not visit alone")
    ANIMAL = "animal", _("An animal at the home")
    CARER_FIRST = "carer_first", _("Ask for the carer first")
    MEET_OUTSIDE = "meet_outside", _("Meet somewhere other than the home")
    OTHER = "other", _("Something else to know first")


class RiskFlag(models.Model):
    """Something everyone who may see the person should know before meeting them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="risk_flags")
    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    details = models.CharField(max_length=FLAG_DETAILS_CHARS, blank=True)
    review_by = models.DateField(help_text=_("When someone should check the flag is still needed"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_because = models.CharField(max_length=FLAG_DETAILS_CHARS, blank=True)

    class Meta:
        ordering = ["set_at", "pk"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def due_for_review(self) -> bool:
        return self.review_by <= timezone.localdate()


class FlagReview(models.Model):
    """Someone checked a flag when it was due: kept it (why, and until when), or removed it
    (why). Never changed once written, so a flag's reviews read back as they happened."""

    flag = models.ForeignKey(RiskFlag, on_delete=models.CASCADE, related_name="reviews")
    kept = models.BooleanField()
    note = models.CharField(max_length=FLAG_DETAILS_CHARS)
    next_review_by = models.DateField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{'Kept' if self.kept else 'Removed'} at review, {self.at:%-d %B %Y}"


class Visit(models.Model):
    """A coordinator working alone somewhere, expected back by a time."""

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visits"
    )
    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="visits"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    place = models.CharField(max_length=VISIT_PLACE_CHARS)
    started_at = models.DateTimeField()
    expected_back = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["programme", "ended_at", "expected_back"])]

    def __str__(self) -> str:
        return f"Visit from {self.started_at:%H:%M}"


class VisitEventKind(models.TextChoices):
    STARTED = "started", _("Started")
    EXTENDED = "extended", _("Extended")
    ENDED = "ended", _("Ended")
    ALERTED = "alerted", _("Overdue: manager alerted")
    EMAILED = "emailed", _("Overdue: managers emailed")


class VisitEvent(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=VisitEventKind.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expected_back = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%H:%M}"


CONCERN_REFERENCE_CHARS = 100


class ReportedTo(models.TextChoices):
    SAFEGUARDING_TEAM = "safeguarding_team", _("The council's safeguarding team")
    POLICE = "police", _("The police")
    OTHER = "other", _("Someone else")


class Concern(RecordedBy):
    """A safeguarding concern a coordinator raised about a person.

    Seen only by whoever recorded it, the person's coordinator and the
    programme's managers (``lac.safety.selectors.concerns_visible``); left out
    of a subject access export unless a manager decides otherwise
    (:class:`ConcernRelease`); counted only, with small numbers suppressed.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="concerns")
    category = models.CharField(max_length=30, choices=concern_categories)
    what_happened = models.TextField(_("What was seen or said"))
    happened_on = models.DateField(_("When it was seen or said"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("safeguarding concern")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["person", "closed_at"])]

    def __str__(self) -> str:
        return f"Safeguarding concern: {self.get_category_display()}"


class ConcernUpdateKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UPDATE = "update", _("What happened next")
    CLOSED = "closed", _("Closed")


class ConcernUpdate(models.Model):
    """One thing that happened to a concern: who it was reported to, what came next, closing.

    Never changed once written, so the concern's history reads back as it happened.
    """

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=ConcernUpdateKind.choices)
    reported_to = models.CharField(max_length=20, choices=ReportedTo.choices, blank=True)
    reference = models.CharField(
        _("Reference number"), max_length=CONCERN_REFERENCE_CHARS, blank=True
    )
    note = models.TextField(_("What happened"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("safeguarding concern update")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%H:%M}"


class ConcernRelease(models.Model):
    """A manager's decision to include a person's safeguarding concerns in their
    subject access export, with the reason (without one, they are withheld)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="concern_releases")
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision to include safeguarding concerns")
        verbose_name_plural = _("decisions to include safeguarding concerns")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"Concerns included in subject access, {self.decided_at:%-d %B %Y}"
