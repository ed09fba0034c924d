from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "lac.selfservice"
    label = "selfservice"
    verbose_name = "Pages people open themselves, through a one-time link"
    default_auto_field = "django.db.models.BigAutoField"
