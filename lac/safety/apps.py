from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "lac.safety"
    label = "safety"
    verbose_name = "Keeping people and coordinators safe"
    default_auto_field = "django.db.models.BigAutoField"
