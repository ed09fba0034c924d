"""Seeded defaults come back, from their own migrations, after a database lost them."""

from lac.casework.models import Challenge, ClosureReason, IntroductionSource
from lac.casework.services import default_lists_ensure
from lac.outcomes.models import Framework, OutcomeEventType, RateCard, UnitCost
from lac.outcomes.services import defaults_ensure


def _outcome_defaults():
    return (
        Framework.objects.count(),
        OutcomeEventType.objects.filter(programme=None).count(),
        UnitCost.objects.filter(rate_card__programme=None).count(),
    )


def test_the_outcome_defaults_come_back_once_after_a_flush(db):
    seeded = _outcome_defaults()
    assert defaults_ensure() is False  # nothing missing: nothing done
    Framework.objects.all().delete()
    OutcomeEventType.objects.all().delete()
    RateCard.objects.all().delete()
    assert defaults_ensure() is True
    assert _outcome_defaults() == seeded
    assert defaults_ensure() is False


def test_the_casework_lists_come_back_after_a_flush(db):
    seeded = IntroductionSource.objects.count(), Challenge.objects.count()
    for model in (IntroductionSource, Challenge, ClosureReason):
        model.objects.all().delete()
    assert default_lists_ensure() is True
    assert (IntroductionSource.objects.count(), Challenge.objects.count()) == seeded
