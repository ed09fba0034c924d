from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SelfServiceConfig(AppConfig):
    name = "lac.selfservice"
    label = "selfservice"
    verbose_name = gettext_lazy("Pages people open themselves, through a one-time link")
    default_auto_field = "django.db.models.BigAutoField"
