"""Tell staff by email that something waits for them, when the council has an email server.

No email server is assumed: without ``EMAIL_HOST`` nothing is sent and the
prompt waits on the person's home page as it always does. A notification never
carries personal data (email leaves the council's control): only what kind of
thing is waiting and a link to sign in and see it. Callers pass a fixed
sentence, never a name, note or address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def notifications_on() -> bool:
    """Whether the council configured an email server for notifications."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def notify(users: Iterable[Any], *, subject: str, sentence: str, path: str) -> int:
    """Email each user with an address a fixed ``sentence`` and a link to ``path``.

    Returns how many were sent. A failing email server is logged, never raised:
    the prompt on the home page is the record, the email only a nudge.
    """
    if not notifications_on():
        return 0
    recipients = sorted({user.email for user in users if getattr(user, "email", "")})
    if not recipients:
        return 0
    link = f"{settings.LAC_SITE_URL}{path}" if settings.LAC_SITE_URL else path
    body = f"{sentence}\n\nSign in to see it: {link}\n\nThis email has no personal details in it."
    sent = 0
    for recipient in recipients:
        try:
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except (OSError, SMTPException):
            logger.warning("Notification %r to one recipient failed", subject, exc_info=True)
    return sent
