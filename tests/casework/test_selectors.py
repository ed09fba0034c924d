from lac.casework.models import IntroductionSource
from lac.casework.selectors import sources_for


def test_a_programme_sees_the_global_sources_plus_its_own_and_not_others(world):
    IntroductionSource.objects.create(programme=world.programme, code="library", label="Library")
    IntroductionSource.objects.create(programme=world.other_programme, code="gym", label="Gym")
    IntroductionSource.objects.filter(programme=None, code="school").update(is_active=False)
    labels = [s.label for s in sources_for([world.programme.pk])]
    assert "Library" in labels and "Council department" in labels
    assert "Gym" not in labels
    assert "School or college" not in labels
