"""Password rules: long, not common, not like the user's name, not all numbers."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def problems(password: str, user=None) -> str:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def test_a_long_passphrase_is_accepted(world):
    assert problems("kettle orchard lantern 42", world.alice) == ""


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pass1", "at least 12 characters"),
        ("cookiemonster", "too common"),
        ("849203948571", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(world, password, reason):
    assert reason in problems(password, world.alice)


def test_a_password_like_the_username_is_refused(world):
    world.alice.first_name = "Alexandrina"
    assert "too similar to the first name" in problems("Alexandrina-2026", world.alice)
