from lac.accounts.models import Neighbourhood, Programme
from lac.accounts.permissions import Capability, scope_for_user
from tests.factories import ProgrammeFactory


def test_a_coordinator_holds_personal_data_rights_only_in_their_own_neighbourhood(world):
    scope = scope_for_user(world.alice)
    assert scope.neighbourhood_ids(Capability.VIEW_PERSONAL) == {world.north.pk}
    assert not scope.can_in_neighbourhood(Capability.VIEW_PERSONAL, world.south.pk)
    assert not scope.can(Capability.VIEW_TEAM)


def test_a_manager_covers_every_neighbourhood_of_their_programme_and_no_other(world):
    scope = scope_for_user(world.bob)
    assert scope.neighbourhood_ids(Capability.VIEW_PERSONAL) == {world.north.pk, world.south.pk}
    assert scope.can(Capability.VIEW_TEAM, world.programme.pk)
    assert not scope.can(Capability.VIEW_TEAM, world.other_programme.pk)


def test_a_lead_reads_but_does_not_edit_casework(world):
    scope = scope_for_user(world.lena)
    assert scope.can(Capability.VIEW_PERSONAL)
    assert not scope.can(Capability.EDIT_PERSONAL)
    assert scope.can(Capability.MANAGE_VALUE)


def test_evaluators_and_network_viewers_see_no_personal_data(world):
    for user in (world.eve, world.nina):
        scope = scope_for_user(user)
        assert not scope.can(Capability.VIEW_PERSONAL)
        assert scope.neighbourhood_ids(Capability.VIEW_PERSONAL) == frozenset()
        assert scope.can(Capability.VIEW_AGGREGATES)


def test_a_network_viewer_covers_every_programme_in_the_network(world):
    scope = scope_for_user(world.nina)
    assert scope.programme_ids(Capability.COMPARE_PROGRAMMES) == {
        world.programme.pk,
        world.other_programme.pk,
    }


def test_an_administrator_administers_every_programme_without_reading_casework(world):
    lone = ProgrammeFactory()
    scope = scope_for_user(world.root)
    assert scope.programme_ids(Capability.ADMINISTER) == set(
        Programme.objects.values_list("pk", flat=True)
    )
    assert lone.pk in scope.programme_ids(Capability.ADMINISTER)
    assert not scope.can(Capability.VIEW_PERSONAL)


def test_filtering_a_queryset_keeps_only_the_users_neighbourhoods(world):
    scoped = scope_for_user(world.alice).filter(
        Neighbourhood.objects.all(), Capability.VIEW_PERSONAL, neighbourhood_field="pk"
    )
    assert list(scoped) == [world.north]
    outsider = scope_for_user(world.charlie).filter(
        Neighbourhood.objects.all(), Capability.VIEW_PERSONAL, neighbourhood_field="pk"
    )
    assert list(outsider) == [world.elsewhere]


def test_a_user_without_memberships_can_do_nothing(world, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x" * 12)
    scope = scope_for_user(stranger)
    assert not any(scope.can(capability) for capability in Capability)


def test_an_inactive_user_loses_every_right(world):
    world.bob.is_active = False
    assert not scope_for_user(world.bob).can(Capability.VIEW_PERSONAL)


def test_building_a_scope_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        scope_for_user(world.nina)
    with django_assert_max_num_queries(4):
        scope_for_user(world.bob)
