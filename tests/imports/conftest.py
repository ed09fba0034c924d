import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Trial runs and imports run in the background; here, at once, in the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
