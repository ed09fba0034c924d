"""A record of each pseudonymised extract: who took it, of what, and its secret salt.

The salt never leaves the server: an evaluator who needs to follow the same
people in a later extract asks for "the same pseudonyms as extract N".
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lac.accounts.models import Neighbourhood, Programme
from lac.evaluation.models import BACKGROUND_RUN
from lac.jobs.models import BackgroundJob


def new_salt() -> str:
    return secrets.token_hex(32)


class Extract(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="extracts")
    period_start = models.DateField()
    period_end = models.DateField()
    salt = models.CharField(max_length=64, default=new_salt, editable=False)
    same_pseudonyms_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    file_format = models.CharField(max_length=4)
    equality_bands = models.BooleanField(
        default=False, help_text=_("Whether it carried the banded equality answers")
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Extract {self.pk} of {self.programme}"


class BandedEquality(models.Model):
    """An evaluator whose extracts of a programme carry the banded equality answers
    (``lac.reports.banding``); without a row, their extracts leave the answers out.
    Set and removed by a manager, audited."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "evaluator"], name="one_banding_each")
        ]

    def __str__(self) -> str:
        return f"Banded equality answers in {self.evaluator}'s extracts of {self.programme}"


class JobKind(models.TextChoices):
    SROI_PDF = "sroi_pdf", _("SROI report as PDF")
    EXTRACT = "extract", _("Pseudonymised extract")
    RUN = BACKGROUND_RUN, _("Run of the value engine")


class Job(BackgroundJob):
    """Long work done in the background (django-tasks) for the person who asked, with its
    file: a :class:`~lac.jobs.models.BackgroundJob`, so queued, stopped and found stalled
    like every other job."""

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_jobs")
    params = models.JSONField(default=dict)
    file = models.FileField(upload_to="reports/jobs/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_task_state_display()})"

    @property
    def title(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        """The job's status page, where its file is downloaded when it is ready."""
        return reverse("reports:job", kwargs={"pk": self.pk})


class NeighbourhoodPopulation(models.Model):
    """How many residents of a neighbourhood gave each answer to a census question, as the
    programme loaded it (``lac population``): the shares the dashboard sets its reach
    beside. Published census counts, about areas, never about the people supported."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="census_counts"
    )
    question = models.CharField(max_length=30, help_text=_("A person field, e.g. ethnic_group"))
    answer = models.CharField(max_length=30, help_text=_("One of the question's answer codes"))
    people = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "question", "answer"], name="one_count_per_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood}: {self.question} {self.answer} ({self.people})"


class MonthlyFigure(models.Model):
    """One kept total: a measure, for one key, in one neighbourhood of a programme, in one month.

    The dashboard and the network comparison add these up instead of grouping
    every record (lac.reports.monthly keeps them equal to the records). Counts
    of distinct people are kept in the month of each person's first record in
    its financial year, so a financial year (or its first months) adds up
    without counting anyone twice.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text=_("The first day of the month"))
    measure = models.CharField(max_length=30)
    key = models.CharField(max_length=40, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "month", "measure", "key", "neighbourhood"],
                name="one_monthly_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.month:%Y-%m} {self.measure} {self.key}: {self.value}"


class PersonContribution(models.Model):
    """What one person's records add to the monthly figures, as last counted.

    Kept so a change to the person (or their records) is applied as the
    difference between this and what their records add now. No database link
    to the person: a person deleted (an import undone) still has a part to take away.
    """

    person_id = models.BigIntegerField(primary_key=True)
    programme_id = models.BigIntegerField(db_index=True, help_text=_("Where it is mostly counted"))
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Person {self.person_id}: {len(self.rows)} figures"


class FiguresMark(models.Model):
    """The latest audited write already counted into the monthly figures (one row)."""

    mark = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Counted to audit event {self.mark}"
