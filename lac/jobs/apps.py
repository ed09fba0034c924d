from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class JobsConfig(AppConfig):
    name = "lac.jobs"
    label = "jobs"
    verbose_name = gettext_lazy("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"
