"""The work a coordinator records: introductions, levels, status, conversations,
the person's vision of a good life, and their goals with steps.

Lists a programme may want to word its own way (who introduces people, the
challenges people bring, why a walk together ends) are rows, not choices:
global defaults (``programme`` empty) are seeded by a data migration, and a
programme adds its own next to them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Neighbourhood, Programme, RecordedBy
from lac.lib.welsh import localised
from lac.people.models import Level, Person, Status


class ProgrammeListItem(models.Model):
    """One entry of a configurable list: global when ``programme`` is empty."""

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    label_cy = models.CharField(
        gettext_lazy("label in Welsh"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("In Welsh (Cymraeg); left blank, Welsh pages show the English"),
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return localised(self, "label")


def _list_constraints(name: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["programme", "code"], name=f"{name}_code_unique_in_programme"
        ),
        models.UniqueConstraint(
            fields=["code"],
            condition=models.Q(programme__isnull=True),
            name=f"{name}_code_unique_globally",
        ),
    ]


class IntroductionSource(ProgrammeListItem):
    """Who introduced a person: council department, primary health, self, …"""

    group = models.CharField(
        max_length=30,
        blank=True,
        help_text=gettext_lazy(
            "For reports: council, health, community, emergency services, other"
        ),
    )

    class Meta(ProgrammeListItem.Meta):
        constraints = _list_constraints("introductionsource")


class Challenge(ProgrammeListItem):
    """What a person wanted to change when introduced: isolation, money, health, …"""

    class Meta(ProgrammeListItem.Meta):
        constraints = _list_constraints("challenge")


class ClosureReason(ProgrammeListItem):
    """Why a walk together ended (the door stays open)."""

    class Meta(ProgrammeListItem.Meta):
        constraints = _list_constraints("closurereason")


class Introduction(RecordedBy):
    """How a person came to a coordinator. A person may be introduced again later."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="introductions")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="introductions",
        help_text=gettext_lazy("Where the person lived when introduced"),
    )
    date = models.DateField()
    source = models.ForeignKey(
        IntroductionSource,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introductions",
    )
    introducer = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy("The person or team who made the introduction"),
    )
    hopes = models.TextField(
        blank=True, help_text=gettext_lazy("What the person hopes for, in their words")
    )
    imported_note = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "Notes brought in from a monitoring spreadsheet, as written there: a note, "
            "not a conversation"
        ),
    )
    challenges = models.ManyToManyField(Challenge, blank=True, related_name="introductions")
    # Provenance, for records consolidated from coordinators' spreadsheets.
    source_file = models.CharField(max_length=255, blank=True)
    source_sheet = models.CharField(max_length=100, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    # null, not "": rows without a key must not collide in the unique constraint.
    import_key = models.CharField(  # noqa: DJ001
        max_length=200,
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "A stable key from an import, so importing the same row twice changes nothing"
        ),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "import_key"],
                condition=models.Q(import_key__isnull=False),
                name="introduction_import_key_unique_in_programme",
            )
        ]
        # The dashboard reads by (programme, date); a coordinator's home counts
        # their introductions this month by (recorded_by, date).
        indexes = [
            models.Index(fields=["programme", "date"], name="introduction_programme_date"),
            models.Index(fields=["recorded_by", "date"], name="introduction_recorded_by_date"),
        ]

    def __str__(self) -> str:
        return f"Introduction on {self.date:%d %b %Y}"


class LevelChange(RecordedBy):
    """A dated move between Level 1 and Level 2 (the first row is the starting level)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="level_changes")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    date = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} from {self.date:%d %b %Y}"


class StatusChange(RecordedBy):
    """A dated change of status: active, paused, closed (with a reason), reopened."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=10, choices=Status.choices)
    date = models.DateField()
    reason = models.ForeignKey(
        ClosureReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    # A database default too: bulk paths (demo, imports) insert rows without it.
    outcome_skipped = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text=gettext_lazy(
            "On a closure: why there is no final assessment or outcome to record"
        ),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["status", "date"], name="statuschange_status_date")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.date:%d %b %Y}"


class ConversationMode(models.TextChoices):
    HOME_VISIT = "home_visit", gettext_lazy("Home visit")
    PHONE = "phone", gettext_lazy("Phone")
    COMMUNITY_VENUE = "community_venue", gettext_lazy("Community venue")
    ONLINE = "online", gettext_lazy("Online")
    OTHER = "other", gettext_lazy("Other")


