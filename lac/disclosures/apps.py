from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DisclosuresConfig(AppConfig):
    name = "lac.disclosures"
    label = "disclosures"
    verbose_name = gettext_lazy("What was shared about a person, with whom")
    default_auto_field = "django.db.models.BigAutoField"
