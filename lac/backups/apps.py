from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "lac.backups"
    label = "backups"
    verbose_name = "Backups"
