from lac.outcomes.models import DEFAULT_FRAMEWORK_SLUG, Agency, OutcomeEventType, UnitCost
from lac.value import load_rate_card
from tests.outcomes.factories import default_version, shared_card


def test_the_default_framework_has_seven_life_areas_each_with_five_described_points(db):
    version = default_version()
    assert version.framework.slug == DEFAULT_FRAMEWORK_SLUG
    domains = list(version.domains.prefetch_related("points"))
    assert [d.name for d in domains] == [
        "Life control",
        "People support",
        "Health and wellbeing",
        "Money",
        "Home",
        "Community connections",
        "Contribution",
    ]
    for domain in domains:
        assert (domain.scale_min, domain.scale_max) == (1, 5)
        points = list(domain.points.all())
        assert [p.value for p in points] == [1, 2, 3, 4, 5]
        assert all(len(p.description) > 15 for p in points)


def test_default_outcome_event_types_are_shared_and_suggest_an_sroi_outcome(db):
    types = {t.code: t for t in OutcomeEventType.objects.filter(programme=None)}
    for code in (
        "reduced-isolation",
        "joined-group",
        "started-volunteering",
        "more-confident",
        "housing-stabilised",
        "debt-resolved",
        "reduced-gp-visits",
    ):
        assert code in types
    assert types["started-volunteering"].sroi_outcome_id == "volunteering"


def test_the_shared_rate_card_is_the_value_engines_shipped_card(db):
    engine = load_rate_card()
    items = list(UnitCost.objects.filter(rate_card=shared_card()).order_by("order"))
    assert len(items) == len(engine.items) == 18
    for stored, shipped in zip(items, engine.items, strict=True):
        assert stored.item == shipped.item
        assert float(stored.amount) == shipped.amount
        assert stored.price_year == shipped.price_year
        assert stored.agency_as_printed == shipped.agency
    by_item = {i.item: i for i in items}
    assert by_item["Police call outs, arrest and detention"].agency == Agency.POLICE
    assert by_item["A&E attendance"].agency == Agency.NHS
    assert by_item["Social worker intervention"].agency == Agency.SOCIAL_CARE
    assert by_item["Various costs associated with rough sleeping"].agency == Agency.LOCAL_AUTHORITY
    assert not [i for i in items if i.agency == Agency.OTHER]
