"""Notifications by email: off without an email server; a fixed sentence and a link when on."""

from __future__ import annotations

from smtplib import SMTPException
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import translation

from lac.lib.notify import notify
from lac.safety.services import OVERDUE_SENTENCE, OVERDUE_SUBJECT

MANAGER = SimpleNamespace(email="manager@council.example")


def test_nothing_is_sent_without_an_email_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    assert notify([MANAGER], subject="A visit is overdue", sentence="x", path="/") == 0


def test_each_user_with_an_address_gets_the_sentence_and_a_link(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LAC_SITE_URL = "https://lac.council.example"
    nobody = SimpleNamespace(email="")
    sent = notify(
        [MANAGER, MANAGER, nobody],
        subject="A lone-working visit is overdue",
        sentence="A coordinator's visit is past its expected end.",
        path="/safety/visits/",
    )
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == ["manager@council.example"]
    assert "https://lac.council.example/safety/visits/" in message.body
    assert "no personal details" in message.body


def test_each_user_is_written_to_in_the_language_they_chose(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    welsh = SimpleNamespace(email="rheolwr@council.example", preferred_language="cy")
    english = SimpleNamespace(email="manager@council.example", preferred_language="")
    with translation.override("cy"):  # whoever caused it reads Welsh: the recipients decide
        sent = notify(
            [welsh, english], subject=OVERDUE_SUBJECT, sentence=OVERDUE_SENTENCE, path="/"
        )
    assert sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    cymraeg, saesneg = by_address["rheolwr@council.example"], by_address["manager@council.example"]
    assert cymraeg.subject == "Mae ymweliad gweithio ar eich pen eich hun yn hwyr"
    assert "Mewngofnodwch i’w weld" in cymraeg.body
    assert saesneg.subject == "A lone-working visit is overdue"
    assert "Sign in to see it" in saesneg.body


def test_a_failing_email_server_is_logged_not_raised(settings, monkeypatch, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def refuse(*args, **kwargs):
        raise SMTPException("connection refused")

    monkeypatch.setattr("lac.lib.notify.send_mail", refuse)
    assert notify([MANAGER], subject="s", sentence="x", path="/") == 0
    assert "failed" in caplog.text


@pytest.fixture(autouse=True)
def _outbox():
    mail.outbox = []
