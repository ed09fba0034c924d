from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SubmissionsConfig(AppConfig):
    name = "lac.submissions"
    label = "submissions"
    verbose_name = gettext_lazy("Submissions saved once")
    default_auto_field = "django.db.models.BigAutoField"
