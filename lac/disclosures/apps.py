from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "lac.disclosures"
    label = "disclosures"
    verbose_name = "What was shared about a person, with whom"
    default_auto_field = "django.db.models.BigAutoField"
