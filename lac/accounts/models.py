"""Who works where: networks of programmes, neighbourhoods, and people's roles in them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy


class User(AbstractUser):
    """A member of staff. Roles come from memberships, never from flags on the user."""

    preferred_language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=gettext_lazy(
            "The language lac speaks to this user in; empty: the browser's or the switch's"
        ),
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RecordedBy(models.Model):
    """Who recorded something and when it was saved: the stamp on every record a
    coordinator or manager adds (an introduction, a conversation, a consent…).

    The person who recorded it may leave and their account be deleted; the record stays,
    its ``recorded_by`` empty. ``created`` is when it was saved, not the date it is about.
    """

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Network(models.Model):
    """Several councils' programmes that compare figures with the same definitions."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """One council's Local Area Coordination programme."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    council = models.CharField(max_length=200)
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes"
    )
    start_date = models.DateField(
        help_text=gettext_lazy("When the programme began walking alongside people")
    )
    next_contact_days = models.PositiveSmallIntegerField(
        default=14,
        db_default=14,
        help_text=gettext_lazy(
            "The next contact suggested after an introduction or a conversation, in days"
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A ward or area of roughly ten thousand residents, home to one coordinator."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="neighbourhoods"
    )
    name = models.CharField(max_length=200)
    population = models.PositiveIntegerField(null=True, blank=True)
    postcodes = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "Postcodes, postcode sectors (“DE23 6”) or districts (“DE23”) it covers, one "
            "a line: introductions from partners and residents with these postcodes go to its "
            "coordinator"
        ),
    )

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="neighbourhood_name_unique_in_programme"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", gettext_lazy("Local Area Coordinator")
    MANAGER = "manager", gettext_lazy("Team manager")
    LEAD = "lead", gettext_lazy("Programme lead")
    EVALUATOR = "evaluator", gettext_lazy("Evaluator")
    NETWORK_VIEWER = "network_viewer", gettext_lazy("Network viewer")
    ADMINISTRATOR = "administrator", gettext_lazy("Administrator")
    INTRODUCER = "introducer", gettext_lazy("Introducer from a partner organisation")


class Membership(models.Model):
    """A user's role in one programme (or, for network viewers, one network).

    Coordinators are assigned neighbourhoods; every other programme role covers
    the whole programme. A user may hold memberships in several programmes.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="memberships")
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "For an introducer: the partner organisation they introduce people from "
            "(a GP practice, a fire station, a housing team)"
        ),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="membership_has_exactly_one_scope",
                condition=(
                    models.Q(programme__isnull=False, network__isnull=True)
                    | models.Q(programme__isnull=True, network__isnull=False)
                    | models.Q(programme__isnull=True, network__isnull=True, role="administrator")
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="membership_unique_role_in_programme"
            ),
        ]

    def __str__(self) -> str:
        where = self.programme or self.network or "everywhere"
        return f"{self.user} — {self.get_role_display()} — {where}"


class FormDraft(models.Model):
    """What someone typed into a recording form and has not saved yet.

    Kept on the server against its author (never in the browser, which may be
    a shared phone) so a note survives an inactivity sign-out; deleted once the
    form is saved, and after ``LAC_DRAFT_KEEP_HOURS`` in any case.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="form_drafts")
    path = models.CharField(max_length=300, help_text=gettext_lazy("The form page's address"))
    data = models.JSONField(help_text=gettext_lazy("Field name to the list of values typed"))
    saved = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="form_draft_one_per_page")
        ]

    def __str__(self) -> str:
        return f"Draft of {self.path} by {self.user}"
