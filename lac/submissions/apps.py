from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "lac.submissions"
    label = "submissions"
    verbose_name = "Submissions saved once"
    default_auto_field = "django.db.models.BigAutoField"
