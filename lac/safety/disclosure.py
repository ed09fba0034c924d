"""Safeguarding concerns in a subject access export: withheld unless a manager decides.

The law lets a council withhold from a subject access request what would be
likely to cause serious harm to someone's physical or mental health if given
(social work data), or would prejudice the prevention or detection of crime:
the Data Protection Act 2018, Schedule 3, Part 3, paragraph 11, and Schedule 2,
Part 1, paragraph 2, as listed by Gloucestershire County Council's exemption
codes
(https://www.gloucestershire.gov.uk/council-and-democracy/data-protection/my-information-rights/exemption-codes/subject-access-request)
and the ICO's guidance on social work data
(https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/individual-rights/right-of-access/social-work-data).
Whether either applies is a judgment about the concern, so lac withholds every
concern until a manager records a decision to include them, with the reason
(:func:`lac.safety.services.concern_release`).
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy

from lac.people.subject_access import Withholding
from lac.safety.models import ConcernRelease

WHY_WITHHELD = gettext_lazy(
    "Safeguarding concerns are left out unless a manager decides to include them. "
    "The law allows information to be withheld where giving it would be likely to cause "
    "serious harm to someone's physical or mental health, or would get in the way of "
    "preventing or detecting crime."
)


def included_by(person_ids: list[int]) -> str | None:
    """The latest recorded decision to include these people's concerns, in words, or None."""
    release = ConcernRelease.objects.filter(person_id__in=person_ids).first()
    if release is None:
        return None
    day = formats.date_format(timezone.localtime(release.decided_at), "j F Y")
    return gettext("A manager decided on %(day)s to include them: %(reason)s") % {
        "day": day,
        "reason": release.reason,
    }


CONCERNS_WITHHELD = Withholding(
    title=gettext_lazy("Safeguarding concerns"),
    models=("safety.concern", "safety.concernupdate", "safety.concernrelease"),
    why=WHY_WITHHELD,
    decision=included_by,
)
