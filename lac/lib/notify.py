"""Tell staff by email that something waits for them, when the council has an email server.

No email server is assumed: without ``EMAIL_HOST`` nothing is sent and the
prompt waits on the person's home page as it always does. A notification never
carries personal data (email leaves the council's control): only what kind of
thing is waiting and a link to sign in and see it. Callers pass a fixed
sentence, never a name, note or address: marked for translation, and written
to each person in the language they chose (``preferred_language``; the site's
own when they chose none), not in the language of whoever caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)


def notifications_on() -> bool:
    """Whether the council configured an email server for notifications."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def _language(user: Any) -> str:
    chosen = getattr(user, "preferred_language", "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def notify(
    users: Iterable[Any], *, subject: StrOrPromise, sentence: StrOrPromise, path: str
) -> int:
    """Email each user with an address a fixed ``sentence`` and a link to ``path``.

    Returns how many were sent. A failing email server is logged, never raised:
    the prompt on the home page is the record, the email only a nudge.
    """
    if not notifications_on():
        return 0
    recipients: dict[str, str] = {}
    for user in users:
        if getattr(user, "email", ""):
            recipients.setdefault(user.email, _language(user))
    link = f"{settings.LAC_SITE_URL}{path}" if settings.LAC_SITE_URL else path
    sent = 0
    for recipient, language in sorted(recipients.items()):
        with translation.override(language):
            words = str(subject), str(sentence)
            body = gettext(
                "%(sentence)s\n\nSign in to see it: %(link)s\n\n"
                "This email has no personal details in it."
            ) % {"sentence": words[1], "link": link}
        try:
            sent += send_mail(words[0], body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except (OSError, SMTPException):
            logger.warning("Notification %r to one recipient failed", words[0], exc_info=True)
    return sent
