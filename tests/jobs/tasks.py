"""A task for the worker tests: it notes that it ran, in a row anyone can count."""

from django_tasks import task
from django_tasks_db.models import DBTaskResult


@task()
def note(label: str) -> str:
    return f"ran {label} beside {DBTaskResult.objects.count()} task rows"
