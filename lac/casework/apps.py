from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "lac.casework"
    label = "casework"
    verbose_name = "Casework: introductions, conversations, goals and closures"