class Conversation(RecordedBy):
    """A conversation or contact with the person, logged in under a minute."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conversations")
    date = models.DateField()
    mode = models.CharField(max_length=20, choices=ConversationMode.choices)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    who_was_there = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    next_contact_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        # The person page and caseload read by (person, date); the dashboard's
        # time-spent table also reads mode and minutes straight from the index.
        # A coordinator's home counts their conversations this month by
        # (recorded_by, date): without it, every one they ever recorded is read.
        indexes = [
            models.Index(
                fields=["person", "date", "mode", "duration_minutes"],
                name="conversation_person_date",
            ),
            models.Index(fields=["recorded_by", "date"], name="conversation_recorded_by_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.date:%d %b %Y}"


class Vision(RecordedBy):
    """One dated version of the person's vision of a good life; the newest is current."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visions")
    text = models.TextField()
    date = models.DateField()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Vision of a good life, {self.date:%d %b %Y}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not yet started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    COMPLETED = "completed", gettext_lazy("Completed")
    STOPPED = "stopped", gettext_lazy("No longer wanted")


class Goal(RecordedBy):
    """Something the person sets out to do, in their words."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    set_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["set_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """One step towards a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Handover(models.Model):
    """People a manager passed to a coordinator in one go: one person, or a leaver's caseload.

    Each person's own trail records their move (``lac.audit``); this row is what
    the receiving coordinator's home page tells them, until they dismiss it.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    to_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_received"
    )
    from_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Whose people they were; empty when they had no coordinator"),
    )
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    people_count = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("When the receiving coordinator put the notice away"),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["to_coordinator", "dismissed_at"], name="handover_notices"),
        ]

    def __str__(self) -> str:
        return f"{self.people_count} passed to {self.to_coordinator} on {self.at:%d %b %Y}"

    @property
    def notice(self) -> str:
        """The receiving coordinator's notice: “3 people were passed to you by Bo Ray on…”."""
        who = "1 person was" if self.people_count == 1 else f"{self.people_count} people were"
        by = f" by {self.passed_by}" if self.passed_by else ""
        return f"{who} passed to you{by} on {timezone.localtime(self.at):%-d %B %Y}"


# --- Following up after closure --------------------------------------------------------


class FollowUpSettings(models.Model):
    """A programme's follow-up months after walking alongside ends: "how are things now?".

    Off until a manager turns it on. Which people are due is decided once, in
    :func:`lac.casework.closure_follow_ups.follow_ups`.
    """

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="follow_up_settings"
    )
    on = models.BooleanField(default=False)
    months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=gettext_lazy("How many months after closure the follow-up is due"),
    )
    level_1 = models.BooleanField(
        default=True, help_text=gettext_lazy("Follow up people closed at Level 1")
    )
    level_2 = models.BooleanField(
        default=True, help_text=gettext_lazy("Follow up people closed at Level 2")
    )

    class Meta:
        verbose_name_plural = gettext_lazy("follow-up settings")

    def __str__(self) -> str:
        return f"Follow-ups for {self.programme}"

    @property
    def levels(self) -> list[int]:
        return [level for level, on in ((1, self.level_1), (2, self.level_2)) if on]


class FollowUpState(models.TextChoices):
    LINK_GIVEN = "link_given", _("Link given, not answered yet")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")
    UNREACHABLE = "unreachable", _("Could not be reached")


class FollowUp(RecordedBy):
    """The follow-up of one closure: a link given, then answered, or why it was not.

    ``closed_on`` is the closure it follows up, so a person who comes back and
    is closed again is followed up again.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="closure_follow_ups")
    closed_on = models.DateField()
    state = models.CharField(max_length=12, choices=FollowUpState.choices)
    link = models.ForeignKey(
        "selfservice.PersonalLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessment = models.ForeignKey(
        "outcomes.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Their ONS4 answers, given through the link"),
    )
    what_changed = models.TextField(blank=True, help_text=gettext_lazy("In the person's own words"))
    date = models.DateField(
        help_text=gettext_lazy("When the link was given, or answered, or the outcome known")
    )

    class Meta:
        ordering = ["-closed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "closed_on"], name="follow_up_once_per_closure"
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up of the closure on {self.closed_on:%d %b %Y}: {self.get_state_display()}"
