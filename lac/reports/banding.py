"""Banded equality answers in an evaluator's pseudonymised extract, and who may have them.

Extracts leave the equality answers out. A manager may let one evaluator's extracts of
a programme carry them in banded forms, coarse enough that a row does not single anyone
out: sex as answered; the ethnic group as its census heading (the five-group
classification, ``lac.people.equality.ETHNIC_HEADINGS``); disabled under the Equality
Act or not (``is_disabled``); and the deprivation decile as a quintile of its own
nation's index. The age band is in every extract already. Gender identity, religion and
sexual orientation are never extracted: no banding makes small groups of them safe.
Only answers whose person's consent to the equality questions stands are banded.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from lac.accounts.models import Membership, Programme, Role, User
from lac.audit.actor import Actor
from lac.audit.models import Action
from lac.audit.services import audit_write
from lac.people.equality import ETHNIC_HEADINGS, Sex, ethnic_heading, is_disabled
from lac.people.models import Consent, ConsentTopic, DeprivationIndex, Person
from lac.reports.models import BandedEquality

COLUMNS = ("sex", "ethnic_group_heading", "disabled", "deprivation_quintile")
FIELDS = ("sex", "ethnic_group", "disability", "deprivation")
"""The person fields the banded columns are worked out from."""
HEADINGS = dict(ETHNIC_HEADINGS)
NATIONS = dict(DeprivationIndex.choices)


def quintile(deprivation: str) -> str:
    """ "england_3" → "England: quintile 2"; "" when not known. Deciles 1–2 make
    quintile 1 (most deprived), as the indices' publishers group them."""
    if not deprivation:
        return ""
    index, decile = deprivation.rsplit("_", 1)
    return f"{NATIONS.get(index, index)}: quintile {(int(decile) + 1) // 2}"


def banded(person: dict[str, Any]) -> list[str]:
    """One person's banded answers, in :data:`COLUMNS` order ("" where not answered)."""
    disabled = is_disabled(person["disability"])
    return [
        str(dict(Sex.choices).get(person["sex"], "")) if person["sex"] else "",
        HEADINGS.get(ethnic_heading(person["ethnic_group"]), ""),
        "" if disabled is None else ("Yes" if disabled else "No"),
        quintile(person["deprivation"]),
    ]


def banded_answers(people: QuerySet[Person]) -> dict[int, list[str]]:
    """The banded answers of ``people`` whose consent to the equality questions stands
    (one query); deprivation comes from the postcode, not the questions, so it is banded
    for everyone."""
    consents = Consent.objects.filter(
        person=OuterRef("pk"), topic=ConsentTopic.EQUALITY, withdrawn_on__isnull=True
    )
    rows = people.annotate(agreed=Exists(consents)).values("pk", "agreed", *FIELDS)
    answers = {}
    for row in rows:
        if not row["agreed"]:
            row |= {"sex": "", "ethnic_group": "", "disability": ""}
        answers[row["pk"]] = banded(row)
    return answers


def evaluators_of(programme: Programme) -> list[tuple[User, bool]]:
    """The programme's evaluators, each with whether their extracts carry the bands."""
    chosen = set(
        BandedEquality.objects.filter(programme=programme).values_list("evaluator", flat=True)
    )
    users = User.objects.filter(
        pk__in=Membership.objects.filter(programme=programme, role=Role.EVALUATOR).values("user")
    ).order_by("username")
    return [(user, user.pk in chosen) for user in users]


def includes_bands(user: User, programme: Programme) -> bool:
    """Whether ``user``'s extracts of ``programme`` carry the banded equality answers."""
    return BandedEquality.objects.filter(programme=programme, evaluator=user).exists()


def banding_set(*, programme: Programme, evaluator: User, include: bool, actor: Actor) -> None:
    """Let an evaluator's extracts carry the banded answers, or stop them; audited."""
    if not Membership.objects.filter(
        programme=programme, user=evaluator, role=Role.EVALUATOR
    ).exists():
        raise ValueError(f"{evaluator} is not an evaluator of {programme}")
    with transaction.atomic():
        if include:
            setting, made = BandedEquality.objects.get_or_create(
                programme=programme, evaluator=evaluator, defaults={"granted_by": actor.user}
            )
            if not made:
                return
            what = f"{evaluator}'s extracts of {programme.name} carry the banded equality answers"
            audit_write(obj=setting, action=Action.CREATE, what=what, actor=actor)
            return
        setting_or_none = BandedEquality.objects.filter(
            programme=programme, evaluator=evaluator
        ).first()
        if setting_or_none is None:
            return
        what = f"{evaluator}'s extracts of {programme.name} leave the equality answers out"
        audit_write(obj=setting_or_none, action=Action.DELETE, what=what, actor=actor)
        setting_or_none.delete()
