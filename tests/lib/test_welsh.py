"""Configurable lists carry a Welsh wording beside the English: Welsh pages show it when
it is set, and the English when it is not."""

from __future__ import annotations

from django.utils import translation

from lac.casework.models import Challenge, ClosureReason, IntroductionSource
from lac.lib.welsh import localised
from lac.outcomes.models import Domain, Framework, OutcomeEventType, ScalePoint, UnitCost
from tests.conftest import force_login_verified


def test_a_welsh_page_shows_the_welsh_name_and_an_english_page_the_english(db):
    challenge = Challenge.objects.create(code="unig", label="Isolation", label_cy="Unigrwydd")
    with translation.override("cy"):
        assert str(challenge) == "Unigrwydd"
    with translation.override("en-gb"):
        assert str(challenge) == "Isolation"


def test_a_list_item_with_no_welsh_name_shows_the_english_on_a_welsh_page(db):
    reason = ClosureReason.objects.create(code="moved", label="Moved away")
    with translation.override("cy"):
        assert str(reason) == "Moved away"


def test_every_configurable_list_has_a_welsh_wording_beside_its_english():
    pairs = [
        (IntroductionSource, "label"),
        (Challenge, "label"),
        (ClosureReason, "label"),
        (Framework, "name"),
        (Domain, "name"),
        (Domain, "question"),
        (OutcomeEventType, "name"),
        (UnitCost, "item"),
    ]
    for model, field in pairs:
        english = model._meta.get_field(field)
        welsh = model._meta.get_field(f"{field}_cy")
        assert welsh.blank and welsh.max_length == english.max_length, (model, field)


def test_the_shipped_ons4_questions_have_welsh_wording(db):
    domain = Domain.objects.get(version__framework__slug="ons4", key="anxiety")
    with translation.override("cy"):
        assert localised(domain, "question") == (
            "Yn gyffredinol, pa mor bryderus oeddech chi'n teimlo ddoe?"
        )
        assert str(domain.version.framework) == "Llesiant personol y SYG (ONS4)"
    with translation.override("en-gb"):
        assert localised(domain, "question") == "Overall, how anxious did you feel yesterday?"


def test_an_administrator_edits_the_welsh_name_where_the_english_is_edited(client, world):
    world.root.is_staff = world.root.is_superuser = True
    world.root.save()
    force_login_verified(client, world.root)
    response = client.post(
        "/admin/casework/challenge/add/",
        {"code": "arian", "label": "Money", "label_cy": "Arian", "position": 5, "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Challenge.objects.get(code="arian").label_cy == "Arian"
    for url in ("/admin/outcomes/outcomeeventtype/add/", "/admin/outcomes/framework/add/"):
        assert 'name="name_cy"' in client.get(url).content.decode()


def test_every_shipped_list_item_has_a_welsh_wording(db):
    shared = [
        *IntroductionSource.objects.filter(programme=None).values_list("label", "label_cy"),
        *Challenge.objects.filter(programme=None).values_list("label", "label_cy"),
        *ClosureReason.objects.filter(programme=None).values_list("label", "label_cy"),
        *Framework.objects.filter(slug="lac-good-life").values_list("name", "name_cy"),
        *Domain.objects.filter(version__framework__slug="lac-good-life").values_list(
            "name", "name_cy"
        ),
        *Domain.objects.filter(version__framework__slug="lac-good-life").values_list(
            "question", "question_cy"
        ),
        *ScalePoint.objects.filter(domain__version__framework__slug="lac-good-life").values_list(
            "description", "description_cy"
        ),
        *OutcomeEventType.objects.filter(programme=None).values_list("name", "name_cy"),
        *UnitCost.objects.filter(rate_card__programme=None).values_list("item", "item_cy"),
        *UnitCost.objects.filter(rate_card__programme=None).values_list("unit", "unit_cy"),
    ]
    assert len(shared) > 100
    assert [english for english, welsh in shared if not welsh] == []


def test_a_shipped_challenge_and_life_area_read_in_welsh_on_a_welsh_page(db):
    housing = Challenge.objects.get(programme=None, code="housing")
    money = Domain.objects.get(version__framework__slug="lac-good-life", key="money")
    with translation.override("cy"):
        assert (str(housing), localised(money, "question")) == (
            "Tai",
            "Sut mae pethau o ran arian?",
        )
    with translation.override("en-gb"):
        assert str(housing) == "Housing"
