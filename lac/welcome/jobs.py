"""The retention of introductions never welcomed, as a background task (django-tasks).

``lac forget_introductions --in-background`` queues it for ``lac db_worker``; a
deployment whose scheduler starts tasks rather than commands queues it directly.
"""

from __future__ import annotations

from django_tasks import task

from lac.audit.actor import Actor
from lac.welcome.retention import unwelcomed_erase

JOB_NAME = "forget introductions never welcomed"


@task()
def forget_introductions() -> int:
    """Erase the personal details of introductions past the period; how many were erased."""
    return unwelcomed_erase(Actor.working_as(None, job=JOB_NAME)).erased
