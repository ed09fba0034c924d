from django.apps import AppConfig


class WelcomeConfig(AppConfig):
    name = "lac.welcome"
    label = "welcome"
    verbose_name = "Introductions from partners and residents"
    default_auto_field = "django.db.models.BigAutoField"
