"""One row for each share of information about a person outside the programme's staff.

The app sits below ``people`` in the layers (people's subject access records its
copies here), so it names the person and their consent by the models' labels and
imports nothing from people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from lac.accounts.models import Programme, RecordedBy


class Kind(models.TextChoices):
    SUBJECT_ACCESS = "subject_access", gettext_lazy("A copy of their records, for the person")
    DOWNLOAD = "download", gettext_lazy("A file about the person")
    MESSAGE_BACK = "message_back", gettext_lazy("News back to whoever introduced them")
    SERVICE = "service", gettext_lazy("Information given to a service")
    OTHER = "other", gettext_lazy("Something else")


class LegalBasis(models.TextChoices):
    """The UK GDPR Article 6(1) lawful bases a council may share on without consent.

    Source: UK GDPR Article 6(1) (b)–(e), as the ICO's guide to the lawful basis
    for processing lists them (https://ico.org.uk/for-organisations/uk-gdpr-guidance-
    and-resources/lawful-basis/a-guide-to-lawful-basis/; summarised at
    https://www.gdprledger.com/uk/guides/lawful-basis-processing-uk). Consent, (a),
    is a recorded consent instead (``Disclosure.consent``); legitimate interests,
    (f), is left out because a public authority may not rely on it for its tasks.
    """

    CONTRACT = "contract", gettext_lazy("A contract with the person (Article 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", gettext_lazy("A legal obligation (Article 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", gettext_lazy("To protect someone’s life (Article 6(1)(d))")
    PUBLIC_TASK = "public_task", gettext_lazy("The council’s public task (Article 6(1)(e))")


class Disclosure(RecordedBy):
    """Something about a person that was shared: what, with whom, why it was allowed, when.

    ``recorded_by`` is who shared it. The recipient is either a named organisation or
    person outside lac (``recipient_name``) or a lac user such as an introducer
    (``recipient_user``). The basis is either one of the person's consents or a
    legal basis, never both and never neither.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="disclosures"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(
        max_length=300, help_text=gettext_lazy("What was shared, in a line")
    )
    recipient_name = models.CharField(
        max_length=200, blank=True, help_text=gettext_lazy("The organisation or person it went to")
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disclosures_received",
    )
    consent = models.ForeignKey(
        "people.Consent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
        help_text=gettext_lazy("The person’s consent it was shared on"),
    )
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    shared_at = models.DateTimeField(help_text=gettext_lazy("When it was shared"))

    class Meta:
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["programme", "shared_at"], name="disclosure_programme")]
        constraints = [
            models.CheckConstraint(
                name="disclosure_has_one_basis",
                condition=(
                    models.Q(consent__isnull=False, legal_basis="")
                    | (models.Q(consent__isnull=True) & ~models.Q(legal_basis=""))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.shared_at:%d %b %Y})"

    @property
    def recipient(self) -> str:
        return self.recipient_name or str(self.recipient_user or "")

    @property
    def basis(self) -> str:
        """The basis in words: the consent's topic, or the legal basis."""
        if self.consent is not None:
            return f"Consent: {self.consent.get_topic_display()}"
        return self.get_legal_basis_display()
